import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelSenders } from '../../jobs';
import { dispatchOutbox } from '../../platform/outbox';
import { createTestApp, type TestApp, testDialects } from '../../test/harness';
import { notifyUser } from './notifications.service';

const dialects = await testDialects();

describe.each(dialects)('in-app notifications on %s', (dialect) => {
  let t: TestApp;
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
    const before = await t.app.inject({ method: 'GET', url: '/api/notifications', headers: agent.headers });
    expect(before.json()).toEqual({ unread: 0, items: [] });
    expect((await dispatchOutbox(t.database.db, channelSenders, now)).sent).toBe(1);
    expect((await dispatchOutbox(t.database.db, channelSenders, now)).sent).toBe(0);

    const mine = (await t.app.inject({ method: 'GET', url: '/api/notifications', headers: agent.headers })).json();
    expect(mine.unread).toBe(1);
    expect(mine.items[0]).toMatchObject({ kind: 'test.hello', title: '转办单即将到期', link: '/x', readAt: null });
    const theirs = (await t.app.inject({ method: 'GET', url: '/api/notifications', headers: other.headers })).json();
    expect(theirs.unread).toBe(0);

    const foreign = await t.app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: other.writeHeaders,
      payload: { ids: [mine.items[0].id] },
    });
    expect(foreign.json()).toEqual({ marked: 0, unread: 0 });
    const read = await t.app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: agent.writeHeaders,
      payload: { ids: [mine.items[0].id] },
    });
    expect(read.json()).toEqual({ marked: 1, unread: 0 });
  });
});
