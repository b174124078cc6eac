import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp, testDialects } from '../../test/harness';
import { insertPushEvent } from './cti.repository';
import { type PushEvent, PushHub } from './push';

const dialects = await testDialects();
const ctiToken = 'cti-test-token-0123456789abcdef';
const silentLog = { info: () => {}, error: () => {}, warn: () => {} } as never;

describe.each(dialects)('incoming-call push on %s', (dialect) => {
  let t: TestApp;
  let agent1: Session;
  let agent2: Session;
  beforeAll(async () => {
    t = await createTestApp(dialect, { ctiToken });
    [agent1, agent2] = await Promise.all([t.login('agent1'), t.login('agent2')]);
  });
  afterAll(async () => {
    await t.close();
  });

  const newCall = (callId: string, user: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/cti/events',
      headers: { authorization: `Bearer ${ctiToken}` },
      payload: { event: 'newCall', callId, from: '13511112222', to: '12366', direction: 'in', user },
    });

  it('delivers an event received by one instance to the right agent on another instance', async () => {
    // Instance B: its own hub over the same database; the event arrives through instance A's webhook.
    const hubB = new PushHub(t.database.db, silentLog, 60_000);
    const got1: PushEvent[] = [];
    const got2: PushEvent[] = [];
    const off1 = await hubB.subscribe(agent1.userId, null, (e) => got1.push(e));
    const off2 = await hubB.subscribe(agent2.userId, null, (e) => got2.push(e));
    expect((await newCall('p-1', '8001')).statusCode).toBe(200);
    await hubB.pollNow();
    expect(got1.map((e) => e.kind)).toEqual(['call.incoming']);
    expect(JSON.parse(got1[0]!.payload)).toMatchObject({ callId: 'p-1', from: '13511112222' });
    expect(got2).toEqual([]);
    await hubB.pollNow();
    expect(got1).toHaveLength(1);

    // A browser that reconnects with Last-Event-ID gets what it missed, and only its own.
    off1();
    await newCall('p-2', 'agent1');
    await newCall('p-3', 'agent2');
    await hubB.pollNow();
    const replayed: PushEvent[] = [];
    const off3 = await hubB.subscribe(agent1.userId, got1[0]!.id, (e) => replayed.push(e));
    expect(replayed.map((e) => JSON.parse(e.payload).callId)).toEqual(['p-2']);
    expect(got2.map((e) => JSON.parse(e.payload).callId)).toEqual(['p-3']);
    off2();
    off3();
    hubB.close();
  });

  // The point is PostgreSQL's: ids are handed out before commit there (SQLite has one writer at a time).
  it.runIf(dialect === 'postgres')(
    'delivers an event whose transaction commits after a later id was already polled',
    async () => {
      const db = t.database.db;
      const hub = new PushHub(db, silentLog, 60_000);
      const got: PushEvent[] = [];
      const off = await hub.subscribe(agent1.userId, null, (e) => got.push(e));
      const push = (callId: string) => (trx: Parameters<typeof insertPushEvent>[0]) =>
        insertPushEvent(trx, { userId: agent1.userId, kind: 'call.incoming', payload: { callId }, now: t.clock.now() });

      let releaseSlow!: () => void;
      const slowMayCommit = new Promise<void>((resolve) => {
        releaseSlow = resolve;
      });
      let slowInserted!: () => void;
      const slowHasInserted = new Promise<void>((resolve) => {
        slowInserted = resolve;
      });
      // The slow transaction takes its id first and commits last.
      const slow = db.transaction().execute(async (trx) => {
        await push('slow')(trx);
        slowInserted();
        await slowMayCommit;
      });
      await slowHasInserted;
      let isFastDone = false;
      const fast = db
        .transaction()
        .execute(push('fast'))
        .then(() => {
          isFastDone = true;
        });
      // Poll while the fast one has either committed (no ordering) or is waiting for the slow one.
      const waitingForLock = async () => {
        const row = await sql<{ n: number }>`select count(*)::int as n from pg_locks
          where locktype = 'advisory' and not granted
            and database = (select oid from pg_database where datname = current_database())`.execute(db);
        return (row.rows[0]?.n ?? 0) > 0;
      };
      while (!isFastDone && !(await waitingForLock())) await new Promise((resolve) => setTimeout(resolve, 5));
      await hub.pollNow();
      releaseSlow();
      await Promise.all([slow, fast]);
      await hub.pollNow();
      expect(got.map((e) => JSON.parse(e.payload).callId).sort()).toEqual(['fast', 'slow']);
      off();
      hub.close();
    },
  );

  it('pops every call of a burst on another instance while it polls', async () => {
    const hubB = new PushHub(t.database.db, silentLog, 60_000);
    const got: PushEvent[] = [];
    const off = await hubB.subscribe(agent2.userId, null, (e) => got.push(e));
    let isBurstDone = false;
    const polling = (async () => {
      while (!isBurstDone) {
        await hubB.pollNow();
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const burst = Array.from({ length: 200 }, (_, i) => newCall(`burst-${i}`, 'agent2'));
    const statuses = (await Promise.all(burst)).map((r) => r.statusCode);
    isBurstDone = true;
    await polling;
    await hubB.pollNow();
    expect(statuses.every((s) => s === 200)).toBe(true);
    const callIds = got.map((e) => JSON.parse(e.payload).callId as string);
    expect(new Set(callIds).size).toBe(200);
    expect(callIds).toHaveLength(200);
    off();
    hubB.close();
  });

  it('replays more than a page of missed events to a browser that reconnects with Last-Event-ID', async () => {
    const hub = new PushHub(t.database.db, silentLog, 60_000);
    const first: PushEvent[] = [];
    const off = await hub.subscribe(agent1.userId, null, (e) => first.push(e));
    await newCall('before-gap', 'agent1');
    await hub.pollNow();
    const lastSeen = first.at(-1)!.id;
    off();
    const keep = await hub.subscribe(agent2.userId, null, () => {});
    for (let i = 0; i < 120; i++) await newCall(`gap-${i}`, 'agent1');
    await hub.pollNow();
    const replayed: PushEvent[] = [];
    const off2 = await hub.subscribe(agent1.userId, lastSeen, (e) => replayed.push(e));
    expect(replayed.map((e) => JSON.parse(e.payload).callId)).toEqual(
      Array.from({ length: 120 }, (_, i) => `gap-${i}`),
    );
    off2();
    keep();
    hub.close();
  });

  it('streams the pop over server-sent events to the signed-in agent', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/api/events/stream`, {
      headers: { cookie: agent1.cookie },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const anonymous = await fetch(`http://127.0.0.1:${port}/api/events/stream`);
    expect(anonymous.status).toBe(401);

    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    await newCall('s-1', '8001');
    while (!text.includes('event: call.incoming')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    expect(text).toMatch(/id: \d+\nevent: call\.incoming\ndata: \{.*"callId":"s-1"/);
    controller.abort();
  });
});
