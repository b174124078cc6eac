import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../../test/harness';

const dialects = await testDialects();

describe.each(dialects)('filing calendar API on %s', (dialect) => {
  let t: TestApp;
  let agent: Session;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-11-27T02:00:00Z' });
    agent = await t.login('agent1');
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t.close();
  });

  const { get, put, delete: remove } = sessionRequests(() => t);

  it('lists the year’s deadlines with the reason for each', async () => {
    const res = await get(agent, '/api/filing-calendar?year=2026');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.isScheduleKnown).toBe(true);
    expect(body.deadlines).toHaveLength(14);
    const october = body.deadlines.find((d: { periodKey: string }) => d.periodKey === 'monthly:2026-10');
    expect(october).toMatchObject({ deadline: '2026-10-26', extensionDays: 7, isQuarterMonth: true, override: null });
    expect(october.reason).toContain('国庆节');
  });

  it('answers "这个月申报截止到哪天" on 2026-11-27: November closed on the 16th, December closes on the 15th', async () => {
    const res = await get(agent, '/api/filing-calendar/current');
    expect(res.json()).toMatchObject({
      date: '2026-11-27',
      hasPassed: true,
      current: { deadline: '2026-11-16' },
      next: { periodKey: 'monthly:2026-12', deadline: '2026-12-15' },
      daysLeft: 18,
    });
    const early = await get(agent, '/api/filing-calendar/current?date=2026-10-09');
    expect(early.json()).toMatchObject({ hasPassed: false, next: { deadline: '2026-10-26' } });
  });

  it('follows a day the centre closes on the working-day calendar', async () => {
    const closed = await put(admin, '/api/calendar/overrides/2026-12-14', {
      isWorkingDay: false,
      name: '系统升级停办',
    });
    expect(closed.statusCode).toBe(200);
    // Sat 12 – Mon 14 December: 3 days off inside the period → 3 working days after Tuesday 15 December.
    const res = await get(agent, '/api/filing-calendar/current?date=2026-12-01');
    expect(res.json().current).toMatchObject({ deadline: '2026-12-18', extensionDays: 3 });
    await remove(admin, '/api/calendar/overrides/2026-12-14');
  });

  it('lets an administrator record the announced deadline, which wins, and audits it', async () => {
    const res = await put(admin, '/api/filing-calendar/overrides/monthly:2026-12', {
      deadline: '2026-12-17',
      document: '税总办征科函〔2025〕1号',
      note: '按年度申报纳税期限安排',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ deadline: '2026-12-17', computedDeadline: '2026-12-15' });
    expect(res.json().reason).toContain('税总办征科函〔2025〕1号');
    const year = (await get(agent, '/api/filing-calendar?year=2026')).json();
    expect(year.deadlines.find((d: { periodKey: string }) => d.periodKey === 'monthly:2026-12').deadline).toBe(
      '2026-12-17',
    );
    const audit = await get(admin, '/api/admin/audit?action=filing_calendar.override_set');
    expect(audit.json().items[0]).toMatchObject({ entityId: 'monthly:2026-12', actorUsername: 'admin' });

    const removed = await remove(admin, '/api/filing-calendar/overrides/monthly:2026-12');
    expect(removed.statusCode).toBe(204);
    expect((await get(agent, '/api/filing-calendar/current?date=2026-12-01')).json().current.deadline).toBe(
      '2026-12-15',
    );
  });

  it('rejects a deadline on a day off or far outside the period, and agents may not set one', async () => {
    const weekend = await put(admin, '/api/filing-calendar/overrides/monthly:2026-12', { deadline: '2026-12-19' });
    expect(weekend.statusCode).toBe(400);
    expect(weekend.json().error).toMatchObject({ code: 'DEADLINE_NOT_WORKING_DAY' });
    expect(weekend.json().error.details.fields[0].field).toBe('deadline');
    const far = await put(admin, '/api/filing-calendar/overrides/monthly:2026-12', { deadline: '2027-03-01' });
    expect(far.json().error.code).toBe('DEADLINE_OUT_OF_PERIOD');
    const badKey = await put(admin, '/api/filing-calendar/overrides/weekly:2026', { deadline: '2026-12-15' });
    expect(badKey.statusCode).toBe(400);
    const byAgent = await put(agent, '/api/filing-calendar/overrides/monthly:2026-12', { deadline: '2026-12-16' });
    expect(byAgent.statusCode).toBe(403);
    const missing = await remove(admin, '/api/filing-calendar/overrides/monthly:2026-11');
    expect(missing.statusCode).toBe(404);
  });
});
