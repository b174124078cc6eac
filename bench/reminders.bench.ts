/**
 * `npm run bench -- reminders [--taxpayers N] [--rate R]`: a reminder campaign for a million taxpayers.
 *
 * 1. Writes a CSV of N taxpayers (valid USCC ids, mobile numbers) to a temp folder.
 * 2. Through the real HTTP API on 127.0.0.1: uploads it as a reminder list (streamed to disk, read
 *    row by row, inserted 1,000 at a time) and creates an SMS campaign, which queues one message per
 *    taxpayer (INSERT … SELECT in id-range chunks). campaignSeconds is upload start → campaign active.
 * 3. Drains the queue with the scheduled sender (the server's scheduler and job, in a child process)
 *    through the file gateway at the configured rate; kills the child with SIGKILL half-way, starts a
 *    new one (its clock past the lease, as after a real restart) and lets it finish. Then counts what
 *    the gateway received: every queued message exactly once, or the figures say otherwise.
 * Baseline, same run: csv-parse alone over the file, and bare 1,000-row INSERTs of the same rows.
 * SQLite; `--postgres` runs on a fresh PostgreSQL database made (and dropped) like the tests make theirs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse';
import { buildApp } from '../src/server/app';
import { type Db, openDatabase } from '../src/server/db/connection';
import { migrateToLatest } from '../src/server/db/migrate';
import { seedDemoData } from '../src/server/demo/demo-data';
import { smsSenderJob } from '../src/server/modules/reminders';
import { shiftedClock, systemClock } from '../src/server/platform/clock';
import { startScheduler } from '../src/server/platform/jobs';
import { createTestDatabase } from '../src/server/test/harness';
import type { SmsStatus } from '../src/shared/reminders';

const PASSWORD = 'bench-pass-2026';
const USCC = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function uscc(n: number): string {
  const body = `91330100${String(n).padStart(9, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC.indexOf(body.charAt(i)) * (WEIGHTS[i] ?? 0);
  return body + USCC.charAt((31 - (sum % 31)) % 31);
}

async function writeCsv(file: string, count: number): Promise<void> {
  const out = fs.createWriteStream(file);
  const write = (text: string) =>
    new Promise<void>((resolve) => (out.write(text) ? resolve() : out.once('drain', () => resolve())));
  await write('纳税人识别号,纳税人名称,手机号码,所属期,欠缴金额\n');
  let chunk = '';
  for (let i = 1; i <= count; i++) {
    chunk += `${uscc(i)},示范纳税人${i}有限公司,1${String(3 + (i % 7))}${String(i).padStart(9, '0')},2026-10,${(i % 5000) + 1}.00\n`;
    if (i % 10_000 === 0) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((resolve) => out.end(resolve));
}

function open(location: { databaseUrl?: string; dataDir: string }) {
  return openDatabase(
    location.databaseUrl
      ? { databaseUrl: location.databaseUrl, dataDir: location.dataDir }
      : { dataDir: location.dataDir },
  );
}

/** Child mode: a server process whose only job is the SMS sender, on the real scheduler. */
async function senderMain(spec: { databaseUrl?: string; dataDir: string; clockOffsetMs: number }) {
  const { db } = open(spec);
  const clock = spec.clockOffsetMs ? shiftedClock(new Date(Date.now() + spec.clockOffsetMs)) : systemClock;
  const log = {
    info: (o: unknown) => process.send?.({ log: o }),
    error: (o: unknown, msg?: string) => console.error(msg, o),
    warn: () => {},
  } as never;
  startScheduler({ db, clock, log, jobs: [smsSenderJob()], dataDir: spec.dataDir });
  setInterval(() => process.send?.({ rss: process.memoryUsage().rss }), 500);
}

const childFlag = '--reminders-sender';
if (process.argv[2] === childFlag) {
  await senderMain(JSON.parse(process.argv[3] ?? '{}'));
}

async function count(db: Db, campaignId: number, statuses: SmsStatus[]): Promise<number> {
  const row = await db
    .selectFrom('sms_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign_id', '=', campaignId)
    .where('status', 'in', statuses)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

function startSender(spec: object): ChildProcess {
  return spawn(process.execPath, [...process.execArgv, import.meta.filename, childFlag, JSON.stringify(spec)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  }).on('message', (m: { log?: { job?: string; ms?: number; sent?: number }; rss?: number }) => {
    if (m.rss) senderPeakRss = Math.max(senderPeakRss, m.rss);
    if (m.log?.job === 'reminders.sms.send' && m.log.sent) senderRuns.push({ ms: m.log.ms ?? 0, sent: m.log.sent });
  });
}

/** What each run of the scheduled sender reported: how many it sent and how long it took. */
const senderRuns: Array<{ ms: number; sent: number }> = [];
let senderPeakRss = 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
}

export default async function bench(args: string[]) {
  const taxpayers = option(args, '--taxpayers', 1_000_000);
  const rate = option(args, '--rate', 10_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-bench-reminders-'));
  const postgres = args.includes('--postgres') ? await createTestDatabase('postgres') : null;
  const databaseUrl = postgres?.location;
  const csv = path.join(dataDir, 'taxpayers.csv');
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);

  console.log(
    `reminders bench: ${taxpayers} taxpayers, gateway rate ${rate}/s, ${databaseUrl ? 'PostgreSQL' : 'SQLite'}`,
  );
  const t0 = Date.now();
  await writeCsv(csv, taxpayers);
  const csvMb = fs.statSync(csv).size / 1024 / 1024;
  console.log(`  generated ${csvMb.toFixed(1)} MB CSV in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const { db, dialect } = postgres ?? open({ dataDir });
  await migrateToLatest(db);
  await seedDemoData(db, { password: PASSWORD, now: new Date() });
  const app = await buildApp({
    db,
    dialect,
    clock: systemClock,
    version: 'bench',
    isProduction: false,
    dataDir,
    ctiToken: undefined,
    logger: { level: 'error' },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { cookie, 'x-csrf-token': csrfToken };
  const gatewayFile = path.join(dataDir, 'gateway.jsonl');
  await fetch(`${base}/api/reminders/sms-settings`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      gateway: 'file',
      filePath: path.basename(gatewayFile),
      ratePerSecond: rate,
      quietStart: '00:00',
      quietEnd: '00:00',
    }),
  });
  // ---- create and queue the campaign ----
  const started = Date.now();
  const form = new FormData();
  form.set('name', '百万户申报提醒');
  form.set('segment', 'unfiled');
  form.set('file', await fs.openAsBlob(csv), 'taxpayers.csv');
  const listRes = await fetch(`${base}/api/reminders/lists`, { method: 'POST', headers, body: form });
  const list = (await listRes.json()) as { listId: number; loaded: number; failed: number; status: string };
  if (!listRes.ok) throw new Error(`list import failed: ${JSON.stringify(list)}`);
  const importSeconds = (Date.now() - started) / 1000;
  const campaignRes = await fetch(`${base}/api/reminders/campaigns`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: '2026年10月申报提醒',
      kind: 'filing_reminder',
      channel: 'sms',
      listId: list.listId,
      period: '2026-10',
    }),
  });
  const campaign = (await campaignRes.json()) as { id: number; status: string; queued: number };
  if (!campaignRes.ok) throw new Error(`campaign failed: ${JSON.stringify(campaign)}`);
  const campaignSeconds = (Date.now() - started) / 1000;
  // Peak memory of the server process while it imported and queued (the checks below read whole files).
  clearInterval(sampler);
  const peakRssMb = Math.round(peakRss / 1024 / 1024);
  console.log(
    `  list: ${list.loaded} loaded, ${list.failed} refused in ${importSeconds.toFixed(1)} s; campaign ${campaign.status}, ${campaign.queued} queued; total ${campaignSeconds.toFixed(1)} s`,
  );
  await app.close();

  // ---- drain with a crash half-way ----
  const spec = { ...(databaseUrl ? { databaseUrl } : {}), dataDir, clockOffsetMs: 0 };
  const drainStarted = Date.now();
  let first = startSender(spec);
  const half = Math.floor(campaign.queued / 2);
  while ((await count(db, campaign.id, ['sent'])) < half) await sleep(200);
  // Somewhere inside the next batch, not just after one was recorded.
  await sleep(50 + Math.floor(Math.random() * 250));
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  const killedAt = Date.now();
  const inDoubt = await count(db, campaign.id, ['sending']);
  const sentBeforeCrash = await count(db, campaign.id, ['sent']);
  console.log(
    `  killed the sender (SIGKILL) after ${((killedAt - drainStarted) / 1000).toFixed(1)} s: ${sentBeforeCrash} sent, ${inDoubt} in flight`,
  );
  // The restarted server's clock stands past the lease of the messages the dead one had in flight.
  first = startSender({ ...spec, clockOffsetMs: 3 * 60_000 });
  while ((await count(db, campaign.id, ['queued', 'sending'])) > 0) await sleep(500);
  first.kill('SIGTERM');
  const drainSeconds = (Date.now() - drainStarted) / 1000;

  const lines = fs.readFileSync(gatewayFile, 'utf8').split('\n').filter(Boolean);
  const received = new Map<string, number>();
  for (const line of lines) {
    try {
      const id = (JSON.parse(line) as { messageId: string }).messageId;
      received.set(id, (received.get(id) ?? 0) + 1);
    } catch {
      // a line cut by the kill: not a delivery
    }
  }
  const rows = await db
    .selectFrom('sms_messages')
    .select(['id', 'status'])
    .where('campaign_id', '=', campaign.id)
    .execute();
  const outboxLost = rows.filter((r) => !received.has(`sms-${r.id}`)).length;
  const outboxDuplicated = [...received.values()].reduce((n, c) => n + (c - 1), 0);
  const notSent = rows.filter((r) => r.status !== 'sent').length;
  const runSent = senderRuns.reduce((n, r) => n + r.sent, 0);
  const runMs = senderRuns.reduce((n, r) => n + r.ms, 0);
  // The rate while the sender runs; the wall time also holds two process starts and the 5-second slots.
  const sendRate = runMs > 0 ? (runSent / runMs) * 1000 : rows.length / drainSeconds;
  console.log(
    `  drained ${rows.length} messages in ${drainSeconds.toFixed(1)} s (${Math.round(sendRate)}/s while sending, at a ${rate}/s limit; two process starts); lost ${outboxLost}, duplicated ${outboxDuplicated}, not marked sent ${notSent}`,
  );

  // ---- baseline: parsing alone, and bare batched inserts ----
  const b0 = Date.now();
  let parsed = 0;
  for await (const _ of fs.createReadStream(csv).pipe(parse({ bom: true, from_line: 2 }))) parsed += 1;
  const parseSeconds = (Date.now() - b0) / 1000;
  await db.schema
    .createTable('bench_bare')
    .ifNotExists()
    .addColumn('a', 'text')
    .addColumn('b', 'text')
    .addColumn('c', 'text')
    .execute();
  const b1 = Date.now();
  let batch: Array<{ a: string; b: string; c: string }> = [];
  for await (const r of fs.createReadStream(csv).pipe(parse({ bom: true, from_line: 2 })) as AsyncIterable<string[]>) {
    batch.push({ a: r[0] ?? '', b: r[1] ?? '', c: r[2] ?? '' });
    if (batch.length === 1000) {
      await (db as unknown as Db)
        .insertInto('bench_bare' as never)
        .values(batch as never)
        .execute();
      batch = [];
    }
  }
  if (batch.length)
    await (db as unknown as Db)
      .insertInto('bench_bare' as never)
      .values(batch as never)
      .execute();
  const bareInsertSeconds = (Date.now() - b1) / 1000;
  if (postgres) await postgres.drop();
  else await db.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });

  console.log('');
  console.log('                          taxline        baseline');
  console.log(`  rows                    ${String(list.loaded).padEnd(14)} ${parsed}`);
  console.log(
    `  import + queue, s       ${campaignSeconds.toFixed(1).padEnd(14)} ${(parseSeconds + bareInsertSeconds).toFixed(1)} (parse ${parseSeconds.toFixed(1)} + bare insert ${bareInsertSeconds.toFixed(1)})`,
  );
  console.log(
    `  peak RSS, MB            ${peakRssMb} (import + queue; sender process ${Math.round(senderPeakRss / 1024 / 1024)})`,
  );
  console.log(`  SMS drained, per s      ${Math.round(sendRate).toString().padEnd(14)} limit ${rate}`);
  console.log(`  lost / duplicated       ${outboxLost} / ${outboxDuplicated}`);
  return {
    taxpayers: list.loaded,
    campaignSeconds: Number(campaignSeconds.toFixed(2)),
    peakRssMb,
    senderPeakRssMb: Math.round(senderPeakRss / 1024 / 1024),
    outboxLost,
    outboxDuplicated,
    importSeconds: Number(importSeconds.toFixed(2)),
    queued: campaign.queued,
    drainSeconds: Number(drainSeconds.toFixed(1)),
    sendPerSecond: Math.round(sendRate),
    gatewayRatePerSecond: rate,
    inFlightAtCrash: inDoubt,
    notMarkedSent: notSent,
    dialect,
    baseline: {
      parseSeconds: Number(parseSeconds.toFixed(2)),
      bareInsertSeconds: Number(bareInsertSeconds.toFixed(2)),
    },
  };
}
