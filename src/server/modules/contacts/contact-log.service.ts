import {
  type ContactLogFilters,
  channelNames,
  contactStatusNames,
  contactTypeNames,
  handlingNameOf,
} from '../../../shared/contacts';
import { checkTaxpayerId, maskPhone, maskTaxpayerId } from '../../../shared/taxpayer-id';
import type { Db } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import type { CurrentUser } from '../../platform/auth/current-user';
import { scopeOf } from '../../platform/auth/scope';
import { addDays, shanghaiMidnight } from '../../platform/dates';
import { invalidField } from '../../platform/errors';
import type { RequestContext } from '../../platform/request-context';
import { streamXlsx, type XlsxFilter } from '../../platform/xlsx';
import { mayLookUpReporters } from './contact-access';
import { contactListItem } from './contact-views';
import * as repo from './contacts.repository';
import { decodeCursor, encodeCursor } from './cti.service';
import { assertCallerLookupAllowed } from './lookup-limit';

/** The contact log's filters as the page sends them. */
export type ContactLogQuery = ContactLogFilters;

/** The repository's filter of a query; an exact-match lookup of a caller counts against the user's limit. */
async function toFilter(db: Db, user: CurrentUser, query: ContactLogQuery, now: Date): Promise<repo.ContactLogFilter> {
  if (query.from && query.to && query.to < query.from) {
    throw invalidField('to', 'INVALID_RANGE', '结束日期不能早于开始日期');
  }
  if (query.phone || query.taxpayerId) await assertCallerLookupAllowed(db, user, now);
  let taxpayerId = query.taxpayerId;
  if (taxpayerId) {
    const checked = checkTaxpayerId(taxpayerId);
    taxpayerId = checked.ok ? checked.value : taxpayerId.trim().toUpperCase();
  }
  return {
    from: query.from ? shanghaiMidnight(query.from).toISOString() : undefined,
    to: query.to ? shanghaiMidnight(addDays(query.to, 1)).toISOString() : undefined,
    agentId: query.agentId,
    channel: query.channel,
    type: query.type,
    status: query.status,
    phone: query.phone,
    taxpayerId,
    text: query.q,
    scope: scopeOf(user),
    mayMatchReporters: mayLookUpReporters(user),
  };
}

/** One page of the contact log (接听记录簿), newest first, with the cursor of the next page. */
export async function listContactLog(
  { db, user, now }: RequestContext,
  query: ContactLogQuery,
  cursorText: string | undefined,
  limit: number,
) {
  const filter = await toFilter(db, user, query, now);
  const rows = await repo.findContactPage(db, filter, decodeCursor(cursorText), limit + 1);
  const page = rows.slice(0, limit);
  const names = await repo.findUserNames(
    db,
    page.map((r) => r.agent_id),
  );
  const last = page.at(-1);
  return {
    items: page.map((r) => contactListItem(r, names.get(r.agent_id), r.agent_id === user.id)),
    nextCursor: rows.length > limit && last ? encodeCursor({ startedAt: last.started_at, id: last.id }) : null,
  };
}

/** Excel's sheet holds 1,048,576 rows: one export stops at a round million below it. */
export const EXPORT_MAX_ROWS = 1_000_000;
// Small batches: a batch stays alive while the writer waits for the socket, and what outlives a young-generation
// collection is promoted, so larger batches grow the old generation (the process's peak memory).
const EXPORT_BATCH = 250;

const formatShanghai = (iso: string) => iso.slice(0, 19).replace('T', ' ');

/** A query as the audit log keeps it: a number searched for may be a reporter's, so it is masked there. */
const maskedQuery = (query: ContactLogQuery): ContactLogQuery => ({
  ...query,
  ...(query.phone ? { phone: maskPhone(query.phone) } : {}),
  ...(query.taxpayerId ? { taxpayerId: maskTaxpayerId(query.taxpayerId) } : {}),
});

/** The filters of a contact-log query as people read them, for the head of an export. */
async function filtersShown(db: Db, query: ContactLogQuery): Promise<XlsxFilter[]> {
  const filters: XlsxFilter[] = [];
  if (query.from) filters.push({ label: '开始日期', value: query.from });
  if (query.to) filters.push({ label: '结束日期', value: query.to });
  if (query.agentId !== undefined) {
    const names = await repo.findUserNames(db, [query.agentId]);
    filters.push({ label: '坐席', value: names.get(query.agentId) ?? String(query.agentId) });
  }
  if (query.channel) filters.push({ label: '渠道', value: channelNames[query.channel] });
  if (query.type) filters.push({ label: '诉求类型', value: contactTypeNames[query.type] });
  if (query.status) filters.push({ label: '状态', value: contactStatusNames[query.status] });
  // Masked like the rows: the file travels, and a number searched for may be a reporter's.
  if (query.phone) filters.push({ label: '来电号码', value: maskPhone(query.phone) });
  if (query.taxpayerId) filters.push({ label: '纳税人识别号', value: maskTaxpayerId(query.taxpayerId) });
  if (query.q) filters.push({ label: '关键词', value: query.q });
  return filters;
}

/**
 * The filtered contact log as an .xlsx stream with its filters shown above the header (the shared
 * streaming writer: rows are read in batches and written as they come, so memory stays flat however
 * long the list). Masking applies as in the list.
 */
export async function exportContactLog({ db, user, actor, now }: RequestContext, query: ContactLogQuery) {
  const filter = await toFilter(db, user, query, now);
  await db.transaction().execute((trx) =>
    writeAudit(trx, actor, now, {
      action: 'contact.export',
      entityType: 'contact_log',
      entityId: 'export',
      after: { filter: maskedQuery(query) },
    }),
  );
  async function* rows() {
    let cursor: repo.LogCursor | null = null;
    let written = 0;
    while (written < EXPORT_MAX_ROWS) {
      const batch = await repo.findContactPage(db, filter, cursor, Math.min(EXPORT_BATCH, EXPORT_MAX_ROWS - written));
      if (batch.length === 0) break;
      const names = await repo.findUserNames(
        db,
        batch.map((r) => r.agent_id),
      );
      for (const r of batch) {
        const item = contactListItem(r, names.get(r.agent_id), r.agent_id === user.id);
        yield {
          ...item,
          startedAt: formatShanghai(item.startedAt),
          channel: channelNames[item.channel],
          type: contactTypeNames[item.type],
          status: contactStatusNames[item.status],
          outcome: handlingNameOf(item),
        };
        written += 1;
      }
      const last = batch.at(-1)!;
      cursor = { startedAt: last.started_at, id: last.id };
      if (batch.length < EXPORT_BATCH) return;
    }
    if (cursor && (await repo.findContactPage(db, filter, cursor, 1)).length > 0) {
      yield { contactNo: `已达单次导出上限 ${EXPORT_MAX_ROWS} 行，请缩小筛选范围后分批导出` };
    }
  }
  return streamXlsx({
    exportedAt: now,
    sheets: [
      {
        name: '接听记录簿',
        filters: await filtersShown(db, query),
        columns: [
          { header: '来电编号', key: 'contactNo', width: 20 },
          { header: '开始时间', key: 'startedAt', width: 20 },
          { header: '渠道', key: 'channel', width: 8 },
          { header: '诉求类型', key: 'type', width: 14 },
          { header: '状态', key: 'status', width: 12 },
          { header: '处理方式', key: 'outcome', width: 10 },
          { header: '来电号码', key: 'callerPhone', width: 16 },
          { header: '纳税人识别号', key: 'taxpayerId', width: 22 },
          { header: '纳税人名称', key: 'taxpayerName', width: 24 },
          { header: '税种', key: 'taxKind', width: 12 },
          { header: '主题', key: 'subject', width: 40 },
          { header: '坐席', key: 'agentName', width: 10 },
          { header: '工单编号', key: 'ticketNo', width: 18 },
          { header: '时长（秒）', key: 'durationSeconds', width: 10 },
        ],
        rows: rows(),
      },
    ],
  });
}
