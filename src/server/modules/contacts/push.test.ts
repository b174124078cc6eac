import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp, testDialects } from '../../test/harness';
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
