import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallCentreReport } from '../../../shared/reports';
import { docxText } from '../../test/docx-text';
import { orgUnitIdOf } from '../../test/factories';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../../test/harness';

const dialects = await testDialects();
const ctiToken = 'cti-test-token-call-centre-0123';

/**
 * A crafted Tuesday, 2026-06-16 (Shanghai), of CTI events sent through the webhook with the PBX's own
 * times, and one call on the day before and one just after midnight. The figures below are worked out
 * by hand from these times; the receipt times (the test clock) play no part.
 */
type Event = [event: string, at: string, extra?: Record<string, unknown>];
const day: Array<{ callId: string; direction?: 'in' | 'out'; events: Event[] }> = [
  {
    // Queued 30 s after the menu, answered 10 s later by agent1; two holds (60 s + 30 s); talk 300 s.
    callId: 'A',
    events: [
      ['newCall', '2026-06-16T09:00:00+08:00'],
      ['queued', '2026-06-16T09:00:30+08:00', { queue: 'general' }],
      ['ringing', '2026-06-16T09:00:35+08:00', { user: 'agent1' }],
      ['answer', '2026-06-16T09:00:40+08:00', { user: 'agent1' }],
      ['hold', '2026-06-16T09:02:00+08:00'],
      ['unhold', '2026-06-16T09:03:00+08:00'],
      ['hold', '2026-06-16T09:04:00+08:00'],
      ['unhold', '2026-06-16T09:04:30+08:00'],
      ['hangup', '2026-06-16T09:05:40+08:00'],
    ],
  },
  {
    // Waited 35 s (outside the 20 s service level), answered by agent2; talk 120 s.
    callId: 'B',
    events: [
      ['newCall', '2026-06-16T09:10:00+08:00'],
      ['queued', '2026-06-16T09:10:10+08:00'],
      ['ringing', '2026-06-16T09:10:30+08:00', { user: 'agent2' }],
      ['answer', '2026-06-16T09:10:45+08:00', { user: 'agent2' }],
      ['hangup', '2026-06-16T09:12:45+08:00'],
    ],
  },
  {
    // Hung up in the phone menu: offered, never queued.
    callId: 'C',
    events: [
      ['newCall', '2026-06-16T10:00:00+08:00'],
      ['abandon', '2026-06-16T10:00:20+08:00', { where: 'ivr' }],
      ['hangup', '2026-06-16T10:00:20+08:00'],
    ],
  },
  {
    // Gave up after a minute in the queue.
    callId: 'D',
    events: [
      ['newCall', '2026-06-16T10:05:00+08:00'],
      ['queued', '2026-06-16T10:05:05+08:00'],
      ['abandon', '2026-06-16T10:06:05+08:00', { where: 'queue' }],
      ['hangup', '2026-06-16T10:06:05+08:00'],
    ],
  },
  {
    // Answered exactly 20 s after queueing (inside the service level); talk 600 s.
    callId: 'E',
    events: [
      ['newCall', '2026-06-16T14:00:00+08:00'],
      ['queued', '2026-06-16T14:00:02+08:00'],
      ['ringing', '2026-06-16T14:00:04+08:00', { user: 'agent1' }],
      ['answer', '2026-06-16T14:00:22+08:00', { user: 'agent1' }],
      ['hangup', '2026-06-16T14:10:22+08:00'],
    ],
  },
  {
    // An outbound call (a callback) is not offered traffic.
    callId: 'F',
    direction: 'out',
    events: [
      ['newCall', '2026-06-16T15:00:00+08:00', { user: 'agent2' }],
      ['answer', '2026-06-16T15:00:10+08:00', { user: 'agent2' }],
      ['hangup', '2026-06-16T15:01:10+08:00'],
    ],
  },
  {
    // The day before: queued, answered after 5 s, talk 100 s.
    callId: 'G',
    events: [
      ['newCall', '2026-06-15T11:00:00+08:00'],
      ['queued', '2026-06-15T11:00:10+08:00'],
      ['answer', '2026-06-15T11:00:15+08:00', { user: 'agent1' }],
      ['hangup', '2026-06-15T11:01:55+08:00'],
    ],
  },
  {
    // Ten seconds into Wednesday (16:00:10 UTC on Tuesday): not Tuesday's.
    callId: 'H',
    events: [
      ['newCall', '2026-06-17T00:00:10+08:00'],
      ['queued', '2026-06-17T00:00:12+08:00'],
      ['abandon', '2026-06-17T00:00:40+08:00', { where: 'queue' }],
    ],
  },
];

describe.each(dialects)('call-centre figures (%s)', (dialect) => {
  let t: TestApp;
  let director: Session;
  let agent1: Session;
  const { get } = sessionRequests(() => t);
  const cti = (payload: object) =>
    t.app.inject({
      method: 'POST',
      url: '/api/cti/events',
      headers: { authorization: `Bearer ${ctiToken}` },
      payload,
    });
  const report = async (query: string) => {
    const res = await get(director, `/api/reports/call-centre?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as CallCentreReport;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { ctiToken, now: '2026-06-20T02:00:00Z' });
    director = await t.login('director');
    agent1 = await t.login('agent1');
    for (const call of day) {
      for (const [event, at, extra] of call.events) {
        const res = await cti({
          event,
          callId: call.callId,
          from: '13700003333',
          to: '12366',
          direction: call.direction ?? 'in',
          at,
          ...extra,
        });
        expect(res.statusCode, `${call.callId} ${event}: ${res.body}`).toBe(200);
        // Receipt time moves on regardless of the PBX's times.
        t.clock.advance(7_000);
      }
    }
  });
  afterAll(() => t.close());

  it('computes the day’s figures from the PBX times, by hand: offered, answer rate, service level, ASA, AHT', async () => {
    const r = await report('from=2026-06-16&to=2026-06-16');
    expect(r).toMatchObject({ previousFrom: '2026-06-15', previousTo: '2026-06-15', serviceLevelSeconds: 20 });
    expect(r.current).toEqual({
      offered: 5,
      queued: 4,
      answered: 3,
      abandonedInIvr: 1,
      abandonedInQueue: 1,
      answerRate: 0.75, // 3 answered of 4 queued
      serviceLevel: 0.5, // A (10 s) and E (20 s) of 4 queued
      avgSpeedOfAnswerSeconds: 21.7, // (10 + 35 + 20) / 3
      avgHandleSeconds: 340, // (300 + 120 + 600) / 3
      holdSeconds: 90,
    });
    expect(r.previous).toEqual({
      offered: 1,
      queued: 1,
      answered: 1,
      abandonedInIvr: 0,
      abandonedInQueue: 0,
      answerRate: 1,
      serviceLevel: 1,
      avgSpeedOfAnswerSeconds: 5,
      avgHandleSeconds: 100,
      holdSeconds: 0,
    });
  });

  it('splits the figures by Shanghai hour and by agent', async () => {
    const r = await report('from=2026-06-16&to=2026-06-16');
    expect(r.byHour.map((h) => [h.hour, h.offered, h.answered, h.abandonedInIvr + h.abandonedInQueue])).toEqual([
      [9, 2, 2, 0],
      [10, 2, 0, 2],
      [14, 1, 1, 0],
    ]);
    expect(r.byAgent.map((a) => [a.name, a.answered, a.avgSpeedOfAnswerSeconds, a.avgHandleSeconds])).toEqual([
      ['王晓燕', 2, 15, 450],
      ['刘志强', 1, 35, 120],
    ]);
  });

  it('keeps a subtree to its agents’ calls and the calls no agent took, as the call log does', async () => {
    const dc = await orgUnitIdOf(t.database.db, 'SF-DC');
    const r = await report(`from=2026-06-16&to=2026-06-16&orgUnitId=${dc}`);
    expect(r.current).toMatchObject({ offered: 2, queued: 1, answered: 0, abandonedInIvr: 1, abandonedInQueue: 1 });
    expect(r.byAgent).toEqual([]);
    expect((await get(agent1, '/api/reports/call-centre?from=2026-06-16&to=2026-06-16')).statusCode).toBe(403);
  });

  it('records a retried hold once, and refuses new events without their PBX time, place or recording', async () => {
    const retry = await cti({
      event: 'hold',
      callId: 'A',
      from: '13700003333',
      to: '12366',
      direction: 'in',
      at: '2026-06-16T09:02:00+08:00',
    });
    expect(retry.json()).toMatchObject({ status: 'duplicate' });
    expect((await report('from=2026-06-16&to=2026-06-16')).current.holdSeconds).toBe(90);
    const base = { callId: 'A', from: '13700003333', to: '12366', direction: 'in' };
    const refused: Array<[object, string]> = [
      [{ ...base, event: 'queued' }, 'at'],
      [{ ...base, event: 'abandon', at: '2026-06-16T09:06:00+08:00' }, 'where'],
      [{ ...base, event: 'voicemail', at: '2026-06-16T09:06:00+08:00' }, 'recordingUrl'],
      [{ ...base, event: 'ringing', at: '2026-06-16 09:06' }, 'at'],
    ];
    for (const [payload, field] of refused) {
      const res = await cti(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(JSON.stringify(res.json().error), JSON.stringify(payload)).toContain(field);
    }
  });

  it('writes the month’s figures into the bulletin as 话务情况', async () => {
    // June: the crafted Tuesday, the Monday before it (G) and the call just after midnight (H).
    const res = await get(director, '/api/reports/bulletin?month=2026-06');
    expect(res.statusCode).toBe(200);
    const text = await docxText(res.rawPayload);
    expect(text).toContain('（四）话务情况');
    expect(text).toContain('本月电话呼入7通');
    expect(text).toContain('转人工6通，人工接听4通，接通率66.7%（上月—）');
    expect(text).toContain('语音导航中放弃1通，排队中放弃2通。');
  });

  it('shows the call’s events in the PBX’s order with the PBX’s times', async () => {
    const rows = await t.database.db
      .selectFrom('call_events as e')
      .innerJoin('calls as k', 'k.id', 'e.call_ref')
      .select(['e.event', 'e.occurred_at'])
      .where('k.call_id', '=', 'A')
      .orderBy('e.occurred_at')
      .execute();
    expect(rows.map((r) => r.event)).toEqual([
      'newCall',
      'queued',
      'ringing',
      'answer',
      'hold',
      'unhold',
      'hold',
      'unhold',
      'hangup',
    ]);
    expect(rows[0]!.occurred_at).toBe('2026-06-16T01:00:00.000Z');
  });
});
