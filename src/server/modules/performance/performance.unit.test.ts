import { describe, expect, it } from 'vitest';
import { defaultWeights } from '../../../shared/performance';
import { defaultServiceHours, WorkingDayCalendar } from '../../platform/calendar/working-days';
import { AppError } from '../../platform/errors';
import {
  appliedWeights,
  assertValidWeights,
  attendanceOf,
  goalProgress,
  normalise,
  periodRange,
  scoreAgents,
  serviceSessions,
} from './performance';

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
    expect(normalise('contactsHandled', [4, 2, null, 0])).toEqual([100, 50, null, 0]);
    expect(normalise('averageHandlingTime', [300, 150, null])).toEqual([50, 100, null]);
    expect(normalise('overdueTransfers', [null, 1])).toEqual([null, 0]);
    expect(normalise('overdueTransfers', [0, 2, 1])).toEqual([100, 0, 50]);
    expect(normalise('overdueTransfers', [0, 0])).toEqual([100, 100]);
    expect(normalise('contactsHandled', [0, 0])).toEqual([0, 0]);
  });

  it('never scores a metric without data: it is left out and the other weights renormalised', () => {
    const figures = {
      contacts: 0,
      handlingSeconds: 0,
      surveyResponses: 0,
      surveySatisfied: 0,
      transfers: 0,
      transfersOnTime: 0,
      transfersOverdue: 0,
      attendanceRate: 0,
      examScore: null,
    };
    const agent = (userId: number, f: Partial<typeof figures>) => ({
      userId,
      username: `a${userId}`,
      name: `坐席${userId}`,
      teamId: 1,
      teamName: '一班',
      figures: { userId, ...figures, ...f },
      adjustments: [],
    });
    const [busy, idle] = scoreAgents(
      [
        agent(1, { contacts: 2, handlingSeconds: 24, transfers: 1, transfersOverdue: 1, attendanceRate: 50 }),
        agent(2, {}),
      ],
      defaultWeights,
    );
    // No calls at all: no score from 转办超期 (no transfers) nor anything else.
    expect(idle?.username).toBe('a2');
    expect(idle?.weightedScore).toBe(0);
    expect(idle?.metrics.find((m) => m.metric === 'overdueTransfers')).toMatchObject({ raw: null, score: null });
    // No surveys: 满意率 (25) is left out and 30 + 15 + 10 + 20 scaled to 100.
    expect(busy?.metrics.find((m) => m.metric === 'satisfactionRate')).toMatchObject({ score: null, appliedWeight: 0 });
    expect(busy?.metrics.find((m) => m.metric === 'contactsHandled')).toMatchObject({ score: 100, appliedWeight: 40 });
    expect(busy?.weightedScore).toBe(40 + 20 + 0 + 26.67);
    expect(appliedWeights(defaultWeights, new Map())).toMatchObject({ contactsHandled: 0, attendanceRate: 0 });
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
