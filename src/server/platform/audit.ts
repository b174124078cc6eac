import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../db/connection';
import { addDays, shanghaiMidnight } from './dates';

/** Who did something, and through which request: passed from the route into every use case. */
export interface Actor {
  userId: number | null;
  username: string | null;
  /** The server's id of the request (never one the client chose). */
  requestId: string | null;
  /** The X-Request-Id the client sent, kept apart for correlation. */
  clientRequestId?: string | null;
  ip: string | null;
}

export const systemActor: Actor = { userId: null, username: 'system', requestId: null, ip: null };

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
}

/** Records a change; takes a transaction so that the row commits or rolls back with the change itself. */
export async function writeAudit(trx: Tx, actor: Actor, at: Date, entry: AuditEntry): Promise<void> {
  // Written as SQL: every change of every module runs it, and the builder cost more than the insert.
  const before = entry.before === undefined ? null : JSON.stringify(entry.before);
  const after = entry.after === undefined ? null : JSON.stringify(entry.after);
  await sql`
    insert into audit_log (at, actor_user_id, actor_username, action, entity_type, entity_id, "before", "after", request_id,
      client_request_id, ip)
    values (${at.toISOString()}, ${actor.userId}, ${actor.username}, ${entry.action}, ${entry.entityType},
      ${String(entry.entityId)}, ${before}, ${after}, ${actor.requestId}, ${actor.clientRequestId ?? null}, ${actor.ip})`.execute(
    trx,
  );
}

export interface AuditFilter {
  from?: string | undefined;
  to?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
}

function auditQuery(db: DbOrTx, f: AuditFilter) {
  let q = db.selectFrom('audit_log');
  if (f.from) q = q.where('at', '>=', shanghaiMidnight(f.from).toISOString());
  if (f.to) q = q.where('at', '<', shanghaiMidnight(addDays(f.to, 1)).toISOString());
  if (f.actor) q = q.where('actor_username', '=', f.actor);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  return q;
}

const parseJson = (value: string | null): unknown => (value === null ? null : JSON.parse(value));

/** A page of the audit log, newest first, with before/after parsed back into objects. */
export async function listAuditEntries(db: DbOrTx, filter: AuditFilter, page: { limit: number; offset: number }) {
  const [count, rows] = await Promise.all([
    auditQuery(db, filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
    auditQuery(db, filter).selectAll().orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
  ]);
  return {
    total: Number(count?.n ?? 0),
    items: rows.map((r) => ({
      id: r.id,
      at: r.at,
      actorUserId: r.actor_user_id,
      actorUsername: r.actor_username,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: parseJson(r.before),
      after: parseJson(r.after),
      requestId: r.request_id,
      clientRequestId: r.client_request_id,
      ip: r.ip,
    })),
  };
}

/** Rows of the audit log older than `beforeId` (newest first), for an export that reads in batches. */
export async function findAuditBatch(db: DbOrTx, filter: AuditFilter, beforeId: number | null, limit: number) {
  let q = auditQuery(db, filter).selectAll();
  if (beforeId !== null) q = q.where('id', '<', beforeId);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

/** Whether the audit log holds any entry of this action (e.g. `demo.seed`: the demo data was created). */
export async function hasAuditEntry(db: DbOrTx, action: string): Promise<boolean> {
  const row = await db.selectFrom('audit_log').select('id').where('action', '=', action).limit(1).executeTakeFirst();
  return row !== undefined;
}
