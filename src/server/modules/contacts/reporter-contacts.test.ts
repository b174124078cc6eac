import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../../test/harness';
import { CALLER_LOOKUPS_PER_HOUR } from './lookup-limit';

const dialects = await testDialects();
const ctiToken = 'cti-test-token-0123456789abcdef';

/** The reporter of issue 12: a phone, a valid ID number (GB 11643) as taxpayer id, a name. */
const reporter = { phone: '13912345678', idNumber: '11010519491231002X', name: '李举报' };

/**
 * Issue 12, items 1 and 2: a contact handed over as a report or complaint follows its case's rules —
 * no exact-match search finds it for a role that may not see the reporter, it is masked for everybody,
 * and its reveal needs `cases.reveal_reporter` and goes into the case's history.
 */
describe.each(dialects)('reporters’ contacts on %s', (dialect) => {
  let t: TestApp;
  let agent1: Session;
  let agent2: Session;
  let lead: Session;
  let director: Session;
  let report: { id: number; caseId: number };
  let anonymous: { id: number; caseId: number };
  const { get, post } = sessionRequests(() => t);

  beforeAll(async () => {
    t = await createTestApp(dialect, { ctiToken });
    agent1 = await t.login('agent1');
    agent2 = await t.login('agent2');
    lead = await t.login('lead1');
    director = await t.login('director');
    const newCall = await t.app.inject({
      method: 'POST',
      url: '/api/cti/events',
      headers: { authorization: `Bearer ${ctiToken}` },
      payload: { event: 'newCall', callId: 'r-1', from: reporter.phone, to: '12366', direction: 'in', user: 'agent1' },
    });
    const base = {
      channel: 'phone',
      callerPhone: reporter.phone,
      taxpayerId: reporter.idNumber,
      taxpayerName: reporter.name,
      outcome: 'transfer',
      subjectName: '某贸易有限公司',
    };
    const named = await post(agent1, '/api/contacts', {
      ...base,
      type: 'report',
      subject: '举报虚开发票',
      content: '某公司对外虚开增值税专用发票',
      named: true,
      reporterName: reporter.name,
      callRecordId: newCall.json().callRecordId,
    });
    expect(named.statusCode, named.body).toBe(200);
    report = named.json();
    const anon = await post(agent2, '/api/contacts', {
      ...base,
      type: 'complaint',
      subject: '投诉窗口服务',
      content: '窗口人员态度生硬',
      named: false,
    });
    expect(anon.statusCode, anon.body).toBe(200);
    anonymous = anon.json();
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds no reporter’s contact by phone or taxpayer id for roles that may not see the reporter', async () => {
    for (const s of [agent1, agent2, lead, director]) {
      for (const query of [`phone=${reporter.phone}`, `taxpayerId=${reporter.idNumber}`]) {
        const log = await get(s, `/api/contacts?type=report&${query}`);
        expect(log.statusCode).toBe(200);
        expect(log.json().items).toEqual([]);
        const history = (await get(s, `/api/contacts/history?${query}`)).json();
        expect([...history.recent, ...history.open]).toEqual([]);
      }
      expect((await get(s, `/api/contacts?q=${encodeURIComponent(reporter.name)}`)).json().items).toEqual([]);
      expect((await get(s, `/api/cti/calls?phone=${reporter.phone}`)).json().items).toEqual([]);
    }
  });

  it('shows a reporter’s contact masked as its case shows it, to its own agent too, in the log, detail and call log', async () => {
    const listed = (await get(agent1, '/api/contacts?type=report')).json().items[0];
    expect(listed).toMatchObject({ id: report.id, callerPhone: '139****5678', taxpayerName: '李**' });
    expect(listed.taxpayerId).not.toBe(reporter.idNumber);
    const detail = (await get(agent1, `/api/contacts/${report.id}`)).json();
    expect(detail).toMatchObject({ callerPhone: '139****5678', isMasked: true, taxpayerName: '李**' });
    const call = (await get(agent1, '/api/cti/calls'))
      .json()
      .items.find((k: { contactId: number }) => k.contactId === report.id);
    expect(call.from).toBe('139****5678');
  });

  it('refuses the contact reveal to team leads and the director, and writes nothing to the case', async () => {
    for (const s of [lead, director]) {
      const res = await post(s, `/api/contacts/${report.id}/reveal`);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('REPORTER_CONFIDENTIAL');
    }
    const intake = await t.login('intake1');
    const history = (await get(intake, `/api/cases/${report.caseId}`)).json().history;
    expect(history.map((e: { action: string }) => e.action)).not.toContain('reveal_reporter');
  });

  it('reveals to a role that may see the reporter, within the case’s rules, and writes the case history and audit', async () => {
    // A team lead who is also a leader holds both contacts.reveal and cases.reveal_reporter.
    await t.database.db.insertInto('user_roles').values({ user_id: lead.userId, role: 'leader' }).execute();
    const both = await t.login('lead1');
    const found = (await get(both, `/api/contacts?phone=${reporter.phone}`)).json().items;
    expect(found.map((c: { id: number }) => c.id)).toContain(report.id);
    expect(found.find((c: { id: number }) => c.id === report.id).callerPhone).toBe('139****5678');

    const revealed = await post(both, `/api/contacts/${report.id}/reveal`);
    expect(revealed.statusCode, revealed.body).toBe(200);
    expect(revealed.json()).toEqual({ callerPhone: reporter.phone, taxpayerId: reporter.idNumber });
    const history = (await get(both, `/api/cases/${report.caseId}`)).json().history;
    expect(history.at(-1)).toMatchObject({ action: 'reveal_reporter', fields: { contactId: report.id } });
    const admin = await t.login('admin');
    const audit = (await get(admin, `/api/admin/audit?action=case.reveal_reporter&entityId=${report.caseId}`)).json();
    expect(audit.items[0]).toMatchObject({ actorUsername: 'lead1' });

    // An anonymous complainant is revealed to nobody.
    const anon = await post(both, `/api/contacts/${anonymous.id}/reveal`);
    expect(anon.statusCode).toBe(409);
    expect(anon.json().error.code).toBe('CASE_ANONYMOUS');
    await t.database.db
      .deleteFrom('user_roles')
      .where('user_id', '=', lead.userId)
      .where('role', '=', 'leader')
      .execute();
  });

  it('limits exact-match lookups of callers per user and hour, so that no search is an oracle', async () => {
    // A fresh hour: the lookups of the tests above counted in the hour before.
    t.clock.set('2026-11-27T03:00:00Z');
    const [agent, other] = await Promise.all([t.login('agent2'), t.login('agent1')]);
    const lookups = [
      '/api/contacts?phone=13700000000',
      '/api/contacts/history?phone=13700000000',
      '/api/cti/calls?phone=13700000000',
    ];
    for (let i = 0; i < CALLER_LOOKUPS_PER_HOUR; i++) {
      expect((await get(agent, lookups[i % lookups.length]!)).statusCode).toBe(200);
    }
    for (const url of [
      ...lookups,
      '/api/contacts/export?taxpayerId=11010519491231002X',
      '/api/cti/calls/export?phone=13700000000',
    ]) {
      const limited = await get(agent, url);
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('CALLER_LOOKUP_LIMITED');
    }
    // Lists without a number to match stay open, as do other users' lookups.
    expect((await get(agent, '/api/contacts?type=report')).statusCode).toBe(200);
    expect((await get(other, lookups[0]!)).statusCode).toBe(200);
    // The next hour starts afresh.
    t.clock.set('2026-11-27T04:00:00Z');
    expect((await get(await t.login('agent2'), lookups[1]!)).statusCode).toBe(200);
  });
});
