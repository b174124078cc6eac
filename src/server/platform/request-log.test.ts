import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../test/harness';
import { redactUrl } from './request-log';

const dialects = await testDialects();

describe('redactUrl', () => {
  it('hides personal query values and path parameters, and keeps the rest', () => {
    expect(redactUrl('/api/contacts?phone=13800138000&from=2026-11-01&taxpayerId=91350100M000100Y43&q=%E5%BC%A0')).toBe(
      '/api/contacts?phone=[redacted]&from=2026-11-01&taxpayerId=[redacted]&q=[redacted]',
    );
    expect(redactUrl('/survey/tok-123', { token: 'tok-123' })).toBe('/survey/[redacted]');
    expect(redactUrl('/api/reminders/opt-outs/13800138000', { phone: '13800138000' })).toBe(
      '/api/reminders/opt-outs/[redacted]',
    );
    expect(redactUrl('/api/cases/12', { id: '12' })).toBe('/api/cases/12');
  });
});

describe.each(dialects)('request ids and the request log on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  const lines: string[] = [];
  const { get, patch } = sessionRequests(() => t);
  beforeAll(async () => {
    t = await createTestApp(dialect, {
      logger: { level: 'info', stream: { write: (line: string) => void lines.push(line) } },
    });
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t.close();
  });

  it('never writes a phone number, taxpayer id or survey token of a URL to the log', async () => {
    lines.length = 0;
    await get(admin, '/api/admin/users?q=13800138000');
    await t.app.inject({ method: 'GET', url: '/api/public/surveys/secret-survey-token-1' });
    await t.app.inject({ method: 'GET', url: '/survey/secret-survey-token-2' });
    const log = lines.join('\n');
    expect(log).toContain('/api/admin/users?q=[redacted]');
    expect(log).toContain('/survey/[redacted]');
    expect(log).not.toMatch(/13800138000|secret-survey-token/);
  });

  it('stores its own request id in the audit log and the client’s only beside it', async () => {
    const first = await t.app.inject({
      method: 'PATCH',
      url: '/api/admin/departments/1',
      headers: { ...admin.writeHeaders, 'x-request-id': 'chosen-by-client' },
      payload: { name: '征管科（改）' },
    });
    expect(first.statusCode).toBe(200);
    const second = await t.app.inject({
      method: 'PATCH',
      url: '/api/admin/departments/1',
      headers: { ...admin.writeHeaders, 'x-request-id': 'chosen-by-client' },
      payload: { name: '征管科' },
    });
    const rows = await t.database.db
      .selectFrom('audit_log')
      .select(['request_id', 'client_request_id'])
      .where('action', '=', 'department.update')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.client_request_id)).toEqual(['chosen-by-client', 'chosen-by-client']);
    const ids = rows.map((r) => r.request_id);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(2);
    expect(ids).toEqual([first.headers['x-server-request-id'], second.headers['x-server-request-id']]);
    const page = await get(admin, '/api/admin/audit?action=department.update');
    expect(page.json().items[0]).toMatchObject({ requestId: ids[1], clientRequestId: 'chosen-by-client' });
    await patch(admin, '/api/admin/departments/1', { name: '征管科' });
  });
});
