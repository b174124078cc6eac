import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../demo/demo-data';
import { createTestApp, demoPassword, type TestApp, testDialects } from '../../test/harness';

const dialects = await testDialects();

describe.each(dialects)('accounts and sessions on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  const inject = (options: InjectOptions) => t.app.inject(options);

  it('logs in every demo account with its roles', async () => {
    for (const account of demoAccounts) {
      const res = await inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: account.username, password: demoPassword },
      });
      expect(res.statusCode, account.username).toBe(200);
      const body = res.json();
      expect(body.user).toMatchObject({ username: account.username, roles: account.roles });
      expect(body.csrfToken).toEqual(expect.any(String));
    }
  });

  it('sets an httpOnly, SameSite session cookie that is not Secure outside production', async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'agent1', password: demoPassword },
    });
    const cookie = res.cookies.find((c) => c.name === 'taxline_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
  });

  it("gives the session cookie a Max-Age and no absolute Expires from the server's clock", async () => {
    // The browser compares an absolute Expires with its own date: a server clock that is fixed (tests)
    // or shifted (TAXLINE_CLOCK) would make it drop the cookie at once.
    const res = await inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'agent1', password: demoPassword },
    });
    const header = [res.headers['set-cookie']].flat().find((h) => h?.startsWith('taxline_session='));
    expect(header).toMatch(/; Max-Age=43200(;|$)/);
    expect(header).not.toMatch(/Expires=/i);
  });

  it('answers wrong credentials with 401 without saying which part was wrong', async () => {
    const wrongPassword = await inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'agent2', password: 'nope-123456' },
    });
    const unknownUser = await inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: 'nope-123456' },
    });
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownUser.statusCode).toBe(401);
    expect(wrongPassword.json()).toEqual(unknownUser.json());
    expect(wrongPassword.json().error).toEqual({ code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
  });

  const attempt = (username: string, password: string, remoteAddress?: string) =>
    inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      ...(remoteAddress ? { remoteAddress } : {}),
    });

  it('delays guesses of one account from one address progressively, and lets the right password through', async () => {
    const guesser = '10.0.0.66';
    const holdsBefore = t.sleeps.length;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await attempt('feedback1', `wrong-${i}`, guesser)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401]);
    // Five free attempts, then each one waits its turn: 1 s after the fifth, 2 s more after the sixth.
    expect(t.sleeps.slice(holdsBefore)).toEqual([1000, 3000]);
    // The next turn is 7 s away, more than a request is held: a 429 that says when, counted as nothing.
    const early = await attempt('feedback1', demoPassword, guesser);
    expect(early.statusCode).toBe(429);
    expect(early.json().error.code).toBe('LOGIN_THROTTLED');
    expect(early.headers['retry-after']).toBe('2');
    t.clock.advance(2000);
    const onTime = await attempt('feedback1', demoPassword, guesser);
    expect(onTime.statusCode).toBe(200);
    expect(t.sleeps.slice(holdsBefore)).toEqual([1000, 3000, 5000]);
    // The success starts the pair over.
    expect((await attempt('feedback1', 'wrong-again', guesser)).statusCode).toBe(401);
    expect(t.sleeps.length).toBe(holdsBefore + 3);
  });

  it("never slows the real user down for someone else's guesses, from another address", async () => {
    const guesser = '10.0.0.77';
    for (let i = 0; i < 7; i++) await attempt('investigator1', `wrong-${i}`, guesser);
    const holdsBefore = t.sleeps.length;
    const res = await attempt('investigator1', demoPassword);
    expect(res.statusCode).toBe(200);
    expect(t.sleeps.length).toBe(holdsBefore);
  });

  it('does not slow an address that failed on many accounts for an account it did not guess', async () => {
    const remoteAddress = '10.9.8.7';
    for (let i = 0; i < 30; i++) {
      expect((await attempt(`guess${i}`, 'wrong-pass1', remoteAddress)).statusCode).toBe(401);
    }
    const holdsBefore = t.sleeps.length;
    expect((await attempt('agent1', demoPassword, remoteAddress)).statusCode).toBe(200);
    expect(t.sleeps.length).toBe(holdsBefore);
  });

  it('counts parallel guesses before trying them, so each one waits its own turn', async () => {
    const holdsBefore = t.sleeps.length;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => attempt('intake2', `parallel-${i}`, '10.1.1.1')),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    // Five free attempts and two held ones (1 s, 3 s) are tried; the other five are refused untried.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
    expect(t.sleeps.slice(holdsBefore).sort((a, b) => a - b)).toEqual([1000, 3000]);
  });

  it('starts a pair over after 15 minutes without attempts', async () => {
    for (let i = 0; i < 6; i++) await attempt('leader1', `wrong-${i}`, '10.2.2.2');
    t.clock.advance(16 * 60 * 1000);
    const holdsBefore = t.sleeps.length;
    expect((await attempt('leader1', demoPassword, '10.2.2.2')).statusCode).toBe(200);
    expect(t.sleeps.length).toBe(holdsBefore);
  });

  it('returns the current user and ends the session on logout at once', async () => {
    const s = await t.login('agent1');
    const me = await inject({ method: 'GET', url: '/api/auth/me', headers: s.headers });
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ username: 'agent1', roles: ['agent'] });
    expect(me.json().user.permissions).toContain('calendar.read');
    expect(me.json().user.permissions).not.toContain('users.manage');
    const out = await inject({ method: 'POST', url: '/api/auth/logout', headers: s.writeHeaders });
    expect(out.statusCode).toBe(204);
    const after = await inject({ method: 'GET', url: '/api/auth/me', headers: s.headers });
    expect(after.statusCode).toBe(401);
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const s = await t.login('agent1');
    const res = await inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_TOKEN_INVALID');
    const wrong = await inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { ...s.headers, 'x-csrf-token': 'x'.repeat(32) },
    });
    expect(wrong.statusCode).toBe(403);
  });

  it('ends a session after two idle hours', async () => {
    const s = await t.login('agent2');
    t.clock.advance(2 * 60 * 60 * 1000 + 1000);
    const res = await inject({ method: 'GET', url: '/api/auth/me', headers: s.headers });
    expect(res.statusCode).toBe(401);
  });

  it('changes the own password: the old one stops working and other sessions end', async () => {
    const first = await t.login('intake2');
    const second = await t.login('intake2');
    const weak = await inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: first.writeHeaders,
      payload: { currentPassword: demoPassword, newPassword: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details.fields[0].field).toBe('newPassword');
    const wrongCurrent = await inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: first.writeHeaders,
      payload: { currentPassword: 'not-it-123', newPassword: 'NewPass2026' },
    });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().error.code).toBe('WRONG_CURRENT_PASSWORD');
    const ok = await inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: first.writeHeaders,
      payload: { currentPassword: demoPassword, newPassword: 'NewPass2026' },
    });
    expect(ok.statusCode).toBe(204);
    expect((await inject({ method: 'GET', url: '/api/auth/me', headers: first.headers })).statusCode).toBe(200);
    expect((await inject({ method: 'GET', url: '/api/auth/me', headers: second.headers })).statusCode).toBe(401);
    const old = await inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'intake2', password: demoPassword },
    });
    expect(old.statusCode).toBe(401);
    await t.login('intake2', 'NewPass2026');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'user.password_change')
      .where('entity_id', '=', String(first.userId))
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('never stores a password in clear or in the audit log', async () => {
    const rows = await t.database.db.selectFrom('users').select('password_hash').execute();
    for (const r of rows) expect(r.password_hash).toMatch(/^scrypt\$/);
    const audit = await t.database.db.selectFrom('audit_log').select(['before', 'after']).execute();
    for (const a of audit) expect(`${a.before}${a.after}`).not.toMatch(/password|scrypt/i);
  });
});

describe.each(dialects)('the client address behind reverse proxies on %s', (dialect) => {
  let trusting: TestApp;
  let direct: TestApp;
  beforeAll(async () => {
    [trusting, direct] = await Promise.all([
      createTestApp(dialect, { trustProxy: ['192.0.2.10', '198.51.100.0/24'] }),
      createTestApp(dialect),
    ]);
  });
  afterAll(async () => {
    await Promise.all([trusting?.close(), direct?.close()]);
  });

  const guess = (app: TestApp, options: { remoteAddress: string; forwardedFor?: string; password?: string }) =>
    app.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: options.remoteAddress,
      headers: options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {},
      payload: { username: 'agent2', password: options.password ?? 'wrong-pass1' },
    });

  it('throttles each client a trusted proxy forwards on its own, so one guesser behind it slows nobody else', async () => {
    for (let i = 0; i < 7; i++) await guess(trusting, { remoteAddress: '192.0.2.10', forwardedFor: '203.0.113.5' });
    expect(trusting.sleeps).toEqual([1000, 3000]);
    const colleague = await guess(trusting, {
      remoteAddress: '198.51.100.7',
      forwardedFor: '203.0.113.6',
      password: demoPassword,
    });
    expect(colleague.statusCode).toBe(200);
    expect(trusting.sleeps).toEqual([1000, 3000]);
    const audit = await trusting.database.db
      .selectFrom('audit_log')
      .select('ip')
      .where('action', '=', 'auth.login')
      .executeTakeFirst();
    expect(audit?.ip).toBe('203.0.113.6');
  });

  it('ignores X-Forwarded-For from an address that is not a trusted proxy', async () => {
    for (let i = 0; i < 7; i++) {
      await guess(direct, { remoteAddress: '10.3.3.3', forwardedFor: `203.0.113.${i + 20}` });
    }
    expect(direct.sleeps).toEqual([1000, 3000]);
  });
});
