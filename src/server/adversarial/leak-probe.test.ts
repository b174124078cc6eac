import { Writable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../test/harness';

const dialects = await testDialects();
const ctiToken = 'cti-test-token-0123456789abcdef';

/** The reporter's identity: a phone, a name and a document number (an ID number, as the taxpayer id). */
const secrets = { phone: '13912345678', name: '李举报', idNumber: '11010519491231002X' };
const demoUsers = [
  'admin',
  'director',
  'lead1',
  'agent1',
  'agent2',
  'dept_vat',
  'dept_income',
  'leader1',
  'intake1',
  'intake2',
  'investigator1',
  'feedback1',
] as const;

/** Every entry of a zip archive (an .xlsx) as text: read through the central directory, inflated. */
function zipEntriesText(zip: Buffer): string {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip archive');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    texts.push((method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at = next;
  }
  return texts.join('\n');
}

/** What a response tells its reader: the body, an .xlsx unzipped to its XML. */
function readableText(res: LightMyRequestResponse): string {
  const type = String(res.headers['content-type'] ?? '');
  return type.includes('spreadsheetml') ? zipEntriesText(res.rawPayload) : res.body;
}

const leaksIn = (text: string) => Object.values(secrets).filter((secret) => text.includes(secret));

/**
 * The standing leak probe (issue 12): a report and an anonymous complaint are registered with a known
 * reporter, then every demo role searches, lists, opens, exports and reveals everything that could carry
 * the reporter — contacts, the caller history, the call log, cases, the inboxes, notifications, the audit
 * log, statistics — and the reporter's phone, name and document number must appear in no response but a
 * reveal the role is entitled to, and never in the server's log.
 */
describe.each(dialects)('leak probe of reporters’ identities on %s', (dialect) => {
  let t: TestApp;
  const logLines: string[] = [];
  const sessions = new Map<string, Session & { permissions: string[] }>();
  const contactIds: number[] = [];
  const caseIds: { named: number[]; anonymous: number[] } = { named: [], anonymous: [] };
  const { get, post } = sessionRequests(() => t);
  const registrations: LightMyRequestResponse[] = [];

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    t = await createTestApp(dialect, { ctiToken, logger: { level: 'trace', stream } });
    for (const username of demoUsers) {
      const session = await t.login(username);
      const me = (await get(session, '/api/auth/me')).json() as { user: { permissions: string[] } };
      sessions.set(username, { ...session, permissions: me.user.permissions });
    }
    const agent1 = sessions.get('agent1')!;
    const cti = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/cti/events',
        headers: { authorization: `Bearer ${ctiToken}` },
        payload: { from: secrets.phone, to: '12366', direction: 'in', ...payload },
      });
    const call = (await cti({ event: 'newCall', callId: 'leak-1', user: 'agent1' })).json();
    await cti({ event: 'answer', callId: 'leak-1', user: 'agent1' });
    const reporter = {
      channel: 'phone',
      callerPhone: secrets.phone,
      taxpayerId: secrets.idNumber,
      taxpayerName: secrets.name,
      outcome: 'transfer',
      subjectName: '某贸易有限公司',
    };
    registrations.push(
      await post(agent1, '/api/contacts', {
        ...reporter,
        type: 'report',
        subject: '举报虚开发票',
        content: '某公司对外虚开增值税专用发票',
        named: true,
        reporterName: secrets.name,
        callRecordId: call.callRecordId,
      }),
      await post(sessions.get('agent2')!, '/api/contacts', {
        ...reporter,
        type: 'complaint',
        subject: '投诉窗口服务',
        content: '窗口人员态度生硬',
        named: false,
      }),
    );
    await cti({ event: 'hangup', callId: 'leak-1', cause: 'normal' });
    const direct = await post(sessions.get('intake1')!, '/api/cases', {
      category: 'report',
      source: 'walk_in',
      named: true,
      reporterName: secrets.name,
      reporterPhone: secrets.phone,
      subjectName: '某商贸有限公司',
      content: '某商贸有限公司隐匿收入',
    });
    registrations.push(direct);
    for (const res of registrations.slice(0, 2)) {
      expect(res.statusCode, res.body).toBe(200);
      contactIds.push(res.json().id);
    }
    expect(direct.statusCode, direct.body).toBe(200);
    caseIds.named.push(registrations[0]!.json().caseId, direct.json().id);
    caseIds.anonymous.push(registrations[1]!.json().caseId);
  });
  afterAll(async () => {
    await t.close();
  });

  it('echoes no reporter back to the agent who registered the contact', () => {
    for (const res of registrations) expect(leaksIn(res.body)).toEqual([]);
  });

  it('reveals a named reporter only to the roles of the case’s rules, an anonymous one to nobody', async () => {
    let revealed = 0;
    for (const [username, session] of sessions) {
      const mayReveal = session.permissions.includes('cases.reveal_reporter');
      for (const id of [...caseIds.named, ...caseIds.anonymous]) {
        const res = await post(session, `/api/cases/${id}/reveal-reporter`);
        const entitled = mayReveal && caseIds.named.includes(id) && res.statusCode === 200;
        if (entitled) {
          // The probe sees a reporter where one is shown.
          expect(res.json(), username).toEqual({ reporterName: secrets.name, reporterPhone: secrets.phone });
          revealed += 1;
        } else expect(leaksIn(res.body), `${username} reveal case ${id}`).toEqual([]);
      }
      for (const id of contactIds) {
        const res = await post(session, `/api/contacts/${id}/reveal`);
        // No demo role holds both contacts.reveal and cases.reveal_reporter.
        expect(res.statusCode, `${username} reveal contact ${id}`).not.toBe(200);
        expect(leaksIn(res.body), `${username} reveal contact ${id}`).toEqual([]);
      }
    }
    expect(revealed).toBeGreaterThan(0);
  });

  it('shows no reporter in any list, search, detail, history, export or statistic, to any role', async () => {
    const period = 'from=2026-11-01&to=2026-11-30';
    const urls = [
      '/api/contacts',
      '/api/contacts?type=report',
      '/api/contacts?type=complaint',
      `/api/contacts?phone=${secrets.phone}`,
      `/api/contacts?taxpayerId=${secrets.idNumber}`,
      `/api/contacts?q=${encodeURIComponent(secrets.name)}`,
      `/api/contacts/history?phone=${secrets.phone}`,
      `/api/contacts/history?taxpayerId=${secrets.idNumber}`,
      '/api/contacts/export',
      `/api/contacts/export?phone=${secrets.phone}`,
      `/api/contacts/export?taxpayerId=${secrets.idNumber}`,
      ...contactIds.map((id) => `/api/contacts/${id}`),
      '/api/inbox',
      '/api/follow-ups',
      `/api/surveys?${period}`,
      `/api/surveys/export?${period}`,
      '/api/transfers/overdue',
      '/api/transfers/overdue/export',
      '/api/cti/calls',
      `/api/cti/calls?phone=${secrets.phone}`,
      '/api/cti/calls/export',
      `/api/cti/calls/export?phone=${secrets.phone}`,
      '/api/cases',
      `/api/cases?q=${encodeURIComponent(secrets.name)}`,
      `/api/cases?q=${secrets.phone}`,
      '/api/cases/export',
      '/api/cases/inbox',
      ...[...caseIds.named, ...caseIds.anonymous].map((id) => `/api/cases/${id}`),
      '/api/notifications?limit=50',
      '/api/admin/audit?limit=200',
      '/api/admin/audit/export',
      `/api/reports/summary?${period}`,
      `/api/reports/dashboard?${period}`,
      `/api/reports/dashboard/export?${period}&chart=contactsByType`,
      `/api/reports/dashboard/export?${period}&chart=casesByStage`,
      `/api/reports/hot-questions?${period}`,
      `/api/reports/hot-questions/export?${period}`,
    ];
    let answered = 0;
    for (const [username, session] of sessions) {
      for (const url of urls) {
        const res = await get(session, url);
        expect(res.statusCode, `${username} GET ${url}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
        if (res.statusCode === 200) answered += 1;
        expect(leaksIn(readableText(res)), `${username} GET ${url}`).toEqual([]);
      }
    }
    // The probe reached the lists: most routes answer some role.
    expect(answered).toBeGreaterThan(urls.length * 3);
  });

  it('writes no reporter to the server’s log', () => {
    expect(logLines.length).toBeGreaterThan(100);
    const log = logLines.join('');
    expect(leaksIn(log)).toEqual([]);
  });
});
