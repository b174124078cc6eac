import { sql } from 'kysely';
import type { DbOrTx } from '../../db/connection';
import { isPostgres } from '../../db/migrations/helpers';

export async function insertSession(
  db: DbOrTx,
  row: {
    id: string;
    userId: number;
    csrfToken: string;
    now: Date;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: row.id,
      user_id: row.userId,
      csrf_token: row.csrfToken,
      created_at: row.now.toISOString(),
      expires_at: row.expiresAt.toISOString(),
      last_seen_at: row.now.toISOString(),
      ip: row.ip,
      user_agent: row.userAgent,
    })
    .execute();
}

export interface SessionWithUser {
  sessionId: string;
  csrfToken: string;
  expiresAt: string;
  lastSeenAt: string;
  userId: number;
  username: string;
  name: string;
  isDisabled: number;
  orgUnitId: number;
  orgUnitName: string;
  orgUnitPath: string;
  departmentId: number | null;
  departmentName: string | null;
  /** The user's roles, comma-joined. */
  roles: string | null;
}

/**
 * The session with its user, org unit, department and roles, or undefined. Every authenticated request
 * runs it, so it is one statement, written as SQL: Kysely's builder spent 25 µs a request assembling
 * this join, three times what SQLite takes to answer it.
 */
export async function findSessionWithUser(db: DbOrTx, sessionId: string): Promise<SessionWithUser | undefined> {
  const roles = isPostgres(db) ? sql`string_agg(r.role, ',')` : sql`group_concat(r.role, ',')`;
  const { rows } = await sql<SessionWithUser>`
    select s.id as "sessionId", s.csrf_token as "csrfToken", s.expires_at as "expiresAt",
      s.last_seen_at as "lastSeenAt", u.id as "userId", u.username, u.name, u.is_disabled as "isDisabled",
      u.org_unit_id as "orgUnitId", o.name as "orgUnitName", o.path as "orgUnitPath",
      u.department_id as "departmentId", d.name as "departmentName",
      (select ${roles} from user_roles r where r.user_id = u.id) as roles
    from sessions s
    join users u on u.id = s.user_id
    join org_units o on o.id = u.org_unit_id
    left join departments d on d.id = u.department_id
    where s.id = ${sessionId}`.execute(db);
  return rows[0];
}

export async function touchSession(db: DbOrTx, sessionId: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', sessionId).execute();
}

export async function deleteSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteSessionsOfUser(db: DbOrTx, userId: number, exceptSessionId?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  await q.execute();
}

export async function deleteExpiredSessions(db: DbOrTx, now: Date): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now.toISOString()).execute();
}

export async function findUserForLogin(db: DbOrTx, username: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'password_hash as passwordHash', 'is_disabled as isDisabled'])
    .where('username', '=', username)
    .executeTakeFirst();
}

/** One account and source address whose sign-in attempts are throttled together. */
export interface LoginThrottleKey {
  username: string;
  source: string;
}

export interface LoginThrottleRow {
  failures: number;
  nextAttemptAt: string;
  updatedAt: string;
}

export async function findLoginThrottle(db: DbOrTx, key: LoginThrottleKey): Promise<LoginThrottleRow | undefined> {
  return db
    .selectFrom('login_throttle')
    .select(['failures', 'next_attempt_at as nextAttemptAt', 'updated_at as updatedAt'])
    .where('username', '=', key.username)
    .where('source', '=', key.source)
    .executeTakeFirst();
}

/** Records the first attempt of a pair; false when another attempt recorded it first. */
export async function insertFirstLoginAttempt(
  db: DbOrTx,
  key: LoginThrottleKey,
  row: LoginThrottleRow,
): Promise<boolean> {
  const result = await db
    .insertInto('login_throttle')
    .values({
      username: key.username,
      source: key.source,
      failures: row.failures,
      next_attempt_at: row.nextAttemptAt,
      updated_at: row.updatedAt,
    })
    .onConflict((oc) => oc.columns(['username', 'source']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Counts an attempt: moves the pair from `seen` to `next` only if nobody else changed it since it was
 * read (compare and set), so that parallel attempts each get a count of their own on either database.
 */
export async function replaceLoginThrottle(
  db: DbOrTx,
  key: LoginThrottleKey,
  seen: LoginThrottleRow,
  next: LoginThrottleRow,
): Promise<boolean> {
  const result = await db
    .updateTable('login_throttle')
    .set({ failures: next.failures, next_attempt_at: next.nextAttemptAt, updated_at: next.updatedAt })
    .where('username', '=', key.username)
    .where('source', '=', key.source)
    .where('failures', '=', seen.failures)
    .where('next_attempt_at', '=', seen.nextAttemptAt)
    .where('updated_at', '=', seen.updatedAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function clearLoginThrottle(db: DbOrTx, key: LoginThrottleKey): Promise<void> {
  await db.deleteFrom('login_throttle').where('username', '=', key.username).where('source', '=', key.source).execute();
}

export async function deleteLoginThrottlesBefore(db: DbOrTx, before: Date): Promise<void> {
  await db.deleteFrom('login_throttle').where('updated_at', '<', before.toISOString()).execute();
}

export async function updatePasswordHash(
  db: DbOrTx,
  userId: number,
  passwordHash: string,
  options: { isDemo: boolean; now: Date },
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      has_demo_password: options.isDemo ? 1 : 0,
      updated_at: options.now.toISOString(),
    })
    .where('id', '=', userId)
    .execute();
}
