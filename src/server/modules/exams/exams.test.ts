import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../../test/harness';
import { multipart } from '../lookups/upload.test-support';
import { listExamOutcomes } from './index';

const dialects = await testDialects();

const NOW = '2026-11-27T02:00:00.000Z';
const hour = 3_600_000;

const questionCsv = [
  'question,A,B,C,D,answer,explanation,type,taxKind,area,difficulty',
  '证券交易印花税税率为1$\\%$，对吗？,0.1$\\%$,1$\\%$,3$\\%$,5$\\%$,A,按成交金额的0.1%,,,,',
  '下列属于增值税应税行为的有,销售货物,提供加工劳务,进口货物,个人转让自用汽车,ABC,,多选题,vat,业务知识,难',
  '小规模纳税人可以自行开具增值税专用发票,,,,,正确,,判断题,,,易',
  '简述12366热线受理咨询的流程,,,,,受理、解答、记录、回访,,简答题,general,12366服务流程,中',
  '没有正确选项的题,甲,乙,丙,丁,E,,,,,',
  ',甲,乙,丙,丁,A,,,,,',
  '难度写错的题,甲,乙,丙,丁,B,,,,,很难',
].join('\n');

describe.each(dialects)('question bank and exams on %s', (dialect) => {
  let t: TestApp;
  let director: Session;
  let lead: Session;
  let agent1: Session;
  let agent2: Session;

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: NOW });
    director = await t.login('director');
    lead = await t.login('lead1');
    agent1 = await t.login('agent1');
    agent2 = await t.login('agent2');
  });
  afterAll(async () => {
    await t.close();
  });

  const { get, post, put } = sessionRequests(() => t);
  const importFile = (s: Session, name: string, content: string) => {
    const body = multipart({}, { name, content });
    return t.app.inject({
      method: 'POST',
      url: '/api/training/questions/import',
      headers: { ...s.writeHeaders, ...body.headers },
      payload: body.payload,
    });
  };
  const addQuestion = async (spec: Record<string, unknown>) => {
    const res = await post(lead, '/api/training/questions', {
      type: 'single',
      stem: `企业所得税题目${Math.random()}`,
      options: ['甲', '乙', '丙', '丁'],
      answer: 'B',
      taxKind: 'corporate_income',
      area: 'business_knowledge',
      ...spec,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().id as number;
  };
  const examBody = (spec: Record<string, unknown>) => ({
    title: '企业所得税测验',
    durationMinutes: 30,
    opensAt: NOW,
    closesAt: new Date(Date.parse(NOW) + 48 * hour).toISOString(),
    passMark: 6,
    participants: { userIds: [agent1.userId, agent2.userId] },
    ...spec,
  });
  const createExam = async (spec: Record<string, unknown>) => {
    const res = await post(lead, '/api/exams', examBody(spec));
    expect(res.statusCode, res.body).toBe(200);
    return res.json().id as number;
  };
  const resetClock = () => t.clock.set(NOW);

  it('imports questions, cleaning LaTeX, tagging by keywords and reporting every bad row by its line', async () => {
    const res = await importFile(lead, 'questions.csv', questionCsv);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.created).toBe(4);
    expect(body.failed.map((f: { line: number }) => f.line)).toEqual([6, 7, 8]);
    expect(body.failed[0].error).toContain('选项字母');
    expect(body.failed[1].error).toContain('题目为空');
    expect(body.failed[2].error).toContain('难度');

    const list = (await get(lead, '/api/training/questions?limit=200')).json();
    const stamp = list.items.find((q: { stem: string }) => q.stem.startsWith('证券交易印花税'));
    expect(stamp).toMatchObject({
      stem: '证券交易印花税税率为1%，对吗？',
      options: ['0.1%', '1%', '3%', '5%'],
      type: 'single',
      taxKind: 'stamp',
      area: 'business_knowledge',
      difficulty: 'medium',
    });
    const multiple = list.items.find((q: { type: string }) => q.type === 'multiple');
    expect(multiple).toMatchObject({ answer: 'ABC', taxKind: 'vat', difficulty: 'hard' });
    expect(list.items.find((q: { type: string }) => q.type === 'true_false')).toMatchObject({
      answer: 'true',
      taxKind: 'vat',
    });
    expect(list.items.find((q: { type: string }) => q.type === 'short_answer')).toMatchObject({
      area: 'service_process',
    });

    const audit = await get(director, '/api/admin/audit?action=exams.question_import');
    expect(audit.json().items[0]).toMatchObject({ actorUsername: 'lead1' });
    expect((await importFile(agent1, 'questions.csv', questionCsv)).statusCode).toBe(403);
  });

  it('draws a paper by rules and names the rule the bank cannot meet', async () => {
    for (let i = 0; i < 3; i++) await addQuestion({ taxKind: 'land_value_added', difficulty: 'hard' });
    for (let i = 0; i < 4; i++) await addQuestion({ taxKind: 'land_value_added', difficulty: 'easy' });
    const tooMany = await post(
      lead,
      '/api/exams',
      examBody({
        rules: [
          { count: 2, points: 5, taxKind: 'land_value_added', difficulty: 'easy' },
          { count: 4, points: 5, taxKind: 'land_value_added', difficulty: 'hard' },
        ],
      }),
    );
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.code).toBe('RULE_CANNOT_BE_MET');
    expect(tooMany.json().error.message).toContain('第 2 条');
    expect(tooMany.json().error.details.fields[0].field).toBe('rules.1');

    const id = await createExam({
      rules: [
        { count: 4, points: 5, taxKind: 'land_value_added', difficulty: 'easy' },
        { count: 3, points: 10, taxKind: 'land_value_added', difficulty: 'hard' },
      ],
      passMark: 30,
    });
    const exam = (await get(lead, `/api/exams/${id}`)).json();
    expect(exam).toMatchObject({ questionCount: 7, maxScore: 50, participantCount: 2 });
    expect(
      (await post(lead, '/api/exams', examBody({ rules: [{ count: 1, points: 5 }], passMark: 6 }))).json().error.code,
    ).toBe('PASS_MARK_ABOVE_MAX');
    expect((await post(agent1, '/api/exams', examBody({ rules: [{ count: 1, points: 5 }] }))).statusCode).toBe(403);
  });

  it('lets a participant take an exam: no correct answer before submission, resume after reconnect, 409 after submission', async () => {
    resetClock();
    const q1 = await addQuestion({ answer: 'C', explanation: '解析一' });
    const q2 = await addQuestion({ type: 'multiple', answer: 'AD' });
    const q3 = await addQuestion({ type: 'true_false', options: [], answer: '错误' });
    const q4 = await addQuestion({ type: 'fill_blank', options: [], answer: '25%|百分之二十五' });
    const examId = await createExam({
      questions: [q1, q2, q3, q4].map((questionId) => ({ questionId, points: 3 })),
      passMark: 9,
    });

    const started = await post(agent1, `/api/exams/${examId}/attempts`);
    expect(started.statusCode, started.body).toBe(200);
    const attempt = started.json();
    expect(attempt.endsAt).toBe(new Date(Date.parse(NOW) + 30 * 60_000).toISOString());
    expect(attempt.serverNow).toBe(NOW);
    expect(attempt.review).toBeNull();
    for (const q of attempt.questions)
      expect(Object.keys(q).sort()).toEqual(['id', 'options', 'points', 'stem', 'type']);
    expect(started.body).not.toContain('解析一');
    expect(started.body).not.toContain('25%');
    expect(attempt.questions.map((q: { id: number }) => q.id).sort()).toEqual([q1, q2, q3, q4].sort());
    const choice = attempt.questions.find((q: { id: number }) => q.id === q1);
    expect(choice.options.map((o: { key: string }) => o.key).sort()).toEqual(['A', 'B', 'C', 'D']);

    // Starting again returns the open attempt.
    expect((await post(agent1, `/api/exams/${examId}/attempts`)).json().attemptId).toBe(attempt.attemptId);
    const base = `/api/exam-attempts/${attempt.attemptId}/answers`;
    expect((await put(agent1, `${base}/${q1}`, { answer: 'C' })).statusCode).toBe(200);
    expect((await put(agent1, `${base}/${q2}`, { answer: ['D', 'A'] })).statusCode).toBe(200);
    expect((await put(agent1, `${base}/${q3}`, { answer: 'true' })).statusCode).toBe(200);
    expect((await put(agent1, `${base}/${q4}`, { answer: '２５％' })).statusCode).toBe(200);
    const bad = await put(agent1, `${base}/${q1}`, { answer: 'F' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('answer');

    // Someone else's attempt is a 404, and so is an exam one does not take part in.
    expect((await put(agent2, `${base}/${q1}`, { answer: 'A' })).statusCode).toBe(404);
    expect((await get(agent2, `/api/exam-attempts/${attempt.attemptId}`)).statusCode).toBe(404);
    expect((await post(lead, `/api/exams/${examId}/attempts`)).statusCode).toBe(404);

    // A closed tab: the attempt resumes with every acknowledged answer.
    t.clock.advance(5 * 60_000);
    const resumed = (await get(agent1, `/api/exam-attempts/${attempt.attemptId}`)).json();
    expect(resumed.answers).toEqual({ [q1]: 'C', [q2]: ['A', 'D'], [q3]: 'true', [q4]: '２５％' });
    expect(resumed.review).toBeNull();
    expect(resumed.serverNow).toBe(new Date(Date.parse(NOW) + 5 * 60_000).toISOString());

    const submitted = await post(agent1, `/api/exam-attempts/${attempt.attemptId}/submit`);
    expect(submitted.json()).toEqual({ score: 9, maxScore: 12, passed: true, status: 'graded' });
    const late = await put(agent1, `${base}/${q3}`, { answer: 'false' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('ATTEMPT_SUBMITTED');
    expect((await post(agent1, `/api/exam-attempts/${attempt.attemptId}/submit`)).statusCode).toBe(409);

    // The last allowed attempt is submitted: now the answers and explanations are shown.
    const after = (await get(agent1, `/api/exam-attempts/${attempt.attemptId}`)).json();
    expect(after.answers[q3]).toBe('true');
    expect(after.review.find((r: { questionId: number }) => r.questionId === q1)).toMatchObject({
      correctAnswer: 'C',
      explanation: '解析一',
      score: 3,
    });
    expect(after.review.find((r: { questionId: number }) => r.questionId === q3).score).toBe(0);
    expect((await post(agent1, `/api/exams/${examId}/attempts`)).json().error.code).toBe('NO_ATTEMPTS_LEFT');

    const mine = (await get(agent1, '/api/exams/mine')).json();
    expect(mine.find((e: { id: number }) => e.id === examId)).toMatchObject({
      status: 'graded',
      bestScore: 9,
      passed: true,
    });
  });

  it('grades an attempt whose time ran out with the answers it saved, and refuses later answers', async () => {
    resetClock();
    const q1 = await addQuestion({ answer: 'A' });
    const q2 = await addQuestion({ answer: 'B' });
    const examId = await createExam({
      durationMinutes: 10,
      questions: [q1, q2].map((questionId) => ({ questionId, points: 5 })),
      passMark: 10,
    });
    const attempt = (await post(agent2, `/api/exams/${examId}/attempts`)).json();
    expect(
      (await put(agent2, `/api/exam-attempts/${attempt.attemptId}/answers/${q1}`, { answer: 'A' })).statusCode,
    ).toBe(200);
    t.clock.advance(10 * 60_000);
    const tooLate = await put(agent2, `/api/exam-attempts/${attempt.attemptId}/answers/${q2}`, { answer: 'B' });
    expect(tooLate.statusCode).toBe(409);
    expect(tooLate.json().error.code).toBe('ATTEMPT_TIME_UP');
    const closed = (await get(agent2, `/api/exam-attempts/${attempt.attemptId}`)).json();
    expect(closed).toMatchObject({ status: 'graded', score: 5, passed: false, submittedAt: attempt.endsAt });
    expect(closed.answers).toEqual({ [q1]: 'A' });
    const outcomes = await listExamOutcomes(t.database.db, examId);
    expect(outcomes).toEqual([
      { userId: agent1.userId, status: 'not_started', score: null, maxScore: 10, passed: null },
      { userId: agent2.userId, status: 'graded', score: 5, maxScore: 10, passed: false },
    ]);
  });

  it('has short answers graded by the assigned grader, and shows results and per-question statistics', async () => {
    resetClock();
    const q1 = await addQuestion({ answer: 'A' });
    const q2 = await addQuestion({ type: 'short_answer', options: [], answer: '先核实身份，再解答' });
    const examId = await createExam({
      questions: [
        { questionId: q1, points: 4 },
        { questionId: q2, points: 6 },
      ],
      passMark: 6,
      graderIds: [director.userId],
    });
    const a1 = (await post(agent1, `/api/exams/${examId}/attempts`)).json();
    await put(agent1, `/api/exam-attempts/${a1.attemptId}/answers/${q1}`, { answer: 'A' });
    await put(agent1, `/api/exam-attempts/${a1.attemptId}/answers/${q2}`, { answer: '核实纳税人身份后解答' });
    const submitted = (await post(agent1, `/api/exam-attempts/${a1.attemptId}/submit`)).json();
    expect(submitted).toEqual({ score: 4, maxScore: 10, passed: null, status: 'submitted' });
    const a2 = (await post(agent2, `/api/exams/${examId}/attempts`)).json();
    await put(agent2, `/api/exam-attempts/${a2.attemptId}/answers/${q1}`, { answer: 'B' });
    expect((await post(agent2, `/api/exam-attempts/${a2.attemptId}/submit`)).json()).toMatchObject({
      score: 0,
      status: 'graded',
      passed: false,
    });

    const grading = (await get(director, `/api/exams/${examId}/grading`)).json();
    const item = grading.items.find((i: { attemptId: number }) => i.attemptId === a1.attemptId);
    expect(item).toMatchObject({
      answer: '核实纳税人身份后解答',
      referenceAnswer: '先核实身份，再解答',
      points: 6,
      score: null,
    });
    const over = await put(director, `/api/exam-attempts/${a1.attemptId}/answers/${q2}/grade`, { score: 7 });
    expect(over.statusCode).toBe(400);
    const graded = await put(director, `/api/exam-attempts/${a1.attemptId}/answers/${q2}/grade`, {
      score: 5,
      comment: '要点齐全，表述可更规范',
    });
    expect(graded.json()).toEqual({ score: 9, maxScore: 10, passed: true, status: 'graded' });
    const review = (await get(agent1, `/api/exam-attempts/${a1.attemptId}`)).json().review;
    expect(review.find((r: { questionId: number }) => r.questionId === q2)).toMatchObject({
      score: 5,
      comment: '要点齐全，表述可更规范',
    });
    // A team lead who is not this exam's grader but manages it may grade; an agent may not.
    expect((await get(agent1, `/api/exams/${examId}/grading`)).statusCode).toBe(403);

    const results = (await get(lead, `/api/exams/${examId}/results`)).json();
    expect(results).toMatchObject({ participants: 2, graded: 2, passedCount: 1, passRate: 0.5, averageScore: 4.5 });
    expect(results.distribution.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(2);
    const stats = (await get(lead, `/api/exams/${examId}/question-stats`)).json();
    expect(stats.attempts).toBe(2);
    expect(stats.questions.find((q: { questionId: number }) => q.questionId === q1)).toMatchObject({
      difficulty: 0.5,
      discrimination: 1,
    });
    const exported = await get(lead, `/api/exams/${examId}/results/export`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    expect(exported.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await get(director, '/api/admin/audit?action=exams.results_export')).json().items[0]).toMatchObject({
      entityId: String(examId),
    });
    expect(await listExamOutcomes(t.database.db, examId)).toEqual([
      { userId: agent1.userId, status: 'graded', score: 9, maxScore: 10, passed: true },
      { userId: agent2.userId, status: 'graded', score: 0, maxScore: 10, passed: false },
    ]);
  });

  it("gives the performance review its 考试成绩: the month's graded exams, average or latest, weight above 0", async () => {
    resetClock();
    const q1 = await addQuestion({ answer: 'A' });
    const q2 = await addQuestion({ answer: 'B' });
    const examId = await createExam({
      questions: [q1, q2].map((questionId) => ({ questionId, points: 5 })),
      passMark: 5,
    });
    const take = async (s: Session, exam: number, answers: string[]) => {
      const a = (await post(s, `/api/exams/${exam}/attempts`)).json();
      for (const [i, q] of [q1, q2].entries()) {
        await put(s, `/api/exam-attempts/${a.attemptId}/answers/${q}`, { answer: answers[i] });
      }
      await post(s, `/api/exam-attempts/${a.attemptId}/submit`);
    };
    await take(agent1, examId, ['A', 'A']); // 50 %
    t.clock.advance(hour);
    const later = await createExam({
      questions: [q1, q2].map((questionId) => ({ questionId, points: 5 })),
      passMark: 5,
    });
    await take(agent1, later, ['A', 'B']); // 100 %

    const weights = {
      contactsHandled: 30,
      averageHandlingTime: 15,
      satisfactionRate: 25,
      qualityScore: 0,
      examScore: 10,
      overdueTransfers: 10,
      attendanceRate: 10,
    };
    const saved = await put(director, '/api/performance/scheme/2026-11', { weights, examScoreRule: 'average' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().metrics.find((m: { metric: string }) => m.metric === 'examScore').hasDataSource).toBe(true);
    const examRow = async (username: string) => {
      const results = (await get(director, '/api/performance/results?period=2026-11')).json();
      const row = results.rows.find((r: { username: string }) => r.username === username);
      return row.metrics.find((m: { metric: string }) => m.metric === 'examScore');
    };
    // agent1's earlier exams in this suite count too: the average is over every graded exam of the month.
    const average = await examRow('agent1');
    expect(average.raw).toBeGreaterThan(0);
    expect(average.raw).toBeLessThan(100);
    expect(average.score).toBeGreaterThan(0);
    expect(average.contribution).toBeGreaterThan(0);

    await put(director, '/api/performance/scheme/2026-11', { weights, examScoreRule: 'latest' });
    // Metrics without data for agent1 are left out and the weights renormalised (issue 19): 10 applies as more.
    const latest = await examRow('agent1');
    expect(latest).toMatchObject({ raw: 100, score: 100 });
    expect(latest.appliedWeight).toBeGreaterThanOrEqual(10);
    expect(latest.contribution).toBe(latest.appliedWeight);
    expect((await get(director, '/api/performance/scheme?period=2026-11')).json().examScoreRule).toBe('latest');
  });

  it('flags a question for review when the article it cites is revised or made void', async () => {
    const db = t.database.db;
    const library = await db.selectFrom('kb_libraries').select('id').orderBy('id').executeTakeFirstOrThrow();
    const at = t.clock.now().toISOString();
    const article = await db
      .insertInto('kb_articles')
      .values({
        library_id: library.id,
        status: 'published',
        title: '关于小规模纳税人减免增值税政策的公告',
        body: '<p>征收率减按1%</p>',
        keywords: '[]',
        tax_kinds: '[]',
        industries: '[]',
        taxpayer_types: '[]',
        validity: 'in_force',
        is_public: 0,
        published_version: 1,
        created_at: at,
        updated_at: at,
        published_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = await addQuestion({ articleIds: [article.id] });
    const listed = (await get(lead, '/api/training/questions?limit=200')).json();
    expect(listed.items.find((q: { id: number }) => q.id === id)).toMatchObject({
      articleIds: [article.id],
      needsReview: false,
    });
    expect((await get(lead, '/api/training/questions?state=review')).json().total).toBe(0);

    await db.updateTable('kb_articles').set({ validity: 'void' }).where('id', '=', article.id).execute();
    const review = (await get(lead, '/api/training/questions?state=review')).json();
    expect(review.items.map((q: { id: number }) => q.id)).toEqual([id]);
    expect(review.items[0].needsReview).toBe(true);

    // Retired questions leave the bank's active list and are never drawn.
    expect((await post(lead, `/api/training/questions/${id}/retire`)).json()).toMatchObject({ isRetired: true });
    expect((await get(lead, '/api/training/questions?state=review')).json().total).toBe(0);
  });

  it('gives each person five practice questions a day, answered once, with their progress', async () => {
    const first = await get(agent2, '/api/practice');
    expect(first.statusCode, first.body).toBe(200);
    const practice = first.json();
    expect(practice.date).toBe('2026-11-27');
    expect(practice.questions).toHaveLength(5);
    expect(
      practice.questions.every(
        (q: { correctAnswer: null; answer: null }) => q.correctAnswer === null && q.answer === null,
      ),
    ).toBe(true);
    expect(
      practice.questions.every((q: { type: string }) => q.type !== 'short_answer' && q.type !== 'fill_blank'),
    ).toBe(true);
    // The same five on the same day.
    expect((await get(agent2, '/api/practice')).json().questions.map((q: { id: number }) => q.id)).toEqual(
      practice.questions.map((q: { id: number }) => q.id),
    );
    const q = practice.questions[0];
    const key = q.type === 'true_false' ? 'true' : q.options[0].key;
    const answered = await put(agent2, `/api/practice/answers/${q.id}`, {
      answer: q.type === 'multiple' ? [key] : key,
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const item = answered.json().questions[0];
    expect(item.correctAnswer).not.toBeNull();
    expect(item.isCorrect).toBe(item.correctAnswer === (q.type === 'multiple' ? key : key));
    expect(answered.json().progress).toMatchObject({ answered: 1, correct: item.isCorrect ? 1 : 0 });
    expect((await put(agent2, `/api/practice/answers/${q.id}`, { answer: key })).statusCode).toBe(409);
    expect((await put(agent2, '/api/practice/answers/999999', { answer: 'A' })).statusCode).toBe(404);
  });

  it('keeps the answers from someone who may still sit a make-up exam until its window closes', async () => {
    resetClock();
    const q1 = await addQuestion({ answer: 'D', explanation: '补考前不可见' });
    const examId = await createExam({ questions: [{ questionId: q1, points: 10 }], passMark: 10 });
    const first = (await post(agent1, `/api/exams/${examId}/attempts`)).json();
    await put(agent1, `/api/exam-attempts/${first.attemptId}/answers/${q1}`, { answer: 'A' });
    expect((await post(agent1, `/api/exam-attempts/${first.attemptId}/submit`)).json().passed).toBe(false);

    const makeUp = await post(
      lead,
      '/api/exams',
      examBody({ title: '补考', questions: [{ questionId: q1, points: 10 }], passMark: 10 }),
    );
    expect(makeUp.statusCode).toBe(200);
    const { createExam: createThroughIndex } = await import('./index');
    const leadUser = {
      ...(await t.database.db
        .selectFrom('users')
        .select(['id', 'org_unit_id'])
        .where('username', '=', 'lead1')
        .executeTakeFirstOrThrow()),
    };
    const ctx = {
      db: t.database.db,
      user: {
        id: leadUser.id,
        username: 'lead1',
        name: '李班长',
        roles: ['team_lead' as const],
        permissions: ['exams.manage' as const],
        orgUnitId: leadUser.org_unit_id,
        orgUnitName: '',
        orgUnitPath: '/1/',
        departmentId: null,
        departmentName: null,
        seesAllOrgUnits: false,
        sessionId: '',
        csrfToken: '',
      },
      actor: { userId: leadUser.id, username: 'lead1', requestId: null, ip: null },
      now: t.clock.now(),
    };
    const makeUpExam = await createThroughIndex(ctx, {
      ...examBody({}),
      closesAt: new Date(Date.parse(NOW) + 72 * hour).toISOString(),
      participants: { userIds: [agent1.userId] },
      graderIds: [],
      maxAttempts: 1,
      rules: [],
      questions: [{ questionId: q1, points: 10 }],
      passMark: 10,
      makeUpOf: examId,
      stage: 'practical',
    });
    const hidden = (await get(agent1, `/api/exam-attempts/${first.attemptId}`)).json();
    expect(hidden.review).toBeNull();
    expect(JSON.stringify(hidden)).not.toContain('补考前不可见');

    // The make-up's window closes (unsat): now nothing is left to sit.
    t.clock.set(new Date(Date.parse(NOW) + 73 * hour));
    agent1 = await t.login('agent1');
    const shown = (await get(agent1, `/api/exam-attempts/${first.attemptId}`)).json();
    expect(shown.review[0]).toMatchObject({ correctAnswer: 'D', explanation: '补考前不可见' });
    expect((await listExamOutcomes(t.database.db, makeUpExam.id))[0]).toMatchObject({ status: 'not_started' });
    resetClock();
  });
});

describe.each(dialects)('the FinEval demo questions on %s', (dialect) => {
  it('loads the FinEval questions once, LaTeX cleaned and tagged by keyword rules', async () => {
    const t = await createTestApp(dialect, { now: NOW });
    try {
      const { loadDemoQuestions } = await import('./index');
      const { systemActor } = await import('../../platform/audit');
      const created = await loadDemoQuestions(t.database.db, systemActor, t.clock.now());
      expect(created).toBeGreaterThan(150);
      expect(await loadDemoQuestions(t.database.db, systemActor, t.clock.now())).toBe(0);
      const rows = await t.database.db
        .selectFrom('exam_questions')
        .select(['stem', 'options', 'tax_kind', 'type'])
        .execute();
      expect(rows).toHaveLength(created);
      expect(rows.every((r) => r.type === 'single')).toBe(true);
      expect(rows.some((r) => `${r.stem}${r.options}`.includes('$'))).toBe(false);
      const stamp = rows.find((r) => r.stem.startsWith('证券交易印花税收入在中央政府和地方政府之间'));
      expect(stamp).toMatchObject({ tax_kind: 'stamp' });
      expect(JSON.parse(stamp?.options ?? '[]')).toContain('100%归中央政府');
      expect(new Set(rows.map((r) => r.tax_kind)).size).toBeGreaterThan(5);
    } finally {
      await t.close();
    }
  });
});
