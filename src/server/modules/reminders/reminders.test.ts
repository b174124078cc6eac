import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../db/connection';
import { fixedClock } from '../../platform/clock';
import { runJobSlot } from '../../platform/jobs';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../../test/harness';
import { multipart, xlsxOf } from '../lookups/upload.test-support';
import { isQuietHour, renderSms } from './reminders';
import { reminderJobs } from './reminders.jobs';
import { fileGateway, type OutgoingSms, type SmsGateway } from './sms-gateway';
import { sendDueSms, smsSenderJob } from './sms-sender';
import { gatewayOf, loadSmsSettings, type SmsSettings, saveSmsSettings, smsSettingsSchema } from './sms-settings';

const dialects = await testDialects();

/** USCC codes with valid check characters (GB 32100), made from a serial number. */
const C = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function uscc(n: number): string {
  const body = `91330100MA${String(n).padStart(6, '0')}0`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += C.indexOf(body.charAt(i)) * (W[i] ?? 0);
  return body + C.charAt((31 - (sum % 31)) % 31);
}
const phone = (n: number) => `138${String(n).padStart(8, '0')}`;

function listCsv(count: number, extra: string[] = []) {
  const lines = ['纳税人识别号,纳税人名称,手机号码,所属期,欠缴金额'];
  for (let i = 1; i <= count; i++) lines.push(`${uscc(i)},纳税人${i}有限公司,${phone(i)},2026-10,${i}00.00`);
  return [...lines, ...extra].join('\r\n');
}

/** A gateway as an SMS provider runs one: it keeps what it accepted and drops a message id it has seen. */
function recordingGateway() {
  const delivered = new Map<string, OutgoingSms>();
  const calls: string[] = [];
  const gateway: SmsGateway = {
    async send(messages) {
      for (const m of messages) {
        calls.push(m.messageId);
        if (!delivered.has(m.messageId)) delivered.set(m.messageId, m);
      }
      return messages.map((m) => ({ messageId: m.messageId, accepted: true as const }));
    },
  };
  return { gateway, delivered, calls };
}

describe('reminder rules', () => {
  it('renders the signature, the period and the deadline in words', () => {
    const text = renderSms('【示范省税务局】', '尊敬的{纳税人名称}：{所属期}截止{截止日期}，欠{欠缴金额}{未知}', {
      taxpayerName: '甲公司',
      taxpayerId: 'X',
      period: '2026-11',
      deadline: '2026-12-15',
      amountDueFen: 12345,
    });
    expect(text).toBe('【示范省税务局】尊敬的甲公司：2026年11月截止2026年12月15日（周二）24:00，欠123.45元{未知}');
  });

  it('keeps quiet from 21:00 to 08:00 Shanghai time', () => {
    expect(isQuietHour(new Date('2026-11-27T13:00:00Z'), '21:00', '08:00')).toBe(true); // 21:00
    expect(isQuietHour(new Date('2026-11-27T23:59:00Z'), '21:00', '08:00')).toBe(true); // 07:59
    expect(isQuietHour(new Date('2026-11-28T00:00:00Z'), '21:00', '08:00')).toBe(false); // 08:00
    expect(isQuietHour(new Date('2026-11-27T06:00:00Z'), '13:30', '14:30')).toBe(true); // 14:00, a daytime window
    expect(isQuietHour(new Date('2026-11-27T06:00:00Z'), '00:00', '00:00')).toBe(false); // none
  });
});

describe.each(dialects)('reminder service on %s', (dialect) => {
  let t: TestApp;
  let lead: Session;
  let admin: Session;
  let agent1: Session;
  let agent2: Session;

  beforeAll(async () => {
    // 10:00 in Shanghai, outside the quiet hours.
    t = await createTestApp(dialect, { now: '2026-11-27T02:00:00Z' });
    [lead, admin, agent1, agent2] = await Promise.all([
      t.login('lead1'),
      t.login('admin'),
      t.login('agent1'),
      t.login('agent2'),
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  const { get, post, put } = sessionRequests(() => t);
  const importList = async (
    s: Session,
    name: string,
    file: { name: string; content: string | Buffer },
    segment = 'unfiled',
  ) => {
    const body = multipart({ name, segment }, file);
    return t.app.inject({
      method: 'POST',
      url: '/api/reminders/lists',
      headers: { ...s.writeHeaders, ...body.headers },
      payload: body.payload,
    });
  };
  const settings = () => loadSmsSettings(t.database.db);

  it('imports a list, reporting bad rows by line and keeping the good ones', async () => {
    const res = await importList(lead, '10月未申报户', {
      name: 'list.csv',
      content: listCsv(5, [
        `${uscc(6)},纳税人6,1380000,2026-10,`,
        `91330100MA0000070X,纳税人7,${phone(7)},2026-10,`,
        `${uscc(8)},纳税人8,${phone(8)},2026-13,`,
        `${uscc(9)},,${phone(9)},,`,
      ]),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ready', totalRows: 9, loaded: 5, failed: 4 });
    expect(res.json().errors.map((e: { line: number }) => e.line)).toEqual([7, 8, 9, 10]);
    expect(res.json().errors[0].error).toContain('手机号码');
    const list = (await get(lead, `/api/reminders/lists/${res.json().listId}`)).json();
    expect(list).toMatchObject({ status: 'ready', loadedRows: 5, failedRows: 4, segmentName: '未申报户' });
    expect(list.errors).toHaveLength(4);
  });

  it('queues an SMS campaign without opted-out or duplicate phones, sends it and records delivery', async () => {
    const xlsx = await xlsxOf([
      ['纳税人识别号', '纳税人名称', '手机号码', '所属期', '欠缴金额'],
      ...Array.from({ length: 6 }, (_, i) => [uscc(100 + i), `短信户${i}`, phone(100 + i), '2026-10', '']),
      [uscc(106), '同号另一户', phone(100), '2026-10', ''],
    ]);
    const list = (await importList(lead, '短信名单', { name: 'sms.xlsx', content: xlsx })).json();
    expect(list.loaded).toBe(7);
    expect((await post(lead, '/api/reminders/opt-outs', { phone: phone(105), note: '本人要求' })).statusCode).toBe(200);

    const res = await post(lead, '/api/reminders/campaigns', {
      name: '10月申报提醒',
      kind: 'filing_reminder',
      channel: 'sms',
      listId: list.listId,
      period: '2026-10',
    });
    expect(res.statusCode, res.body).toBe(200);
    const campaign = res.json();
    expect(campaign).toMatchObject({
      status: 'active',
      total: 7,
      queued: 5,
      skippedOptOut: 1,
      skippedDuplicate: 1,
      deadline: '2026-12-15',
    });

    const { gateway, delivered } = recordingGateway();
    const counts = await sendDueSms({
      db: t.database.db,
      gateway,
      settings: await settings(),
      clock: t.clock,
      budgetMs: 60_000,
      sleep: async () => {},
    });
    expect(counts).toMatchObject({ sent: 5, failed: 0 });
    const texts = [...delivered.values()].map((m) => m.content);
    expect(texts[0]).toMatch(
      /^【示范省税务局】尊敬的短信户0：您2026年10月的税费申报期限截止到2026年12月15日（周二）24:00，/,
    );
    expect(new Set([...delivered.values()].map((m) => m.phone)).has(phone(105))).toBe(false);

    const token = 'gateway-callback-token-123456';
    expect((await put(admin, '/api/reminders/sms-settings', { callbackToken: token })).statusCode).toBe(200);
    const firstId = [...delivered.keys()][0]!;
    const report = await t.app.inject({
      method: 'POST',
      url: '/api/reminders/sms/delivery-reports',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        reports: [
          { messageId: firstId, status: 'delivered' },
          { messageId: 'sms-999999', status: 'failed' },
        ],
      },
    });
    expect(report.json()).toEqual({ updated: 1, unknown: 1 });
    const badToken = await t.app.inject({
      method: 'POST',
      url: '/api/reminders/sms/delivery-reports',
      headers: { authorization: 'Bearer wrong-token-wrong-token' },
      payload: { reports: [{ messageId: firstId, status: 'failed' }] },
    });
    expect(badToken.statusCode).toBe(401);

    const progress = (await get(lead, `/api/reminders/campaigns/${campaign.id}`)).json();
    expect(progress.progress.byStatus.delivered.count).toBe(1);
    expect(progress.progress.byStatus.sent.count).toBe(4);
    const recipients = (await get(lead, `/api/reminders/campaigns/${campaign.id}/recipients?status=delivered`)).json();
    expect(recipients.items[0].phone).toMatch(/^138\*{4}\d{4}$/);
    // A second campaign of the same kind and period does not remind the same phones again.
    const again = (
      await post(lead, '/api/reminders/campaigns', {
        name: '重复',
        kind: 'filing_reminder',
        channel: 'sms',
        listId: list.listId,
        period: '2026-10',
      })
    ).json();
    expect(again).toMatchObject({ queued: 0, skippedDuplicate: 6 });
  });

  it('sends nothing in the quiet hours and never faster than the gateway’s rate', async () => {
    const list = (
      await importList(lead, '限速名单', { name: 'rate.csv', content: listCsv(30).replaceAll('2026-10', '2026-09') })
    ).json();
    await put(lead, '/api/reminders/sms-settings', { ratePerSecond: 10 });
    const overdueCampaign = await post(lead, '/api/reminders/campaigns', {
      name: '9月催报',
      kind: 'overdue_notice',
      channel: 'sms',
      listId: list.listId,
      period: '2026-09',
    });
    const { gateway, delivered } = recordingGateway();
    const night = fixedClock(new Date('2026-11-27T14:30:00Z'));
    const quiet = await sendDueSms({
      db: t.database.db,
      gateway,
      settings: await settings(),
      clock: night,
      budgetMs: 60_000,
    });
    expect([quiet.quiet, quiet.sent, delivered.size]).toEqual([1, 0, 0]);
    // A message held by the quiet hours says why it waits and until when (10:00 now, quiet 09:00–11:00).
    const recipientsUrl = `/api/reminders/campaigns/${overdueCampaign.json().id}/recipients?limit=5`;
    expect((await get(lead, recipientsUrl)).json().items[0].statusName).toBe('排队中');
    await put(lead, '/api/reminders/sms-settings', { quietStart: '09:00', quietEnd: '11:00' });
    expect((await get(lead, recipientsUrl)).json().items[0].statusName).toBe('排队中（免打扰时段，11:00 后发送）');
    await put(lead, '/api/reminders/sms-settings', { quietStart: '21:00', quietEnd: '08:00' });

    // Time passes only while the sender sleeps: the work of a batch takes no time, so whatever the
    // machine's load, the sender must wait out each batch's whole second itself.
    const waits: number[] = [];
    let elapsed = 0;
    const counts = await sendDueSms({
      db: t.database.db,
      gateway,
      settings: await settings(),
      clock: t.clock,
      budgetMs: 60_000,
      elapsedMs: () => elapsed,
      sleep: async (ms) => {
        waits.push(ms);
        elapsed += ms;
      },
    });
    expect(counts.sent).toBe(30);
    // Batches of 10 at 10 a second: each batch is held to one second.
    expect(waits).toEqual([1000, 1000, 1000]);
    expect([...delivered.values()][0]!.content).toContain('缴纳100.00元');
    await put(lead, '/api/reminders/sms-settings', { ratePerSecond: 20 });
  });

  /** A queued SMS campaign to 40 taxpayers for the period. */
  const queueSmsCampaign = async (name: string, period: string): Promise<{ id: number }> => {
    const csv = { name: `${period}.csv`, content: listCsv(40).replaceAll('2026-10', period) };
    const list = (await importList(lead, `${name}名单`, csv)).json();
    const body = { name, kind: 'filing_reminder', channel: 'sms', listId: list.listId, period };
    return (await post(lead, '/api/reminders/campaigns', body)).json();
  };
  /** Sends batches of 15; the second reaches the gateway, then the process dies before recording it. */
  const sendUntilCrash = async (gateway: SmsGateway, s: SmsSettings) => {
    let batches = 0;
    const afterGateway = async () => {
      batches += 1;
      if (batches === 2) throw new Error('simulated crash');
    };
    const run = { db: t.database.db, gateway, settings: s, clock: t.clock, budgetMs: 60_000, batchSize: 15 };
    await expect(sendDueSms({ ...run, sleep: async () => {}, afterGateway })).rejects.toThrow('simulated crash');
  };
  /** Another process's connection to the same database. */
  const openAnother = () =>
    dialect === 'sqlite'
      ? openDatabase({ dataDir: t.database.location })
      : openDatabase({ databaseUrl: t.database.location, dataDir: os.tmpdir() });
  /** Once the lease has ended, sends what is left through `db`. */
  const sendAfterLease = (db: Db, gateway: SmsGateway, s: SmsSettings) => {
    t.clock.advance(3 * 60_000);
    return sendDueSms({ db, gateway, settings: s, clock: t.clock, budgetMs: 60_000, sleep: async () => {} });
  };
  const messageIdsIn = (file: string) =>
    fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as OutgoingSms).messageId);
  const campaignMessages = (campaignId: number) =>
    t.database.db.selectFrom('sms_messages').select(['id', 'status']).where('campaign_id', '=', campaignId).execute();

  it('loses and duplicates nothing when the sender dies after the gateway accepted a batch', async () => {
    const campaign = await queueSmsCampaign('8月提醒', '2026-08');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-sms-')), 'gateway.jsonl');
    const s = { ...(await settings()), ratePerSecond: 500 };

    // First life: the second batch reaches the gateway, then the process dies before recording it.
    await sendUntilCrash(fileGateway({ file, db: t.database.db, now: t.clock.now }), s);
    const stuck = await t.database.db
      .selectFrom('sms_messages')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('campaign_id', '=', campaign.id)
      .groupBy('status')
      .execute();
    expect(Object.fromEntries(stuck.map((r) => [r.status, Number(r.n)]))).toEqual({
      sent: 15,
      sending: 15,
      queued: 10,
    });

    // Second life: a new connection and a new gateway client over the same far side, after the lease ends.
    const reopened = openAnother();
    try {
      const counts = await sendAfterLease(reopened.db, fileGateway({ file, db: reopened.db, now: t.clock.now }), s);
      expect(counts).toMatchObject({ reclaimed: 15, sent: 25 });
    } finally {
      await reopened.db.destroy();
    }
    const ids = messageIdsIn(file);
    const rows = await campaignMessages(campaign.id);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length); // nothing received twice
    expect(new Set(ids)).toEqual(new Set(rows.map((r) => `sms-${r.id}`))); // nothing lost
  });

  it('sends nothing twice when another instance, with its own data directory, takes over a crashed batch', async () => {
    const campaign = await queueSmsCampaign('3月提醒', '2026-03');
    const s = { ...(await settings()), gateway: 'file' as const, filePath: 'sms-gateway.jsonl', ratePerSecond: 500 };
    const dataDirs = [
      fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-a-')),
      fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-b-')),
    ];
    const log = { info: () => {} };
    const now = t.clock.now;
    // Instance B runs already (its gateway is made before A's crash), over its own connection.
    const reopened = openAnother();
    const gatewayB = gatewayOf(s, { db: reopened.db, dataDir: dataDirs[1], log, now });
    try {
      await sendUntilCrash(gatewayOf(s, { db: t.database.db, dataDir: dataDirs[0], log, now }), s);
      expect(await sendAfterLease(reopened.db, gatewayB, s)).toMatchObject({ reclaimed: 15, sent: 25 });
    } finally {
      await reopened.db.destroy();
    }
    const received = dataDirs.flatMap((dir) => messageIdsIn(path.join(dir, 'sms-gateway.jsonl')));
    const rows = await campaignMessages(campaign.id);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(received).toHaveLength(40); // nothing received twice
    expect(new Set(received)).toEqual(new Set(rows.map((r) => `sms-${r.id}`))); // nothing lost
    for (const dir of dataDirs) {
      expect(fs.statSync(path.join(dir, 'sms-gateway.jsonl')).mode & 0o777).toBe(0o600);
    }
    // The gateway's record is forgotten after a week, long after any retry.
    const forget = reminderJobs.find((j) => j.name === 'reminders.sms.forget_gateway_sends')!;
    const silent = { info: () => {}, debug: () => {}, error: () => {} } as never;
    const recorded = async () =>
      (await t.database.db.selectFrom('sms_gateway_sends').select('message_id').execute()).length;
    expect(await recorded()).toBeGreaterThanOrEqual(40);
    const soon = new Date(t.clock.now().getTime() + 24 * 60 * 60_000);
    expect(await runJobSlot(forget, { db: t.database.db, now: soon, log: silent })).toEqual({ forgotten: 0 });
    const later = new Date(t.clock.now().getTime() + 8 * 24 * 60 * 60_000);
    await runJobSlot(forget, { db: t.database.db, now: later, log: silent });
    expect(await recorded()).toBe(0);
  });

  it('settles a claim its writer left behind from the file: written once, whether the line got there or not', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-claim-')), 'gateway.jsonl');
    const sms = (messageId: string) => ({ messageId, phone: '13800000000', content: '提醒' });
    // A writer died after claiming both and writing the first line only.
    await t.database.db
      .insertInto('sms_gateway_sends')
      .values(['claim-1', 'claim-2'].map((id) => ({ message_id: id, state: 'appending' as const, created_at: '' })))
      .execute();
    fs.writeFileSync(file, `${JSON.stringify({ ...sms('claim-1'), at: '' })}\n`);
    const gateway = fileGateway({ file, db: t.database.db, now: t.clock.now });
    await gateway.send([sms('claim-1'), sms('claim-2'), sms('claim-3')]);
    await gateway.send([sms('claim-3')]);
    expect(messageIdsIn(file)).toEqual(['claim-1', 'claim-2', 'claim-3']);
    const states = await t.database.db
      .selectFrom('sms_gateway_sends')
      .select('state')
      .where('message_id', 'like', 'claim-%')
      .execute();
    expect(states.map((r) => r.state)).toEqual(['appended', 'appended', 'appended']);
  });

  it('keeps the file gateway inside the data directory', async () => {
    for (const filePath of ['/etc/cron.d/taxline.jsonl', '../outside.jsonl', 'sub/dir.jsonl', 'taxline.db', '.jsonl']) {
      const res = await put(admin, '/api/reminders/sms-settings', { filePath });
      expect(res.statusCode, filePath).toBe(400);
      expect(res.json().error.details.fields[0].field).toBe('filePath');
    }
    expect((await put(admin, '/api/reminders/sms-settings', { filePath: 'gateway-2026.jsonl' })).statusCode).toBe(200);
    expect((await get(lead, '/api/reminders/sms-settings')).json().filePath).toBe('gateway-2026.jsonl');
    // Settings stored before names were required held an absolute path: only its name is kept.
    const legacy = { ...(await settings()), filePath: '/srv/instance-a/data/sms-gateway.jsonl' };
    await t.database.db
      .updateTable('settings')
      .set({ value: JSON.stringify(legacy) })
      .where('key', '=', 'reminders.sms')
      .execute();
    expect((await settings()).filePath).toBe('sms-gateway.jsonl');
    expect(smsSettingsSchema.parse({ ...legacy, filePath: '/etc/passwd' }).filePath).toBe('sms-gateway.jsonl');
    await saveSmsSettings(t.database.db, { ...legacy, filePath: 'sms-gateway.jsonl' }, t.clock.now());
  });

  it('runs the sender as a scheduled job once per slot and closes finished campaigns', async () => {
    const list = (
      await importList(lead, '定时名单', { name: 'job.csv', content: listCsv(3).replaceAll('2026-10', '2026-07') })
    ).json();
    const campaign = (
      await post(lead, '/api/reminders/campaigns', {
        name: '7月提醒',
        kind: 'filing_reminder',
        channel: 'sms',
        listId: list.listId,
        period: '2026-07',
      })
    ).json();
    const fileName = `taxline-job-${campaign.id}-${dialect}.jsonl`;
    expect((await put(admin, '/api/reminders/sms-settings', { gateway: 'file', filePath: fileName })).statusCode).toBe(
      200,
    );
    const log = { info: () => {}, error: () => {} } as never;
    const job = smsSenderJob();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-job-'));
    const first = await runJobSlot(job, { db: t.database.db, now: t.clock.now(), log, dataDir });
    expect(first?.sent).toBeGreaterThanOrEqual(3);
    expect(fs.readFileSync(path.join(dataDir, fileName), 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(3);
    expect(await runJobSlot(job, { db: t.database.db, now: t.clock.now(), log, dataDir })).toBeNull();
    const sweep = await import('./campaigns.service').then((m) => m.sweepCampaigns(t.database.db, t.clock.now()));
    expect(sweep.completed).toBeGreaterThanOrEqual(1);
    expect((await get(lead, `/api/reminders/campaigns/${campaign.id}`)).json().status).toBe('completed');
  });

  it('splits a callback campaign into agents’ task lists and collects their results', async () => {
    const list = (
      await importList(
        lead,
        '回访名单',
        { name: 'cb.csv', content: listCsv(5).replaceAll('2026-10', '2026-06') },
        'unpaid',
      )
    ).json();
    const agents = (await get(lead, '/api/reminders/agents')).json() as Array<{ id: number; username: string }>;
    const ids = agents.filter((a) => a.username === 'agent1' || a.username === 'agent2').map((a) => a.id);
    expect(ids).toHaveLength(2);
    const res = await post(lead, '/api/reminders/campaigns', {
      name: '6月欠税回访',
      kind: 'overdue_notice',
      channel: 'callback',
      listId: list.listId,
      period: '2026-06',
      agentIds: ids,
    });
    expect(res.statusCode, res.body).toBe(200);
    const campaign = res.json();
    expect(campaign.progress.byAgent.map((a: { pending: number }) => a.pending).sort()).toEqual([2, 3]);

    const mine = (await get(agent1, '/api/reminders/tasks')).json();
    const theirs = (await get(agent2, '/api/reminders/tasks')).json();
    expect(mine.length + theirs.length).toBe(5);
    expect(mine[0].phone).toMatch(/^138\d{8}$/);
    expect((await post(agent2, `/api/reminders/tasks/${mine[0].id}/result`, { result: 'reached' })).statusCode).toBe(
      403,
    );

    const unreachable = await post(agent1, `/api/reminders/tasks/${mine[0].id}/result`, { result: 'unreachable' });
    expect(unreachable.json()).toMatchObject({ status: 'pending', attempts: 1 });
    const results = ['filed', 'refused', 'wrong_number', 'reached', 'reached'];
    const all = [...mine, ...theirs];
    for (const [i, task] of all.entries()) {
      const who = mine.includes(task) ? agent1 : agent2;
      const r = await post(who, `/api/reminders/tasks/${task.id}/result`, {
        result: results[i],
        note: '已告知申报期限',
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    expect((await post(agent1, `/api/reminders/tasks/${mine[0].id}/result`, { result: 'reached' })).statusCode).toBe(
      409,
    );
    const done = (await get(lead, `/api/reminders/campaigns/${campaign.id}`)).json();
    expect(done.status).toBe('completed');
    expect(done.progress.byResult).toMatchObject({
      reached: { count: 2 },
      filed: { count: 1 },
      refused: { count: 1 },
      wrong_number: { count: 1 },
    });
    const recipients = (await get(lead, `/api/reminders/campaigns/${campaign.id}/recipients?status=filed`)).json();
    expect(recipients.items[0]).toMatchObject({ resultName: '已申报缴款', note: '已告知申报期限' });
    expect(recipients.items[0].phone).toContain('****');
  });

  it('exports a campaign’s recipients to .xlsx with the filters shown and phones masked as in the list', async () => {
    const all = (await get(lead, '/api/reminders/campaigns')).json() as Array<{ id: number; name: string }>;
    const sms = all.find((c) => c.name === '10月申报提醒')!;
    const callback = all.find((c) => c.name === '6月欠税回访')!;
    const open = async (url: string) => {
      const res = await get(lead, url);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('提醒对象')!;
      const row = (n: number) =>
        Array.from((sheet.getRow(n).values as unknown[]).slice(1), (v) =>
          v === null || v === undefined ? '' : String(v),
        );
      return { sheet, row };
    };

    const smsList = (await get(lead, `/api/reminders/campaigns/${sms.id}/recipients?limit=200`)).json();
    const smsFile = await open(`/api/reminders/campaigns/${sms.id}/recipients/export`);
    expect(smsFile.row(1)).toEqual(['筛选条件', '提醒任务：10月申报提醒']);
    expect(smsFile.row(4)).toEqual([
      '纳税人',
      '纳税人识别号',
      '手机号码',
      '状态',
      '发送次数',
      '发送时间',
      '送达时间',
      '说明',
    ]);
    expect(smsFile.sheet.rowCount - 4).toBe(smsList.total);
    const smsRows = Array.from({ length: smsList.total }, (_, i) => smsFile.row(5 + i));
    expect(smsRows.map((r) => r[2])).toEqual(smsList.items.map((r: { phone: string }) => r.phone));
    expect(smsRows.every((r) => /^138\*{4}\d{4}$/.test(r[2]!))).toBe(true);

    const delivered = (await get(lead, `/api/reminders/campaigns/${sms.id}/recipients?status=delivered`)).json();
    const deliveredFile = await open(`/api/reminders/campaigns/${sms.id}/recipients/export?status=delivered`);
    expect(deliveredFile.row(2)).toEqual(['', '状态：已送达']);
    expect(deliveredFile.sheet.rowCount - 5).toBe(delivered.total);
    expect(deliveredFile.row(6)[3]).toBe('已送达');

    const filed = (await get(lead, `/api/reminders/campaigns/${callback.id}/recipients?status=filed`)).json();
    const filedFile = await open(`/api/reminders/campaigns/${callback.id}/recipients/export?status=filed`);
    expect(filedFile.row(2)).toEqual(['', '结果：已申报缴款']);
    expect(filedFile.row(5)).toEqual([
      '纳税人',
      '纳税人识别号',
      '手机号码',
      '坐席',
      '结果',
      '拨打次数',
      '备注',
      '完成时间',
    ]);
    expect(filedFile.sheet.rowCount - 5).toBe(filed.total);
    expect(filedFile.row(6).slice(2, 5)).toEqual([filed.items[0].phone, filed.items[0].agentName, '已申报缴款']);
    expect(filedFile.row(6)[2]).toContain('****');

    expect((await get(agent1, `/api/reminders/campaigns/${sms.id}/recipients/export`)).statusCode).toBe(403);
    const audit = (await get(admin, '/api/admin/audit?action=reminder.campaign.export')).json();
    expect(audit.total).toBe(3);
  });

  it('refuses bad campaigns and keeps the gateway settings for administrators', async () => {
    const list = (await get(lead, '/api/reminders/lists')).json()[0];
    const badTemplate = await post(lead, '/api/reminders/campaigns', {
      name: 'x',
      kind: 'filing_reminder',
      channel: 'sms',
      listId: list.id,
      period: '2026-10',
      template: '{姓名}您好',
    });
    expect(badTemplate.json().error).toMatchObject({
      code: 'TEMPLATE_PLACEHOLDER_UNKNOWN',
      details: { fields: [{ field: 'template' }] },
    });
    const noAgents = await post(lead, '/api/reminders/campaigns', {
      name: 'x',
      kind: 'filing_reminder',
      channel: 'callback',
      listId: list.id,
      period: '2026-10',
    });
    expect(noAgents.json().error.code).toBe('AGENTS_REQUIRED');
    const noList = await post(lead, '/api/reminders/campaigns', {
      name: 'x',
      kind: 'filing_reminder',
      channel: 'sms',
      listId: 99999,
      period: '2026-10',
    });
    expect(noList.json().error.details.fields[0].field).toBe('listId');
    expect(
      (
        await post(agent1, '/api/reminders/campaigns', {
          name: 'x',
          kind: 'filing_reminder',
          channel: 'sms',
          listId: list.id,
          period: '2026-10',
        })
      ).statusCode,
    ).toBe(403);
    const byLead = await put(lead, '/api/reminders/sms-settings', {
      gateway: 'http',
      httpUrl: 'http://127.0.0.1:9/sms',
    });
    expect(byLead.statusCode).toBe(403);
    const incomplete = await put(admin, '/api/reminders/sms-settings', {
      gateway: 'http',
      httpUrl: 'http://127.0.0.1:9/sms',
      httpBodyTemplate: '{}',
    });
    expect(incomplete.json().error.code).toBe('GATEWAY_TEMPLATE_INCOMPLETE');
    const shown = (await get(lead, '/api/reminders/sms-settings')).json();
    expect(shown).not.toHaveProperty('httpToken');
    expect(shown).not.toHaveProperty('callbackTokenHash');
    expect(shown.hasCallbackToken).toBe(true);
    const wrongType = await importList(lead, 'pdf', {
      name: 'list.csv',
      content: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n', 'latin1'),
    });
    expect(wrongType.statusCode).toBe(415);
    const noName = await importList(lead, '', { name: 'list.csv', content: listCsv(1) });
    expect(noName.json().error.details.fields[0].field).toBe('name');
  });

  it('opts a phone out when the taxpayer replies TD', async () => {
    const token = 'gateway-callback-token-123456';
    const reply = await t.app.inject({
      method: 'POST',
      url: '/api/reminders/sms/replies',
      headers: { authorization: `Bearer ${token}` },
      payload: { phone: `+86${phone(300)}`, text: 'TD' },
    });
    expect(reply.json()).toEqual({ optedOut: true });
    const listed = (await get(lead, `/api/reminders/opt-outs?phone=${phone(300)}`)).json();
    expect(listed[0]).toMatchObject({ phone: phone(300), source: 'sms_reply' });
  });
});
