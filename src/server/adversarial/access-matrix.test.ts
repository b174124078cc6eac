import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissions } from '../../shared/permissions';
import type { DialectName } from '../db/connection';
import { createTestApp, type TestApp, testDialects } from '../test/harness';
import { sampleRequestOf } from './requests';
import { apiRoutes, type Caller, isAllowed, sendAs, signInEveryone, suiteCtiToken } from './suite';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const dialects = await testDialects();

describe.each(dialects)('the access matrix of every route on %s', (dialect: DialectName) => {
  let t: TestApp;
  let callers: Caller[];
  beforeAll(async () => {
    t = await createTestApp(dialect, { ctiToken: suiteCtiToken });
    callers = await signInEveryone(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('declares for every route an access some demo account holds', () => {
    const { routes } = apiRoutes(t);
    const known = new Set<string>(['public', 'authenticated', 'integration', ...permissions]);
    const unknown = routes.filter((r) => !known.has(String(r.access))).map((r) => `${r.method} ${r.url}: ${r.access}`);
    const unheld = routes
      .filter((r) => permissions.includes(r.access as never) && !callers.some((c) => isAllowed(r.access, c)))
      .map((r) => `${r.method} ${r.url}: ${r.access}`);
    expect(unknown).toEqual([]);
    expect(unheld).toEqual([]);
  });

  it('refuses with 401 or 403 every role, anonymous caller and write without its CSRF token the declared access does not allow', async () => {
    const started = performance.now();
    const { routes, skipped } = apiRoutes(t, { withEndlessStreams: true });
    const unexpected: string[] = [];
    let tried = 0;
    let successes = 0;
    for (const route of routes) {
      if (route.access === 'public') continue;
      const request = sampleRequestOf(route);
      const check = async (who: string, send: () => ReturnType<typeof sendAs>) => {
        tried++;
        const res = await send();
        // Refused by the access check itself: 401 or 403, before any lookup could answer 404 or 400.
        if (res.statusCode !== 401 && res.statusCode !== 403) {
          unexpected.push(`${route.method} ${route.url} as ${who} (access ${route.access}): ${res.statusCode}`);
          if (res.statusCode < 300) successes++;
        }
      };
      await check('anonymous', () => sendAs(t, 'anonymous', request));
      for (const caller of callers) {
        if (isAllowed(route.access, caller)) continue;
        await check(caller.username, () => sendAs(t, caller, request));
      }
      const allowed = callers.find((c) => isAllowed(route.access, c));
      if (allowed && unsafeMethods.has(route.method)) {
        const withoutCsrf = { ...allowed, session: { ...allowed.session, writeHeaders: allowed.session.headers } };
        await check(`${allowed.username} without CSRF token`, () => sendAs(t, withoutCsrf, request));
      }
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.info(
      `access matrix on ${dialect}: ${routes.length} routes × ${callers.length} accounts + anonymous: ${tried} requests that must be refused, ${successes} unexpected successes, ${unexpected.length} not refused by the access check, ${seconds} s; not sent: ${skipped.join('; ') || 'none'}`,
    );
    expect(unexpected).toEqual([]);
    expect(tried).toBeGreaterThan(1000);
  }, 120_000);
});
