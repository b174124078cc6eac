import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../test/harness';

const dialects = await testDialects();

/** The 500s issue 12 names, one by one; the fuzz pass looks for their kind on every route. */
describe.each(dialects)('the 500s of issue 12 on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let lead: Session;
  const { get, post, patch } = sessionRequests(() => t);
  beforeAll(async () => {
    t = await createTestApp(dialect);
    [admin, lead] = await Promise.all([t.login('admin'), t.login('lead1')]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers a PATCH that names no field with 400 NO_CHANGES and writes no audit row', async () => {
    const category = await post(admin, '/api/kb/categories', { parentId: null, name: '空补丁测试' });
    expect(category.statusCode).toBe(200);
    const auditBefore = await t.database.db.selectFrom('audit_log').select('id').execute();
    for (const url of [
      '/api/admin/departments/1',
      '/api/admin/org-units/1',
      `/api/kb/categories/${category.json().id}`,
    ]) {
      const res = await patch(admin, url, {});
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'NO_CHANGES', message: '没有要修改的字段' });
      expect(res.json().error.details.fields).toEqual([{ field: 'body', message: '没有要修改的字段' }]);
    }
    expect(await t.database.db.selectFrom('audit_log').select('id').execute()).toHaveLength(auditBefore.length);
  });

  it('refuses a NUL character in a body field, a query parameter or a path parameter with a 400 naming it', async () => {
    const body = await post(lead, '/api/contacts', {
      channel: 'phone',
      type: 'consult',
      callerPhone: '13800138000',
      subject: '空字符\u0000测试',
      content: '内容',
      outcome: 'answered',
    });
    expect(body.statusCode).toBe(400);
    expect(body.json().error.details.fields).toEqual([{ field: 'subject', message: '不能包含空字符' }]);
    const nested = await patch(admin, '/api/admin/departments/1', { name: ['a\u0000'] });
    expect(nested.statusCode).toBe(400);
    expect(nested.json().error.details.fields).toEqual([{ field: 'name.0', message: '不能包含空字符' }]);
    const path = await patch(admin, '/api/kb/libraries/a%00b', { name: '库名' });
    expect(path.statusCode).toBe(400);
    expect(path.json().error.details.fields).toEqual([{ field: 'params.code', message: '不能包含空字符' }]);
  });

  it('refuses a NUL character in the filters of an export instead of sending a truncated file', async () => {
    for (const url of ['/api/contacts/export?q=a%00b', '/api/kb/export?format=jsonl&library=a%00b']) {
      const res = await get(lead, url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type'], url).toMatch(/application\/json/);
    }
  });

  it('refuses ids beyond PostgreSQL integer in a path or a body with a 400', async () => {
    const path = await get(lead, '/api/contacts/2147483648');
    expect(path.statusCode).toBe(400);
    const body = await post(lead, '/api/contacts', {
      channel: 'phone',
      type: 'consult',
      callerPhone: '13800138000',
      subject: '编号测试',
      content: '内容',
      outcome: 'transfer',
      departmentId: 2_147_483_648,
    });
    expect(body.statusCode).toBe(400);
    expect(body.json().error.details.fields).toEqual([expect.objectContaining({ field: 'departmentId' })]);
  });
});
