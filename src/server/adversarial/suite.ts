/**
 * What the adversarial suites share: the app's route table, every demo account signed in with the
 * permissions its roles grant (src/shared/permissions.ts), and who a route's declared access lets in.
 */
import type { LightMyRequestResponse } from 'fastify';
import { type Permission, permissionsOf } from '../../shared/permissions';
import { demoAccounts } from '../demo/demo-data';
import type { RouteAccess, RouteEntry } from '../platform/http';
import type { Session, TestApp } from '../test/harness';

/** The token of the default CTI integration in the adversarial suites' apps. */
export const suiteCtiToken = 'adversarial-suite-cti-token-0001';

export interface Caller {
  username: string;
  permissions: ReadonlySet<Permission>;
  session: Session;
}

/** Signs every demo account in. */
export async function signInEveryone(t: TestApp): Promise<Caller[]> {
  const callers: Caller[] = [];
  for (const account of demoAccounts) {
    callers.push({
      username: account.username,
      permissions: new Set(permissionsOf(account.roles)),
      session: await t.login(account.username),
    });
  }
  return callers;
}

/** True when the declared access lets this caller (null: anonymous, without an integration token) in. */
export function isAllowed(access: RouteAccess | undefined, caller: Caller | null): boolean {
  if (access === 'public') return true;
  if (!caller || access === undefined || access === 'integration') return false;
  if (access === 'authenticated') return true;
  return caller.permissions.has(access);
}

/** Streams that never end by themselves (server-sent events) cannot be injected and awaited. */
function isEndlessStream(route: RouteEntry): boolean {
  const response = (route.schema as { response?: Record<string, unknown> } | undefined)?.response;
  return JSON.stringify(
    Object.values(response ?? {}).map((r) => (r as { content?: unknown })?.content ?? null),
  ).includes('text/event-stream');
}

/**
 * The /api routes the suites walk, and the ones they cannot (with why). A caller the access check
 * refuses never reaches an endless stream, so the access matrix walks those too.
 */
export function apiRoutes(
  t: TestApp,
  options: { withEndlessStreams?: boolean } = {},
): { routes: RouteEntry[]; skipped: string[] } {
  const all = t.app.routeTable.filter((r) => r.url.startsWith('/api'));
  if (options.withEndlessStreams) return { routes: all, skipped: [] };
  return {
    routes: all.filter((r) => !isEndlessStream(r)),
    skipped: all.filter(isEndlessStream).map((r) => `${r.method} ${r.url} (endless event stream)`),
  };
}

/** Sends a request as the caller (a write carries the CSRF token), or anonymously, or with the CTI token. */
export function sendAs(
  t: TestApp,
  who: Caller | 'anonymous' | 'integration',
  request: { method: string; url: string; payload?: string; contentType?: string },
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  if (who === 'integration') headers.authorization = `Bearer ${suiteCtiToken}`;
  else if (who !== 'anonymous')
    Object.assign(headers, request.method === 'GET' ? who.session.headers : who.session.writeHeaders);
  if (request.payload !== undefined) headers['content-type'] = request.contentType ?? 'application/json';
  return t.app.inject({
    method: request.method as 'GET',
    url: request.url,
    headers,
    ...(request.payload !== undefined ? { payload: request.payload } : {}),
  });
}
