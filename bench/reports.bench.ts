/**
 * `npm run bench -- reports [N]`: statistics at N contacts (default 1,000,000) and 50,000 complaint and
 * report cases in SQLite.
 *
 * - dashboardMs: GET /api/reports/dashboard for one month, server-side (Fastify's reply.elapsedTime),
 *   median of 5 after a warm-up; baseline dashboardSqlMs: the same grouped aggregates as raw SQL on a
 *   bare better-sqlite3 connection (no Kysely, no HTTP), run one after the other, median of 5. (The
 *   app runs its nine statements concurrently through one connection, which on SQLite is sequential too.)
 * - bulletinMs: the bulletin module's generateBulletin for the month (figures and the .docx with its
 *   chart images), median of 3; baseline bulletinSqlMs: the raw SQL its figures need (the dashboard
 *   aggregates of the month and the month before, the hot-question groups of both, the suggestions).
 * - exportRows, exportPeakRssMb: the director's whole contact log (every contact of the year) exported
 *   as .xlsx over HTTP (GET /api/contacts/export) from the server running in a child process; its peak
 *   resident memory is the kernel's VmHWM for that process — the whole server, which under tsx holds
 *   about 200 MB at rest before the export starts (printed beside it).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import SQLite from 'better-sqlite3';
import { buildApp } from '../src/server/app';
import { openSqlite } from '../src/server/db/connection';
import { migrateToLatest } from '../src/server/db/migrate';
import { seedDemoData } from '../src/server/demo/demo-data';
import { hashPassword } from '../src/server/platform/auth/password';
import { fixedClock } from '../src/server/platform/clock';
import { insertBenchAgents, NOW, PASSWORD, random } from './support';

const AGENTS = 100;
const DAYS = 365;
const CASES = 50_000;
/** The month every figure is measured on, and its Shanghai bounds in UTC. */
const MONTH = { from: '2026-10-01', to: '2026-10-31' };
const MONTH_UTC = { from: '2026-09-30T16:00:00.000Z', to: '2026-10-31T16:00:00.000Z' };
const PREVIOUS_UTC = { from: '2026-08-31T16:00:00.000Z', to: '2026-09-30T16:00:00.000Z' };

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const subjects = [
  ['小规模纳税人季度免税额度', '小规模纳税人季度销售额30万以下免税', '小规模纳税人免征增值税'],
  ['个税汇算清缴退税', '个人所得税汇算清缴怎么退税', '个人所得税年度汇算退税'],
  ['专项附加扣除填报', '个人所得税专项附加扣除怎么填', '子女教育专项附加扣除'],
  ['发票丢失处理', '增值税专用发票丢失怎么办', '专票丢失如何处理'],
  ['社保费缴纳基数', '社会保险费缴费基数调整', '灵活就业社保费缴纳'],
  ['企业所得税汇算清缴', '企业所得税年度汇算清缴申报', '企业所得税汇缴期限'],
  ['电子税务局登录失败', '电子税务局无法登录', '电子税务局密码重置'],
  ['印花税申报', '印花税按次申报还是按期', '购销合同印花税'],
  ['房产税减免', '房产税困难减免申请', '城镇土地使用税减免'],
  ['车辆购置税申报', '新能源汽车车辆购置税减免', '车购税完税证明'],
];
const taxKinds = [
  '增值税',
  '个人所得税',
  '个人所得税',
  '发票',
  '社会保险费',
  '企业所得税',
  '其他',
  '印花税',
  '房产税',
  '车辆购置税',
];
const channels = ['phone', 'phone', 'phone', 'phone', 'web', 'walk_in', 'sms', 'fax', 'other'];
const types = [
  'consult',
  'consult',
  'consult',
  'consult',
  'consult',
  'consult',
  'complaint',
  'report',
  'suggestion',
  'review_request',
];
const satisfactions = ['satisfied', 'satisfied', 'satisfied', 'basically_satisfied', 'unsatisfied'];
const caseSteps = ['intake', 'leader_review', 'investigation', 'feedback', 'closed', 'closed', 'closed'];
const classificationHeads = ['发票违法', '偷逃税款', '办税服务', '执法不规范', '其他'];

interface Ids {
  agentIds: number[];
  orgUnitIds: number[];
  departmentIds: number[];
  processId: number;
  registeredBy: number;
}

/** Fills contacts, transfers, surveys and cases straight through better-sqlite3, in large transactions. */
function seed(file: string, total: number, ids: Ids) {
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = OFF');
  raw.pragma('cache_size = -200000');
  const rnd = random(42);
  const insertContact = raw.prepare(`insert into contacts (contact_no, channel, type, status, outcome, caller_phone,
    taxpayer_id, taxpayer_name, tax_kind, subject, content, answer, kb_articles, agent_id, org_unit_id, call_ref,
    ticket_no, case_id, case_no, adoption, callback_attempts, started_at, ended_at, duration_seconds, closed_at,
    created_at, updated_at) values (?, ?, ?, ?, ?, ?, null, null, ?, ?, ?, null, ?, ?, ?, null, null, null, null, ?, 0, ?, ?, ?, ?, ?, ?)`);
  const insertTransfer = raw.prepare(`insert into transfers (contact_id, department_id, status, note, due_at,
    created_at, created_by, answer, answered_at, handled_at, urge_count) values (?, ?, ?, null, ?, ?, ?, ?, ?, ?, 0)`);
  const insertSurvey = raw.prepare(`insert into surveys (contact_id, org_unit_id, satisfaction, method, collected_at)
    values (?, ?, ?, 'ivr', ?)`);
  const start = NOW.getTime() - DAYS * 86_400_000;
  const step = (DAYS * 86_400_000) / total;
  const batch = 50_000;
  for (let from = 0; from < total; from += batch) {
    raw.transaction(() => {
      for (let i = from; i < Math.min(total, from + batch); i++) {
        const at = new Date(start + i * step);
        const iso = at.toISOString();
        const day = iso.slice(0, 10).replaceAll('-', '');
        const topic = Math.floor(rnd() * rnd() * subjects.length);
        const wording = subjects[topic]![Math.floor(rnd() * 3)]!;
        const type = types[Math.floor(rnd() * types.length)]!;
        const isTransfer = rnd() < 0.08;
        const agentId = ids.agentIds[Math.floor(rnd() * ids.agentIds.length)]!;
        const orgUnitId = ids.orgUnitIds[Math.floor(rnd() * rnd() * ids.orgUnitIds.length)]!;
        const id = Number(
          insertContact.run(
            `LD${day}${String(i).padStart(7, '0')}`,
            channels[Math.floor(rnd() * channels.length)],
            type,
            isTransfer ? 'transferred' : 'closed',
            isTransfer ? 'transfer' : 'answered',
            `13${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`,
            rnd() < 0.1 ? null : taxKinds[topic],
            wording,
            `来电咨询${wording}的相关规定`,
            rnd() < 0.3 ? JSON.stringify([{ id: 100 + topic, title: `${subjects[topic]![0]}政策解答` }]) : null,
            agentId,
            orgUnitId,
            type === 'suggestion' ? (['adopted', 'partly_adopted', 'not_adopted', null] as const)[i % 4] : null,
            iso,
            new Date(at.getTime() + 180_000).toISOString(),
            180,
            iso,
            iso,
            iso,
          ).lastInsertRowid,
        );
        if (isTransfer) {
          const due = new Date(at.getTime() + 3 * 86_400_000);
          const roll = rnd();
          const answeredAt = roll < 0.8 ? new Date(at.getTime() + roll * 5 * 86_400_000) : null;
          const isFuture = answeredAt && answeredAt > NOW;
          insertTransfer.run(
            id,
            ids.departmentIds[i % ids.departmentIds.length],
            answeredAt && !isFuture ? 'answered' : 'open',
            due.toISOString(),
            iso,
            agentId,
            answeredAt && !isFuture ? '已答复' : null,
            answeredAt && !isFuture ? answeredAt.toISOString() : null,
            answeredAt && !isFuture ? answeredAt.toISOString() : null,
          );
        }
        if (rnd() < 0.3) {
          insertSurvey.run(
            id,
            orgUnitId,
            satisfactions[Math.floor(rnd() * satisfactions.length)],
            new Date(at.getTime() + 600_000).toISOString(),
          );
        }
      }
    })();
  }
  const insertCase = raw.prepare(`insert into cases (case_no, category, process_id, step, org_unit_id,
    registered_org_unit_id, source, is_named, subject_name, content, classification, registered_by, registered_at,
    due_at, step_entered_at, revision, updated_at) values (?, ?, ?, ?, ?, ?, 'phone', 0, '某公司', '内容', ?, ?, ?, ?, ?, 0, ?)`);
  raw.transaction(() => {
    for (let i = 0; i < CASES; i++) {
      const at = new Date(start + i * ((DAYS * 86_400_000) / CASES)).toISOString();
      const stepName = caseSteps[Math.floor(rnd() * caseSteps.length)]!;
      const head = classificationHeads[Math.floor(rnd() * classificationHeads.length)]!;
      const unit = ids.orgUnitIds[Math.floor(rnd() * ids.orgUnitIds.length)]!;
      insertCase.run(
        `JB${String(i).padStart(8, '0')}`,
        i % 3 === 0 ? 'complaint' : 'report',
        ids.processId,
        stepName,
        unit,
        unit,
        stepName === 'intake'
          ? null
          : JSON.stringify([
              { code: head, name: head },
              { code: `${head}1`, name: '二级' },
              { code: `${head}11`, name: '三级' },
            ]),
        ids.registeredBy,
        at,
        at,
        at,
        at,
      );
    }
  })();
  raw.exec('analyze');
  raw.close();
}

/** The raw SQL aggregates of one dashboard period, as the reports repository writes them. */
function dashboardStatements(raw: SQLite.Database, unitIds: number[]) {
  const units = unitIds.join(',');
  const contacts = `from contacts c indexed by contacts_report where c.started_at >= ? and c.started_at < ? and c.org_unit_id in (${units})`;
  const surveys = `from surveys s indexed by surveys_collected join contacts c on c.id = s.contact_id where s.collected_at >= ? and s.collected_at < ? and s.org_unit_id in (${units})`;
  const counts = `count(*), sum(case when s.satisfaction = 'satisfied' then 1 else 0 end),
    sum(case when s.satisfaction = 'basically_satisfied' then 1 else 0 end), sum(case when s.satisfaction = 'unsatisfied' then 1 else 0 end)`;
  return [
    `select bucket, sum(n), sum(answered), count(*) from (select substr(c.started_at, 1, 13) as bucket, c.agent_id,
      count(*) as n, sum(case when c.outcome = 'answered' then 1 else 0 end) as answered ${contacts}
      group by substr(c.started_at, 1, 13), c.agent_id) group by bucket`,
    `select c.channel, c.type, c.tax_kind, count(*) ${contacts} group by c.channel, c.type, c.tax_kind`,
    `select d.id, d.name, count(*),
      sum(case when t.handled_at is not null and t.handled_at <= t.due_at then 1 else 0 end),
      sum(case when (t.handled_at is not null and t.handled_at > t.due_at) or (t.handled_at is null and t.status = 'open' and t.due_at < '${NOW.toISOString()}') then 1 else 0 end),
      sum(case when t.status = 'open' then 1 else 0 end), sum(case when t.answered_at is not null then 1 else 0 end),
      sum(case when t.answered_at is not null then (julianday(t.answered_at) - julianday(t.created_at)) * 86400.0 else 0 end)
      from transfers t join departments d on d.id = t.department_id where t.created_at >= ? and t.created_at < ?
      and exists (select c.id from contacts c where c.id = t.contact_id and c.org_unit_id in (${units})) group by d.id, d.name`,
    `select k.category, k.step, count(*) from cases k where k.registered_at >= ? and k.registered_at < ? and k.org_unit_id in (${units}) group by k.category, k.step`,
    `select k.classification, count(*) from cases k where k.registered_at >= ? and k.registered_at < ? and k.org_unit_id in (${units}) group by k.classification`,
    `select ${counts} ${surveys}`,
    `select u.id, u.name, ${counts} ${surveys.replace('where', 'join users u on u.id = c.agent_id where')} group by u.id, u.name`,
    `select c.type, ${counts} ${surveys} group by c.type`,
    `select d.id, d.name, g.* from (select t.department_id, ${counts} ${surveys.replace('where', "join transfers t on t.contact_id = s.contact_id and t.status = 'answered' where")}
      group by t.department_id) g join departments d on d.id = g.department_id`,
  ].map((text) => raw.prepare(text));
}

function timeStatements(statements: Array<{ statement: SQLite.Statement; range: { from: string; to: string } }>) {
  const started = performance.now();
  for (const { statement, range } of statements) statement.all(range.from, range.to);
  return performance.now() - started;
}

/** Runs the app in this process as a plain server for the export measurement (`--serve FILE`). */
async function serve(file: string): Promise<Record<string, unknown>> {
  const { db } = openSqlite(file);
  const app = await buildApp({
    db,
    dialect: 'sqlite',
    clock: fixedClock(NOW),
    version: 'bench',
    isProduction: false,
    dataDir: path.dirname(file),
    ctiToken: undefined,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const m = process.memoryUsage();
  const mb = (n: number) => Math.round(n / 1024 / 1024);
  console.error(
    `export server at start: rss ${mb(m.rss)} MB (heap ${mb(m.heapUsed)} of ${mb(m.heapTotal)} MB, external ${mb(m.external)} MB)`,
  );
  console.log(`LISTENING ${(app.server.address() as AddressInfo).port}`);
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  await app.close();
  return {};
}

/** Peak and current resident memory of a process, in MB, from /proc. */
function memoryOf(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}

/** The number of the last row of the first sheet of an .xlsx file, read without loading it (unzip's stream). */
async function lastSheetRow(file: string): Promise<number> {
  const unzip = spawn('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let last = 0;
  let tail = '';
  for await (const chunk of unzip.stdout) {
    const text = tail + (chunk as Buffer).toString('latin1');
    for (const match of text.matchAll(/<row r="(\d+)"/g)) last = Math.max(last, Number(match[1]));
    tail = text.slice(-32);
  }
  return last;
}

/** The director's whole contact log exported over HTTP from a server in a process of its own. */
async function measureServerExport(file: string, dir: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'run.ts'), 'reports', '--serve', file],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /LISTENING (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`export server exited with ${code}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'director', password: PASSWORD }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const before = memoryOf(child.pid!);
    const started = performance.now();
    const res = await fetch(`${base}/api/contacts/export`, { headers: { cookie } });
    if (!res.ok || !res.body) throw new Error(`export failed: ${res.status}`);
    const out = path.join(dir, 'contacts-export.xlsx');
    await pipeline(Readable.fromWeb(res.body as never), fs.createWriteStream(out));
    const seconds = (performance.now() - started) / 1000;
    const after = memoryOf(child.pid!);
    const bytes = fs.statSync(out).size;
    // The sheet's last row less the filter, export-time, blank and header rows above the data.
    const rows = (await lastSheetRow(out)) - 4;
    console.log(
      `export over HTTP: ${rows.toLocaleString('en')} rows, ${round(bytes / 1024 / 1024)} MB in ${round(seconds)} s; ` +
        `whole server process RSS ${round(before.rssMb)} MB before, peak ${round(after.peakMb)} MB`,
    );
    fs.rmSync(out);
    return { rows, peakMb: after.peakMb, startRssMb: before.rssMb };
  } finally {
    child.kill('SIGTERM');
  }
}

export default async function reportsBench(args: string[]): Promise<Record<string, unknown>> {
  const serveAt = args.indexOf('--serve');
  if (serveAt >= 0) return serve(args[serveAt + 1]!);
  const total = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-bench-reports-'));
  const file = path.join(dir, 'taxline.db');
  const { db } = openSqlite(file);
  try {
    await migrateToLatest(db);
    await seedDemoData(db, { password: PASSWORD, now: NOW });
    const root = await db
      .selectFrom('org_units')
      .select(['id', 'path'])
      .where('code', '=', 'SF')
      .executeTakeFirstOrThrow();
    const units = await db.selectFrom('org_units').select('id').where('path', 'like', `${root.path}%`).execute();
    const departments = await db.selectFrom('departments').select('id').execute();
    const director = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'director')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('users')
      .set({ password_hash: await hashPassword(PASSWORD) })
      .where('username', '=', 'director')
      .execute();
    const agentIds = await insertBenchAgents(db, { count: AGENTS, orgUnitId: root.id });
    const process_ = await db
      .insertInto('case_processes')
      .values({ key: 'bench', version: 1, name: '基准流程', definition: '{}', created_at: NOW.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();

    const seedStarted = Date.now();
    seed(file, total, {
      agentIds,
      orgUnitIds: units.map((u) => u.id),
      departmentIds: departments.map((d) => d.id),
      processId: process_.id,
      registeredBy: director.id,
    });
    console.log(
      `seeded ${total.toLocaleString('en')} contacts and ${CASES.toLocaleString('en')} cases in ${round((Date.now() - seedStarted) / 1000)} s`,
    );

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
    await app.ready();
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'director', password: PASSWORD },
    });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');

    // The dashboard of a month over HTTP, against its raw SQL on a bare connection.
    let monthContacts = 0;
    for (let i = 0; i < 6; i++) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/reports/dashboard?from=${MONTH.from}&to=${MONTH.to}`,
        headers: { cookie },
      });
      if (res.statusCode !== 200) throw new Error(`dashboard failed: ${res.statusCode} ${res.body.slice(0, 200)}`);
      monthContacts = (res.json() as { contacts: { total: number } }).contacts.total;
    }
    const dashboardMs = median((serverMs.get('GET /api/reports/dashboard') ?? []).slice(1));

    const raw = new SQLite(file, { readonly: true });
    const unitIds = units.map((u) => u.id);
    const month = dashboardStatements(raw, unitIds).map((statement) => ({ statement, range: MONTH_UTC }));
    const previous = dashboardStatements(raw, unitIds).map((statement) => ({ statement, range: PREVIOUS_UTC }));
    const questions = raw.prepare(`select c.subject, c.tax_kind, c.kb_articles, count(*) as n from contacts c
      indexed by contacts_report where c.started_at >= ? and c.started_at < ? and c.org_unit_id in (${unitIds.join(',')})
      group by c.subject, c.tax_kind, c.kb_articles order by n desc limit 20000`);
    const suggestions = raw.prepare(`select adoption, count(*) from contacts where started_at >= ? and started_at < ?
      and type = 'suggestion' and org_unit_id in (${unitIds.join(',')}) group by adoption`);
    timeStatements(month);
    const dashboardSqlMs = median(Array.from({ length: 5 }, () => timeStatements(month)));
    const bulletinStatements = [
      ...month,
      ...previous,
      { statement: questions, range: MONTH_UTC },
      { statement: questions, range: PREVIOUS_UTC },
      { statement: suggestions, range: MONTH_UTC },
    ];
    timeStatements(bulletinStatements);
    const bulletinSqlMs = median(Array.from({ length: 3 }, () => timeStatements(bulletinStatements)));
    raw.close();
    console.log(
      `dashboard of ${MONTH.from}…${MONTH.to} (${monthContacts.toLocaleString('en')} contacts): ${round(dashboardMs)} ms server-side, raw SQL ${round(dashboardSqlMs)} ms (${round(dashboardMs / dashboardSqlMs, 2)}x)`,
    );

    // The bulletin of the month, through the bulletin module's own generate function.
    const bulletin = await import('../src/server/modules/bulletin');
    const bulletinTimes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const started = performance.now();
      const { docx } = await bulletin.generateBulletin(db, {
        orgUnitId: root.id,
        month: MONTH.from.slice(0, 7),
        now: NOW,
      });
      if (docx.length === 0) throw new Error('empty bulletin');
      bulletinTimes.push(performance.now() - started);
    }
    const bulletinMs = median(bulletinTimes.slice(1));
    console.log(
      `bulletin of ${MONTH.from.slice(0, 7)}: ${round(bulletinMs)} ms, raw SQL ${round(bulletinSqlMs)} ms (${round(bulletinMs / bulletinSqlMs, 2)}x)`,
    );
    await app.close();

    const exported = await measureServerExport(file, dir);
    return {
      contacts: total,
      dashboardMs: round(dashboardMs),
      bulletinMs: round(bulletinMs),
      exportRows: exported.rows,
      exportPeakRssMb: round(exported.peakMb),
      baseline: { dashboardSqlMs: round(dashboardSqlMs), bulletinSqlMs: round(bulletinSqlMs) },
    };
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
