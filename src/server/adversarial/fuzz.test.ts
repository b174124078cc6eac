import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialectName } from '../db/connection';
import type { RouteEntry } from '../platform/http';
import { createTestApp, type TestApp, testDialects } from '../test/harness';
import { fuzzRequestsOf, sampleRequestOf } from './requests';
import { countRows, listTables } from './row-counts.repository';
import { apiRoutes, type Caller, isAllowed, sendAs, signInEveryone, suiteCtiToken } from './suite';

/** Tables a rejected request may write by design: the record of failed sign-ins is what throttles guesses. */
const writtenOnRejection = new Set(['login_throttle']);

/** Writes that end the caller's session come last, deletions just before them. */
function orderOf(route: { method: string; url: string }): number {
  if (route.url.startsWith('/api/auth/')) return 2;
  return route.method === 'DELETE' ? 1 : 0;
}

const dialects = await testDialects();

describe.each(dialects)('the fuzz pass over every route on %s', (dialect: DialectName) => {
  let t: TestApp;
  let callers: Caller[];
  /** Set when a request passed authentication and validation and reached its handler. */
  let reachedHandler = false;
  beforeAll(async () => {
    t = await createTestApp(dialect, {
      ctiToken: suiteCtiToken,
      configure: (app) =>
        app.addHook('preHandler', async () => {
          reachedHandler = true;
        }),
    });
    callers = await signInEveryone(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers every malformed request with a 4xx and leaves no half-written rows', async () => {
    const started = performance.now();
    const { routes, skipped } = apiRoutes(t);
    const tables = (await listTables(t.database.db)).filter((name) => !writtenOnRejection.has(name));
    const problems: string[] = [];
    let sent = 0;
    let handled = 0;
    let serverErrors = 0;
    let seeded = 0;
    const callerOf = (route: RouteEntry) =>
      route.access === 'public'
        ? 'anonymous'
        : route.access === 'integration'
          ? 'integration'
          : callers.find((c) => isAllowed(route.access, c));
    // First every creating route's valid sample, once: rows with id 1 for the routes on /:id to reach.
    for (const route of routes.filter((r) => r.method === 'POST' && !r.url.includes(':') && orderOf(r) === 0)) {
      const caller = callerOf(route);
      if (!caller) continue;
      const res = await sendAs(t, caller, sampleRequestOf(route)).catch((error: Error) => error);
      seeded++;
      if (res instanceof Error || res.statusCode >= 500) {
        problems.push(
          `${route.method} ${route.url} [valid sample]: ${res instanceof Error ? res.message : res.body.slice(0, 200)}`,
        );
        serverErrors++;
      }
    }
    let before = await countRows(t.database.db, tables);
    for (const route of [...routes].sort((a, b) => orderOf(a) - orderOf(b))) {
      const caller = callerOf(route);
      if (!caller) {
        problems.push(`${route.method} ${route.url}: no demo account has ${route.access}`);
        continue;
      }
      for (const request of fuzzRequestsOf(route)) {
        reachedHandler = false;
        const where = `${request.method} ${request.url.slice(0, 120)} [${request.label}]`;
        let res = await sendAs(t, caller, request).catch((error: Error) => error);
        if (!(res instanceof Error) && res.statusCode === 401 && typeof caller === 'object') {
          // An earlier request ended the session (a logout): sign in again and repeat.
          caller.session = await t.login(caller.username);
          before = await countRows(t.database.db, tables);
          reachedHandler = false;
          res = await sendAs(t, caller, request).catch((error: Error) => error);
        }
        sent++;
        if (res instanceof Error) {
          // A stream (an export) that broke off after its 200 and headers: a truncated file.
          problems.push(`${where}: response broken off: ${res.message}`);
          serverErrors++;
          before = await countRows(t.database.db, tables);
          continue;
        }
        if (res.statusCode >= 500) {
          problems.push(`${where}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          serverErrors++;
        }
        if (res.body.includes('"VALUE_REFUSED"')) {
          // The database, not the route's schema, refused the value: the schema lacks a bound.
          problems.push(`${where}: refused by the database, not by the schema`);
        }
        // A request refused before its handler (authentication, CSRF, validation) cannot have written.
        if (!reachedHandler) continue;
        handled++;
        const after = await countRows(t.database.db, tables);
        if (res.statusCode >= 400) {
          const changed = tables.filter((name) => before[name] !== after[name]);
          if (changed.length > 0)
            problems.push(`${where}: ${res.statusCode} but rows changed in ${changed.join(', ')}`);
        }
        before = after;
      }
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.info(
      `fuzz on ${dialect}: ${routes.length} routes, ${seeded} valid samples of creating routes, then ${sent} requests (${handled} reached a handler), ${serverErrors} 5xx, ${problems.length} problems, ${seconds} s; not sent: ${skipped.join('; ') || 'none'}`,
    );
    expect(problems).toEqual([]);
    expect(routes.length).toBeGreaterThan(150);
  }, 300_000);
});
