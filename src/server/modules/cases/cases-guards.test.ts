import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/audit';
import { findCurrentUser } from '../../platform/auth/auth.service';
import { buildCaseProcess, buildUser } from '../../test/factories';
import { createTestApp, type Session, type TestApp, testDialects } from '../../test/harness';
import { registerCase } from './index';
import { storeCurrentVersion } from './processes';
import { type CaseSessions, caseClient, complaintClassification } from './test-support';

const dialects = await testDialects();

describe.each(dialects)('guards, claims and bad input on %s', (dialect) => {
  let t: TestApp;
  let c: ReturnType<typeof caseClient>;
  let s: CaseSessions;
  let intake3: Session;
  let lead: Session;

  /** Everything a failed request could have half-written. */
  const snapshot = async (id?: number) => {
    const db = t.database.db;
    const count = async (table: 'cases' | 'case_events' | 'audit_log' | 'outbox' | 'case_extensions') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const row = id
      ? await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
      : undefined;
    return {
      cases: await count('cases'),
      events: await count('case_events'),
      audit: await count('audit_log'),
      outbox: await count('outbox'),
      extensions: await count('case_extensions'),
      row,
    };
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    c = caseClient(t);
    s = await c.logins();
    lead = await t.login('lead1');
    intake3 = await buildUser(t, { username: 'intake3', name: '钱敏', roles: ['intake'], orgUnit: 'SF' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets exactly one of two simultaneous claims win; the other gets 409', async () => {
    for (let round = 0; round < 4; round += 1) {
      const id = await c.register(s.agent);
      const [a, b] = await Promise.all([c.claim(s.intake, id), c.claim(intake3, id)]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const loser = a.statusCode === 409 ? a : b;
      expect(loser.json().error.code).toBe('CASE_HELD_BY_OTHER');
      const view = await c.read(s.intake, id);
      expect(view.history.filter((h: { action: string }) => h.action === 'claim')).toHaveLength(1);
      expect(view.holder.username).toBe(a.statusCode === 200 ? 'intake1' : 'intake3');
    }
  });

  it('treats a second claim by the holder as done, and refuses claims by roles the step does not take', async () => {
    const id = await c.register(s.agent);
    expect((await c.claim(s.intake, id)).statusCode).toBe(200);
    expect((await c.claim(s.intake, id)).statusCode).toBe(200);
    const investigator = await c.claim(s.investigator, id);
    expect(investigator.statusCode).toBe(403);
    expect((await c.claim(s.agent, id)).statusCode).toBe(403);
  });

  it('refuses each bad action with the right status, and writes nothing', async () => {
    const province = await c.orgUnitId(s.intake, 'SF');
    const id = await c.register(s.agent);
    const before = await snapshot(id);
    const expectFailure = async (session: Session, body: Record<string, unknown>, status: number, code: string) => {
      const res = await c.act(session, id, body);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
      return res.json().error;
    };
    // Not claimed yet: nobody may act.
    await expectFailure(
      s.intake,
      { action: 'accept', classification: complaintClassification },
      409,
      'CASE_NOT_CLAIMED',
    );
    expect((await c.claim(s.intake, id)).statusCode).toBe(200);
    const claimed = await snapshot(id);
    // Held by someone else.
    await expectFailure(
      intake3,
      { action: 'accept', classification: complaintClassification },
      409,
      'CASE_HELD_BY_OTHER',
    );
    // A role that may not act in this step.
    await expectFailure(
      s.investigator,
      { action: 'accept', classification: complaintClassification },
      403,
      'ROLE_CANNOT_ACT',
    );
    // An action the step does not offer.
    await expectFailure(s.intake, { action: 'close' }, 409, 'ACTION_NOT_ALLOWED_IN_STEP');
    await expectFailure(
      s.intake,
      { action: 'request_extension', workingDays: 2, reason: 'x' },
      409,
      'ACTION_NOT_ALLOWED_IN_STEP',
    );
    // Unknown action, missing or unknown fields, bad values: each names its field.
    const fieldOf = async (body: Record<string, unknown>) =>
      (await expectFailure(s.intake, body, 400, 'VALIDATION_FAILED')).details.fields[0].field;
    expect((await expectFailure(s.intake, { action: 'launch' }, 400, 'UNKNOWN_ACTION')).details.fields[0].field).toBe(
      'action',
    );
    expect(await fieldOf({ action: 'accept' })).toBe('classification');
    expect(await fieldOf({ action: 'reject' })).toBe('reason');
    expect(await fieldOf({ action: 'forward' })).toBe('orgUnitId');
    expect(await fieldOf({ action: 'forward', orgUnitId: 'SF-DC' })).toBe('orgUnitId');
    expect(await fieldOf({ action: 'accept', classification: ['c.conduct'] })).toBe('classification');
    expect(await fieldOf({ action: 'reject', reason: 'not_in_scope', classification: complaintClassification })).toBe(
      'classification',
    );
    const wrongLevel = await expectFailure(
      s.intake,
      { action: 'accept', classification: ['c.conduct', 'c.efficiency.speed', 'c.efficiency.speed.queue'] },
      400,
      'UNKNOWN_CLASSIFICATION',
    );
    expect(wrongLevel.details.fields[0].field).toBe('classification.1');
    const reportTree = await expectFailure(
      s.intake,
      { action: 'accept', classification: ['r.invoice', 'r.invoice.false', 'r.invoice.false.special'] },
      400,
      'UNKNOWN_CLASSIFICATION',
    );
    expect(reportTree.details.fields[0].field).toBe('classification.0');
    const reason = await expectFailure(s.intake, { action: 'reject', reason: '我不想受理' }, 400, 'UNKNOWN_OPTION');
    expect(reason.details.fields[0].field).toBe('reason');
    const own = await expectFailure(s.intake, { action: 'forward', orgUnitId: province }, 400, 'FORWARD_TO_OWN_OFFICE');
    expect(own.details.fields[0].field).toBe('orgUnitId');
    await expectFailure(s.intake, { action: 'forward', orgUnitId: 99999 }, 400, 'ORG_UNIT_NOT_FOUND');
    await expectFailure(s.intake, { action: 'set_period', periodEnd: '2026-11-01' }, 400, 'PERIOD_IN_PAST');
    expect(await snapshot(id)).toEqual(claimed);
    expect(claimed.row).toMatchObject({ step: 'intake', holder_user_id: s.intake.userId, revision: 1 });
    expect(before.row).toMatchObject({ step: 'intake', holder_user_id: null, revision: 0 });
  });

  it('lets intake change the processing period, and refuses an extension on a closed case', async () => {
    const id = await c.register(s.agent);
    const view = await c.claimAndAct(s.intake, id, {
      action: 'set_period',
      periodEnd: '2026-12-31',
      comment: '案情复杂',
    });
    expect(view).toMatchObject({ step: 'intake', dueAt: '2027-01-01T00:00:00+08:00', holder: { username: 'intake1' } });
    await c.act(s.intake, id, { action: 'reject', reason: 'duplicate' });
    await c.claimAndAct(s.leader, id, { action: 'to_feedback' });
    await c.claimAndAct(s.feedback, id, { action: 'give_feedback', method: 'phone', content: '已告知' });
    await c.claimAndAct(s.leader, id, { action: 'close' });
    const before = await snapshot(id);
    expect((await c.claim(s.investigator, id)).statusCode).toBe(409);
    const late = await c.act(s.investigator, id, { action: 'request_extension', workingDays: 3, reason: '补充调查' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('ACTION_NOT_ALLOWED_IN_STEP');
    expect(await snapshot(id)).toEqual(before);
  });

  it('lets a team lead or leader release and reassign a claim, and nobody else', async () => {
    const id = await c.register(s.agent);
    expect((await c.claim(s.intake, id)).statusCode).toBe(200);
    expect((await c.post(s.agent, `/api/cases/${id}/release`)).statusCode).toBe(403);
    expect((await c.post(intake3, `/api/cases/${id}/release`)).statusCode).toBe(403);
    expect((await c.post(intake3, `/api/cases/${id}/reassign`, { userId: intake3.userId })).statusCode).toBe(403);

    const assignees = (await c.get(lead, `/api/cases/${id}/assignees`)).json();
    expect(assignees.map((u: { username: string }) => u.username).sort()).toEqual(['intake1', 'intake3']);
    const toInvestigator = await c.post(lead, `/api/cases/${id}/reassign`, { userId: s.investigator.userId });
    expect(toInvestigator.statusCode).toBe(400);
    expect(toInvestigator.json().error.details.fields[0].field).toBe('userId');
    const reassigned = await c.post(lead, `/api/cases/${id}/reassign`, { userId: intake3.userId });
    expect(reassigned.statusCode, reassigned.body).toBe(200);
    expect(reassigned.json().holder.username).toBe('intake3');
    expect((await c.act(s.intake, id, { action: 'reject', reason: 'duplicate' })).statusCode).toBe(409);

    const released = await c.post(s.leader, `/api/cases/${id}/release`);
    expect(released.statusCode).toBe(200);
    expect(released.json().holder).toBeNull();
    expect((await c.claim(s.intake, id)).statusCode).toBe(200);
    const own = await c.post(s.intake, `/api/cases/${id}/release`);
    expect(own.json().holder).toBeNull();
    const actions = (await c.read(s.intake, id)).history.map((h: { action: string }) => h.action);
    expect(actions).toEqual(['register', 'claim', 'reassign', 'release', 'claim', 'release']);
  });

  it('refuses a bad registration naming the field, and writes nothing', async () => {
    const dept = await t.login('dept_vat');
    const before = await snapshot();
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ named: true, reporterName: undefined }, 'reporterName'],
      [{ named: false, reporterName: undefined }, 'reporterPhone'],
      [{ category: 'report' }, 'complaintType'],
      [{ complaintType: 'no-such-type' }, 'complaintType'],
      [{ subjectName: '' }, 'subjectName'],
      [{ source: 'pigeon' }, 'source'],
      [{ secret: 1 }, 'secret'],
    ];
    for (const [overrides, field] of bad) {
      const res = await c.post(s.agent, '/api/cases', {
        category: 'complaint',
        source: 'phone',
        named: true,
        reporterName: '张三',
        reporterPhone: '13812345678',
        subjectName: '某办税服务厅',
        content: '内容',
        complaintType: 'conduct',
        ...overrides,
      });
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.json().error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect((await c.post(dept, '/api/cases', { category: 'complaint' })).statusCode).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('registers inside the caller’s transaction, so a failed hand-over leaves no case behind', async () => {
    const token = s.agent.cookie.split('=')[1]!;
    const user = (await findCurrentUser(t.database.db, token, t.clock.now()))!;
    const input = {
      category: 'report' as const,
      source: 'phone' as const,
      named: false,
      subjectName: '某公司',
      content: '疑似虚开发票',
      contactId: 4242,
    };
    const before = await snapshot();
    await expect(
      t.database.db.transaction().execute(async (trx) => {
        await registerCase({ db: trx, user, actor: systemActor, now: t.clock.now() }, input);
        throw new Error('the contact could not be saved');
      }),
    ).rejects.toThrow('the contact could not be saved');
    expect(await snapshot()).toEqual(before);
    const created = await t.database.db
      .transaction()
      .execute((trx) => registerCase({ db: trx, user, actor: systemActor, now: t.clock.now() }, input));
    expect(created).toMatchObject({ step: 'intake', caseNo: expect.stringMatching(/^JB/) });
    expect((await c.read(s.intake, created.id)).contactId).toBe(4242);
  });

  it('keeps a running case on the version it started with', async () => {
    const db = t.database.db;
    const current = (await c.get(s.intake, '/api/case-processes')).json();
    const complaint = current.current.find((p: { key: string }) => p.key === 'complaint');
    // An older version whose intake step could not forward yet.
    const older = {
      ...complaint,
      version: 0,
      steps: complaint.steps.map((step: { step: string; actions: Array<{ action: string }> }) =>
        step.step === 'intake' ? { ...step, actions: step.actions.filter((a) => a.action !== 'forward') } : step,
      ),
    };
    const olderId = await buildCaseProcess(db, {
      key: 'complaint',
      version: 0,
      name: older.name,
      definition: JSON.stringify(older),
      now: t.clock.now(),
    });
    const oldCase = await c.register(s.agent);
    const newCase = await c.register(s.agent);
    await db.updateTable('cases').set({ process_id: olderId }).where('id', '=', oldCase).execute();
    const dongcheng = await c.orgUnitId(s.intake, 'SF-DC');
    expect((await c.claim(s.intake, oldCase)).statusCode).toBe(200);
    const refused = await c.act(s.intake, oldCase, { action: 'forward', orgUnitId: dongcheng });
    expect(refused.statusCode).toBe(409);
    expect((await c.read(s.intake, oldCase)).process.version).toBe(0);
    const allowed = await c.claimAndAct(s.intake, newCase, { action: 'forward', orgUnitId: dongcheng });
    expect(allowed.process.version).toBe(1);
    const versions = (await c.get(s.intake, '/api/case-processes')).json().versions;
    expect(versions.map((v: { key: string; version: number }) => `${v.key}@${v.version}`)).toEqual(
      expect.arrayContaining(['complaint@1', 'complaint@0']),
    );
  });

  it('refuses to start cases on a definition edited without raising its version', async () => {
    const db = t.database.db;
    await db
      .updateTable('case_processes')
      .set({ definition: '{}' })
      .where('key', '=', 'report')
      .where('version', '=', 1)
      .execute();
    await expect(db.transaction().execute((trx) => storeCurrentVersion(trx, 'report', t.clock.now()))).rejects.toThrow(
      'changed without raising its version',
    );
  });
});
