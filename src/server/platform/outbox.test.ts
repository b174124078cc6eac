import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../test/harness';
import { every, type Job, runJobSlot } from './jobs';
import { type ChannelSender, dispatchOutbox, enqueue } from './outbox';

const dialects = await testDialects();
const silentLog = { info: () => {}, error: () => {}, warn: () => {} } as never;

describe.each(dialects)('outbox and job slots on %s', (dialect) => {
  let database: TestDatabase;
  afterEach(async () => {
    await database.drop();
  });
  const open = async () => {
    database = await createTestDatabase(dialect, { migrated: true });
    return database.db;
  };
  const now = new Date('2026-11-27T02:00:00Z');

  it('sends a queued message once, and drops a second message with the same dedupe key', async () => {
    const db = await open();
    await db.transaction().execute(async (trx) => {
      await enqueue(trx, { channel: 'test', recipient: 'a', payload: { n: 1 }, dedupeKey: 'k1' }, now);
      await enqueue(trx, { channel: 'test', recipient: 'a', payload: { n: 2 }, dedupeKey: 'k1' }, now);
    });
    const delivered: unknown[] = [];
    const sender: ChannelSender = { channel: 'test', deliver: async (_trx, m) => void delivered.push(m.payload) };
    expect(await dispatchOutbox(db, [sender], now)).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(await dispatchOutbox(db, [sender], now)).toEqual({ sent: 0, retried: 0, dead: 0 });
    expect(delivered).toEqual([{ n: 1 }]);
  });

  it('queues nothing when the change that queued it rolls back', async () => {
    const db = await open();
    await expect(
      db.transaction().execute(async (trx) => {
        await enqueue(trx, { channel: 'test', recipient: 'a', payload: {} }, now);
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    expect(await db.selectFrom('outbox').selectAll().execute()).toHaveLength(0);
  });

  it('retries a failed delivery later with backoff, then gives up', async () => {
    const db = await open();
    await db.transaction().execute((trx) => enqueue(trx, { channel: 'test', recipient: 'a', payload: {} }, now));
    const failing: ChannelSender = {
      channel: 'test',
      deliver: async () => {
        throw new Error('gateway down');
      },
    };
    expect(await dispatchOutbox(db, [failing], now)).toEqual({ sent: 0, retried: 1, dead: 0 });
    expect(await dispatchOutbox(db, [failing], now)).toEqual({ sent: 0, retried: 0, dead: 0 });
    let t = now.getTime();
    let last = { sent: 0, retried: 0, dead: 0 };
    for (let i = 0; i < 10 && last.dead === 0; i++) {
      t += 7 * 60 * 60_000;
      last = await dispatchOutbox(db, [failing], new Date(t));
    }
    expect(last.dead).toBe(1);
    const row = await db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'dead', attempts: 8, last_error: 'gateway down' });
  });

  it('takes back a message left in sending by a crashed instance once its lease ends', async () => {
    const db = await open();
    await db.transaction().execute((trx) => enqueue(trx, { channel: 'test', recipient: 'a', payload: {} }, now));
    await db
      .updateTable('outbox')
      .set({ status: 'sending', next_attempt_at: new Date(now.getTime() + 300_000).toISOString() })
      .execute();
    const ok: ChannelSender = { channel: 'test', deliver: async () => {} };
    expect((await dispatchOutbox(db, [ok], now)).sent).toBe(0);
    expect((await dispatchOutbox(db, [ok], new Date(now.getTime() + 301_000))).sent).toBe(1);
  });

  it('runs a job once per slot even when two instances tick together', async () => {
    const db = await open();
    let runs = 0;
    const job: Job = {
      name: 'test.sweep',
      ...every(10 * 60_000),
      run: async () => {
        runs += 1;
        return { touched: 1 };
      },
    };
    const ctx = { db, now, log: silentLog };
    const [a, b] = await Promise.all([runJobSlot(job, ctx), runJobSlot(job, ctx)]);
    expect([a, b].filter((r) => r !== null)).toEqual([{ touched: 1 }]);
    expect(await runJobSlot(job, { ...ctx, now: new Date(now.getTime() + 5 * 60_000) })).toBeNull();
    expect(await runJobSlot(job, { ...ctx, now: new Date(now.getTime() + 10 * 60_000) })).toEqual({ touched: 1 });
    expect(runs).toBe(2);
  });
});
