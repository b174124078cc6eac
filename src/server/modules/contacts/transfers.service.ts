import {
  type Adoption,
  type ContactType,
  contactTypeNames,
  contactTypes,
  dueStateNames,
  type UrgeKind,
} from '../../../shared/contacts';
import { formatDeadline, formatDeadlineInWords } from '../../../shared/deadlines';

import type { Db, Tx } from '../../db/connection';
import { systemActor, writeAudit } from '../../platform/audit';
import { type CurrentUser, hasPermission } from '../../platform/auth/current-user';
import { isInOrgScope, scopeOf } from '../../platform/auth/scope';
import { loadCalendar } from '../../platform/calendar/calendar.service';
import type { WorkingDayCalendar } from '../../platform/calendar/working-days';
import { addDays, shanghaiDate, shanghaiMidnight, toShanghaiIso } from '../../platform/dates';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import type { InTransaction } from '../../platform/idempotency';
import type { RequestContext } from '../../platform/request-context';
import { streamXlsx } from '../../platform/xlsx';
import { listDepartmentsFor } from '../accounts';
import { notifyUser } from '../notifications';
import {
  assertContactTransition,
  assertTransferOpen,
  contactInboxLink,
  dueStateOf,
  formatTicketNo,
  isCaseType,
} from './contact';
import { assertHandlerOf, requireVisibleContact } from './contact-access';
import { contactListItem } from './contact-views';
import * as repo from './contacts.repository';
import { dueDaysByType, getContact, openTransfer, requireTargetDepartment } from './contacts.service';
import { countOpenFollowUps } from './surveys.repository';

/** The agent (or a team lead) transfers a contact that came back or needs more work to a department. */
export async function transferContact(
  { db, user, actor, now }: RequestContext,
  contactId: number,
  input: { departmentId: number; note?: string | undefined },
  inTransaction?: InTransaction,
) {
  await db.transaction().execute(async (trx) => {
    const { contact } = await requireVisibleContact(trx, user, contactId);
    assertHandlerOf(user, contact, '转办');
    if (isCaseType(contact.type) && contact.status === 'handed_over') {
      throw conflict('CONTACT_STATUS_CONFLICT', '投诉、举报已移交投诉举报流程，不能再转办');
    }
    assertContactTransition(contact.status, 'transferred', '转办');
    const department = await requireTargetDepartment(trx, user, input.departmentId, 'departmentId');
    const ticketNo =
      contact.ticket_no ?? formatTicketNo(now, await repo.nextSequence(trx, 'ticket', shanghaiDate(now)));
    const moved = await repo.updateContactGuarded(trx, contactId, contact.status, {
      status: 'transferred',
      outcome: 'transfer',
      ticket_no: ticketNo,
      closed_at: null,
      updated_at: now.toISOString(),
    });
    if (moved !== 1) throw conflict('CONTACT_STATUS_CONFLICT', '该来电状态已变化，请刷新后重试');
    const transfer = await openTransfer(trx, {
      contact: {
        id: contactId,
        contactNo: contact.contact_no,
        ticketNo,
        subject: contact.subject,
        type: contact.type,
      },
      department,
      note: input.note || null,
      createdBy: user.id,
      now,
    });
    await writeAudit(trx, actor, now, {
      action: 'contact.transfer',
      entityType: 'contact',
      entityId: contactId,
      before: { status: contact.status },
      after: {
        status: 'transferred',
        ticketNo,
        transferId: transfer.id,
        departmentId: department.id,
        departmentName: department.name,
        dueAt: toShanghaiIso(transfer.dueAt),
      },
    });
    await inTransaction?.(trx);
  });
  return getContact({ db, user, actor, now }, contactId);
}

/** The open transfer if it belongs to the user's department; 404 for anyone else's. */
async function requireOwnTransfer(trx: Tx, user: CurrentUser, id: number) {
  const transfer = await repo.findTransfer(trx, id);
  if (!transfer || user.departmentId === null || transfer.department_id !== user.departmentId) {
    throw notFound('TRANSFER_NOT_FOUND', '转办单不存在或不属于您的处室');
  }
  const contact = (await repo.findContact(trx, transfer.contact_id))!;
  return { transfer, contact };
}

function notifyAgent(
  trx: Tx,
  contact: repo.ContactWithScope,
  kind: string,
  title: string,
  body: string,
  now: Date,
  key: string,
) {
  return notifyUser(
    trx,
    { userId: contact.agent_id, kind, title, body, link: contactInboxLink(contact.id), dedupeKey: key },
    now,
  );
}

/**
 * The department answers a transfer. Exactly one answer wins: the update is guarded on the open
 * status, so the loser of two concurrent answers gets a 409 and its transaction writes nothing.
 */
export async function answerTransfer(
  { db, user, actor, now }: RequestContext,
  id: number,
  input: { answer: string; adoption?: Adoption | undefined },
) {
  const contactId = await db.transaction().execute(async (trx) => {
    const { transfer, contact } = await requireOwnTransfer(trx, user, id);
    assertTransferOpen(transfer.status, '答复');
    if (contact.type === 'suggestion' && !input.adoption) {
      throw invalidField('adoption', 'ADOPTION_REQUIRED', '意见建议须选择采纳情况');
    }
    if (contact.type !== 'suggestion' && input.adoption) {
      throw invalidField('adoption', 'ADOPTION_NOT_EXPECTED', '只有意见建议需要填写采纳情况');
    }
    const answered = await repo.updateOpenTransfer(trx, id, {
      status: 'answered',
      answer: input.answer,
      adoption: input.adoption ?? null,
      answered_at: now.toISOString(),
      answered_by: user.id,
      handled_at: now.toISOString(),
    });
    if (answered !== 1) throw conflict('TRANSFER_ALREADY_HANDLED', '该转办单已被他人处理，请刷新后查看');
    assertContactTransition(contact.status, 'awaiting_callback', '答复');
    const moved = await repo.updateContactGuarded(trx, contact.id, 'transferred', {
      status: 'awaiting_callback',
      adoption: input.adoption ?? null,
      updated_at: now.toISOString(),
    });
    if (moved !== 1) throw conflict('CONTACT_STATUS_CONFLICT', '该来电状态已变化，请刷新后重试');
    await notifyAgent(
      trx,
      contact,
      'transfer.answered',
      `${transfer.departmentName}已答复 ${contact.ticket_no}，请回访`,
      contact.subject,
      now,
      `transfer:${id}:answered`,
    );
    await writeAudit(trx, actor, now, {
      action: 'transfer.answer',
      entityType: 'contact',
      entityId: contact.id,
      before: { status: 'transferred', transferStatus: 'open' },
      after: {
        transferId: id,
        departmentName: transfer.departmentName,
        status: 'awaiting_callback',
        isOverdue: now.toISOString() > transfer.due_at,
        ...(input.adoption ? { adoption: input.adoption } : {}),
      },
    });
    return contact.id;
  });
  return getContact({ db, user, actor, now }, contactId);
}

/** The department sends a transfer back to the agent with a reason. */
export async function returnTransfer({ db, user, actor, now }: RequestContext, id: number, input: { reason: string }) {
  const contactId = await db.transaction().execute(async (trx) => {
    const { transfer, contact } = await requireOwnTransfer(trx, user, id);
    assertTransferOpen(transfer.status, '退回');
    const returned = await repo.updateOpenTransfer(trx, id, {
      status: 'returned',
      return_reason: input.reason,
      returned_at: now.toISOString(),
      returned_by: user.id,
      handled_at: now.toISOString(),
    });
    if (returned !== 1) throw conflict('TRANSFER_ALREADY_HANDLED', '该转办单已被他人处理，请刷新后查看');
    assertContactTransition(contact.status, 'returned', '退回');
    const moved = await repo.updateContactGuarded(trx, contact.id, 'transferred', {
      status: 'returned',
      updated_at: now.toISOString(),
    });
    if (moved !== 1) throw conflict('CONTACT_STATUS_CONFLICT', '该来电状态已变化，请刷新后重试');
    await notifyAgent(
      trx,
      contact,
      'transfer.returned',
      `${transfer.departmentName}退回了 ${contact.ticket_no}`,
      `退回原因：${input.reason}`,
      now,
      `transfer:${id}:returned`,
    );
    await writeAudit(trx, actor, now, {
      action: 'transfer.return',
      entityType: 'contact',
      entityId: contact.id,
      before: { status: 'transferred' },
      after: { transferId: id, departmentName: transfer.departmentName, status: 'returned', reason: input.reason },
    });
    return contact.id;
  });
  return getContact({ db, user, actor, now }, contactId);
}

/**
 * The department forwards a transfer to another department; the new department's due time runs from
 * the forward (it has the full limit of the contact type to answer).
 */
export async function forwardTransfer(
  { db, user, actor, now }: RequestContext,
  id: number,
  input: { departmentId: number; note?: string | undefined },
) {
  const contactId = await db.transaction().execute(async (trx) => {
    const { transfer, contact } = await requireOwnTransfer(trx, user, id);
    assertTransferOpen(transfer.status, '转其他处室');
    if (input.departmentId === transfer.department_id) {
      throw invalidField('departmentId', 'SAME_DEPARTMENT', '不能转给本处室');
    }
    const department = await requireTargetDepartment(trx, user, input.departmentId, 'departmentId');
    const next = await openTransfer(trx, {
      contact: {
        id: contact.id,
        contactNo: contact.contact_no,
        ticketNo: contact.ticket_no ?? contact.contact_no,
        subject: contact.subject,
        type: contact.type,
      },
      department,
      note: input.note || transfer.note,
      createdBy: user.id,
      now,
    });
    const forwarded = await repo.updateOpenTransfer(trx, id, {
      status: 'forwarded',
      forwarded_to_id: next.id,
      handled_at: now.toISOString(),
    });
    if (forwarded !== 1) throw conflict('TRANSFER_ALREADY_HANDLED', '该转办单已被他人处理，请刷新后查看');
    await notifyAgent(
      trx,
      contact,
      'transfer.forwarded',
      `${transfer.departmentName}将 ${contact.ticket_no} 转给了${department.name}`,
      input.note ?? '',
      now,
      `transfer:${id}:forwarded`,
    );
    await writeAudit(trx, actor, now, {
      action: 'transfer.forward',
      entityType: 'contact',
      entityId: contact.id,
      after: {
        transferId: id,
        from: transfer.departmentName,
        to: department.name,
        newTransferId: next.id,
        dueAt: toShanghaiIso(next.dueAt),
        note: input.note ?? null,
      },
    });
    return contact.id;
  });
  return getContact({ db, user, actor, now }, contactId);
}

async function notifyDepartmentOfUrge(
  trx: Tx,
  transfer: { id: number; department_id: number; due_at: string },
  contact: { contact_no: string; ticket_no: string | null; subject: string },
  kind: UrgeKind,
  note: string | null,
  now: Date,
  key: string,
) {
  const due = formatDeadlineInWords(transfer.due_at);
  const title = {
    due_soon: `转办单 ${contact.ticket_no} 即将到期（${due}）`,
    overdue: `转办单 ${contact.ticket_no} 已超期（应于${due}答复）`,
    manual: `班长催办转办单 ${contact.ticket_no}`,
  }[kind];
  for (const userId of await repo.findDepartmentUserIds(trx, transfer.department_id)) {
    await notifyUser(
      trx,
      {
        userId,
        kind: `transfer.urge.${kind}`,
        title,
        body: note ? `${contact.subject}。催办意见：${note}` : contact.subject,
        link: `/inbox?transfer=${transfer.id}`,
        dedupeKey: `${key}:${userId}`,
      },
      now,
    );
  }
}

/** A team lead urges an open transfer with a note; each urge is counted on the ticket. */
export async function urgeTransfer({ db, user, actor, now }: RequestContext, id: number, input: { note: string }) {
  await db.transaction().execute(async (trx) => {
    const transfer = await repo.findTransfer(trx, id);
    if (!transfer) throw notFound('TRANSFER_NOT_FOUND', '转办单不存在');
    const contact = await repo.findContact(trx, transfer.contact_id);
    if (!contact || !isInOrgScope(scopeOf(user), contact.orgUnitPath))
      throw notFound('TRANSFER_NOT_FOUND', '转办单不存在');
    assertTransferOpen(transfer.status, '催办');
    await repo.countManualUrge(trx, id, now);
    await repo.insertUrge(trx, {
      transferId: id,
      contactId: contact.id,
      kind: 'manual',
      note: input.note,
      urgedBy: user.id,
      at: now,
    });
    const count = transfer.urge_count + 1;
    await notifyDepartmentOfUrge(trx, transfer, contact, 'manual', input.note, now, `transfer:${id}:urge:${count}`);
    await writeAudit(trx, actor, now, {
      action: 'transfer.urge',
      entityType: 'contact',
      entityId: contact.id,
      after: { transferId: id, departmentName: transfer.departmentName, note: input.note, urgeCount: count },
    });
  });
  const transfer = (await repo.findTransfer(db, id))!;
  return { id, urgeCount: transfer.urge_count };
}

/**
 * The urge sweep: a reminder to the department for each open transfer due by the end of the next
 * working day, and an overdue notice for each one past its due time. Bounded by `limit` per kind;
 * idempotent, because each transfer is marked (guarded) in the same transaction as its notices.
 */
export async function sweepUrges(db: Db, now: Date, limit = 200): Promise<{ dueSoon: number; overdue: number }> {
  const calendar = await loadCalendar(db);
  const counts = { dueSoon: 0, overdue: 0 };
  const nowIso = now.toISOString();
  const kinds = [
    ['overdue', { before: nowIso }],
    ['due_soon', { after: nowIso, before: calendar.deadline(now, 1).toISOString() }],
  ] as const;
  for (const [kind, range] of kinds) {
    const due = await repo.findTransfersToUrge(db, kind, range, limit);
    for (const t of due) {
      const marked = await db.transaction().execute(async (trx) => {
        if ((await repo.markTransferUrged(trx, t.id, kind, now)) !== 1) return false;
        await repo.insertUrge(trx, {
          transferId: t.id,
          contactId: t.contact_id,
          kind,
          note: null,
          urgedBy: null,
          at: now,
        });
        await notifyDepartmentOfUrge(trx, t, t, kind, null, now, `transfer:${t.id}:${kind}`);
        if (kind === 'overdue') {
          await notifyUser(
            trx,
            {
              userId: t.agent_id,
              kind: 'transfer.overdue',
              title: `您转办的 ${t.ticket_no} 已超期未答复`,
              body: t.subject,
              link: `/contact-log?contact=${t.contact_id}`,
              dedupeKey: `transfer:${t.id}:overdue:agent`,
            },
            now,
          );
        }
        await writeAudit(trx, systemActor, now, {
          action: kind === 'overdue' ? 'transfer.overdue_notice' : 'transfer.due_soon_reminder',
          entityType: 'contact',
          entityId: t.contact_id,
          after: { transferId: t.id, dueAt: toShanghaiIso(new Date(t.due_at)) },
        });
        return true;
      });
      if (marked) counts[kind === 'overdue' ? 'overdue' : 'dueSoon'] += 1;
    }
  }
  return counts;
}

// ---- reading ----

function inboxTransferItem(
  row: Awaited<ReturnType<typeof repo.findOpenTransfersOfDepartment>>[number],
  now: Date,
  calendar: WorkingDayCalendar,
  names: Map<number, string>,
) {
  const dueAt = new Date(row.due_at);
  return {
    id: row.id,
    contactId: row.contact_id,
    contactNo: row.contact_no,
    ticketNo: row.ticket_no,
    type: row.type,
    channel: row.channel,
    subject: row.subject,
    taxpayerName: row.taxpayer_name,
    departmentId: row.department_id,
    departmentName: row.department_name,
    agentName: names.get(row.agent_id) ?? null,
    note: row.note,
    createdAt: toShanghaiIso(new Date(row.created_at)),
    dueAt: toShanghaiIso(dueAt),
    dueState: dueStateOf(dueAt, now, calendar.deadline(now, 1)),
    urgeCount: row.urge_count,
  };
}

/**
 * 待办事项: what waits for the user. Department staff: their department's open transfers, earliest due
 * first, coloured by due state. Agents: their callbacks and transfers sent back. Team leads: open
 * follow-ups of unsatisfied ratings (the surveys page lists them).
 */
export async function inboxOf({ db, user, now }: RequestContext) {
  const transfers =
    user.departmentId !== null && hasPermission(user, 'transfers.answer')
      ? await repo.findOpenTransfersOfDepartment(db, user.departmentId, 200)
      : [];
  const mine = hasPermission(user, 'contacts.register') ? await repo.findAgentInbox(db, user.id, 200) : [];
  const openFollowUps = hasPermission(user, 'surveys.follow_up') ? await countOpenFollowUps(db, scopeOf(user)) : 0;
  const names = await repo.findUserNames(
    db,
    transfers.map((t) => t.agent_id),
  );
  // The calendar colours transfers; an agent's inbox has none, so it is read only when needed.
  const calendar = transfers.length > 0 ? await loadCalendar(db) : undefined;
  return {
    transfers: calendar ? transfers.map((t) => inboxTransferItem(t, now, calendar, names)) : [],
    callbacks: mine
      .filter((c) => c.status === 'awaiting_callback')
      .map((c) => ({
        ...contactListItem(c, user.name, true),
        callbackAttempts: c.callback_attempts,
        since: toShanghaiIso(new Date(c.updated_at)),
      })),
    returned: mine
      .filter((c) => c.status === 'returned')
      .map((c) => ({ ...contactListItem(c, user.name, true), since: toShanghaiIso(new Date(c.updated_at)) })),
    openFollowUps,
  };
}

/** Open transfers past (or near) their due time within the user's scope, for urging. */
export async function listOverdueTransfers({ db, user, now }: RequestContext, includeDueSoon: boolean) {
  const calendar = await loadCalendar(db);
  const before = includeDueSoon ? calendar.deadline(now, 1) : now;
  const rows = await repo.findOpenTransfersDueBefore(db, before.toISOString(), scopeOf(user), 500);
  const names = await repo.findUserNames(
    db,
    rows.map((t) => t.agent_id),
  );
  return rows.map((t) => inboxTransferItem(t, now, calendar, names));
}

/** Overdue ranking per department for transfers received between two Shanghai dates (inclusive). */
export async function overdueRanking({ db, user, now }: RequestContext, range: { from: string; to: string }) {
  // The departments the user may send work to or read: within their scope or above it.
  const departments =
    scopeOf(user).kind === 'all'
      ? undefined
      : (await listDepartmentsFor(db, user, { activeOnly: false })).map((d) => d.id);
  const rows = await repo.findOverdueRanking(
    db,
    {
      from: shanghaiMidnight(range.from).toISOString(),
      to: shanghaiMidnight(addDays(range.to, 1)).toISOString(),
    },
    now.toISOString(),
    departments,
  );
  return rows.map((r, i) => ({
    rank: i + 1,
    ...r,
    overdueRate: r.total === 0 ? 0 : Math.round((r.overdue / r.total) * 1000) / 1000,
  }));
}

export interface TransferMonitorQuery {
  includeDueSoon: boolean;
  /** The ranking's range of receiving dates (Shanghai days, inclusive). */
  from: string;
  to: string;
}

const formatShanghai = (iso: string) => iso.slice(0, 19).replace('T', ' ');

/**
 * 转办督办 as an .xlsx stream: the monitored transfers (the list's own bounded read, same scope) and the
 * overdue ranking of departments for the range as a second sheet. The export is audited.
 */
export async function exportTransferMonitor({ db, user, actor, now }: RequestContext, query: TransferMonitorQuery) {
  await db.transaction().execute((trx) =>
    writeAudit(trx, actor, now, {
      action: 'transfer.export',
      entityType: 'transfers',
      entityId: 'export',
      after: { filter: query },
    }),
  );
  const [transfers, ranking] = await Promise.all([
    listOverdueTransfers({ db, user, actor, now }, query.includeDueSoon),
    overdueRanking({ db, user, actor, now }, { from: query.from, to: query.to }),
  ]);
  return streamXlsx({
    exportedAt: now,
    sheets: [
      {
        name: '超期和即将到期的转办单',
        filters: [{ label: '范围', value: query.includeDueSoon ? '已超期和即将到期' : '仅已超期' }],
        columns: [
          { header: '工单编号', key: 'ticketNo', width: 18 },
          { header: '来电编号', key: 'contactNo', width: 20 },
          { header: '类型', key: 'type', width: 12 },
          { header: '主题', key: 'subject', width: 36 },
          { header: '纳税人名称', key: 'taxpayerName', width: 24 },
          { header: '承办处室', key: 'departmentName', width: 14 },
          { header: '坐席', key: 'agentName', width: 10 },
          { header: '转办时间', key: 'createdAt', width: 20 },
          { header: '答复时限', key: 'dueAt', width: 20 },
          { header: '时限状态', key: 'dueState', width: 10 },
          { header: '催办次数', key: 'urgeCount', width: 8 },
          { header: '转办说明', key: 'note', width: 36 },
        ],
        rows: transfers.map((t) => ({
          ...t,
          type: contactTypeNames[t.type],
          taxpayerName: t.taxpayerName ?? '',
          agentName: t.agentName ?? '',
          note: t.note ?? '',
          createdAt: formatShanghai(t.createdAt),
          dueAt: formatDeadline(t.dueAt),
          dueState: dueStateNames[t.dueState],
        })),
      },
      {
        name: '各处室超期排名',
        filters: [
          { label: '开始日期', value: query.from },
          { label: '结束日期', value: query.to },
        ],
        columns: [
          { header: '排名', key: 'rank', width: 6 },
          { header: '处室', key: 'departmentName', width: 16 },
          { header: '转办单', key: 'total', width: 8 },
          { header: '超期', key: 'overdue', width: 8 },
          { header: '当前超期未答复', key: 'overdueOpen', width: 14 },
          { header: '超期率', key: 'overdueRate', width: 8 },
          { header: '催办次数', key: 'urges', width: 8 },
        ],
        rows: ranking.map((r) => ({ ...r, overdueRate: `${(r.overdueRate * 100).toFixed(1)}%` })),
      },
    ],
  });
}

/** The transfer due days of each contact type. */
export async function listDueDaySettings(db: Db) {
  const days = await dueDaysByType(db);
  return contactTypes.map((type) => ({ type, name: contactTypeNames[type], transferDueDays: days[type] }));
}

export async function setDueDaySettings(
  { db, user, actor, now }: RequestContext,
  settings: Array<{ type: ContactType; transferDueDays: number }>,
) {
  if (!hasPermission(user, 'contacts.configure')) throw forbidden('FORBIDDEN', '没有执行此操作的权限');
  await db.transaction().execute(async (trx) => {
    const before = await dueDaysByType(trx);
    for (const s of settings) await repo.upsertDueDays(trx, s.type, s.transferDueDays, user.id, now);
    await writeAudit(trx, actor, now, {
      action: 'contacts.due_days_set',
      entityType: 'contact_type_settings',
      entityId: 'transfer_due_days',
      before,
      after: Object.fromEntries(settings.map((s) => [s.type, s.transferDueDays])),
    });
  });
  return listDueDaySettings(db);
}
