import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp, testDialects } from '../test/harness';

const dialects = await testDialects();

describe.each(dialects)('Idempotency-Key on creating writes on %s', (dialect) => {
  let t: TestApp;
  let agent: Session;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    agent = await t.login('agent1');
  });
  afterAll(async () => {
    await t.close();
  });

  const contact = (subject: string) => ({
    channel: 'phone',
    type: 'consult',
    callerPhone: '13812345678',
    subject,
    content: '询问小规模纳税人季度销售额未超过30万元是否免征增值税',
    answer: '免征',
    outcome: 'answered',
  });
  const post = (url: string, payload: object, key?: string) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...agent.writeHeaders, ...(key ? { 'idempotency-key': key } : {}) },
      payload,
    });
  const countContacts = async (subject: string) =>
    (await t.database.db.selectFrom('contacts').select('id').where('subject', '=', subject).execute()).length;

  it('answers a retried contact registration with the first result and registers it once', async () => {
    const first = await post('/api/contacts', contact('重试一'), 'browser-retry-1');
    expect(first.statusCode, first.body).toBe(200);
    const retry = await post('/api/contacts', contact('重试一'), 'browser-retry-1');
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect(await countContacts('重试一')).toBe(1);
    // Without the header every request is a new contact, as before.
    await post('/api/contacts', contact('无键'));
    await post('/api/contacts', contact('无键'));
    expect(await countContacts('无键')).toBe(2);
  });

  it('refuses a key reused for another request with 422, and a malformed key with 400', async () => {
    expect((await post('/api/contacts', contact('键一'), 'reused-key')).statusCode).toBe(200);
    const other = await post('/api/contacts', contact('键二'), 'reused-key');
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await countContacts('键二')).toBe(0);
    expect((await post('/api/contacts', contact('键三'), 'has space')).statusCode).toBe(400);
  });

  it('registers concurrent duplicates once: the others get the first result or a 409', async () => {
    const responses = await Promise.all(
      Array.from({ length: 4 }, () => post('/api/contacts', contact('并发重试'), 'concurrent-key')),
    );
    expect(await countContacts('并发重试')).toBe(1);
    const ok = responses.filter((r) => r.statusCode === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((r) => r.json().id)).size).toBe(1);
    for (const r of responses.filter((r) => r.statusCode !== 200)) {
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe('IDEMPOTENT_REQUEST_IN_PROGRESS');
    }
  });

  it('answers a retried case registration with the first case, and a failed first try leaves the key free', async () => {
    const body = {
      category: 'complaint',
      source: 'phone',
      named: false,
      subjectName: '示范市某办税服务厅',
      content: '窗口人员态度生硬。',
      complaintType: 'conduct',
    };
    const bad = await post('/api/cases', { ...body, complaintType: 'no-such-type' }, 'case-key');
    expect(bad.statusCode).toBe(400);
    const first = await post('/api/cases', body, 'case-key-2');
    expect(first.statusCode, first.body).toBe(200);
    const retry = await post('/api/cases', body, 'case-key-2');
    expect(retry.json()).toEqual(first.json());
    const cases = await t.database.db
      .selectFrom('cases')
      .select('id')
      .where('case_no', '=', first.json().caseNo)
      .execute();
    expect(cases).toHaveLength(1);
    expect((await post('/api/cases', body, 'case-key')).statusCode).toBe(200);
  });
});
