import { sql } from 'kysely';
import type {
  CallbackResult,
  CallbackTaskStatus,
  CampaignStatus,
  ListSegment,
  RecipientFilter,
  ReminderChannel,
  ReminderKind,
} from '../../../shared/reminders';
import type { DbOrTx, Tx } from '../../db/connection';
import { inOrgScope, type OrgScope } from '../../platform/auth/scope';
import type { ReminderTables } from './reminders.tables';

// ---- lists ----

export interface MemberRow {
  lineNo: number;
  taxpayerId: string;
  taxpayerName: string;
  phone: string;
  period: string | null;
  amountDueFen: number | null;
}

export async function insertList(
  db: DbOrTx,
  row: { name: string; segment: ListSegment; orgUnitId: number; fileName: string; createdBy: number | null; now: Date },
): Promise<number> {
  const inserted = await db
    .insertInto('reminder_lists')
    .values({
      name: row.name,
      segment: row.segment,
      org_unit_id: row.orgUnitId,
      status: 'importing',
      file_name: row.fileName,
      total_rows: 0,
      loaded_rows: 0,
      failed_rows: 0,
      errors: '[]',
      created_by: row.createdBy,
      created_at: row.now.toISOString(),
      finished_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function insertMembers(db: DbOrTx, listId: number, rows: readonly MemberRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('reminder_list_members')
    .values(
      rows.map((r) => ({
        list_id: listId,
        line_no: r.lineNo,
        taxpayer_id: r.taxpayerId,
        taxpayer_name: r.taxpayerName,
        phone: r.phone,
        period: r.period,
        amount_due_fen: r.amountDueFen,
      })),
    )
    .execute();
}

/** Every member of a list (an import that failed part-way leaves none behind). */
export async function deleteMembers(db: DbOrTx, listId: number): Promise<void> {
  await db.deleteFrom('reminder_list_members').where('list_id', '=', listId).execute();
}

export async function finishList(
  db: DbOrTx,
  id: number,
  r: { status: 'ready' | 'failed'; total: number; loaded: number; failed: number; errors: unknown[]; now: Date },
): Promise<void> {
  await db
    .updateTable('reminder_lists')
    .set({
      status: r.status,
      total_rows: r.total,
      loaded_rows: r.loaded,
      failed_rows: r.failed,
      errors: JSON.stringify(r.errors),
      finished_at: r.now.toISOString(),
    })
    .where('id', '=', id)
    .where('status', '=', 'importing')
    .execute();
}

const listColumns = [
  'l.id',
  'l.name',
  'l.segment',
  'l.org_unit_id as orgUnitId',
  'o.name as orgUnitName',
  'o.path as orgUnitPath',
  'l.status',
  'l.file_name as fileName',
  'l.total_rows as totalRows',
  'l.loaded_rows as loadedRows',
  'l.failed_rows as failedRows',
  'u.name as createdByName',
  'l.created_at as createdAt',
  'l.finished_at as finishedAt',
] as const;

/** The latest lists of org units within `scope`. */
export async function findLists(db: DbOrTx, scope: OrgScope, limit: number) {
  return db
    .selectFrom('reminder_lists as l')
    .innerJoin('org_units as o', 'o.id', 'l.org_unit_id')
    .leftJoin('users as u', 'u.id', 'l.created_by')
    .select(listColumns)
    .where((eb) => inOrgScope(eb, scope, 'l.org_unit_id'))
    .orderBy('l.id', 'desc')
    .limit(limit)
    .execute();
}

export async function findList(db: DbOrTx, id: number) {
  return db
    .selectFrom('reminder_lists as l')
    .innerJoin('org_units as o', 'o.id', 'l.org_unit_id')
    .leftJoin('users as u', 'u.id', 'l.created_by')
    .select([...listColumns, 'l.errors'])
    .where('l.id', '=', id)
    .executeTakeFirst();
}

/** Marks imports that stopped part-way (the process died) as failed, so nobody builds a campaign on half a list. */
export async function failStalledLists(db: DbOrTx, startedBefore: Date, now: Date): Promise<number> {
  const result = await db
    .updateTable('reminder_lists')
    .set({ status: 'failed', finished_at: now.toISOString() })
    .where('status', '=', 'importing')
    .where('created_at', '<', startedBefore.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function memberIdRange(db: DbOrTx, listId: number) {
  const row = await db
    .selectFrom('reminder_list_members')
    .select((eb) => [eb.fn.min('id').as('first'), eb.fn.max('id').as('last'), eb.fn.countAll<number>().as('n')])
    .where('list_id', '=', listId)
    .executeTakeFirst();
  return { first: Number(row?.first ?? 0), last: Number(row?.last ?? 0), count: Number(row?.n ?? 0) };
}

export async function findMemberIds(db: DbOrTx, listId: number, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('reminder_list_members')
    .select('id')
    .where('list_id', '=', listId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

// ---- campaigns ----

export async function insertCampaign(
  trx: Tx,
  row: {
    name: string;
    kind: ReminderKind;
    channel: ReminderChannel;
    listId: number;
    orgUnitId: number;
    period: string;
    deadline: string | null;
    template: string;
    total: number;
    createdBy: number | null;
    now: Date;
  },
): Promise<number> {
  const inserted = await trx
    .insertInto('reminder_campaigns')
    .values({
      name: row.name,
      kind: row.kind,
      channel: row.channel,
      list_id: row.listId,
      org_unit_id: row.orgUnitId,
      period: row.period,
      deadline: row.deadline,
      template: row.template,
      status: 'queuing',
      total: row.total,
      queued: 0,
      skipped_opt_out: 0,
      skipped_duplicate: 0,
      created_by: row.createdBy,
      created_at: row.now.toISOString(),
      started_at: row.now.toISOString(),
      completed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

const campaignColumns = [
  'c.id',
  'c.name',
  'c.kind',
  'c.channel',
  'c.list_id as listId',
  'l.name as listName',
  'c.org_unit_id as orgUnitId',
  'o.name as orgUnitName',
  'o.path as orgUnitPath',
  'c.period',
  'c.deadline',
  'c.template',
  'c.status',
  'c.total',
  'c.queued',
  'c.skipped_opt_out as skippedOptOut',
  'c.skipped_duplicate as skippedDuplicate',
  'u.name as createdByName',
  'c.created_at as createdAt',
  'c.started_at as startedAt',
  'c.completed_at as completedAt',
] as const;

function campaignQuery(db: DbOrTx) {
  return db
    .selectFrom('reminder_campaigns as c')
    .innerJoin('reminder_lists as l', 'l.id', 'c.list_id')
    .innerJoin('org_units as o', 'o.id', 'c.org_unit_id')
    .leftJoin('users as u', 'u.id', 'c.created_by')
    .select(campaignColumns);
}

/** The latest campaigns of org units within `scope`. */
export async function findCampaigns(db: DbOrTx, scope: OrgScope, limit: number) {
  return campaignQuery(db)
    .where((eb) => inOrgScope(eb, scope, 'c.org_unit_id'))
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
}

export async function findCampaign(db: DbOrTx, id: number) {
  return campaignQuery(db).where('c.id', '=', id).executeTakeFirst();
}

export async function findCampaignsInStatus(db: DbOrTx, status: CampaignStatus, channel?: ReminderChannel) {
  let q = db.selectFrom('reminder_campaigns').select(['id', 'channel', 'list_id as listId', 'started_at as startedAt']);
  q = q.where('status', '=', status);
  if (channel) q = q.where('channel', '=', channel);
  return q.execute();
}

/** Moves a campaign from one status to another; false when it was no longer in `from`. */
export async function moveCampaign(
  db: DbOrTx,
  id: number,
  from: CampaignStatus,
  to: CampaignStatus,
  extra: { completed_at?: string; queued?: number; skipped_opt_out?: number; skipped_duplicate?: number } = {},
): Promise<boolean> {
  const result = await db
    .updateTable('reminder_campaigns')
    .set({ status: to, ...extra })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Queues one SMS per member in an id range in a single statement: opted-out phones are left out, and
 * a phone that already has this kind of reminder for this period (any campaign) is not queued again.
 */
export async function queueSmsRange(
  db: DbOrTx,
  c: { campaignId: number; listId: number; dedupePrefix: string; fromId: number; toId: number; now: Date },
): Promise<number> {
  const nowIso = c.now.toISOString();
  const result = await db
    .insertInto('sms_messages')
    .columns(['campaign_id', 'member_id', 'phone', 'dedupe_key', 'status', 'attempts', 'next_attempt_at', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('reminder_list_members as m')
        .select([
          sql<number>`${c.campaignId}`.as('campaign_id'),
          'm.id',
          'm.phone',
          sql<string>`cast(${c.dedupePrefix} as text) || m.phone`.as('dedupe_key'),
          sql<string>`cast('queued' as text)`.as('status'),
          sql<number>`0`.as('attempts'),
          sql<string>`cast(${nowIso} as text)`.as('next_attempt_at'),
          sql<string>`cast(${nowIso} as text)`.as('created_at'),
        ])
        .where('m.list_id', '=', c.listId)
        .where('m.id', '>=', c.fromId)
        .where('m.id', '<=', c.toId)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('sms_opt_outs as x').select('x.phone').whereRef('x.phone', '=', 'm.phone'))),
        ),
    )
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export async function countOptedOutMembers(db: DbOrTx, listId: number): Promise<number> {
  const row = await db
    .selectFrom('reminder_list_members as m')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('m.list_id', '=', listId)
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('sms_opt_outs as x').select('x.phone').whereRef('x.phone', '=', 'm.phone')),
    )
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function countSms(db: DbOrTx, campaignId: number) {
  const rows = await db
    .selectFrom('sms_messages')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('campaign_id', '=', campaignId)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Record<string, number>;
}

export async function insertCallbackTasks(
  trx: Tx,
  rows: ReadonlyArray<{ campaignId: number; memberId: number; agentId: number }>,
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('callback_tasks')
    .values(
      rows.map((r) => ({
        campaign_id: r.campaignId,
        member_id: r.memberId,
        agent_id: r.agentId,
        status: 'pending',
        result: null,
        note: null,
        attempts: 0,
        updated_at: now.toISOString(),
        done_at: null,
      })),
    )
    .onConflict((oc) => oc.columns(['campaign_id', 'member_id']).doNothing())
    .execute();
}

export async function countCallbacks(db: DbOrTx, campaignId: number) {
  const rows = await db
    .selectFrom('callback_tasks as t')
    .innerJoin('users as u', 'u.id', 't.agent_id')
    .select([
      't.agent_id as agentId',
      'u.name as agentName',
      't.status',
      't.result',
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('t.campaign_id', '=', campaignId)
    .groupBy(['t.agent_id', 'u.name', 't.status', 't.result'])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

export async function countPendingCallbacks(db: DbOrTx, campaignId: number): Promise<number> {
  const row = await db
    .selectFrom('callback_tasks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function countOpenSms(db: DbOrTx, campaignId: number): Promise<number> {
  const row = await db
    .selectFrom('sms_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign_id', '=', campaignId)
    .where('status', 'in', ['queued', 'sending'])
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function cancelOpenSms(db: DbOrTx, campaignId: number, now: Date): Promise<number> {
  const result = await db
    .updateTable('sms_messages')
    .set({ status: 'cancelled', lease_token: null, last_error: null, next_attempt_at: now.toISOString() })
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function cancelPendingCallbacks(db: DbOrTx, campaignId: number, now: Date): Promise<void> {
  await db
    .updateTable('callback_tasks')
    .set({ status: 'cancelled', updated_at: now.toISOString() })
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'pending')
    .execute();
}

/**
 * The recipient filter's vocabulary spans SMS statuses, callback task statuses and callback results:
 * a status of the other channel simply matches nothing, so the column is compared as text.
 */
const matchesStatus = (column: string, status: string) => sql<boolean>`${sql.ref(column)} = ${status}`;

function smsRecipientsIn(db: DbOrTx, campaignId: number, filter: RecipientFilter) {
  let q = db
    .selectFrom('sms_messages as s')
    .innerJoin('reminder_list_members as m', 'm.id', 's.member_id')
    .where('s.campaign_id', '=', campaignId);
  if (filter.status) q = q.where(matchesStatus('s.status', filter.status));
  return q;
}

const smsRecipientColumns = [
  's.id',
  'm.taxpayer_id as taxpayerId',
  'm.taxpayer_name as taxpayerName',
  's.phone',
  's.status',
  's.attempts',
  's.sent_at as sentAt',
  's.delivered_at as deliveredAt',
  's.last_error as lastError',
] as const;

export async function findSmsRecipients(
  db: DbOrTx,
  campaignId: number,
  filter: RecipientFilter,
  page: { limit: number; offset: number },
) {
  const q = smsRecipientsIn(db, campaignId, filter);
  const [count, items] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    q.select(smsRecipientColumns).orderBy('s.id').limit(page.limit).offset(page.offset).execute(),
  ]);
  return { total: Number(count?.n ?? 0), items };
}

/** The next batch of a campaign's SMS recipients after an id, for the export's keyset reading. */
export async function findSmsRecipientBatch(
  db: DbOrTx,
  campaignId: number,
  filter: RecipientFilter,
  afterId: number | null,
  limit: number,
) {
  let q = smsRecipientsIn(db, campaignId, filter);
  if (afterId !== null) q = q.where('s.id', '>', afterId);
  return q.select(smsRecipientColumns).orderBy('s.id').limit(limit).execute();
}

function callbackRecipientsIn(db: DbOrTx, campaignId: number, filter: RecipientFilter) {
  let q = db
    .selectFrom('callback_tasks as t')
    .innerJoin('reminder_list_members as m', 'm.id', 't.member_id')
    .innerJoin('users as u', 'u.id', 't.agent_id')
    .where('t.campaign_id', '=', campaignId);
  const { status } = filter;
  if (status) q = q.where((eb) => eb.or([matchesStatus('t.status', status), matchesStatus('t.result', status)]));
  return q;
}

const callbackRecipientColumns = [
  't.id',
  'm.taxpayer_id as taxpayerId',
  'm.taxpayer_name as taxpayerName',
  'm.phone',
  'u.name as agentName',
  't.status',
  't.result',
  't.note',
  't.attempts',
  't.done_at as doneAt',
] as const;

export async function findCallbackRecipients(
  db: DbOrTx,
  campaignId: number,
  filter: RecipientFilter,
  page: { limit: number; offset: number },
) {
  const q = callbackRecipientsIn(db, campaignId, filter);
  const [count, items] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    q.select(callbackRecipientColumns).orderBy('t.id').limit(page.limit).offset(page.offset).execute(),
  ]);
  return { total: Number(count?.n ?? 0), items };
}

/** The next batch of a campaign's callback recipients after an id, for the export's keyset reading. */
export async function findCallbackRecipientBatch(
  db: DbOrTx,
  campaignId: number,
  filter: RecipientFilter,
  afterId: number | null,
  limit: number,
) {
  let q = callbackRecipientsIn(db, campaignId, filter);
  if (afterId !== null) q = q.where('t.id', '>', afterId);
  return q.select(callbackRecipientColumns).orderBy('t.id').limit(limit).execute();
}

// ---- callback tasks of one agent ----

export async function findTasksOfAgent(db: DbOrTx, agentId: number, status: CallbackTaskStatus) {
  return db
    .selectFrom('callback_tasks as t')
    .innerJoin('reminder_list_members as m', 'm.id', 't.member_id')
    .innerJoin('reminder_campaigns as c', 'c.id', 't.campaign_id')
    .select([
      't.id',
      't.campaign_id as campaignId',
      'c.name as campaignName',
      'c.kind',
      'c.period',
      'c.deadline',
      'c.template as script',
      'm.taxpayer_id as taxpayerId',
      'm.taxpayer_name as taxpayerName',
      'm.phone',
      'm.amount_due_fen as amountDueFen',
      't.status',
      't.result',
      't.note',
      't.attempts',
      't.updated_at as updatedAt',
    ])
    .where('t.agent_id', '=', agentId)
    .where('t.status', '=', status)
    .orderBy('t.id')
    .limit(500)
    .execute();
}

export async function findTask(db: DbOrTx, id: number) {
  return db
    .selectFrom('callback_tasks as t')
    .innerJoin('reminder_campaigns as c', 'c.id', 't.campaign_id')
    .select([
      't.id',
      't.campaign_id as campaignId',
      't.agent_id as agentId',
      't.status',
      't.result',
      't.note',
      't.attempts',
      'c.status as campaignStatus',
    ])
    .where('t.id', '=', id)
    .executeTakeFirst();
}

export async function updateTask(
  trx: Tx,
  id: number,
  expectedAttempts: number,
  patch: { status: CallbackTaskStatus; result: CallbackResult; note: string | null; attempts: number; now: Date },
): Promise<boolean> {
  const result = await trx
    .updateTable('callback_tasks')
    .set({
      status: patch.status,
      result: patch.result,
      note: patch.note,
      attempts: patch.attempts,
      updated_at: patch.now.toISOString(),
      done_at: patch.status === 'done' ? patch.now.toISOString() : null,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('attempts', '=', expectedAttempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- the SMS sender's queue ----

/** Puts back in the queue the messages whose sender's lease has ended. */
export async function reclaimExpiredSmsLeases(db: DbOrTx, now: Date): Promise<number> {
  const result = await db
    .updateTable('sms_messages')
    .set({ status: 'queued', lease_token: null })
    .where('status', '=', 'sending')
    .where('next_attempt_at', '<', now.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Claims up to `limit` due messages for the sender holding `token`, leased for `leaseMs`; the guarded
 * update makes each claim exclusive. The ids claimed.
 */
export async function claimDueSms(
  db: DbOrTx,
  claim: { token: string; now: Date; leaseMs: number; limit: number },
): Promise<number[]> {
  const rows = await db
    .updateTable('sms_messages')
    .set((eb) => ({
      status: 'sending',
      lease_token: claim.token,
      attempts: eb('attempts', '+', 1),
      next_attempt_at: new Date(claim.now.getTime() + claim.leaseMs).toISOString(),
    }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('sms_messages')
        .select('id')
        .where('status', '=', 'queued')
        .where('next_attempt_at', '<=', claim.now.toISOString())
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(claim.limit),
    )
    .where('status', '=', 'queued')
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Claimed messages with what their text is rendered from: the member, the campaign and its status. */
export async function findClaimedSms(db: DbOrTx, ids: readonly number[]) {
  return db
    .selectFrom('sms_messages as s')
    .innerJoin('reminder_list_members as m', 'm.id', 's.member_id')
    .innerJoin('reminder_campaigns as c', 'c.id', 's.campaign_id')
    .select([
      's.id',
      's.phone',
      's.attempts',
      'm.taxpayer_id as taxpayerId',
      'm.taxpayer_name as taxpayerName',
      'm.period as memberPeriod',
      'm.amount_due_fen as amountDueFen',
      'c.period',
      'c.deadline',
      'c.template',
      'c.status as campaignStatus',
    ])
    .where('s.id', 'in', ids)
    .orderBy('s.id')
    .execute();
}

/** What the sender records about a claimed message once its outcome is known. */
export type SmsOutcome = Partial<
  Pick<ReminderTables['sms_messages'], 'status' | 'next_attempt_at' | 'last_error' | 'sent_at'>
>;

/** Records the outcome of claimed messages and ends their lease, a thousand ids per statement; only while `token` holds them. */
export async function settleSms(db: DbOrTx, token: string, ids: readonly number[], outcome: SmsOutcome): Promise<void> {
  for (let i = 0; i < ids.length; i += 1000) {
    await db
      .updateTable('sms_messages')
      .set({ ...outcome, lease_token: null })
      .where('id', 'in', ids.slice(i, i + 1000))
      .where('lease_token', '=', token)
      .execute();
  }
}

/** The gateway's own id of an accepted message. */
export async function setSmsGatewayId(db: DbOrTx, id: number, gatewayId: string): Promise<void> {
  await db.updateTable('sms_messages').set({ gateway_message_id: gatewayId }).where('id', '=', id).execute();
}

/** A delivery report on a message that was sent (or is being sent); false when there is no such message. */
export async function recordSmsDelivery(
  db: DbOrTx,
  id: number,
  report: { status: 'delivered'; delivered_at: string } | { status: 'failed'; last_error: string },
): Promise<boolean> {
  const result = await db
    .updateTable('sms_messages')
    .set(report)
    .where('id', '=', id)
    .where('status', 'in', ['sending', 'sent'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- opt-outs ----

export async function insertOptOut(
  db: DbOrTx,
  row: { phone: string; source: string; note: string | null; createdBy: number | null; now: Date },
): Promise<boolean> {
  const result = await db
    .insertInto('sms_opt_outs')
    .values({
      phone: row.phone,
      source: row.source,
      note: row.note,
      created_by: row.createdBy,
      created_at: row.now.toISOString(),
    })
    .onConflict((oc) => oc.column('phone').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function deleteOptOut(db: DbOrTx, phone: string): Promise<boolean> {
  const result = await db.deleteFrom('sms_opt_outs').where('phone', '=', phone).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function findOptOuts(db: DbOrTx, phone: string | undefined, limit: number) {
  let q = db.selectFrom('sms_opt_outs').select(['phone', 'source', 'note', 'created_at as createdAt']);
  if (phone) q = q.where('phone', '=', phone);
  return q.orderBy('created_at', 'desc').limit(limit).execute();
}

export async function findOptedOutPhones(db: DbOrTx, phones: readonly string[]): Promise<Set<string>> {
  if (phones.length === 0) return new Set();
  const rows = await db.selectFrom('sms_opt_outs').select('phone').where('phone', 'in', phones).execute();
  return new Set(rows.map((r) => r.phone));
}

// ---- the file gateway's record of what it sent ----

/** The file gateway's state of each of these message ids that it has seen. */
export async function findGatewaySends(
  db: DbOrTx,
  messageIds: readonly string[],
): Promise<Map<string, 'appending' | 'appended'>> {
  if (messageIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('sms_gateway_sends')
    .select(['message_id', 'state'])
    .where('message_id', 'in', messageIds)
    .execute();
  return new Map(rows.map((r) => [r.message_id, r.state]));
}

/** Claims message ids for appending; returns those this caller claimed (another writer's are left out). */
export async function claimGatewaySends(db: DbOrTx, messageIds: readonly string[], now: Date): Promise<string[]> {
  if (messageIds.length === 0) return [];
  const rows = await db
    .insertInto('sms_gateway_sends')
    .values(messageIds.map((id) => ({ message_id: id, state: 'appending' as const, created_at: now.toISOString() })))
    .onConflict((oc) => oc.column('message_id').doNothing())
    .returning('message_id')
    .execute();
  return rows.map((r) => r.message_id);
}

export async function markGatewaySendsAppended(db: DbOrTx, messageIds: readonly string[]): Promise<void> {
  if (messageIds.length === 0) return;
  await db.updateTable('sms_gateway_sends').set({ state: 'appended' }).where('message_id', 'in', messageIds).execute();
}

/** The SMS queue: messages queued or being sent, by status. */
export async function countSmsQueue(db: DbOrTx): Promise<Array<{ status: string; n: number }>> {
  const rows = await db
    .selectFrom('sms_messages')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['queued', 'sending'])
    .groupBy('status')
    .execute();
  return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
}

/** Forgets the file gateway's records older than `before` (no message is retried that late). */
export async function deleteGatewaySendsBefore(db: DbOrTx, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('sms_gateway_sends')
    .where('created_at', '<', before.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
