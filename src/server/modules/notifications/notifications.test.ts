import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelSenders } from '../../jobs';
import { dispatchOutbox } from '../../platform/outbox';
import { createTestApp, sessionRequests, type TestApp, testDialects } from '../../test/harness';
import { notifyUser } from './notifications.service';

const dialects = await testDialects();

describe.each(dialects)('in-app notifications on %s', (dialect) => {
  let t: TestApp;
  const { get, post } = sessionRequests(() => t);
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('delivers through the outbox to the bell, once, and only to its user', async () => {
    const agent = await t.login('agent1');
    const other = await t.login('agent2');
    const now = t.clock.now();
    await t.database.db.transaction().execute(async (trx) => {
      await notifyUser(
        trx,
        { userId: agent.userId, kind: 'test.hello', title: '转办单即将到期', link: '/x', dedupeKey: 'hello-1' },
        now,
      );
      await notifyUser(trx, { userId: agent.userId, kind: 'test.hello', title: '重复', dedupeKey: 'hello-1' }, now);
    });
    const before = await get(agent, '/api/notifications');
    expect(before.json()).toEqual({ unread: 0, items: [] });
    expect((await dispatchOutbox(t.database.db, channelSenders, now)).sent).toBe(1);
    expect((await dispatchOutbox(t.database.db, channelSenders, now)).sent).toBe(0);

    const mine = (await get(agent, '/api/notifications')).json();
    expect(mine.unread).toBe(1);
    expect(mine.items[0]).toMatchObject({ kind: 'test.hello', title: '转办单即将到期', link: '/x', readAt: null });
    const theirs = (await get(other, '/api/notifications')).json();
    expect(theirs.unread).toBe(0);

    const foreign = await post(other, '/api/notifications/read', { ids: [mine.items[0].id] });
    expect(foreign.json()).toEqual({ marked: 0, unread: 0 });
    const read = await post(agent, '/api/notifications/read', { ids: [mine.items[0].id] });
    expect(read.json()).toEqual({ marked: 1, unread: 0 });
  });
});
