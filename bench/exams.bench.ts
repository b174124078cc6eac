/**
 * `npm run bench -- exams`: 300 agents take one 100-question exam at once over HTTP in SQLite, each
 * answer saved as it is given, beside a bare Fastify route inserting one answer row into the same
 * table at the same arrival rate; then grading all 300 papers, and the paper's per-question statistics.
 *
 * The pace: an agent thinks 2–5 s (uniform, mean 3.5 s) before each answer, so 300 agents send about
 * 300 ÷ 3.5 ≈ 86 answers a second. Answering all 100 questions at that pace takes about six minutes; the
 * measured window keeps the pace exactly — 300 virtual agents, each drawing its think times — but runs
 * for BENCH_SECONDS (default 40: about 3,400 answers over HTTP, 11 per agent), and the rest of each
 * paper's answers are then written straight into the table so that grading sees full papers.
 * Times are server-side (Fastify's reply.elapsedTime).
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app';
import { openSqlite } from '../src/server/db/connection';
import { migrateToLatest } from '../src/server/db/migrate';
import { seedDemoData } from '../src/server/demo/demo-data';
import { closeExpiredAttempts } from '../src/server/modules/exams';
import { fixedClock } from '../src/server/platform/clock';
import { insertBenchAgents, NOW, PASSWORD, random } from './support';

const AGENTS = 300;
const QUESTIONS = 100;
const BANK = 150;
const THINK_MS = { min: 2000, max: 5000 };

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Server-side times of each route, from Fastify's own clock. */
function recordTimes(app: FastifyInstance): Map<string, number[]> {
  const times = new Map<string, number[]>();
  app.addHook('onResponse', async (request, reply) => {
    const key = `${request.method} ${request.routeOptions.url}`;
    times.set(key, [...(times.get(key) ?? []), reply.elapsedTime]);
  });
  return times;
}

/**
 * 300 virtual agents for `ms`: each thinks 2–5 s, then sends its next answer and waits for the reply.
 * Returns the count of answers and of failures.
 */
async function paced(ms: number, send: (agent: number, index: number) => Promise<boolean>) {
  const rnd = random(11);
  const until = Date.now() + ms;
  let sent = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: AGENTS }, async (_, agent) => {
      // Agents start spread over one think time, as they would after the exam opens.
      await sleep(rnd() * THINK_MS.max);
      for (let index = 0; Date.now() < until; index++) {
        if (!(await send(agent, index))) failed += 1;
        sent += 1;
        await sleep(THINK_MS.min + rnd() * (THINK_MS.max - THINK_MS.min));
      }
    }),
  );
  return { sent, failed };
}

export default async function examsBench() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-bench-exams-'));
  const { db } = openSqlite(path.join(dir, 'taxline.db'));
  try {
    await migrateToLatest(db);
    await seedDemoData(db, { password: PASSWORD, now: NOW });
    const org = await db.selectFrom('org_units').select('id').where('code', '=', 'SF').executeTakeFirstOrThrow();
    const agentIds = await insertBenchAgents(db, { count: AGENTS, orgUnitId: org.id });
    await db
      .insertInto('exam_questions')
      .values(
        Array.from({ length: BANK }, (_, i) => ({
          type: 'single' as const,
          stem: `增值税练习题 ${i + 1}：小规模纳税人季度销售额未超过多少万元免征增值税？`,
          options: JSON.stringify(['10', '30', '45', '100']),
          answer: 'ABCD'[i % 4] ?? 'A',
          explanation: null,
          tax_kind: 'vat',
          area: 'business_knowledge',
          difficulty: 'medium' as const,
          source: 'bench',
          created_by: null,
          created_at: NOW.toISOString(),
          updated_at: NOW.toISOString(),
        })),
      )
      .execute();

    const clock = fixedClock(NOW);
    const app = await buildApp({
      db,
      dialect: 'sqlite',
      clock,
      version: 'bench',
      isProduction: false,
      dataDir: dir,
      ctiToken: undefined,
    });
    const serverMs = recordTimes(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const login = async (username: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: PASSWORD },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode}`);
      const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      return { cookie, 'x-csrf-token': (res.json() as { csrfToken: string }).csrfToken };
    };

    const director = await login('director');
    const created = await app.inject({
      method: 'POST',
      url: '/api/exams',
      headers: director,
      payload: {
        title: '增值税政策考试',
        durationMinutes: 120,
        opensAt: NOW.toISOString(),
        closesAt: new Date(NOW.getTime() + 86_400_000).toISOString(),
        passMark: 60,
        participants: { userIds: agentIds },
        rules: [{ count: QUESTIONS, points: 1, taxKind: 'vat' }],
      },
    });
    if (created.statusCode !== 200) throw new Error(`exam: ${created.statusCode} ${created.body}`);
    const examId = (created.json() as { id: number }).id;

    console.log(`signing in ${AGENTS} agents and starting their attempts …`);
    const agents: Array<{ headers: Record<string, string>; attemptId: number; questions: number[] }> = [];
    for (let i = 0; i < AGENTS; i++) {
      const headers = await login(`bench_agent${i}`);
      const res = await app.inject({ method: 'POST', url: `/api/exams/${examId}/attempts`, headers });
      const attempt = res.json() as { attemptId: number; questions: Array<{ id: number }> };
      agents.push({ headers, attemptId: attempt.attemptId, questions: attempt.questions.map((q) => q.id) });
    }

    // The baseline: a bare Fastify route inserting one answer row into the same table (same primary key
    // upkeep), no session, no checks, no transaction of its own.
    const bare = Fastify();
    const bareMs = recordTimes(bare);
    let bareSequence = 0;
    bare.put('/insert', async (request) => {
      const body = request.body as { answer: string };
      bareSequence += 1;
      await db
        .insertInto('exam_answers')
        .values({
          attempt_id: 1_000_000_000 + bareSequence,
          question_id: 1,
          answer: body.answer,
          saved_at: new Date().toISOString(),
        })
        .execute();
      return { ok: true };
    });
    await bare.listen({ port: 0, host: '127.0.0.1' });
    const bareUrl = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}/insert`;

    const rnd = random(5);
    const seconds = Number(process.env.BENCH_SECONDS ?? 40);
    const answered = new Array<number>(AGENTS).fill(0);
    const saveAnswer = async (agent: number) => {
      const a = agents[agent];
      const questionId = a?.questions[answered[agent] ?? 0];
      if (!a || questionId === undefined) return true;
      answered[agent] = (answered[agent] ?? 0) + 1;
      const res = await fetch(`${base}/api/exam-attempts/${a.attemptId}/answers/${questionId}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...a.headers },
        body: JSON.stringify({ answer: 'ABCD'[Math.floor(rnd() * 4)] }),
      });
      await res.arrayBuffer();
      return res.ok;
    };
    const bareInsert = async () => {
      const res = await fetch(bareUrl, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ answer: 'ABCD'[Math.floor(rnd() * 4)] }),
      });
      await res.arrayBuffer();
      return res.ok;
    };
    // Alternating halves, so that other load on the shared machine weighs on both sides alike.
    const results = { save: { sent: 0, failed: 0 }, bare: { sent: 0, failed: 0 } };
    for (const side of ['bare', 'save', 'save', 'bare'] as const) {
      console.log(`${side === 'save' ? 'answer saves' : 'bare inserts'} at the exam's pace for ${seconds / 4} s …`);
      const r = await paced((seconds * 1000) / 4, side === 'save' ? (agent) => saveAnswer(agent) : () => bareInsert());
      results[side].sent += r.sent;
      results[side].failed += r.failed;
    }
    await bare.close();
    if (results.save.failed > 0 || results.bare.failed > 0) {
      throw new Error(`failed requests: saves ${results.save.failed}, bare ${results.bare.failed}`);
    }
    const saveTimes = serverMs.get('PUT /api/exam-attempts/:attemptId/answers/:questionId') ?? [];
    const insertTimes = bareMs.get('PUT /insert') ?? [];
    await db.deleteFrom('exam_answers').where('attempt_id', '>', 1_000_000_000).execute();

    // The rest of every paper, written straight in: grading sees 300 full papers.
    const fill = [];
    for (const [i, a] of agents.entries()) {
      for (const questionId of a.questions.slice(answered[i] ?? 0)) {
        fill.push({
          attempt_id: a.attemptId,
          question_id: questionId,
          answer: 'ABCD'[Math.floor(rnd() * 4)] ?? 'A',
          saved_at: NOW.toISOString(),
        });
      }
    }
    for (let i = 0; i < fill.length; i += 500)
      await db
        .insertInto('exam_answers')
        .values(fill.slice(i, i + 500))
        .execute();

    // Time runs out for everyone: all 300 papers are graded with what was saved.
    const gradeStarted = performance.now();
    const graded = await closeExpiredAttempts(db, new Date(NOW.getTime() + 121 * 60_000), examId);
    const gradeAllMs = performance.now() - gradeStarted;
    if (graded !== AGENTS) throw new Error(`graded ${graded} of ${AGENTS}`);

    const stats = await app.inject({ method: 'GET', url: `/api/exams/${examId}/question-stats`, headers: director });
    if (stats.statusCode !== 200) throw new Error(`stats: ${stats.statusCode}`);
    const questionStatsMs = serverMs.get('GET /api/exams/:id/question-stats')?.[0] ?? 0;
    await app.close();

    const saveP95 = percentile(saveTimes, 95);
    const insertP95 = percentile(insertTimes, 95);
    console.log(
      `answer saves: ${saveTimes.length} over HTTP, p50 ${round(percentile(saveTimes, 50))} ms, p95 ${round(saveP95)} ms`,
    );
    console.log(
      `bare inserts: ${insertTimes.length} over HTTP, p50 ${round(percentile(insertTimes, 50))} ms, p95 ${round(insertP95)} ms`,
    );
    console.log(`p95 ratio save ÷ bare insert: ${round(saveP95 / insertP95)}x (target: save p95 ≤ 30 ms)`);
    console.log(`grading all ${AGENTS} papers: ${round(gradeAllMs)} ms (target ≤ 2000 ms)`);
    console.log(`per-question statistics of the paper: ${round(questionStatsMs)} ms (target ≤ 1000 ms)`);
    return {
      agents: AGENTS,
      questions: QUESTIONS,
      answerSaveP95Ms: round(saveP95),
      gradeAllMs: round(gradeAllMs),
      questionStatsMs: round(questionStatsMs),
      baseline: { insertP95Ms: round(insertP95) },
      answerSaveP50Ms: round(percentile(saveTimes, 50)),
      answerSaves: saveTimes.length,
      saveToBaselineP95Ratio: round(saveP95 / insertP95),
      answersPerSecond: round(results.save.sent / (seconds / 2), 1),
    };
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
