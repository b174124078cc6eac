import {
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Selectable,
  type SqlBool,
  sql,
  type Updateable,
} from 'kysely';
import type { CallbackResult, Channel, ContactStatus, ContactType, UrgeKind } from '../../../shared/contacts';
import type { DbOrTx, Tx } from '../../db/connection';
import type { Database } from '../../db/schema';
import { inOrgScope, type OrgScope } from '../../platform/auth/scope';
import { searchHashOf } from '../../platform/crypto';
import type { ContactTable, TransferTable } from './contacts.tables';

export type ContactRow = Selectable<ContactTable>;
export type TransferRow = Selectable<TransferTable>;

// ---- numbers ----

/**
 * The next number of a daily sequence (`contact` or `ticket`); the row lock serialises concurrent
 * callers. Written as SQL: every registration runs it, and the builder cost more than the statement.
 */
export async function nextSequence(trx: Tx, kind: 'contact' | 'ticket', day: string): Promise<number> {
  const { rows } = await sql<{ last: number }>`
    insert into contact_counters (kind, day, "last") values (${kind}, ${day}, 1)
    on conflict (kind, day) do update set "last" = contact_counters."last" + 1
    returning "last"`.execute(trx);
  return Number(rows[0]!.last);
}

/**
 * Counts one exact-match caller lookup of a user in the hour `window` and returns the hour's count so far;
 * the first lookup of an hour drops the user's older hours.
 */
export async function countCallerLookup(trx: Tx, userId: number, window: string): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    insert into contact_lookup_counts (user_id, window_start, count) values (${userId}, ${window}, 1)
    on conflict (user_id, window_start) do update set count = contact_lookup_counts.count + 1
    returning count`.execute(trx);
  const count = Number(rows[0]!.count);
  if (count === 1) {
    await trx
      .deleteFrom('contact_lookup_counts')
      .where('user_id', '=', userId)
      .where('window_start', '<', window)
      .execute();
  }
  return count;
}

// ---- contacts ----

export async function insertContact(trx: Tx, values: Insertable<ContactTable>): Promise<number> {
  const row = await trx.insertInto('contacts').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export interface ContactWithScope extends ContactRow {
  agentName: string;
  orgUnitPath: string;
  orgUnitName: string;
}

export async function findContact(db: DbOrTx, id: number): Promise<ContactWithScope | undefined> {
  return db
    .selectFrom('contacts as c')
    .innerJoin('users as u', 'u.id', 'c.agent_id')
    .innerJoin('org_units as o', 'o.id', 'c.org_unit_id')
    .selectAll('c')
    .select(['u.name as agentName', 'o.path as orgUnitPath', 'o.name as orgUnitName'])
    .where('c.id', '=', id)
    .executeTakeFirst();
}

/** Moves a contact from `from` to a new status with other changes; 0 when someone moved it first. */
export async function updateContactGuarded(
  trx: Tx,
  id: number,
  from: ContactStatus,
  patch: Updateable<ContactTable>,
): Promise<number> {
  const result = await trx
    .updateTable('contacts')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function updateContact(trx: Tx, id: number, patch: Updateable<ContactTable>): Promise<void> {
  await trx.updateTable('contacts').set(patch).where('id', '=', id).execute();
}

export interface ContactLogFilter {
  from?: string | undefined;
  /** Exclusive upper bound (an instant). */
  to?: string | undefined;
  agentId?: number | undefined;
  channel?: Channel | undefined;
  type?: ContactType | undefined;
  status?: ContactStatus | undefined;
  phone?: string | undefined;
  taxpayerId?: string | undefined;
  text?: string | undefined;
  /** Only contacts of the org units in this scope; undefined for every unit. */
  scope?: OrgScope | undefined;
  /**
   * Whether the caller's phone, taxpayer id and name may match a reporter's contact (one handed over as a
   * report or complaint): only for those who may see reporters, so that no search confirms a guess. Unset: never.
   */
  mayMatchReporters?: boolean | undefined;
}

export interface LogCursor {
  startedAt: string;
  id: number;
}

export const logColumns = [
  'c.id',
  'c.contact_no',
  'c.channel',
  'c.type',
  'c.status',
  'c.outcome',
  'c.caller_phone',
  'c.taxpayer_id',
  'c.taxpayer_name',
  'c.tax_kind',
  'c.subject',
  'c.agent_id',
  'c.org_unit_id',
  'c.ticket_no',
  'c.case_no',
  'c.started_at',
  'c.duration_seconds',
] as const;

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * One page of the contact log, newest first, after `cursor`: keyset paging on (started_at, id), which
 * the indexes on (agent | phone | taxpayer id | nothing, started_at, id) serve without a sort or a scan.
 */
export async function findContactPage(db: DbOrTx, filter: ContactLogFilter, cursor: LogCursor | null, limit: number) {
  let q = db.selectFrom('contacts as c').select(logColumns);
  if (filter.from) q = q.where('c.started_at', '>=', filter.from);
  if (filter.to) q = q.where('c.started_at', '<', filter.to);
  if (filter.agentId) q = q.where('c.agent_id', '=', filter.agentId);
  if (filter.channel) q = q.where('c.channel', '=', filter.channel);
  if (filter.type) q = q.where('c.type', '=', filter.type);
  if (filter.status) q = q.where('c.status', '=', filter.status);
  for (const [column, value] of [
    ['phone', filter.phone],
    ['taxpayerId', filter.taxpayerId],
  ] as const) {
    if (value) q = q.where((eb) => callerMatch(eb, column, value, filter.mayMatchReporters));
  }
  const { scope } = filter;
  if (scope) q = q.where((eb) => inOrgScope(eb, scope, 'c.org_unit_id'));
  if (filter.text) {
    const like = `%${escapeLike(filter.text)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('c.subject', 'like', like),
        eb('c.content', 'like', like),
        // A reporter's name is searchable by nobody (it is sealed), as in the cases' search.
        eb.and([eb('c.taxpayer_name', 'like', like), eb('c.case_id', 'is', null)]),
        eb('c.contact_no', '=', filter.text ?? ''),
      ]),
    );
  }
  if (cursor) {
    // started_at < x OR (started_at = x AND id < y), written so both planners keep the index range.
    q = q
      .where('c.started_at', '<=', cursor.startedAt)
      .where((eb) => eb.or([eb('c.started_at', '<', cursor.startedAt), eb('c.id', '<', cursor.id)]));
  }
  return q.orderBy('c.started_at', 'desc').orderBy('c.id', 'desc').limit(limit).execute();
}

/** A caller looked up: by phone or taxpayer id, and whether reporters' contacts may match (unset: never; see ContactLogFilter). */
export interface CallerLookup {
  phone?: string | undefined;
  taxpayerId?: string | undefined;
  mayMatchReporters?: boolean | undefined;
}

/**
 * The contacts whose caller is `value` (a phone or a taxpayer id): other contacts by the clear column;
 * a reporter's contact (sealed) by its keyed hash, and only when `mayMatchReporters`.
 */
function callerMatch(
  eb: ExpressionBuilder<Database & { c: ContactTable }, 'c'>,
  by: 'phone' | 'taxpayerId',
  value: string,
  mayMatchReporters: boolean | undefined,
) {
  const clear = eb.and([
    eb(by === 'phone' ? 'c.caller_phone' : 'c.taxpayer_id', '=', value),
    eb('c.case_id', 'is', null),
  ]);
  if (!mayMatchReporters) return clear;
  const hash = searchHashOf(value);
  return eb.or([clear, eb(by === 'phone' ? 'c.caller_phone_hmac' : 'c.taxpayer_id_hmac', '=', hash)]);
}

/** The latest contacts of a caller (by phone or taxpayer id), newest first. */
export async function findContactsOfCaller(db: DbOrTx, by: CallerLookup, scope: OrgScope, limit: number) {
  const rows = await eachCallerMatch(by, (match) =>
    db
      .selectFrom('contacts as c')
      .select(logColumns)
      .select('c.answer')
      .where(match)
      .where((eb) => inOrgScope(eb, scope, 'c.org_unit_id'))
      .orderBy('c.started_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(limit)
      .execute(),
  );
  return rows.sort((a, b) => b.started_at.localeCompare(a.started_at) || b.id - a.id).slice(0, limit);
}

/** The caller's contacts that are still under way, however old. */
export async function findOpenContactsOfCaller(db: DbOrTx, by: CallerLookup, scope: OrgScope) {
  const open: ContactStatus[] = ['transferred', 'returned', 'awaiting_callback', 'handed_over'];
  return eachCallerMatch(by, (match) =>
    db
      .selectFrom('contacts as c')
      .select(logColumns)
      .where(match)
      .where('c.status', 'in', open)
      .where((eb) => inOrgScope(eb, scope, 'c.org_unit_id'))
      .orderBy('c.started_at', 'desc')
      .limit(50)
      .execute(),
  );
}

type CallerCondition = (eb: ExpressionBuilder<Database & { c: ContactTable }, 'c'>) => Expression<SqlBool>;

/** One query per identifier the lookup gives (phone, taxpayer id), each an index range; rows merged by id. */
async function eachCallerMatch<R extends { id: number }>(
  by: CallerLookup,
  query: (match: CallerCondition) => Promise<R[]>,
): Promise<R[]> {
  const queries: Array<Promise<R[]>> = [];
  for (const [column, value] of [
    ['phone', by.phone],
    ['taxpayerId', by.taxpayerId],
  ] as const) {
    if (value) queries.push(query((eb) => callerMatch(eb, column, value, by.mayMatchReporters)));
  }
  return [...new Map((await Promise.all(queries)).flat().map((r) => [r.id, r])).values()];
}

/** An agent's contacts waiting for them: callbacks due and transfers sent back. */
export async function findAgentInbox(db: DbOrTx, agentId: number, limit: number) {
  return (
    db
      .selectFrom('contacts as c')
      .select(logColumns)
      .select(['c.callback_attempts', 'c.updated_at'])
      .where('c.agent_id', '=', agentId)
      // Literal values, so that the planner can prove the partial index contacts_agent_open applies.
      .where('c.status', 'in', [sql.lit<ContactStatus>('awaiting_callback'), sql.lit<ContactStatus>('returned')])
      .orderBy('c.updated_at')
      .limit(limit)
      .execute()
  );
}

// ---- transfers ----

export async function insertTransfer(trx: Tx, values: Insertable<TransferTable>): Promise<number> {
  const row = await trx.insertInto('transfers').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export interface TransferWithDepartment extends TransferRow {
  departmentName: string;
  departmentOrgUnitPath: string;
}

function transfersQuery(db: DbOrTx) {
  return db
    .selectFrom('transfers as t')
    .innerJoin('departments as d', 'd.id', 't.department_id')
    .innerJoin('org_units as o', 'o.id', 'd.org_unit_id')
    .selectAll('t')
    .select(['d.name as departmentName', 'o.path as departmentOrgUnitPath']);
}

export async function findTransfer(db: DbOrTx, id: number): Promise<TransferWithDepartment | undefined> {
  return transfersQuery(db).where('t.id', '=', id).executeTakeFirst();
}

export async function findTransfersOfContact(db: DbOrTx, contactId: number): Promise<TransferWithDepartment[]> {
  return transfersQuery(db).where('t.contact_id', '=', contactId).orderBy('t.id').execute();
}

/** Moves an open transfer on; 0 when another request handled it first (the loser of a race). */
export async function updateOpenTransfer(trx: Tx, id: number, patch: Updateable<TransferTable>): Promise<number> {
  const result = await trx
    .updateTable('transfers')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

const inboxTransferColumns = [
  't.id',
  't.contact_id',
  't.department_id',
  't.status',
  't.note',
  't.due_at',
  't.created_at',
  't.urge_count',
  'c.contact_no',
  'c.ticket_no',
  'c.type',
  'c.channel',
  'c.subject',
  'c.caller_phone',
  'c.taxpayer_id',
  'c.taxpayer_name',
  'c.agent_id',
  'c.org_unit_id',
  'd.name as department_name',
] as const;

/** Open transfers of a department, the earliest due first. */
export async function findOpenTransfersOfDepartment(db: DbOrTx, departmentId: number, limit: number) {
  return db
    .selectFrom('transfers as t')
    .innerJoin('contacts as c', 'c.id', 't.contact_id')
    .innerJoin('departments as d', 'd.id', 't.department_id')
    .select(inboxTransferColumns)
    .where('t.department_id', '=', departmentId)
    .where('t.status', '=', 'open')
    .orderBy('t.due_at')
    .limit(limit)
    .execute();
}

/** Open transfers due before `before` (all overdue ones when `before` is now), earliest first. */
export async function findOpenTransfersDueBefore(db: DbOrTx, before: string, scope: OrgScope, limit: number) {
  let q = db
    .selectFrom('transfers as t')
    .innerJoin('contacts as c', 'c.id', 't.contact_id')
    .innerJoin('departments as d', 'd.id', 't.department_id')
    .select(inboxTransferColumns)
    .where('t.status', '=', 'open')
    .where('t.due_at', '<', before);
  q = q.where((eb) => inOrgScope(eb, scope, 'c.org_unit_id'));
  return q.orderBy('t.due_at').limit(limit).execute();
}

/** Open transfers that still need the automatic reminder of `kind`, due before `before`. */
export async function findTransfersToUrge(
  db: DbOrTx,
  kind: 'due_soon' | 'overdue',
  range: { after?: string; before: string },
  limit: number,
) {
  const column = kind === 'due_soon' ? 'due_soon_urged_at' : 'overdue_urged_at';
  let q = db
    .selectFrom('transfers as t')
    .innerJoin('contacts as c', 'c.id', 't.contact_id')
    .select([
      't.id',
      't.contact_id',
      't.department_id',
      't.due_at',
      'c.contact_no',
      'c.ticket_no',
      'c.subject',
      'c.agent_id',
    ])
    .where('t.status', '=', 'open')
    .where('t.due_at', '<=', range.before)
    .where(`t.${column}`, 'is', null);
  if (range.after) q = q.where('t.due_at', '>', range.after);
  return q.orderBy('t.due_at').limit(limit).execute();
}

/** Marks an automatic reminder as sent; 0 when another sweep marked it first. */
export async function markTransferUrged(trx: Tx, id: number, kind: 'due_soon' | 'overdue', now: Date): Promise<number> {
  const column = kind === 'due_soon' ? 'due_soon_urged_at' : 'overdue_urged_at';
  const result = await trx
    .updateTable('transfers')
    .set((eb) => ({
      [column]: now.toISOString(),
      last_urged_at: now.toISOString(),
      urge_count: eb('urge_count', '+', 1),
    }))
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where(column, 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function countManualUrge(trx: Tx, id: number, now: Date): Promise<void> {
  await trx
    .updateTable('transfers')
    .set((eb) => ({ last_urged_at: now.toISOString(), urge_count: eb('urge_count', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function insertUrge(
  trx: Tx,
  row: { transferId: number; contactId: number; kind: UrgeKind; note: string | null; urgedBy: number | null; at: Date },
): Promise<void> {
  await trx
    .insertInto('urges')
    .values({
      transfer_id: row.transferId,
      contact_id: row.contactId,
      kind: row.kind,
      note: row.note,
      urged_by: row.urgedBy,
      at: row.at.toISOString(),
    })
    .execute();
}

export async function findUrgesOfContact(db: DbOrTx, contactId: number) {
  return db
    .selectFrom('urges as g')
    .leftJoin('users as u', 'u.id', 'g.urged_by')
    .select(['g.id', 'g.transfer_id', 'g.kind', 'g.note', 'g.at', 'u.name as urged_by_name'])
    .where('g.contact_id', '=', contactId)
    .orderBy('g.id')
    .execute();
}

/**
 * Per department, the transfers it received in [from, to): how many, how many answered late or still
 * open past their due time, and how many are overdue right now; the worst first.
 */
export async function findOverdueRanking(
  db: DbOrTx,
  range: { from: string; to: string },
  nowIso: string,
  departmentIds: number[] | undefined,
) {
  let q = db
    .selectFrom('transfers as t')
    .innerJoin('departments as d', 'd.id', 't.department_id')
    .select((eb) => [
      'd.id as departmentId',
      'd.name as departmentName',
      eb.fn.countAll<number>().as('total'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(
              eb.or([
                eb.and([eb('t.handled_at', 'is not', null), eb('t.handled_at', '>', eb.ref('t.due_at'))]),
                eb.and([eb('t.status', '=', 'open'), eb('t.due_at', '<', nowIso)]),
              ]),
            )
            .then(1)
            .else(0)
            .end(),
        )
        .as('overdue'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb('t.status', '=', 'open'), eb('t.due_at', '<', nowIso)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('overdueOpen'),
      eb.fn.sum<number>('t.urge_count').as('urges'),
    ])
    .where('t.created_at', '>=', range.from)
    .where('t.created_at', '<', range.to);
  if (departmentIds) q = q.where('t.department_id', 'in', departmentIds.length > 0 ? departmentIds : [-1]);
  const rows = await q.groupBy(['d.id', 'd.name']).execute();
  return rows
    .map((r) => ({
      departmentId: r.departmentId,
      departmentName: r.departmentName,
      total: Number(r.total),
      overdue: Number(r.overdue ?? 0),
      overdueOpen: Number(r.overdueOpen ?? 0),
      urges: Number(r.urges ?? 0),
    }))
    .sort((a, b) => b.overdue - a.overdue || b.overdueOpen - a.overdueOpen || a.departmentId - b.departmentId);
}

// ---- callbacks ----

export async function insertCallback(
  trx: Tx,
  row: { contactId: number; result: CallbackResult; note: string | null; agentId: number; at: Date },
): Promise<void> {
  await trx
    .insertInto('callbacks')
    .values({
      contact_id: row.contactId,
      result: row.result,
      note: row.note,
      agent_id: row.agentId,
      at: row.at.toISOString(),
    })
    .execute();
}

export async function findCallbacksOfContact(db: DbOrTx, contactId: number) {
  return db
    .selectFrom('callbacks as b')
    .innerJoin('users as u', 'u.id', 'b.agent_id')
    .select(['b.id', 'b.result', 'b.note', 'b.at', 'u.name as agent_name'])
    .where('b.contact_id', '=', contactId)
    .orderBy('b.id')
    .execute();
}

// ---- settings ----

export async function findDueDaysSettings(db: DbOrTx) {
  return db.selectFrom('contact_type_settings').select(['type', 'transfer_due_days']).execute();
}

export async function upsertDueDays(trx: Tx, type: ContactType, days: number, by: number | null, now: Date) {
  const values = { transfer_due_days: days, updated_at: now.toISOString(), updated_by: by };
  await trx
    .insertInto('contact_type_settings')
    .values({ type, ...values })
    .onConflict((oc) => oc.column('type').doUpdateSet(values))
    .execute();
}

// ---- people and places the workflows reach (read-only views of the accounts tables) ----

export async function departmentExists(db: DbOrTx, id: number): Promise<boolean> {
  return (await db.selectFrom('departments').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** The active users of a department, who share its inbox. */
export async function findDepartmentUserIds(db: DbOrTx, departmentId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('department_id', '=', departmentId)
    .where('is_disabled', '=', 0)
    .execute();
  return rows.map((r) => r.id);
}

export async function findUserNames(db: DbOrTx, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function findAuditOfEntities(db: DbOrTx, entities: Array<{ type: string; id: number }>) {
  if (entities.length === 0) return [];
  return db
    .selectFrom('audit_log')
    .select(['id', 'at', 'actor_username', 'action', 'entity_type', 'entity_id', 'after'])
    .where((eb) =>
      eb.or(entities.map((e) => eb.and([eb('entity_type', '=', e.type), eb('entity_id', '=', String(e.id))]))),
    )
    .orderBy('id')
    .execute();
}
