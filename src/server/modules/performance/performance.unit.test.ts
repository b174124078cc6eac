import { describe, expect, it } from 'vitest';
import { defaultWeights } from '../../../shared/performance';
import { defaultServiceHours, WorkingDayCalendar } from '../../platform/calendar/working-days';
import { AppError } from '../../platform/errors';
import { assertValidWeights, attendanceOf, goalProgress, normalise, periodRange, serviceSessions } from './performance';

describe('performance rules', () => {
  it('takes a month in Shanghai as its UTC range', () => {
    expect(periodRange('2026-12')).toEqual({
      period: '2026-12',
      firstDay: '2026-12-01',
      lastDay: '2026-12-31',
      fromIso: '2026-11-30T16:00:00.000Z',
      toIso: '2026-12-31T16:00:00.000Z',
    });
    expect(periodRange('2028-02').lastDay).toBe('2028-02-29');
  });

  it('normalises to the best value of the group', () => {
    expect(normalise('contactsHandled', [4, 2, null, 0])).toEqual([100, 50, 0, 0]);
    expect(normalise('averageHandlingTime', [300, 150, null])).toEqual([50, 100, 0]);
    expect(normalise('overdueTransfers', [0, 2, 1])).toEqual([100, 0, 50]);
    expect(normalise('overdueTransfers', [0, 0])).toEqual([100, 100]);
    expect(normalise('contactsHandled', [0, 0])).toEqual([0, 0]);
  });

  it('accepts weights of 100 and names the field of bad ones', () => {
    expect(() => assertValidWeights(defaultWeights)).not.toThrow();
    const problem = (weights: typeof defaultWeights) => {
      try {
        assertValidWeights(weights);
        return null;
      } catch (error) {
        return error instanceof AppError
          ? [error.code, (error.details as { fields: Array<{ field: string }> }).fields[0]?.field]
          : error;
      }
    };
    expect(problem({ ...defaultWeights, qualityScore: 5, contactsHandled: 25 })).toEqual([
      'METRIC_HAS_NO_DATA_SOURCE',
      'weights.qualityScore',
    ]);
    expect(problem({ ...defaultWeights, contactsHandled: 30.001 })).toEqual([
      'WEIGHT_INVALID',
      'weights.contactsHandled',
    ]);
    expect(problem({ ...defaultWeights, contactsHandled: 29.99 })).toEqual(['WEIGHTS_SUM_NOT_100', 'weights']);
  });

  it('counts attendance over the service sessions of working days up to now', () => {
    const calendar = new WorkingDayCalendar(
      new Map([['2026-12-02', { date: '2026-12-02', isWorkingDay: false, name: '系统升级停办', note: null }]]),
    );
    // 1–3 December 2026 at 14:00 Shanghai on the 3rd: Tue (2 sessions), Wed closed, Thu morning only.
    const range = { ...periodRange('2026-12'), lastDay: '2026-12-03' };
    const sessions = serviceSessions({
      range,
      calendar,
      periods: defaultServiceHours,
      now: new Date('2026-12-03T06:00:00Z'),
    });
    expect(sessions.map((s) => s.startIso)).toEqual([
      '2026-12-01T01:00:00.000Z',
      '2026-12-01T05:30:00.000Z',
      '2026-12-03T01:00:00.000Z',
      '2026-12-03T05:30:00.000Z',
    ]);
    // 09:10 on the 1st, 12:40 (lunch, outside) on the 1st, 11:50 on the 3rd.
    expect(attendanceOf(sessions, new Set(['2026-12-01T01:1', '2026-12-01T04:4', '2026-12-03T03:5']))).toBe(50);
    expect(attendanceOf([], new Set())).toBeNull();
  });

  it('reports the progress of at-least and at-most goals', () => {
    expect(goalProgress('contactsHandled', 10, 7)).toEqual({ percent: 70, isMet: false });
    expect(goalProgress('averageHandlingTime', 240, 300)).toEqual({ percent: 80, isMet: false });
    expect(goalProgress('averageHandlingTime', 240, 200)).toEqual({ percent: 100, isMet: true });
    expect(goalProgress('satisfactionRate', 90, null)).toEqual({ percent: 0, isMet: false });
  });
});
