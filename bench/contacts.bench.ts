/**
 * `npm run bench -- contacts [N]`: the contact log and the inbox at N contacts (default 1,000,000) in
 * SQLite, and registering contacts over HTTP beside a bare Fastify route that inserts one row into
 * the same database, measured in the same run under the same load.
 *
 * Times are server-side (Fastify's reply.elapsedTime, from request to response sent).
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { buildApp } from '../src/server/app';
import { openSqlite } from '../src/server/db/connection';
import { migrateToLatest } from '../src/server/db/migrate';
import { seedDemoData } from '../src/server/demo/demo-data';
import { fixedClock } from '../src/server/platform/clock';
import type { NewContact } from '../src/shared/contacts';
import { insertBenchAgents, NOW, PASSWORD, random } from './support';

const AGENTS = 100;
const DAYS = 365;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Fills the contacts table straight through better-sqlite3, in large transactions. */
function seedContacts(file: string, total: number, agentIds: number[], orgUnitId: number, departmentId: number) {
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = OFF');
  raw.pragma('cache_size = -200000');
  const rnd = random(42);
  const insertContact = raw.prepare(`insert into contacts (contact_no, channel, type, status, outcome, caller_phone,
    taxpayer_id, taxpayer_name, tax_kind, subject, content, answer, kb_articles, agent_id, org_unit_id, call_ref,
    ticket_no, case_id, case_no, adoption, callback_attempts, started_at, ended_at, duration_seconds, closed_at,
    created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, null, ?, null, null, null, 0, ?, ?, ?, ?, ?, ?)`);
  const insertTransfer = raw.prepare(`insert into transfers (contact_id, department_id, status, note, due_at,
    created_at, created_by, urge_count) values (?, ?, 'open', null, ?, ?, ?, 0)`);
  const channels = ['phone', 'phone', 'phone', 'phone', 'web', 'walk_in', 'sms', 'fax', 'other'];
  const subjects = [
    '小规模纳税人免征增值税',
    '个人所得税专项附加扣除',
    '发票丢失处理',
    '社保费缴纳基数',
    '企业所得税汇算清缴',
  ];
  const start = NOW.getTime() - DAYS * 24 * 60 * 60_000;
  const step = (DAYS * 24 * 60 * 60_000) / total;
  const batch = 50_000;
  for (let from = 0; from < total; from += batch) {
    raw.transaction(() => {
      for (let i = from; i < Math.min(total, from + batch); i++) {
        const at = new Date(start + i * step);
        const iso = at.toISOString();
        const day = iso.slice(0, 10).replaceAll('-', '');
        const agentId = agentIds[Math.floor(rnd() * agentIds.length)]!;
        // Old contacts are closed; a few recent ones still wait for a callback or a department.
        const isRecent = i > total - total / 50;
        const roll = rnd();
        const status = !isRecent || roll < 0.7 ? 'closed' : roll < 0.85 ? 'awaiting_callback' : 'transferred';
        const isTransfer = status !== 'closed' || roll < 0.1;
        const id = Number(
          insertContact.run(
            `LD${day}${String(i).padStart(7, '0')}`,
            channels[Math.floor(rnd() * channels.length)],
            'consult',
            status,
            isTransfer ? 'transfer' : 'answered',
            `13${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`,
            rnd() < 0.6 ? `91350100M${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}X` : null,
            '示范企业',
            '增值税',
            subjects[i % subjects.length],
            '来电咨询相关政策规定',
            isTransfer ? null : '已按政策答复',
            agentId,
            orgUnitId,
            isTransfer ? `GD${day}${String(i).padStart(7, '0')}` : null,
            iso,
            new Date(at.getTime() + 180_000).toISOString(),
            180,
            status === 'closed' ? iso : null,
            iso,
            iso,
          ).lastInsertRowid,
        );
        if (status === 'transferred') {
          insertTransfer.run(id, departmentId, new Date(at.getTime() + 2 * 86_400_000).toISOString(), iso, agentId);
        }
      }
    })();
  }
  raw.exec('analyze');
  raw.close();
}

async function loadHttp(url: string, body: (i: number) => unknown, headers: Record<string, string>, ms: number) {
  const workers = 16;
  let count = 0;
  let failed = 0;
  const until = Date.now() + ms;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      let i = w;
      while (Date.now() < until) {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body(i)),
        });
        await res.arrayBuffer();
        if (res.ok) count += 1;
        else failed += 1;
        i += workers;
      }
    }),
  );
  return { count, seconds: (Date.now() - started) / 1000, failed };
}

export default async function contactsBench(args: string[]) {
  const total = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-bench-contacts-'));
  const file = path.join(dir, 'taxline.db');
  const { db } = openSqlite(file);
  try {
    await migrateToLatest(db);
    await seedDemoData(db, { password: PASSWORD, now: NOW });
    const org = await db.selectFrom('org_units').select('id').where('code', '=', 'SF').executeTakeFirstOrThrow();
    const vat = await db.selectFrom('departments').select('id').where('code', '=', 'VAT').executeTakeFirstOrThrow();
    const agentIds = await insertBenchAgents(db, { count: AGENTS, orgUnitId: org.id });

    const seedStarted = Date.now();
    seedContacts(file, total, agentIds, org.id, vat.id);
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    console.log(`seeded ${total.toLocaleString('en')} contacts in ${seedSeconds.toFixed(1)} s`);

    const app = await buildApp({
      db,
      dialect: 'sqlite',
      clock: fixedClock(NOW),
      version: 'bench',
      isProduction: false,
      dataDir: dir,
      ctiToken: undefined,
    });
    const serverMs = new Map<string, number[]>();
    app.addHook('onResponse', async (request, reply) => {
      const key = `${request.method} ${request.routeOptions.url}`;
      const list = serverMs.get(key) ?? [];
      list.push(reply.elapsedTime);
      serverMs.set(key, list);
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    const login = async (username: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: PASSWORD },
      });
      const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      return { cookie, csrf: (res.json() as { csrfToken: string }).csrfToken };
    };
    const director = await login('director');
    const agents = await Promise.all(agentIds.slice(0, 20).map((_, i) => login(`bench_agent${i}`)));

    // The contact log's first page for agent + date range, and an agent's inbox.
    const rnd = random(7);
    const runs = 300;
    for (let i = 0; i < runs; i++) {
      const agentId = agentIds[Math.floor(rnd() * agentIds.length)]!;
      const day = Math.floor(rnd() * (DAYS - 30));
      const from = new Date(NOW.getTime() - (DAYS - day) * 86_400_000).toISOString().slice(0, 10);
      const to = new Date(NOW.getTime() - (DAYS - day - 30) * 86_400_000).toISOString().slice(0, 10);
      const res = await app.inject({
        method: 'GET',
        url: `/api/contacts?agentId=${agentId}&from=${from}&to=${to}&limit=20`,
        headers: { cookie: director.cookie },
      });
      if (res.statusCode !== 200 || (res.json() as { items: unknown[] }).items.length === 0) {
        throw new Error(`contact log page failed: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
      const agent = agents[i % agents.length]!;
      const inbox = await app.inject({ method: 'GET', url: '/api/inbox', headers: { cookie: agent.cookie } });
      if (inbox.statusCode !== 200) throw new Error(`inbox failed: ${inbox.statusCode}`);
    }
    const logTimes = serverMs.get('GET /api/contacts') ?? [];
    const inboxTimes = serverMs.get('GET /api/inbox') ?? [];

    // Registering over HTTP, beside a bare Fastify route inserting one row into the same database: the
    // same contact row into the same contacts table (so the same index upkeep), with no session, no
    // validation, no numbering, no audit row and no response body to build.
    const bare = Fastify();
    let bareSequence = 0;
    bare.post('/insert', async (request) => {
      const body = request.body as Partial<NewContact>;
      const at = new Date().toISOString();
      bareSequence += 1;
      await db
        .insertInto('contacts')
        .values({
          contact_no: `BL${String(bareSequence).padStart(12, '0')}`,
          channel: body.channel ?? 'phone',
          type: body.type ?? 'consult',
          status: 'closed',
          outcome: body.outcome ?? 'answered',
          caller_phone: body.callerPhone ?? '',
          taxpayer_id: body.taxpayerId ?? null,
          taxpayer_name: null,
          tax_kind: null,
          subject: body.subject ?? '',
          content: body.content ?? '',
          answer: body.answer ?? null,
          kb_articles: null,
          agent_id: agentIds[0]!,
          org_unit_id: org.id,
          call_ref: null,
          ticket_no: null,
          case_id: null,
          case_no: null,
          adoption: null,
          callback_attempts: 0,
          started_at: at,
          ended_at: at,
          duration_seconds: 0,
          closed_at: at,
          created_at: at,
          updated_at: at,
        })
        .execute();
      return { ok: true };
    });
    await bare.listen({ port: 0, host: '127.0.0.1' });
    const bareUrl = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}/insert`;
    const seconds = Number(process.env.BENCH_SECONDS ?? 20);
    const payload = (i: number) => ({
      channel: 'phone',
      type: 'consult',
      callerPhone: `139${String(i).padStart(8, '0')}`,
      taxpayerId: '91350100M000100Y43',
      subject: '小规模纳税人季度免税额度',
      content: '询问小规模纳税人季度销售额未超过30万元是否免征增值税',
      answer: '季度销售额未超过30万元的免征增值税',
      outcome: 'answered',
    });
    // A short warm-up of both, then the measured runs.
    await loadHttp(bareUrl, payload, {}, 1000);
    const agent = agents[0]!;
    const authHeaders = { cookie: agent.cookie, 'x-csrf-token': agent.csrf };
    await loadHttp(`${base}/api/contacts`, payload, authHeaders, 1000);
    // Paired rounds in alternating order, so that the other processes on the machine weigh on both sides
    // alike; the ratio is the median of the rounds' ratios (a burst of load on the shared machine spoils
    // one round, not the figure).
    const rounds = 10;
    const totals = { baseline: { count: 0, seconds: 0, failed: 0 }, create: { count: 0, seconds: 0, failed: 0 } };
    const roundRatios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const rps = { baseline: 0, create: 0 };
      for (const side of r % 2 === 0 ? (['baseline', 'create'] as const) : (['create', 'baseline'] as const)) {
        const ms = (seconds * 1000) / rounds / 2;
        const result =
          side === 'baseline'
            ? await loadHttp(bareUrl, payload, {}, ms)
            : await loadHttp(`${base}/api/contacts`, payload, authHeaders, ms);
        totals[side].count += result.count;
        totals[side].seconds += result.seconds;
        totals[side].failed += result.failed;
        rps[side] = result.count / result.seconds;
      }
      roundRatios.push(rps.create / rps.baseline);
    }
    const baseline = { rps: totals.baseline.count / totals.baseline.seconds, failed: totals.baseline.failed };
    const create = { rps: totals.create.count / totals.create.seconds, failed: totals.create.failed };
    if (create.failed > 0 || baseline.failed > 0) {
      throw new Error(`failed requests: create ${create.failed}, baseline ${baseline.failed}`);
    }
    await bare.close();
    await app.close();

    const figures = {
      contacts: total,
      logFirstPageP95Ms: round(percentile(logTimes, 95)),
      inboxP95Ms: round(percentile(inboxTimes, 95)),
      createRps: round(create.rps, 0),
      baseline: { insertRps: round(baseline.rps, 0) },
      logFirstPageP50Ms: round(percentile(logTimes, 50)),
      inboxP50Ms: round(percentile(inboxTimes, 50)),
      createToBaselineRatio: round(percentile(roundRatios, 50), 3),
      roundRatios: roundRatios.map((r) => round(r, 3)),
      seedSeconds: round(seedSeconds, 1),
      // The machine's load while measuring: on a shared machine the tails (p95) follow it.
      loadAverage1m: round(os.loadavg()[0] ?? 0, 1),
      cpus: os.cpus().length,
    };
    console.log('');
    console.log(`contacts in SQLite                       ${total.toLocaleString('en')}`);
    console.log(
      `contact log first page (agent + 30 days)  p50 ${figures.logFirstPageP50Ms} ms   p95 ${figures.logFirstPageP95Ms} ms   (target < 20 ms)`,
    );
    console.log(
      `agent's inbox                            p50 ${figures.inboxP50Ms} ms   p95 ${figures.inboxP95Ms} ms   (target < 20 ms)`,
    );
    console.log(`register a contact over HTTP             ${figures.createRps} req/s`);
    console.log(`baseline: bare Fastify route inserting one contact row ${figures.baseline.insertRps} req/s`);
    console.log(
      `ratio (median of ${rounds} paired rounds)   ${figures.createToBaselineRatio}   (target >= 0.5; rounds ${figures.roundRatios.join(' ')})`,
    );
    console.log(`load average (1 min) / cpus              ${figures.loadAverage1m} / ${figures.cpus}`);
    return figures;
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
