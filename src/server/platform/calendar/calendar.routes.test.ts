import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../../test/harness';

const dialects = await testDialects();

describe.each(dialects)('calendar API on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let agent: Session;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    agent = await t.login('agent1');
  });
  afterAll(async () => {
    await t.close();
  });

  const { get, put, delete: remove } = sessionRequests(() => t);

  it('adds working days as the contract shows', async () => {
    expect((await get(agent, '/api/calendar/working-days/add?from=2026-09-30&days=2')).json()).toEqual({
      date: '2026-10-09',
    });
    expect((await get(agent, '/api/calendar/working-days/add?from=2026-10-09&days=1')).json()).toEqual({
      date: '2026-10-10',
    });
  });

  it('lists days with holidays and make-up workdays named', async () => {
    const res = await get(agent, '/api/calendar/days?from=2026-09-30&to=2026-10-10');
    expect(res.statusCode).toBe(200);
    const days = res.json() as Array<{ date: string; isWorkingDay: boolean; name?: string }>;
    expect(days).toHaveLength(11);
    expect(days[0]).toMatchObject({ date: '2026-09-30', isWorkingDay: true });
    expect(days[1]).toMatchObject({ date: '2026-10-01', isWorkingDay: false, name: '国庆节' });
    expect(days[10]).toMatchObject({ date: '2026-10-10', isWorkingDay: true });
  });

  it('rejects a reversed or overlong range', async () => {
    expect((await get(agent, '/api/calendar/days?from=2026-10-10&to=2026-10-01')).json().error.code).toBe(
      'INVALID_RANGE',
    );
    expect((await get(agent, '/api/calendar/days?from=2024-01-01&to=2026-01-01')).json().error.code).toBe(
      'RANGE_TOO_LONG',
    );
  });

  it('lets the administrator close a day, which moves deadlines, and restore it', async () => {
    const closure = await put(admin, '/api/calendar/overrides/2026-12-02', {
      isWorkingDay: false,
      name: '本地闭馆',
      note: '办公楼检修',
    });
    expect(closure.statusCode).toBe(200);
    expect(closure.json()).toMatchObject({
      date: '2026-12-02',
      isWorkingDay: false,
      isOverride: true,
      name: '本地闭馆',
    });
    expect((await get(agent, '/api/calendar/working-days/add?from=2026-12-01&days=1')).json()).toEqual({
      date: '2026-12-03',
    });
    const audit = (await get(admin, '/api/admin/audit?entityType=calendar_day&entityId=2026-12-02')).json();
    expect(audit.items[0]).toMatchObject({ action: 'calendar.override_set', after: { isWorkingDay: false } });

    const reopened = await remove(admin, '/api/calendar/overrides/2026-12-02');
    expect(reopened.statusCode).toBe(204);
    expect((await get(agent, '/api/calendar/working-days/add?from=2026-12-01&days=1')).json()).toEqual({
      date: '2026-12-02',
    });
  });

  it('takes next year’s schedule as overrides before the package has it', async () => {
    expect((await get(agent, '/api/calendar/years/2026')).json()).toEqual({ year: 2026, isScheduleKnown: true });
    expect((await get(agent, '/api/calendar/years/2027')).json()).toEqual({ year: 2027, isScheduleKnown: false });
    expect((await get(agent, '/api/calendar/years/1999')).statusCode).toBe(400);
    const closure = await put(admin, '/api/calendar/overrides/2027-01-01', { isWorkingDay: false, name: '元旦' });
    expect(closure.statusCode).toBe(200);
    expect((await get(agent, '/api/calendar/working-days/add?from=2026-12-31&days=1')).json()).toEqual({
      date: '2027-01-04',
    });
    expect((await get(agent, '/api/calendar/years/2027')).json()).toEqual({ year: 2027, isScheduleKnown: true });
  });

  it('does not let an agent change the calendar', async () => {
    const res = await put(agent, '/api/calendar/overrides/2026-12-03', { isWorkingDay: false, name: '闭馆' });
    expect(res.statusCode).toBe(403);
  });

  it('keeps service hours, defaulting to 09:00–12:00 and 13:30–17:30, and rejects overlaps', async () => {
    expect((await get(agent, '/api/calendar/service-hours')).json()).toEqual({
      periods: [
        { start: '09:00', end: '12:00' },
        { start: '13:30', end: '17:30' },
      ],
    });
    const bad = await put(admin, '/api/calendar/service-hours', {
      periods: [
        { start: '09:00', end: '12:00' },
        { start: '11:00', end: '17:00' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_SERVICE_HOURS');
    const ok = await put(admin, '/api/calendar/service-hours', {
      periods: [
        { start: '08:30', end: '12:00' },
        { start: '13:00', end: '17:00' },
      ],
    });
    expect(ok.json().periods[0]).toEqual({ start: '08:30', end: '12:00' });
    expect((await get(agent, '/api/calendar/service-hours')).json().periods[1]).toEqual({
      start: '13:00',
      end: '17:00',
    });
  });
});
