import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  type Channel,
  type ContactStatus,
  type ContactType,
  channelNames,
  contactStatusNames,
  contactTypeNames,
  outcomeNames,
} from '../../../shared/contacts';
import { checkTaxpayerId } from '../../../shared/taxpayer-id';
import type { Db } from '../../db/connection';
import { type Actor, writeAudit } from '../../platform/audit';
import type { CurrentUser } from '../../platform/auth/current-user';
import { addDays, shanghaiMidnight } from '../../platform/dates';
import { invalidField } from '../../platform/errors';
import * as repo from './contacts.repository';
import { contactListItem, scopeOf } from './contacts.service';
import { decodeCursor, encodeCursor } from './cti.service';

export interface ContactLogQuery {
  from?: string | undefined;
  to?: string | undefined;
  agentId?: number | undefined;
  channel?: Channel | undefined;
  type?: ContactType | undefined;
  status?: ContactStatus | undefined;
  phone?: string | undefined;
  taxpayerId?: string | undefined;
  q?: string | undefined;
}

async function toFilter(db: Db, user: CurrentUser, query: ContactLogQuery): Promise<repo.ContactLogFilter> {
  if (query.from && query.to && query.to < query.from) {
    throw invalidField('to', 'INVALID_RANGE', '结束日期不能早于开始日期');
  }
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
    orgUnitIds: await scopeOf(db, user),
  };
}

/** One page of the contact log (接听记录簿), newest first, with the cursor of the next page. */
export async function listContactLog(
  db: Db,
  user: CurrentUser,
  query: ContactLogQuery,
  cursorText: string | undefined,
  limit: number,
) {
  const filter = await toFilter(db, user, query);
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

export const EXPORT_MAX_ROWS = 200_000;
const EXPORT_BATCH = 1000;

const formatShanghai = (iso: string) => iso.slice(0, 19).replace('T', ' ');

/**
 * The filtered contact log as an .xlsx stream (exceljs's streaming writer: rows are written and
 * flushed in batches, so memory stays flat however long the list). Masking applies as in the list.
 */
export async function exportContactLog(db: Db, user: CurrentUser, query: ContactLogQuery, actor: Actor, now: Date) {
  const filter = await toFilter(db, user, query);
  await db.transaction().execute((trx) =>
    writeAudit(trx, actor, now, {
      action: 'contact.export',
      entityType: 'contact_log',
      entityId: 'export',
      after: { filter: query },
    }),
  );
  const stream = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('接听记录簿');
  sheet.columns = [
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
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();

  const write = async () => {
    let cursor: repo.LogCursor | null = null;
    let written = 0;
    while (written < EXPORT_MAX_ROWS) {
      const rows = await repo.findContactPage(db, filter, cursor, EXPORT_BATCH);
      if (rows.length === 0) break;
      const names = await repo.findUserNames(
        db,
        rows.map((r) => r.agent_id),
      );
      for (const r of rows) {
        const item = contactListItem(r, names.get(r.agent_id), r.agent_id === user.id);
        sheet
          .addRow({
            ...item,
            startedAt: formatShanghai(item.startedAt),
            channel: channelNames[item.channel],
            type: contactTypeNames[item.type],
            status: contactStatusNames[item.status],
            outcome: outcomeNames[item.outcome],
          })
          .commit();
        written += 1;
      }
      const last = rows.at(-1)!;
      cursor = { startedAt: last.started_at, id: last.id };
      if (rows.length < EXPORT_BATCH) break;
    }
    if (written >= EXPORT_MAX_ROWS) {
      sheet.addRow({ contactNo: `已达单次导出上限 ${EXPORT_MAX_ROWS} 行，请缩小筛选范围后分批导出` }).commit();
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => stream.destroy(error instanceof Error ? error : new Error(String(error))));
  return stream;
}
