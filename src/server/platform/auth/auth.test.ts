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

  it('throttles an account after 5 failures, even with the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'feedback1', password: `wrong-${i}` },
      });
      expect(res.statusCode).toBe(401);
    }
    const res = await inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'feedback1', password: demoPassword },
    });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('LOGIN_THROTTLED');
    t.clock.advance(16 * 60 * 1000);
    const later = await inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'feedback1', password: demoPassword },
    });
    expect(later.statusCode).toBe(200);
  });

  it('throttles an IP address that tries many accounts', async () => {
    const remoteAddress = '10.9.8.7';
    for (let i = 0; i < 30; i++) {
      await inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress,
        payload: { username: `guess${i}`, password: 'wrong-pass1' },
      });
    }
    const res = await inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress,
      payload: { username: 'agent1', password: demoPassword },
    });
    expect(res.statusCode).toBe(429);
    const elsewhere = await inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'agent1', password: demoPassword },
    });
    expect(elsewhere.statusCode).toBe(200);
    t.clock.advance(16 * 60 * 1000);
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
