import { type Insertable, sql, type Updateable } from 'kysely';
import type { CallEvent, IntegrationKind } from '../../../shared/contacts';
import type { DbOrTx, Tx } from '../../db/connection';
import { isPostgres } from '../../db/migrations/helpers';
import { inOrgScope, type OrgScope } from '../../platform/auth/scope';
import { isSealed, sealValue, searchHashOf } from '../../platform/crypto';
import type { CallTable } from './cti.tables';

// ---- integrations ----

export async function findActiveIntegrationByHash(db: DbOrTx, tokenHash: string) {
  return db
    .selectFrom('integrations')
    .select(['id', 'kind', 'name'])
    .where('token_hash', '=', tokenHash)
    .where('is_active', '=', 1)
    .executeTakeFirst();
}

export async function findIntegrations(db: DbOrTx) {
  return db
    .selectFrom('integrations as i')
    .leftJoin('users as u', 'u.id', 'i.created_by')
    .select([
      'i.id',
      'i.name',
      'i.kind',
      'i.token_hint',
      'i.is_active',
      'i.created_at',
      'i.revoked_at',
      'u.name as created_by_name',
    ])
    .orderBy('i.id')
    .execute();
}

export async function insertIntegration(
  trx: Tx,
  row: { name: string; kind: IntegrationKind; tokenHash: string; tokenHint: string; createdBy: number; now: Date },
): Promise<number> {
  const inserted = await trx
    .insertInto('integrations')
    .values({
      name: row.name,
      kind: row.kind,
      token_hash: row.tokenHash,
      token_hint: row.tokenHint,
      is_active: 1,
      created_at: row.now.toISOString(),
      created_by: row.createdBy,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function revokeIntegration(trx: Tx, id: number, now: Date): Promise<number> {
  const result = await trx
    .updateTable('integrations')
    .set({ is_active: 0, revoked_at: now.toISOString() })
    .where('id', '=', id)
    .where('is_active', '=', 1)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ---- calls ----

export async function findCall(db: DbOrTx, source: string, callId: string) {
  return db
    .selectFrom('calls')
    .selectAll()
    .where('source', '=', source)
    .where('call_id', '=', callId)
    .executeTakeFirst();
}

export async function findCallForContact(db: DbOrTx, id: number) {
  return db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts the call of a newCall event; undefined when the same call is already there. */
export async function insertCall(trx: Tx, values: Insertable<CallTable>): Promise<number | undefined> {
  const row = await trx
    .insertInto('calls')
    .values(values)
    .onConflict((oc) => oc.columns(['source', 'call_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function updateCall(trx: Tx, id: number, patch: Updateable<CallTable>): Promise<void> {
  await trx.updateTable('calls').set(patch).where('id', '=', id).execute();
}

/** Links a call to the contact registered from it; false when it is linked already. */
export async function linkCallToContact(trx: Tx, callRef: number, contactId: number): Promise<boolean> {
  const result = await trx
    .updateTable('calls')
    .set({ contact_id: contactId })
    .where('id', '=', callRef)
    .where('contact_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Seals the caller's number of a call registered as a reporter's contact, in the column (with its hash)
 * and in the payloads of the events received so far.
 */
export async function sealCallerOfCall(trx: Tx, callRef: number): Promise<void> {
  const call = await trx.selectFrom('calls').select('from_number').where('id', '=', callRef).executeTakeFirstOrThrow();
  if (isSealed(call.from_number)) return;
  await trx
    .updateTable('calls')
    .set({ from_number: sealValue(call.from_number), from_number_hmac: searchHashOf(call.from_number) })
    .where('id', '=', callRef)
    .execute();
  const events = await trx
    .selectFrom('call_events')
    .select(['id', 'payload'])
    .where('call_ref', '=', callRef)
    .execute();
  // And the pop that announced the call to its agent (its payload opens with the call's id).
  const pops = await trx
    .selectFrom('push_events')
    .select(['id', 'payload'])
    .where('kind', '=', 'call.incoming')
    .where('payload', 'like', `{"callRecordId":${callRef},%`)
    .execute();
  for (const [table, rows] of [
    ['call_events', events],
    ['push_events', pops],
  ] as const) {
    for (const row of rows) {
      const payload = sealedEventPayload(JSON.parse(row.payload) as Record<string, unknown>);
      await trx
        .updateTable(table)
        .set({ payload: JSON.stringify(payload) })
        .where('id', '=', row.id)
        .execute();
    }
  }
}

/** An event's payload with its caller's number sealed (events of a reporter's call). */
export function sealedEventPayload(payload: Record<string, unknown>): Record<string, unknown> {
  return typeof payload.from === 'string' && !isSealed(payload.from)
    ? { ...payload, from: sealValue(payload.from) }
    : payload;
}

/** Records an event of a call once: false when the same event of the same call was recorded before. */
/**
 * Records an event of a call once: false when it was recorded before. `dedupKey` is the event's
 * name, or for the repeatable hold/unhold the name and the PBX time.
 */
export async function insertCallEvent(
  trx: Tx,
  row: { callRef: number; event: CallEvent; dedupKey: string; payload: unknown; occurredAt: Date; now: Date },
): Promise<boolean> {
  const inserted = await trx
    .insertInto('call_events')
    .values({
      call_ref: row.callRef,
      event: row.event,
      dedup_key: row.dedupKey,
      payload: JSON.stringify(row.payload),
      occurred_at: row.occurredAt.toISOString(),
      received_at: row.now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['call_ref', 'dedup_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** A call's events in the order the PBX says they happened. */
export async function findCallEvents(db: DbOrTx, callRef: number) {
  return db
    .selectFrom('call_events')
    .select(['event', 'payload', 'occurred_at'])
    .where('call_ref', '=', callRef)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
}

export interface CallFilter {
  from?: string | undefined;
  to?: string | undefined;
  agentId?: number | undefined;
  phone?: string | undefined;
  /** Only calls of agents within this org scope (and calls no agent took); undefined to see all. */
  scope?: OrgScope | undefined;
  /** Whether the phone may match the call of a reporter's contact (see ContactLogFilter); unset: never. */
  mayMatchReporters?: boolean | undefined;
}

export async function findCallPage(
  db: DbOrTx,
  filter: CallFilter,
  cursor: { startedAt: string; id: number } | null,
  limit: number,
) {
  let q = db
    .selectFrom('calls as k')
    .leftJoin('users as u', 'u.id', 'k.agent_id')
    .leftJoin('contacts as c', 'c.id', 'k.contact_id')
    .select([
      'k.id',
      'k.call_id',
      'k.from_number',
      'k.to_number',
      'k.direction',
      'k.agent_id',
      'u.name as agent_name',
      'u.extension as agent_extension',
      'k.queue',
      'k.ivr_path',
      'k.cause',
      'k.recording_url',
      'k.started_at',
      'k.answered_at',
      'k.ended_at',
      'k.duration_seconds',
      'k.contact_id',
      'c.contact_no',
      'c.case_no',
    ]);
  if (filter.from) q = q.where('k.started_at', '>=', filter.from);
  if (filter.to) q = q.where('k.started_at', '<', filter.to);
  if (filter.agentId) q = q.where('k.agent_id', '=', filter.agentId);
  const phone = filter.phone;
  if (phone) {
    // The call of a reporter's contact (its number sealed) is found by its keyed hash, by those who may only.
    q = q.where((eb) => {
      const clear = eb.and([eb('k.from_number', '=', phone), eb('c.case_id', 'is', null)]);
      return filter.mayMatchReporters ? eb.or([clear, eb('k.from_number_hmac', '=', searchHashOf(phone))]) : clear;
    });
  }
  const { scope } = filter;
  if (scope) q = q.where((eb) => eb.or([eb('k.agent_id', 'is', null), inOrgScope(eb, scope, 'u.org_unit_id')]));
  if (cursor) {
    q = q
      .where('k.started_at', '<=', cursor.startedAt)
      .where((eb) => eb.or([eb('k.started_at', '<', cursor.startedAt), eb('k.id', '<', cursor.id)]));
  }
  return q.orderBy('k.started_at', 'desc').orderBy('k.id', 'desc').limit(limit).execute();
}

/** The user a PBX names by username or extension (active users only). */
export async function findUserByUsernameOrExtension(db: DbOrTx, user: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'name'])
    .where('is_disabled', '=', 0)
    .where((eb) => eb.or([eb('username', '=', user), eb('extension', '=', user)]))
    .executeTakeFirst();
}

// ---- SMS replies ----

/** Records an inbound SMS once per gateway message id; undefined when it was recorded before. */
export async function insertSmsInbound(
  trx: Tx,
  row: { source: string; messageId: string; from: string; text: string; now: Date },
): Promise<number | undefined> {
  const inserted = await trx
    .insertInto('sms_inbound')
    .values({
      source: row.source,
      message_id: row.messageId,
      from_number: row.from,
      text: row.text,
      received_at: row.now.toISOString(),
      survey_request_id: null,
    })
    .onConflict((oc) => oc.columns(['source', 'message_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

export async function setSmsInboundRequest(trx: Tx, id: number, surveyRequestId: number): Promise<void> {
  await trx.updateTable('sms_inbound').set({ survey_request_id: surveyRequestId }).where('id', '=', id).execute();
}

// ---- server push ----

/**
 * Appends a push event. On PostgreSQL the transaction first takes an advisory lock held until it
 * commits (as kb_index_log's writers do), so ids become visible in id order: a poller that has read
 * up to id N never sees a smaller id commit later and skip past it. SQLite has one writer anyway.
 */
export async function insertPushEvent(
  trx: Tx,
  row: { userId: number; kind: string; payload: unknown; now: Date },
): Promise<void> {
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(7007, 2)`.execute(trx);
  await trx
    .insertInto('push_events')
    .values({
      user_id: row.userId,
      kind: row.kind,
      payload: JSON.stringify(row.payload),
      created_at: row.now.toISOString(),
    })
    .execute();
}

export async function findPushEventsAfter(db: DbOrTx, afterId: number, limit: number) {
  return db
    .selectFrom('push_events')
    .select(['id', 'user_id', 'kind', 'payload'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function findPushEventsOfUserBetween(
  db: DbOrTx,
  options: { userId: number; afterId: number; upToId: number; limit: number },
) {
  const { userId, afterId, upToId, limit } = options;
  return db
    .selectFrom('push_events')
    .select(['id', 'user_id', 'kind', 'payload'])
    .where('user_id', '=', userId)
    .where('id', '>', afterId)
    .where('id', '<=', upToId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function findLastPushEventId(db: DbOrTx): Promise<number> {
  const row = await db
    .selectFrom('push_events')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** Whether a session still exists and has not expired (the event stream ends with its session). */
export async function isSessionLive(db: DbOrTx, sessionId: string, now: Date): Promise<boolean> {
  const session = await db
    .selectFrom('sessions')
    .select('id')
    .where('id', '=', sessionId)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return session !== undefined;
}

export async function deletePushEventsBefore(db: DbOrTx, before: Date): Promise<number> {
  const result = await db.deleteFrom('push_events').where('created_at', '<', before.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
