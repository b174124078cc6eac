/**
 * The rules of the performance review, without I/O: the period's time range, the weights' checks,
 * the attendance to service hours, the normalisation of each metric and the ranking.
 */
import {
  type AdjustmentItem,
  type AgentResult,
  type GoalMetric,
  goalMetricInfo,
  type MetricScore,
  metricInfo,
  type PerformanceMetric,
  performanceMetrics,
  type Weights,
} from '../../../shared/performance';

export type { AdjustmentItem, AgentResult, MetricScore };

import type { ServicePeriod, WorkingDayCalendar } from '../../platform/calendar/working-days';
import { addDays, shanghaiMidnight } from '../../platform/dates';
import { badRequest } from '../../platform/errors';

export interface PeriodRange {
  period: string;
  firstDay: string;
  /** The last day of the month (inclusive). */
  lastDay: string;
  /** ISO instants (UTC) of 00:00 Shanghai on the first day and on the day after the last. */
  fromIso: string;
  toIso: string;
}

/** The month `YYYY-MM` in Asia/Shanghai as a half-open range of UTC instants. */
export function periodRange(period: string): PeriodRange {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const firstDay = `${period}-01`;
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return {
    period,
    firstDay,
    lastDay: addDays(next, -1),
    fromIso: shanghaiMidnight(firstDay).toISOString(),
    toIso: shanghaiMidnight(next).toISOString(),
  };
}

const field = (name: string, message: string) => ({ fields: [{ field: name, message }] });

/**
 * Checks a scheme's weights: every metric present, non-negative, at most 2 decimals, 0 for a metric
 * without a data source, and together exactly 100. Throws a 400 naming the field.
 */
export function assertValidWeights(weights: Weights): void {
  for (const metric of performanceMetrics) {
    const w = weights[metric];
    const name = `weights.${metric}`;
    if (typeof w !== 'number' || !Number.isFinite(w)) {
      throw badRequest('WEIGHT_INVALID', `${metricInfo[metric].name}的权重须为数字`, field(name, '须为数字'));
    }
    if (w < 0) {
      throw badRequest('WEIGHT_NEGATIVE', `${metricInfo[metric].name}的权重不能为负数`, field(name, '不能为负数'));
    }
    if (Math.round(w * 100) !== w * 100) {
      throw badRequest(
        'WEIGHT_INVALID',
        `${metricInfo[metric].name}的权重最多保留两位小数`,
        field(name, '最多两位小数'),
      );
    }
    if (w > 0 && !metricInfo[metric].hasDataSource) {
      throw badRequest(
        'METRIC_HAS_NO_DATA_SOURCE',
        `${metricInfo[metric].name}暂无数据来源，权重须为 0`,
        field(name, '暂无数据来源，权重须为 0'),
      );
    }
  }
  const sum = performanceMetrics.reduce((s, m) => s + Math.round(weights[m] * 100), 0) / 100;
  if (sum !== 100) {
    throw badRequest(
      'WEIGHTS_SUM_NOT_100',
      `各项权重之和须为 100，当前为 ${sum}`,
      field('weights', `合计 ${sum}，须为 100`),
    );
  }
}

/** One service period of one working day, in UTC instants. */
export interface ServiceSession {
  date: string;
  startIso: string;
  endIso: string;
}

const atShanghai = (date: string, time: string) =>
  new Date(shanghaiMidnight(date).getTime() + (Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))) * 60_000);

/**
 * The service sessions (服务时段) of the period that have begun by `now`: each service period of each
 * working day on the platform calendar (its overrides included).
 */
export function serviceSessions(options: {
  range: PeriodRange;
  calendar: WorkingDayCalendar;
  periods: readonly ServicePeriod[];
  now: Date;
}): ServiceSession[] {
  const sessions: ServiceSession[] = [];
  for (let date = options.range.firstDay; date <= options.range.lastDay; date = addDays(date, 1)) {
    if (!options.calendar.isWorkingDay(date)) continue;
    for (const p of options.periods) {
      const start = atShanghai(date, p.start);
      if (start.getTime() > options.now.getTime()) continue;
      sessions.push({ date, startIso: start.toISOString(), endIso: atShanghai(date, p.end).toISOString() });
    }
  }
  return sessions;
}

/**
 * Attendance to service hours (服务时段出勤率), as taxline defines it from the data it has (there is no
 * sign-in or schedule table): the share of the period's service sessions — each service period (the
 * calendar's 服务时间 setting, 09:00–12:00 and 13:30–17:30 by default) of each working day on the platform
 * calendar, up to now — in which the agent registered a contact (`contacts.started_at`) or answered a
 * call (`calls.answered_at`). Activity comes as 10-minute buckets (`YYYY-MM-DDTHH:M`, UTC, the first 15
 * characters of the ISO timestamp); a bucket counts for the session its start lies in, which is exact for
 * service periods that start and end on a multiple of ten minutes.
 */
export function attendanceOf(sessions: readonly ServiceSession[], buckets: ReadonlySet<string>): number | null {
  if (sessions.length === 0) return null;
  const bucketStarts = [...buckets].map((b) => `${b}0:00.000Z`).sort();
  let attended = 0;
  for (const s of sessions) {
    if (bucketStarts.some((b) => b >= s.startIso && b < s.endIso)) attended += 1;
  }
  return (attended / sessions.length) * 100;
}

/** The raw figures of one agent for the period, as the aggregates produce them. */
export interface AgentFigures {
  userId: number;
  contacts: number;
  handlingSeconds: number;
  surveyResponses: number;
  surveySatisfied: number;
  transfers: number;
  transfersOnTime: number;
  transfersOverdue: number;
  /** Percent of service sessions attended, null when the period has no session yet. */
  attendanceRate: number | null;
  /** The month's exam score as a percentage of the maximum (average or latest), null without a graded exam. */
  examScore: number | null;
}

/** The raw value of a metric for an agent; null when there is nothing to measure (no surveys, no contacts). */
export function rawValueOf(metric: PerformanceMetric, f: AgentFigures): number | null {
  switch (metric) {
    case 'contactsHandled':
      return f.contacts;
    case 'averageHandlingTime':
      return f.contacts > 0 ? f.handlingSeconds / f.contacts : null;
    case 'satisfactionRate':
      return f.surveyResponses > 0 ? (f.surveySatisfied / f.surveyResponses) * 100 : null;
    case 'qualityScore':
      return null;
    case 'examScore':
      return f.examScore;
    case 'overdueTransfers':
      // No transfer, nothing to be late with: no data rather than a perfect record.
      return f.transfers > 0 ? f.transfersOverdue : null;
    case 'attendanceRate':
      return f.attendanceRate;
  }
}

/**
 * Normalises one metric over the group (the whole centre) to 0–100, the best value being 100:
 * more-is-better → 100 × value ÷ the group's highest; less-is-better → 100 × the group's lowest ÷ value
 * for average handling time, and 100 × (1 − value ÷ the group's highest) for overdue transfers (a count
 * whose best is 0). An agent without a value (no contacts, no surveys, no transfers) gets no score (null):
 * no data never scores.
 */
export function normalise(metric: PerformanceMetric, values: ReadonlyArray<number | null>): Array<number | null> {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return values.map(() => null);
  if (metric === 'overdueTransfers') {
    const max = Math.max(...present);
    return values.map((v) => (v === null ? null : max === 0 ? 100 : 100 * (1 - v / max)));
  }
  if (metricInfo[metric].direction === 'lower') {
    const positive = present.filter((v) => v > 0);
    const min = positive.length > 0 ? Math.min(...positive) : 0;
    return values.map((v) => (v === null ? null : v <= 0 ? 100 : (100 * min) / v));
  }
  const max = Math.max(...present);
  return values.map((v) => (v === null ? null : max <= 0 ? 0 : (100 * v) / max));
}

/**
 * The weights applied to one agent: a metric without data is left out and the scheme's weights of the
 * others are scaled to add up to 100 again (all 0 when the agent has no data at all).
 */
export function appliedWeights(weights: Weights, scores: ReadonlyMap<PerformanceMetric, number | null>): Weights {
  const withData = performanceMetrics.filter((m) => scores.get(m) !== null && scores.get(m) !== undefined);
  const sum = withData.reduce((s, m) => s + weights[m], 0);
  return Object.fromEntries(
    performanceMetrics.map((m) => [m, sum > 0 && withData.includes(m) ? (weights[m] * 100) / sum : 0]),
  ) as Weights;
}

export interface AgentInput {
  userId: number;
  username: string;
  name: string;
  teamId: number;
  teamName: string;
  figures: AgentFigures;
  adjustments: AdjustmentItem[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Ranks of a list sorted by total: equal totals share a rank (1, 1, 3). */
function assignRanks(sorted: readonly AgentResult[], set: (r: AgentResult, rank: number) => void): void {
  let rank = 0;
  sorted.forEach((item, i) => {
    if (i === 0 || sorted[i - 1]?.total !== item.total) rank = i + 1;
    set(item, rank);
  });
}

/**
 * Scores every agent of the centre: each metric normalised over the centre, weighted (the metrics without
 * data left out and the other weights renormalised), plus the bonus/penalty points; ranked over the centre
 * and within each team (highest total first).
 */
export function scoreAgents(agents: readonly AgentInput[], weights: Weights): AgentResult[] {
  const scores = new Map<PerformanceMetric, Array<number | null>>();
  for (const metric of performanceMetrics) {
    scores.set(
      metric,
      normalise(
        metric,
        agents.map((a) => rawValueOf(metric, a.figures)),
      ),
    );
  }
  const results: AgentResult[] = agents.map((a, i) => {
    const own = new Map(performanceMetrics.map((m) => [m, scores.get(m)?.[i] ?? null]));
    const applied = appliedWeights(weights, own);
    const metrics = performanceMetrics.map((metric): MetricScore => {
      const raw = rawValueOf(metric, a.figures);
      const score = own.get(metric) ?? null;
      return {
        metric,
        raw: raw === null ? null : round2(raw),
        score: score === null ? null : round2(score),
        weight: weights[metric],
        appliedWeight: round2(applied[metric]),
        contribution: score === null ? 0 : round2((applied[metric] * score) / 100),
      };
    });
    const weightedScore = round2(performanceMetrics.reduce((s, m) => s + (applied[m] * (own.get(m) ?? 0)) / 100, 0));
    const adjustmentPoints = round2(a.adjustments.reduce((s, x) => s + x.points, 0));
    return {
      userId: a.userId,
      username: a.username,
      name: a.name,
      teamId: a.teamId,
      teamName: a.teamName,
      metrics,
      weightedScore,
      adjustments: a.adjustments,
      adjustmentPoints,
      total: round2(weightedScore + adjustmentPoints),
      centreRank: 0,
      teamRank: 0,
    };
  });
  const byTotal = (x: AgentResult, y: AgentResult) =>
    y.total - x.total || x.name.localeCompare(y.name, 'zh-CN') || x.userId - y.userId;
  results.sort(byTotal);
  assignRanks(results, (r, rank) => {
    r.centreRank = rank;
  });
  const teams = new Map<number, AgentResult[]>();
  for (const r of results) teams.set(r.teamId, [...(teams.get(r.teamId) ?? []), r]);
  for (const members of teams.values()) {
    assignRanks(members, (r, rank) => {
      r.teamRank = rank;
    });
  }
  return results;
}

/** A team's figures for its goals: the sums over its members. */
export interface TeamFigures {
  contacts: number;
  handlingSeconds: number;
  surveyResponses: number;
  surveySatisfied: number;
  transfersOnTime: number;
  transfersOverdue: number;
}

/** The actual value of a goal metric; null when there is nothing to measure yet. */
export function goalActualOf(metric: GoalMetric, f: TeamFigures): number | null {
  switch (metric) {
    case 'contactsHandled':
      return f.contacts;
    case 'satisfactionRate':
      return f.surveyResponses > 0 ? round2((f.surveySatisfied / f.surveyResponses) * 100) : null;
    case 'transferOnTimeRate': {
      const decided = f.transfersOnTime + f.transfersOverdue;
      return decided > 0 ? round2((f.transfersOnTime / decided) * 100) : null;
    }
    case 'averageHandlingTime':
      return f.contacts > 0 ? round2(f.handlingSeconds / f.contacts) : null;
  }
}

/** How far a goal is reached: percent (0–100) and whether it is met. */
export function goalProgress(metric: GoalMetric, target: number, actual: number | null) {
  if (actual === null) return { percent: 0, isMet: false };
  if (goalMetricInfo[metric].comparator === 'at_least') {
    return { percent: target <= 0 ? 100 : Math.min(100, round2((actual / target) * 100)), isMet: actual >= target };
  }
  return { percent: actual <= 0 ? 100 : Math.min(100, round2((target / actual) * 100)), isMet: actual <= target };
}
