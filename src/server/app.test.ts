import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialects } from './test/harness';

const dialects = await testDialects();

describe.each(dialects)('HTTP basics on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers the health check without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', db: dialect, version: 'test' });
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('echoes a well-formed incoming request id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'pbx-123' } });
    expect(res.headers['x-request-id']).toBe('pbx-123');
  });

  it('describes every route in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of [
      '/api/health',
      '/api/auth/login',
      '/api/calendar/working-days/add',
      '/api/calendar/days',
      '/api/admin/users',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });

  it('answers an unknown API route with 404 in the error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(res.json().error.message).toMatch(/接口不存在/);
  });

  it('asks for a session on every other API route', async () => {
    for (const url of [
      '/api/auth/me',
      '/api/calendar/days?from=2026-01-01&to=2026-01-02',
      '/api/admin/users',
      '/api/org-units',
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
  });

  describe('bad input', () => {
    it('rejects malformed JSON with 400 naming the body', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"username": "admin",',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'INVALID_JSON', details: { fields: [{ field: 'body' }] } } });
    });

    it('rejects wrong types with 400 naming the field in Chinese', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 42, password: 'x' },
      });
      expect(res.statusCode).toBe(400);
      const body = res.json();
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.details.fields[0].field).toBe('username');
      expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
    });

    it('rejects unknown fields with 400 naming them', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: 'x', isAdmin: true },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.fields).toEqual([{ field: 'isAdmin', message: '不允许的字段' }]);
    });

    it('rejects an oversize body with 400', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: 'x'.repeat(2 * 1024 * 1024) },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('BODY_TOO_LARGE');
    });

    it('rejects a body of the wrong content type with 415', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'text/xml' },
        payload: '<login/>',
      });
      expect(res.statusCode).toBe(415);
      expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('rejects a bad query parameter with 400 naming it', async () => {
      const s = await t.login('agent1');
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/calendar/working-days/add?from=2026-02-30&days=2',
        headers: s.headers,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.fields[0].field).toBe('querystring.from');
    });
  });
});

describe('route declarations', () => {
  it('refuses to start when an API route does not state what it needs', async () => {
    const { default: Fastify } = await import('fastify');
    const { installHttpPolicy } = await import('./platform/http');
    const app = Fastify();
    installHttpPolicy(app, { db: {} as never, clock: { now: () => new Date() } });
    expect(() => app.get('/api/forgotten', async () => 'x')).toThrow(/does not declare its access/);
    await app.close();
  });

  it('refuses to start when an API route does not declare its response', async () => {
    const { default: Fastify } = await import('fastify');
    const { installHttpPolicy } = await import('./platform/http');
    const app = Fastify();
    installHttpPolicy(app, { db: {} as never, clock: { now: () => new Date() } });
    expect(() => app.get('/api/undeclared', { config: { access: 'public' } }, async () => 'x')).toThrow(
      /does not declare its response/,
    );
    await app.close();
  });
});
