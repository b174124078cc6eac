import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelSenders } from '../../jobs';
import { dispatchOutbox, enqueue } from '../../platform/outbox';
import { createTestApp, type TestApp, testDialects } from '../../test/harness';
import { insertOptOut } from './reminders.repository';
import { defaultSmsSettings, saveSmsSettings } from './sms-settings';

const dialects = await testDialects();

describe.each(dialects)('single SMS through the outbox on %s', (dialect) => {
  let t: TestApp;
  let dataDir: string;
  let gatewayFile: string;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-11-27T02:00:00Z' });
    dataDir = fs.mkdtempSync('/tmp/taxline-sms-');
    gatewayFile = path.join(dataDir, 'gateway.jsonl');
  });
  afterAll(async () => {
    await t.close();
  });

  const queue = (phone: string, text: string) =>
    t.database.db
      .transaction()
      .execute((trx) => enqueue(trx, { channel: 'sms', recipient: phone, payload: { text } }, t.clock.now()));

  it('waits while no gateway is configured, then sends once through the configured gateway', async () => {
    await queue('13800138000', '【12366】请回复1满意');
    expect((await dispatchOutbox(t.database.db, channelSenders, t.clock.now(), { dataDir })).retried).toBe(1);
    await saveSmsSettings(t.database.db, { ...defaultSmsSettings(), filePath: 'gateway.jsonl' }, t.clock.now());
    t.clock.advance(2 * 60_000);
    expect((await dispatchOutbox(t.database.db, channelSenders, t.clock.now(), { dataDir })).sent).toBe(1);
    const lines = fs
      .readFileSync(gatewayFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([expect.objectContaining({ phone: '13800138000', content: '【12366】请回复1满意' })]);
  });

  it('drops a message to an opted-out phone and holds messages during quiet hours', async () => {
    await insertOptOut(t.database.db, {
      phone: '13900139000',
      source: 'admin',
      note: null,
      createdBy: null,
      now: t.clock.now(),
    });
    await queue('13900139000', '不该发出');
    expect((await dispatchOutbox(t.database.db, channelSenders, t.clock.now(), { dataDir })).sent).toBe(1);
    t.clock.set('2026-11-27T14:00:00Z'); // 22:00 in Shanghai
    await queue('13700137000', '夜间消息');
    expect((await dispatchOutbox(t.database.db, channelSenders, t.clock.now(), { dataDir })).retried).toBe(1);
    const phones = fs
      .readFileSync(gatewayFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).phone);
    expect(phones).toEqual(['13800138000']);
  });
});
