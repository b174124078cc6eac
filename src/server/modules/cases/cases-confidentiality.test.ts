import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../demo/demo-data';
import { createTestApp, type Session, type TestApp, testDialects } from '../../test/harness';
import { caseClient } from './test-support';

const dialects = await testDialects();

const name = '欧阳娜娜';
const phone = '13912345678';

/**
 * What each demo role gets for a named case owned by the province: the case page (always masked),
 * whether it is offered the reveal, and what the reveal answers.
 */
const matrix: Record<string, { read: number; canReveal?: boolean; reveal: number }> = {
  admin: { read: 403, reveal: 403 },
  director: { read: 200, canReveal: false, reveal: 403 },
  lead1: { read: 200, canReveal: false, reveal: 403 },
  agent1: { read: 200, canReveal: false, reveal: 403 },
  agent2: { read: 200, canReveal: false, reveal: 403 },
  dept_vat: { read: 403, reveal: 403 },
  dept_income: { read: 403, reveal: 403 },
  leader1: { read: 200, canReveal: true, reveal: 200 },
  intake1: { read: 200, canReveal: true, reveal: 200 },
  // Intake of another office: the case is not in its scope at all.
  intake2: { read: 404, reveal: 404 },
  investigator1: { read: 200, canReveal: false, reveal: 403 },
  feedback1: { read: 200, canReveal: true, reveal: 200 },
};

describe.each(dialects)('reporter confidentiality on %s', (dialect) => {
  let t: TestApp;
  let c: ReturnType<typeof caseClient>;
  const sessions: Record<string, Session> = {};
  let caseId: number;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    c = caseClient(t);
    for (const account of demoAccounts) sessions[account.username] = await t.login(account.username);
    caseId = await c.register(sessions.agent1!, {
      category: 'report',
      complaintType: undefined,
      reporterName: name,
      reporterPhone: phone,
      subjectName: '某贸易公司',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('covers every demo account', () => {
    expect(Object.keys(matrix).sort()).toEqual(demoAccounts.map((a) => a.username).sort());
  });

  it.each(Object.entries(matrix))(
    '%s sees the reporter masked, and may reveal only if it needs to',
    async (username, rule) => {
      const session = sessions[username]!;
      const read = await c.get(session, `/api/cases/${caseId}`);
      expect(read.statusCode).toBe(rule.read);
      if (rule.read === 200) {
        const view = read.json();
        expect(view).toMatchObject({
          reporterName: '欧***',
          reporterPhone: '139****5678',
          canRevealReporter: rule.canReveal,
        });
        expect(read.body).not.toContain(name);
        expect(read.body).not.toContain(phone);
      }
      const reveal = await c.post(session, `/api/cases/${caseId}/reveal-reporter`);
      expect(reveal.statusCode).toBe(rule.reveal);
      if (rule.reveal === 200) expect(reveal.json()).toEqual({ reporterName: name, reporterPhone: phone });
      else expect(reveal.body).not.toContain(name);
    },
  );

  it('audits every reveal and shows it in the case history', async () => {
    const director = sessions.director!;
    const audit = (await c.get(director, `/api/admin/audit?action=case.reveal_reporter&entityId=${caseId}`)).json();
    expect(audit.items.map((e: { actorUsername: string }) => e.actorUsername).sort()).toEqual([
      'feedback1',
      'intake1',
      'leader1',
    ]);
    const history = (await c.read(sessions.intake1!, caseId)).history;
    expect(
      history
        .filter((h: { action: string }) => h.action === 'reveal_reporter')
        .map((h: { actor: { username: string } }) => h.actor.username)
        .sort(),
    ).toEqual(['feedback1', 'intake1', 'leader1']);
  });

  it('lets the intake of the office a case was forwarded to reveal it', async () => {
    const dongcheng = await c.orgUnitId(sessions.intake1!, 'SF-DC');
    const id = await c.register(sessions.agent1!, { reporterName: name, reporterPhone: phone });
    expect((await c.post(sessions.intake2!, `/api/cases/${id}/reveal-reporter`)).statusCode).toBe(404);
    await c.claimAndAct(sessions.intake1!, id, { action: 'forward', orgUnitId: dongcheng });
    await c.claimAndAct(sessions.leader1!, id, { action: 'to_handling' });
    const reveal = await c.post(sessions.intake2!, `/api/cases/${id}/reveal-reporter`);
    expect(reveal.statusCode).toBe(200);
    expect(reveal.json().reporterName).toBe(name);
  });

  it('keeps the identity out of the audit log, lists, search, exports and notifications', async () => {
    // Work the case so that the audit log holds several before/after pairs.
    await c.claimAndAct(sessions.intake1!, caseId, {
      action: 'accept',
      classification: ['r.invoice', 'r.invoice.false', 'r.invoice.false.ordinary'],
    });
    const auditBody = (await c.get(sessions.director!, '/api/admin/audit?entityType=case&limit=200')).body;
    expect(auditBody).toContain('欧***');
    expect(auditBody).not.toContain(name);
    expect(auditBody).not.toContain(phone);

    const list = await c.get(sessions.leader1!, '/api/cases?category=report');
    expect(list.json().items.length).toBeGreaterThan(0);
    expect(list.body).not.toContain(name);
    expect((await c.get(sessions.leader1!, `/api/cases?q=${encodeURIComponent(name)}`)).json().total).toBe(0);

    const exported = await t.app.inject({
      method: 'GET',
      url: '/api/cases/export?category=report',
      headers: sessions.leader1!.headers,
    });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toMatch(/^attachment;/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    workbook.worksheets[0]!.eachRow((row) => {
      row.eachCell((cell) => {
        cells.push(String(cell.value));
      });
    });
    expect(cells).toContain('筛选条件');
    expect(cells).toContain('业务类别：举报');
    expect(cells).toContain('案件编号');
    expect(cells).toContain('欧***');
    expect(cells).toContain('139****5678');
    expect(cells.join('|')).not.toContain(name);
    expect(cells.join('|')).not.toContain(phone);

    const outbox = await t.database.db.selectFrom('outbox').select('payload').execute();
    expect(outbox.length).toBeGreaterThan(0);
    expect(outbox.map((o) => o.payload).join('|')).not.toContain(name);
    const events = await t.database.db.selectFrom('case_events').select('fields').execute();
    expect(events.map((e) => e.fields).join('|')).not.toContain(name);
  });
});
