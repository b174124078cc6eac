import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditFilterQuery, auditListQuery, auditPageSchema } from '../../shared/audit';
import { auditActionName, auditEntityTypeName } from '../../shared/audit-names';
import { fileResponse } from '../../shared/schemas';
import { type AuditFilter, findAuditBatch, listAuditEntries, writeAudit } from './audit';
import { shanghaiDate, toShanghaiIso } from './dates';
import type { AppDeps } from './deps';
import { requestContext } from './request-context';
import { sendXlsx, streamXlsx, XLSX_CONTENT_TYPE, type XlsxFilter } from './xlsx';

/** One export reads at most this many rows (Excel's sheet holds 1,048,576). */
const EXPORT_MAX_ROWS = 1_000_000;
const EXPORT_BATCH = 250;
/** Excel refuses a cell of more than 32,767 characters: a long before/after is cut, and says so. */
const CELL_MAX = 32_000;
const cell = (text: string | null) =>
  text === null ? '' : text.length > CELL_MAX ? `${text.slice(0, CELL_MAX)}…（已截断）` : text;

function filtersShown(f: AuditFilter): XlsxFilter[] {
  const shown: Array<[string, string | undefined]> = [
    ['开始日期', f.from],
    ['结束日期', f.to],
    ['操作人', f.actor],
    ['操作', f.action === undefined ? undefined : auditActionName(f.action)],
    ['对象类型', f.entityType === undefined ? undefined : auditEntityTypeName(f.entityType)],
    ['对象ID', f.entityId],
  ];
  return shown.flatMap(([label, value]) => (value ? [{ label, value }] : []));
}

/** The filtered audit log, newest first, in batches (keyset on id) so that memory stays flat. */
async function* auditRows(db: AppDeps['db'], filter: AuditFilter) {
  let beforeId: number | null = null;
  let written = 0;
  while (written < EXPORT_MAX_ROWS) {
    const batch = await findAuditBatch(db, filter, beforeId, Math.min(EXPORT_BATCH, EXPORT_MAX_ROWS - written));
    for (const r of batch) {
      yield {
        at: toShanghaiIso(new Date(r.at)).slice(0, 19).replace('T', ' '),
        actor: r.actor_username ?? '',
        action: auditActionName(r.action),
        entityType: auditEntityTypeName(r.entity_type),
        entityId: r.entity_id,
        before: cell(r.before),
        after: cell(r.after),
        requestId: r.request_id ?? '',
        clientRequestId: r.client_request_id ?? '',
        ip: r.ip ?? '',
      };
    }
    written += batch.length;
    if (batch.length < EXPORT_BATCH) return;
    beforeId = batch.at(-1)!.id;
  }
  yield { at: `已达单次导出上限 ${EXPORT_MAX_ROWS} 行，请缩小筛选范围后分批导出` };
}

export const auditRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/api/admin/audit',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['admin'],
        summary: '审计日志',
        querystring: auditListQuery,
        response: { 200: auditPageSchema },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      return listAuditEntries(deps.db, filter, { limit, offset });
    },
  );

  app.get(
    '/api/admin/audit/export',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['admin'],
        summary: '导出审计日志（xlsx）',
        querystring: auditFilterQuery,
        response: { 200: fileResponse(XLSX_CONTENT_TYPE, '审计日志（xlsx）') },
      },
    },
    async (request, reply) => {
      const filter = request.query;
      const { db, actor, now } = requestContext(request, deps);
      // Reading the audit log out of the system is itself recorded.
      await db.transaction().execute((trx) =>
        writeAudit(trx, actor, now, {
          action: 'audit.export',
          entityType: 'audit_log',
          entityId: 'export',
          after: { filter },
        }),
      );
      const stream = streamXlsx({
        exportedAt: now,
        sheets: [
          {
            name: '审计日志',
            filters: filtersShown(filter),
            columns: [
              { header: '时间', key: 'at', width: 20 },
              { header: '操作人', key: 'actor', width: 14 },
              { header: '操作', key: 'action', width: 24 },
              { header: '对象类型', key: 'entityType', width: 14 },
              { header: '对象ID', key: 'entityId', width: 12 },
              { header: '变更前', key: 'before', width: 40 },
              { header: '变更后', key: 'after', width: 40 },
              { header: '请求编号', key: 'requestId', width: 38 },
              { header: '客户端请求编号', key: 'clientRequestId', width: 24 },
              { header: 'IP', key: 'ip', width: 16 },
            ],
            rows: auditRows(deps.db, filter),
          },
        ],
      });
      return sendXlsx(reply, `审计日志-${shanghaiDate(now)}.xlsx`, stream, 'audit-log.xlsx');
    },
  );
};
