import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelSenders, jobs } from '../../jobs';
import { runJobSlot } from '../../platform/jobs';
import { dispatchOutbox } from '../../platform/outbox';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../../test/harness';

const dialects = await testDialects();

const NOW = '2026-11-27T02:00:00.000Z';
const hour = 3_600_000;
const later = (hours: number) => new Date(Date.parse(NOW) + hours * hour).toISOString();

describe.each(dialects)('gating a plan’s stage on an exam, and the make-up path on %s', (dialect) => {
  let t: TestApp;
  let director: Session;
  let lead: Session;
  let agent1: Session;
  let agent2: Session;
  let planId: number;
  let practicalId: number;
  let gateId: number;
  const questionIds: number[] = [];

  const { get, post, put } = sessionRequests(() => t);

  /** Starts the exam as `who`, answers every question with `answer`, submits; returns the result. */
  async function sit(who: Session, examId: number, answer: string) {
    const attempt = (await post(who, `/api/exams/${examId}/attempts`)).json();
    for (const q of attempt.questions as Array<{ id: number }>) {
      const saved = await put(who, `/api/exam-attempts/${attempt.attemptId}/answers/${q.id}`, { answer });
      expect(saved.statusCode, saved.body).toBe(200);
    }
    return (await post(who, `/api/exam-attempts/${attempt.attemptId}/submit`)).json();
  }

  const practicalPeople = async () =>
    (await get(lead, `/api/training/sessions/${practicalId}/attendance`))
      .json()
      .rows.map((r: { name: string }) => r.name);
  const gatesOf = async () => (await get(lead, `/api/training/plans/${planId}/gates`)).json();
  const makeUpRule = { count: 2, points: 5, taxKind: 'corporate_income' };

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: NOW });
    director = await t.login('director');
    lead = await t.login('lead1');
    agent1 = await t.login('agent1');
    agent2 = await t.login('agent2');
    for (let i = 0; i < 3; i++) {
      const res = await post(lead, '/api/training/questions', {
        type: 'single',
        stem: `企业所得税汇算清缴题目${i}`,
        options: ['甲', '乙', '丙', '丁'],
        answer: 'B',
        taxKind: 'corporate_income',
        area: 'business_knowledge',
      });
      expect(res.statusCode, res.body).toBe(200);
      questionIds.push(res.json().id);
    }
    const plan = await post(lead, '/api/training/plans', {
      title: '纳税服务大厅培训计划',
      form: 'internal',
      periodFrom: '2026-11-30',
      periodTo: '2026-12-12',
      target: { userIds: [agent1.userId, agent2.userId] },
    });
    planId = plan.json().id;
    const theory = { area: 'tax_law', startTime: '09:00', endTime: '18:00', hours: 8 };
    await post(lead, `/api/training/plans/${planId}/sessions`, {
      ...theory,
      title: '税收征管法',
      date: '2026-11-30',
      stage: '理论培训',
    });
    const practical = await post(lead, `/api/training/plans/${planId}/sessions`, {
      ...theory,
      title: '模拟来电实操',
      area: 'window_skills',
      date: '2026-12-07',
      stage: '实操培训',
    });
    practicalId = practical.json().id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('opens the practical stage only to those who passed the theory exam', async () => {
    const exam = await post(lead, '/api/exams', {
      title: '理论考核',
      durationMinutes: 30,
      opensAt: NOW,
      closesAt: later(48),
      passMark: 6,
      participants: { userIds: [agent1.userId, agent2.userId] },
      rules: [{ count: 2, points: 5, taxKind: 'corporate_income' }],
    });
    expect(exam.statusCode, exam.body).toBe(200);
    const examId = exam.json().id as number;
    const gate = await post(lead, `/api/training/plans/${planId}/gates`, { stage: '实操培训', examId });
    expect(gate.statusCode, gate.body).toBe(200);
    gateId = gate.json().gates[0].id;
    expect(
      (await post(lead, `/api/training/plans/${planId}/gates`, { stage: '实操培训', examId })).json().error.code,
    ).toBe('GATE_EXISTS');
    expect(
      (await post(lead, `/api/training/plans/${planId}/gates`, { stage: '复习', examId: 999999 })).json().error.code,
    ).toBe('EXAM_NOT_FOUND');

    // Nobody has passed yet: the practical session is nobody's, and locked in 我的培训.
    expect(await practicalPeople()).toEqual([]);
    const mine = (await get(agent1, '/api/training/me/sessions')).json();
    expect(mine.find((s: { id: number }) => s.id === practicalId)).toMatchObject({ isLocked: true, canSignIn: false });

    expect(await sit(agent1, examId, 'B')).toMatchObject({ score: 10, passed: true });
    expect(await sit(agent2, examId, 'A')).toMatchObject({ score: 0, passed: false });
    expect(await practicalPeople()).toEqual(['王晓燕']);
    const after = (await get(agent1, '/api/training/me/sessions')).json();
    expect(after.find((s: { id: number }) => s.id === practicalId).isLocked).toBe(false);
  });

  it('puts who failed on the make-up list, and schedules a make-up session and a make-up exam for them', async () => {
    // The hourly sweep reads the results by itself; pressing 更新成绩 afterwards finds nothing new.
    const job = jobs.find((j) => j.name === 'training.gate_results')!;
    const silentLog = { info: () => {}, error: () => {}, warn: () => {}, debug: () => {} } as never;
    expect(await runJobSlot(job, { db: t.database.db, now: new Date(NOW), log: silentLog })).toEqual({
      gates: 1,
      added: 1,
      passed: 0,
      failed: 0,
    });
    expect((await post(lead, `/api/training/gates/${gateId}/evaluate`)).json()).toEqual({
      added: 0,
      passed: 0,
      failed: 0,
    });
    const gates = await gatesOf();
    expect(gates.gates[0]).toMatchObject({ stage: '实操培训', passed: 1, failed: 1, waiting: 0 });
    expect(gates.makeUps).toEqual([expect.objectContaining({ name: '刘志强', round: 1, status: 'pending' })]);

    const badRule = await post(lead, `/api/training/gates/${gateId}/make-ups`, {
      date: '2026-12-02',
      startTime: '14:00',
      endTime: '18:00',
      exam: {
        durationMinutes: 30,
        opensAt: later(1),
        closesAt: later(100),
        passMark: 6,
        rules: [{ count: 9, points: 5, taxKind: 'corporate_income' }],
      },
    });
    expect(badRule.statusCode).toBe(400);
    expect((await gatesOf()).makeUps[0].status).toBe('pending');
    const notListed = await post(lead, `/api/training/gates/${gateId}/make-ups`, {
      userIds: [agent1.userId],
      date: '2026-12-02',
      startTime: '14:00',
      endTime: '18:00',
      exam: { durationMinutes: 30, opensAt: later(1), closesAt: later(100), passMark: 6, rules: [makeUpRule] },
    });
    expect(notListed.json().error.code).toBe('NOT_ON_MAKE_UP_LIST');

    const scheduled = await post(lead, `/api/training/gates/${gateId}/make-ups`, {
      date: '2026-12-02',
      startTime: '14:00',
      endTime: '18:00',
      location: '二楼会议室',
      exam: { durationMinutes: 30, opensAt: NOW, closesAt: later(100), passMark: 6, rules: [makeUpRule] },
    });
    expect(scheduled.statusCode, scheduled.body).toBe(200);
    const { sessionId, examId } = scheduled.json();
    expect(scheduled.json().makeUps[0]).toMatchObject({ status: 'scheduled', sessionId, examId });
    const agent2Sessions = (await get(agent2, '/api/training/me/sessions')).json();
    expect(agent2Sessions.find((s: { id: number }) => s.id === sessionId)).toMatchObject({ isMakeUp: true });
    const agent1Sessions = (await get(agent1, '/api/training/me/sessions')).json();
    expect(agent1Sessions.some((s: { id: number }) => s.id === sessionId)).toBe(false);
    // The make-up exam is agent2's alone.
    expect((await post(agent1, `/api/exams/${examId}/attempts`)).statusCode).toBe(404);

    // Failing the make-up too: the director's list, and the director is told.
    expect(await sit(agent2, examId, 'C')).toMatchObject({ passed: false });
    expect((await post(lead, `/api/training/gates/${gateId}/evaluate`)).json()).toEqual({
      added: 0,
      passed: 0,
      failed: 1,
    });
    const list = (await get(director, '/api/training/make-ups?status=failed')).json();
    expect(list).toEqual([
      expect.objectContaining({ name: '刘志强', round: 1, status: 'failed', planTitle: '纳税服务大厅培训计划' }),
    ]);
    await dispatchOutbox(t.database.db, channelSenders, new Date(NOW));
    const bell = (await get(director, '/api/notifications?limit=20')).json();
    expect(bell.items.filter((n: { kind: string }) => n.kind === 'training.make_up_failed')).toHaveLength(1);
  });

  it('records the director’s decision with its reason and audit row; another round starts the path again', async () => {
    const [failed] = (await get(director, '/api/training/make-ups?status=failed')).json();
    const byLead = await post(lead, `/api/training/make-ups/${failed.id}/decision`, {
      decision: 'reassign',
      reason: 'x',
    });
    expect(byLead.statusCode).toBe(403);
    const noReason = await post(director, `/api/training/make-ups/${failed.id}/decision`, {
      decision: 'reassign',
      reason: ' ',
    });
    expect(noReason.statusCode).toBe(400);
    const decided = await post(director, `/api/training/make-ups/${failed.id}/decision`, {
      decision: 'another_round',
      reason: '理论基础尚可，再补训一轮',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({
      status: 'decided',
      decision: 'another_round',
      decisionReason: '理论基础尚可，再补训一轮',
    });
    const again = await post(director, `/api/training/make-ups/${failed.id}/decision`, {
      decision: 'reassign',
      reason: '重复',
    });
    expect(again.statusCode).toBe(409);
    const audit = (await get(director, '/api/admin/audit?action=training.make_up_decide')).json();
    expect(audit.total).toBe(1);
    expect((await gatesOf()).makeUps.map((m: { round: number; status: string }) => [m.round, m.status])).toEqual([
      [1, 'decided'],
      [2, 'pending'],
    ]);

    // Round two: passing this make-up opens the practical stage to agent2 as well.
    const second = await post(lead, `/api/training/gates/${gateId}/make-ups`, {
      date: '2026-12-04',
      startTime: '14:00',
      endTime: '18:00',
      exam: { durationMinutes: 30, opensAt: NOW, closesAt: later(100), passMark: 6, rules: [makeUpRule] },
    });
    expect(second.statusCode, second.body).toBe(200);
    expect(await sit(agent2, second.json().examId, 'B')).toMatchObject({ passed: true });
    expect((await post(lead, `/api/training/gates/${gateId}/evaluate`)).json()).toEqual({
      added: 0,
      passed: 1,
      failed: 0,
    });
    expect((await practicalPeople()).sort()).toEqual(['刘志强', '王晓燕'].sort());
    expect((await get(director, '/api/training/make-ups?status=failed')).json()).toEqual([]);
  });
});
