import { type ListSegment, listSegmentNames, type ReminderListStatus } from '../../../shared/reminders';
import { checkTaxpayerId } from '../../../shared/taxpayer-id';
import type { Db } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import type { CurrentUser } from '../../platform/auth/current-user';
import { isInOrgScope, scopeOf } from '../../platform/auth/scope';
import { notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/request-context';
import {
  type ColumnSpec,
  emptyTable,
  MAX_REPORTED_ERRORS,
  mapHeader,
  pick,
  type ReceivedUpload,
  type RowError,
  readTabularRows,
} from '../../platform/uploads';
import { normaliseMonth, parseFen } from '../lookups';
import { normaliseMobile } from './reminders';
import * as repo from './reminders.repository';

export const memberColumns = [
  { field: 'taxpayerId', headers: ['纳税人识别号', '统一社会信用代码', 'taxpayerId'], required: true },
  { field: 'taxpayerName', headers: ['纳税人名称', '名称', 'taxpayerName'], required: true },
  { field: 'phone', headers: ['手机号码', '联系电话', '手机号', 'phone'], required: true },
  { field: 'period', headers: ['所属期', 'period'], required: false },
  { field: 'amountDue', headers: ['欠缴金额', '应纳税额', 'amountDue'], required: false },
] as const satisfies readonly ColumnSpec<string>[];

type MemberFields = Record<(typeof memberColumns)[number]['field'], string>;

/** One row of a reminder list, or what is wrong with it. */
export function parseMemberRow(
  r: Partial<MemberFields>,
  line: number,
): { ok: true; value: repo.MemberRow } | { ok: false; error: string } {
  const id = checkTaxpayerId(r.taxpayerId ?? '');
  if (!id.ok) return { ok: false, error: id.message };
  const name = (r.taxpayerName ?? '').trim();
  if (!name || name.length > 100) return { ok: false, error: '纳税人名称为空或超过 100 个字' };
  const phone = normaliseMobile(r.phone ?? '');
  if (!phone) return { ok: false, error: '手机号码应为 11 位大陆手机号' };
  const period = r.period ? normaliseMonth(r.period) : null;
  if (r.period && !period) return { ok: false, error: '所属期应写作 YYYY-MM' };
  const amountDueFen = r.amountDue ? parseFen(r.amountDue, { allowNegative: false }) : null;
  if (r.amountDue && amountDueFen === null) return { ok: false, error: '欠缴金额不是有效金额' };
  return { ok: true, value: { lineNo: line, taxpayerId: id.value, taxpayerName: name, phone, period, amountDueFen } };
}

const BATCH_ROWS = 2000;

/**
 * Imports a list of taxpayers from a CSV or .xlsx file, streamed: rows are checked one by one and
 * inserted two thousand at a time, each batch in its own short transaction so that other work is not
 * held up behind a million-row import. The list is `importing` until the end; only a `ready` list can
 * be used, and an import that dies part-way is marked failed by the sweep.
 */
export async function importReminderList(
  { db, user, actor, now }: RequestContext,
  input: { name: string; segment: ListSegment; upload: Pick<ReceivedUpload, 'path' | 'type' | 'fileName'> },
) {
  const listId = await repo.insertList(db, {
    name: input.name,
    segment: input.segment,
    orgUnitId: user.orgUnitId,
    fileName: input.upload.fileName,
    createdBy: user.id,
    now,
  });
  const errors: RowError[] = [];
  let total = 0;
  let loaded = 0;
  let failed = 0;
  let mapping: Map<string, number> | null = null;
  let batch: repo.MemberRow[] = [];
  const flush = async () => {
    const rows = batch;
    batch = [];
    await db.transaction().execute((trx) => repo.insertMembers(trx, listId, rows));
  };
  try {
    for await (const row of readTabularRows(input.upload)) {
      if (!mapping) {
        mapping = mapHeader(row.values, memberColumns);
        continue;
      }
      total += 1;
      const result = parseMemberRow(pick(row.values, mapping), row.line);
      if (!result.ok) {
        failed += 1;
        if (errors.length < MAX_REPORTED_ERRORS) errors.push({ line: row.line, error: result.error });
        continue;
      }
      loaded += 1;
      batch.push(result.value);
      if (batch.length >= BATCH_ROWS) await flush();
    }
    if (!mapping) throw emptyTable();
    await flush();
  } catch (error) {
    await db.transaction().execute(async (trx) => {
      await repo.deleteMembers(trx, listId);
      await repo.finishList(trx, listId, { status: 'failed', total, loaded: 0, failed, errors, now });
    });
    throw error;
  }
  const status: ReminderListStatus = loaded > 0 ? 'ready' : 'failed';
  await db.transaction().execute(async (trx) => {
    await repo.finishList(trx, listId, { status, total, loaded, failed, errors, now });
    await writeAudit(trx, actor, now, {
      action: 'reminders.list_import',
      entityType: 'reminder_list',
      entityId: listId,
      after: { name: input.name, segment: input.segment, fileName: input.upload.fileName, total, loaded, failed },
    });
  });
  return { listId, status, totalRows: total, loaded, failed, errors };
}

function publicList(l: Awaited<ReturnType<typeof repo.findLists>>[number]) {
  const { orgUnitPath: _path, ...rest } = l;
  return { ...rest, segmentName: listSegmentNames[l.segment] };
}

export async function listReminderLists(db: Db, user: CurrentUser) {
  return (await repo.findLists(db, scopeOf(user), 200)).map(publicList);
}

export async function getReminderList(db: Db, user: CurrentUser, id: number) {
  const list = await repo.findList(db, id);
  if (!list || !isInOrgScope(scopeOf(user), list.orgUnitPath)) throw notFound('LIST_NOT_FOUND', '名单不存在');
  const { errors, ...rest } = list;
  return { ...publicList(rest), errors: JSON.parse(errors) as RowError[] };
}
