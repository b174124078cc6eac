import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/connection';
import { type Actor, writeAudit } from '../audit';
import { AppError, badRequest, unauthorized } from '../errors';
import type { RequestContext } from '../request-context';
import * as repo from './auth.repository';
import { buildCurrentUser, type CurrentUser } from './current-user';
import { countLoginAttempt } from './login-throttle';
import { hashPassword, passwordProblem, unknownUserHash, verifyPassword } from './password';

/** How long a session lasts from login, whatever its activity. */
export const SESSION_LIFETIME_SECONDS = 12 * 60 * 60;
const SESSION_LIFETIME_MS = SESSION_LIFETIME_SECONDS * 1000;
const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
const TOUCH_INTERVAL_MS = 60 * 1000;

export const SESSION_COOKIE = 'taxline_session';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export interface LoginResult {
  user: CurrentUser;
  sessionToken: string;
}

export interface LoginInput {
  username: string;
  password: string;
  /** The client's address (behind trusted proxies, the one they forwarded). */
  ip: string;
  userAgent: string | null;
  now: Date;
  requestId: string;
  /** The X-Request-Id the client sent, if any. */
  clientRequestId: string | null;
  /** Waits a throttled attempt's turn (tests pass one that returns at once). */
  hold: (ms: number) => Promise<void>;
}

/** Checks the credentials, throttled per account and source address (login-throttle.ts), and opens a session. */
export async function login(db: Db, input: LoginInput): Promise<LoginResult> {
  const throttleKey = { username: input.username, source: input.ip };
  const wait = await countLoginAttempt(db, throttleKey, input.now);
  if (wait > 0) await input.hold(wait);

  const account = await repo.findUserForLogin(db, input.username);
  const passwordMatches = await verifyPassword(input.password, account?.passwordHash ?? unknownUserHash);
  if (!account || !passwordMatches) throw unauthorized('INVALID_CREDENTIALS', '用户名或密码错误');
  if (account.isDisabled) {
    await repo.clearLoginThrottle(db, throttleKey);
    throw new AppError('forbidden', 'ACCOUNT_DISABLED', '该账号已停用，请联系系统管理员');
  }

  const sessionToken = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(input.now.getTime() + SESSION_LIFETIME_MS);
  const actor: Actor = {
    userId: account.id,
    username: account.username,
    requestId: input.requestId,
    clientRequestId: input.clientRequestId,
    ip: input.ip,
  };
  await db.transaction().execute(async (trx) => {
    await repo.clearLoginThrottle(trx, throttleKey);
    await repo.insertSession(trx, {
      id: sha256(sessionToken),
      userId: account.id,
      csrfToken,
      now: input.now,
      expiresAt,
      ip: input.ip,
      userAgent: input.userAgent,
    });
    await writeAudit(trx, actor, input.now, { action: 'auth.login', entityType: 'user', entityId: account.id });
  });
  const user = await findCurrentUser(db, sessionToken, input.now);
  if (!user) throw new Error('session vanished right after login');
  return { user, sessionToken };
}

/** The user behind a session cookie, or null when the session is unknown, expired, idle or the user disabled. */
export async function findCurrentUser(db: Db, sessionToken: string, now: Date): Promise<CurrentUser | null> {
  const row = await repo.findSessionWithUser(db, sha256(sessionToken));
  if (!row) return null;
  const nowMs = now.getTime();
  const lastSeen = Date.parse(row.lastSeenAt);
  if (row.isDisabled || Date.parse(row.expiresAt) <= nowMs || nowMs - lastSeen > SESSION_IDLE_MS) {
    await repo.deleteSession(db, row.sessionId);
    return null;
  }
  if (nowMs - lastSeen > TOUCH_INTERVAL_MS) await repo.touchSession(db, row.sessionId, now);
  const roles = row.roles ? row.roles.split(',').sort() : [];
  return buildCurrentUser(
    {
      id: row.userId,
      username: row.username,
      name: row.name,
      orgUnitId: row.orgUnitId,
      orgUnitName: row.orgUnitName,
      orgUnitPath: row.orgUnitPath,
      departmentId: row.departmentId,
      departmentName: row.departmentName,
      sessionId: row.sessionId,
      csrfToken: row.csrfToken,
    },
    roles,
  );
}

export function csrfTokenMatches(user: CurrentUser, header: string | undefined): boolean {
  if (!header) return false;
  const a = Buffer.from(header);
  const b = Buffer.from(user.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function logout({ db, user, actor, now }: RequestContext): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await repo.deleteSession(trx, user.sessionId);
    await writeAudit(trx, actor, now, { action: 'auth.logout', entityType: 'user', entityId: user.id });
  });
}

/** Changes the caller's own password; other sessions of the user end. */
export async function changeOwnPassword(
  { db, user, actor, now }: RequestContext,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const account = await repo.findUserForLogin(db, user.username);
  if (!account || !(await verifyPassword(input.currentPassword, account.passwordHash))) {
    throw badRequest('WRONG_CURRENT_PASSWORD', '当前密码不正确', {
      fields: [{ field: 'currentPassword', message: '当前密码不正确' }],
    });
  }
  const problem = passwordProblem(input.newPassword);
  if (problem) throw badRequest('WEAK_PASSWORD', problem, { fields: [{ field: 'newPassword', message: problem }] });
  if (input.newPassword === input.currentPassword) {
    throw badRequest('PASSWORD_UNCHANGED', '新密码不能与当前密码相同', {
      fields: [{ field: 'newPassword', message: '新密码不能与当前密码相同' }],
    });
  }
  const hash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await repo.updatePasswordHash(trx, user.id, hash, { isDemo: false, now });
    await repo.deleteSessionsOfUser(trx, user.id, user.sessionId);
    await writeAudit(trx, actor, now, { action: 'user.password_change', entityType: 'user', entityId: user.id });
  });
}
