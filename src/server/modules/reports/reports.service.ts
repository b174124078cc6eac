import { type CaseCategory, type CaseStep, caseCategoryNames, caseStepNames, caseSteps } from '../../../shared/cases';
import {
  type Channel,
  type ContactType,
  channelNames,
  channels,
  contactTypeNames,
  contactTypes,
} from '../../../shared/contacts';
import {
  type CallCentreFigures,
  type CallCentreReport,
  type Dashboard,
  type DashboardQuery,
  type HotQuestionsQuery,
  type HotQuestionsResult,
  MAX_REPORT_DAYS,
  type NamedCount,
  type NamedSatisfaction,
  type ReportSummary,
  type SatisfactionFigures,
  SERVICE_LEVEL_SECONDS,
  type TransferFigures,
} from '../../../shared/reports';
import type { Db } from '../../db/connection';
import type { CurrentUser } from '../../platform/auth/current-user';
import { allOrgUnits, isInOrgScope, scopeOf, subtreeOf } from '../../platform/auth/scope';
import { addDays, daysBetween, isValidDate, shanghaiDate, shanghaiMidnight } from '../../platform/dates';
import { forbidden, invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/request-context';
import { loadAnalysisConfig } from '../kb';
import { type QuestionAnalysis, rankHotQuestions } from './hot-questions';
import * as repo from './reports.repository';

/** What a dashboard covers: an org unit's subtree (null: every unit) over Shanghai days, both inclusive. */
export interface ReportScope {
  orgUnitId: number | null;
  from: string;
  to: string;
}

const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);
const round2 = (value: number) => Math.round(value * 100) / 100;
const NO_TAX_KIND = '未填写';
const UNCLASSIFIED = '未分类';

/** Rejects a period that is not two real dates in order and at most MAX_REPORT_DAYS long (400, field named). */
export function checkPeriod(from: string, to: string): void {
  if (!isValidDate(from)) throw invalidField('from', 'INVALID_DATE', '开始日期不是有效日期（YYYY-MM-DD）');
  if (!isValidDate(to)) throw invalidField('to', 'INVALID_DATE', '结束日期不是有效日期（YYYY-MM-DD）');
  if (to < from) throw invalidField('to', 'INVALID_RANGE', '结束日期不能早于开始日期');
  if (daysBetween(from, to) + 1 > MAX_REPORT_DAYS) {
    throw invalidField('to', 'RANGE_TOO_LONG', `统计期间不能超过 ${MAX_REPORT_DAYS} 天`);
  }
}

async function rangeOf(db: Db, scope: ReportScope) {
  checkPeriod(scope.from, scope.to);
  const unit = scope.orgUnitId === null ? undefined : await repo.findOrgUnit(db, scope.orgUnitId);
  if (scope.orgUnitId !== null && !unit) throw notFound('ORG_UNIT_NOT_FOUND', '组织机构不存在');
  const range: repo.ReportRange = {
    from: shanghaiMidnight(scope.from).toISOString(),
    to: shanghaiMidnight(addDays(scope.to, 1)).toISOString(),
    scope: unit ? subtreeOf(unit.path) : allOrgUnits,
  };
  return { range, unit };
}

const shanghaiHour = (instant: Date) => (instant.getUTCHours() + 8) % 24;

function transferFigures(t: {
  total: number;
  onTime: number;
  overdue: number;
  open: number;
  answered: number;
  answerSeconds: number;
}): TransferFigures {
  const handled = t.total - t.open;
  return {
    total: t.total,
    onTime: t.onTime,
    overdue: t.overdue,
    open: t.open,
    answered: t.answered,
    onTimeRate: rate(t.onTime, handled),
    averageAnswerHours: t.answered === 0 ? null : round2(t.answerSeconds / t.answered / 3600),
  };
}

function satisfactionFigures(s: Omit<SatisfactionFigures, 'rate'>): SatisfactionFigures {
  return { ...s, rate: rate(s.satisfied + s.basicallySatisfied, s.responses) };
}

/** First-level name of a case's three-level classification (JSON `[{code, name}]`). */
function classificationHead(json: string | null): { key: string; name: string } {
  if (!json) return { key: '', name: UNCLASSIFIED };
  try {
    const levels = JSON.parse(json) as Array<{ code?: string; name?: string }>;
    const head = levels[0];
    return head?.name ? { key: head.code ?? head.name, name: head.name } : { key: '', name: UNCLASSIFIED };
  } catch {
    return { key: '', name: UNCLASSIFIED };
  }
}

const byCountDesc = (a: { count: number; name: string }, b: { count: number; name: string }) =>
  b.count - a.count || a.name.localeCompare(b.name, 'zh-CN');

/**
 * Every figure of the statistics dashboard for an org unit's subtree and a period, aggregated in SQL.
 * `now` decides which open transfers are already overdue.
 */
export async function computeDashboard(db: Db, scope: ReportScope, now: Date = new Date()): Promise<Dashboard> {
  const { range, unit } = await rangeOf(db, scope);
  const [hours, channelType, transfers, caseSteps_, caseClasses, satisfaction, byAgent, byType, byDept] =
    await Promise.all([
      repo.countContactsByHour(db, range),
      repo.countContactsByChannelTypeAndTaxKind(db, range),
      repo.countTransfersByDepartment(db, range, now.toISOString()),
      repo.countCasesByStep(db, range),
      repo.countCasesByClassification(db, range),
      repo.countSatisfaction(db, range),
      repo.countSatisfactionByAgent(db, range),
      repo.countSatisfactionByType(db, range),
      repo.countSatisfactionByDepartment(db, range),
    ]);

  // Contacts by Shanghai day and hour, and the service load, from the UTC hour buckets.
  const days = daysBetween(scope.from, scope.to) + 1;
  const byDate = new Map<string, number>();
  for (let i = 0; i < days; i++) byDate.set(addDays(scope.from, i), 0);
  const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, count: 0, answered: 0, agentHours: 0 }));
  let total = 0;
  let answered = 0;
  for (const h of hours) {
    const instant = new Date(`${h.bucket}:00:00.000Z`);
    const date = shanghaiDate(instant);
    byDate.set(date, (byDate.get(date) ?? 0) + h.contacts);
    const slot = byHour[shanghaiHour(instant)]!;
    slot.count += h.contacts;
    slot.agentHours += h.agentHours;
    total += h.contacts;
    answered += h.answered;
  }

  const channelCounts = new Map<string, number>();
  const typeCounts = new Map<string, number>();
  for (const r of channelType) {
    channelCounts.set(r.channel, (channelCounts.get(r.channel) ?? 0) + r.count);
    typeCounts.set(r.type, (typeCounts.get(r.type) ?? 0) + r.count);
  }
  const named = <K extends string>(keys: readonly K[], names: Record<K, string>, counts: Map<string, number>) => [
    ...keys.map((key) => ({ key, name: names[key], count: counts.get(key) ?? 0 })),
    ...[...counts]
      .filter(([key]) => !(keys as readonly string[]).includes(key))
      .map(([key, count]) => ({ key, name: key, count })),
  ];

  const taxKinds = new Map<string, { taxKind: string; count: number; byType: Record<string, number> }>();
  for (const r of channelType) {
    const taxKind = r.taxKind?.trim() || NO_TAX_KIND;
    const entry = taxKinds.get(taxKind) ?? { taxKind, count: 0, byType: {} };
    entry.count += r.count;
    entry.byType[r.type] = (entry.byType[r.type] ?? 0) + r.count;
    taxKinds.set(taxKind, entry);
  }

  const transferTotals = transfers.reduce(
    (sum, t) => ({
      total: sum.total + t.total,
      onTime: sum.onTime + t.onTime,
      overdue: sum.overdue + t.overdue,
      open: sum.open + t.open,
      answered: sum.answered + t.answered,
      answerSeconds: sum.answerSeconds + t.answerSeconds,
    }),
    { total: 0, onTime: 0, overdue: 0, open: 0, answered: 0, answerSeconds: 0 },
  );

  const stepCounts = new Map<string, number>();
  const categoryCounts = new Map<string, number>();
  for (const r of caseSteps_) {
    stepCounts.set(r.step, (stepCounts.get(r.step) ?? 0) + r.count);
    categoryCounts.set(r.category, (categoryCounts.get(r.category) ?? 0) + r.count);
  }
  const classes = new Map<string, NamedCount>();
  for (const r of caseClasses) {
    const head = classificationHead(r.classification);
    const entry = classes.get(head.name) ?? { key: head.key, name: head.name, count: 0 };
    entry.count += r.count;
    classes.set(head.name, entry);
  }

  const namedSatisfaction = (rows: Array<{ key: string; name: string } & Omit<SatisfactionFigures, 'rate'>>) =>
    rows
      .map((r): NamedSatisfaction => ({ key: r.key, name: r.name, ...satisfactionFigures(r) }))
      .sort((a, b) => b.responses - a.responses || a.name.localeCompare(b.name, 'zh-CN'));

  return {
    scope: {
      orgUnitId: scope.orgUnitId,
      orgUnitName: unit?.name ?? null,
      from: scope.from,
      to: scope.to,
      days,
    },
    contacts: {
      total,
      byDay: [...byDate].map(([date, count]) => ({ date, count })),
      byHour: byHour.map(({ hour, count }) => ({ hour, count })),
      byChannel: named<Channel>(channels, channelNames, channelCounts),
      byType: named<ContactType>(contactTypes, contactTypeNames, typeCounts),
      byTaxKind: [...taxKinds.values()].sort(
        (a, b) => b.count - a.count || a.taxKind.localeCompare(b.taxKind, 'zh-CN'),
      ),
    },
    onTheSpot: { total, answered, rate: rate(answered, total) },
    transfers: {
      ...transferFigures(transferTotals),
      byDepartment: transfers
        .map((t) => ({ departmentId: t.departmentId, name: t.name, ...transferFigures(t) }))
        .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh-CN')),
    },
    cases: {
      total: [...stepCounts.values()].reduce((a, b) => a + b, 0),
      byCategory: named<CaseCategory>(['complaint', 'report'], caseCategoryNames, categoryCounts),
      byStage: named<CaseStep>(caseSteps, caseStepNames, stepCounts),
      byClassification: [...classes.values()].sort(byCountDesc),
    },
    satisfaction: {
      ...satisfactionFigures(satisfaction),
      byAgent: namedSatisfaction(byAgent),
      byDepartment: namedSatisfaction(byDept),
      byType: namedSatisfaction(byType.map((r) => ({ ...r, name: contactTypeNames[r.key as ContactType] ?? r.key }))),
    },
    serviceLoad: byHour.map(({ hour, count, agentHours }) => ({
      hour,
      contacts: count,
      agentHours,
      perAgent: agentHours === 0 ? null : round2(count / agentHours),
    })),
  };
}

/**
 * The org unit a user's report covers: the one asked for when the user may see it, otherwise the
 * user's own (null — every unit — for users who see all).
 */
export async function reportOrgUnitOf(
  db: Db,
  user: CurrentUser,
  orgUnitId: number | undefined,
): Promise<number | null> {
  if (orgUnitId === undefined) return user.seesAllOrgUnits ? null : user.orgUnitId;
  const unit = await repo.findOrgUnit(db, orgUnitId);
  if (!unit) throw invalidField('orgUnitId', 'ORG_UNIT_NOT_FOUND', '组织机构不存在');
  if (!isInOrgScope(scopeOf(user), unit.path)) {
    throw forbidden('ORG_UNIT_FORBIDDEN', '无权查看该组织机构的统计');
  }
  return orgUnitId;
}

/** The dashboard a user asked for, within what the user may see. */
export async function dashboardFor({ db, user, now }: RequestContext, query: DashboardQuery) {
  checkPeriod(query.from, query.to);
  const orgUnitId = await reportOrgUnitOf(db, user, query.orgUnitId);
  return computeDashboard(db, { orgUnitId, from: query.from, to: query.to }, now);
}

/** The contract's summary (GET /api/reports/summary) of the user's own scope. */
export async function summaryFor(
  { db, user, now }: RequestContext,
  period: { from: string; to: string },
): Promise<ReportSummary> {
  checkPeriod(period.from, period.to);
  const orgUnitId = await reportOrgUnitOf(db, user, undefined);
  const { range } = await rangeOf(db, { orgUnitId, ...period });
  const [channelType, transfers, satisfaction] = await Promise.all([
    repo.countContactsByChannelTypeAndTaxKind(db, range),
    repo.countTransfersByDepartment(db, range, now.toISOString()),
    repo.countSatisfaction(db, range),
  ]);
  const byType: Record<string, number> = {};
  const byChannel: Record<string, number> = {};
  let contacts = 0;
  for (const r of channelType) {
    byType[r.type] = (byType[r.type] ?? 0) + r.count;
    byChannel[r.channel] = (byChannel[r.channel] ?? 0) + r.count;
    contacts += r.count;
  }
  const sum = (key: 'total' | 'onTime' | 'overdue' | 'open') => transfers.reduce((n, t) => n + t[key], 0);
  const satisfied = satisfaction.satisfied + satisfaction.basicallySatisfied;
  return {
    contacts,
    byType,
    byChannel,
    transfers: { total: sum('total'), onTime: sum('onTime'), overdue: sum('overdue'), open: sum('open') },
    satisfaction: { responses: satisfaction.responses, satisfied, rate: rate(satisfied, satisfaction.responses) },
  };
}

/** At most this many distinct questions of a period are analysed (the most asked ones). */
const MAX_QUESTION_GROUPS = 20_000;
/** The analysis settings are rebuilt at most this often (they change when administrators edit words). */
const ANALYSIS_TTL_MS = 5 * 60 * 1000;
const analysisCache = new WeakMap<Db, { at: number; analysis: Promise<QuestionAnalysis> }>();

function questionAnalysis(db: Db): Promise<QuestionAnalysis> {
  const cached = analysisCache.get(db);
  if (cached && Date.now() - cached.at < ANALYSIS_TTL_MS) return cached.analysis;
  const analysis = loadAnalysisConfig(db);
  analysisCache.set(db, { at: Date.now(), analysis });
  analysis.catch(() => analysisCache.delete(db));
  return analysis;
}

/**
 * The hot questions (热点问题) of an org unit's subtree and a period, each with its count in the
 * previous period of the same length, the sharp risers flagged, and the articles agents used.
 */
export async function findHotQuestions(
  db: Db,
  options: { orgUnitId: number | null; from: string; to: string; limit: number },
): Promise<HotQuestionsResult> {
  const { range } = await rangeOf(db, options);
  const days = daysBetween(options.from, options.to) + 1;
  const previousFrom = addDays(options.from, -days);
  const previousTo = addDays(options.from, -1);
  const previousRange = { ...range, from: shanghaiMidnight(previousFrom).toISOString(), to: range.from };
  const [analysis, current, previous] = await Promise.all([
    questionAnalysis(db),
    repo.findQuestionGroups(db, range, MAX_QUESTION_GROUPS),
    repo.findQuestionGroups(db, previousRange, MAX_QUESTION_GROUPS),
  ]);
  return {
    from: options.from,
    to: options.to,
    previousFrom,
    previousTo,
    contacts: current.reduce((n, g) => n + g.count, 0),
    items: rankHotQuestions(analysis, current, previous, options.limit),
  };
}

/** The hot questions a user asked for, within what the user may see. */
export async function hotQuestionsFor(db: Db, user: CurrentUser, query: HotQuestionsQuery) {
  checkPeriod(query.from, query.to);
  const orgUnitId = await reportOrgUnitOf(db, user, query.orgUnitId);
  return findHotQuestions(db, { orgUnitId, from: query.from, to: query.to, limit: query.limit });
}

/** The name of a report's org unit (null: every unit). */
export async function orgUnitNameOf(db: Db, orgUnitId: number | null): Promise<string | null> {
  if (orgUnitId === null) return null;
  return (await repo.findOrgUnit(db, orgUnitId))?.name ?? null;
}

type CallSums = Awaited<ReturnType<typeof repo.countCallsByHourAndAgent>>[number];
type CallTotals = Omit<CallSums, 'bucket' | 'agentId' | 'agentName'>;

const noCalls = (): CallTotals => ({
  offered: 0,
  queued: 0,
  answered: 0,
  abandonedInIvr: 0,
  abandonedInQueue: 0,
  withinServiceLevel: 0,
  waits: 0,
  waitSeconds: 0,
  talks: 0,
  talkSeconds: 0,
  holdSeconds: 0,
});

function addCalls(into: CallTotals, row: CallTotals): CallTotals {
  for (const key of Object.keys(into) as (keyof CallTotals)[]) into[key] += row[key];
  return into;
}

const average = (total: number, count: number) => (count === 0 ? null : Math.round((total / count) * 10) / 10);

function callFigures(t: CallTotals): CallCentreFigures {
  return {
    offered: t.offered,
    queued: t.queued,
    answered: t.answered,
    abandonedInIvr: t.abandonedInIvr,
    abandonedInQueue: t.abandonedInQueue,
    answerRate: rate(t.answered, t.queued),
    serviceLevel: rate(t.withinServiceLevel, t.queued),
    avgSpeedOfAnswerSeconds: average(t.waitSeconds, t.waits),
    avgHandleSeconds: average(t.talkSeconds, t.talks),
    holdSeconds: t.holdSeconds,
  };
}

/**
 * The call-centre figures (话务指标) of an org unit's subtree and period, beside the previous period of
 * the same length, per Shanghai hour and per agent (see callCentreFiguresSchema for each figure).
 */
export async function callCentreFor({ db, user }: RequestContext, query: DashboardQuery): Promise<CallCentreReport> {
  checkPeriod(query.from, query.to);
  const orgUnitId = await reportOrgUnitOf(db, user, query.orgUnitId);
  return computeCallCentre(db, { orgUnitId, from: query.from, to: query.to });
}

/** The call-centre figures of a report scope (the bulletin's 话务情况 uses it too). */
export async function computeCallCentre(db: Db, query: ReportScope): Promise<CallCentreReport> {
  const { range } = await rangeOf(db, query);
  const days = daysBetween(query.from, query.to) + 1;
  const previousFrom = addDays(query.from, -days);
  const previousTo = addDays(query.from, -1);
  const previousRange = { ...range, from: shanghaiMidnight(previousFrom).toISOString(), to: range.from };
  const [rows, previousRows] = await Promise.all([
    repo.countCallsByHourAndAgent(db, range, SERVICE_LEVEL_SECONDS),
    repo.countCallsByHourAndAgent(db, previousRange, SERVICE_LEVEL_SECONDS),
  ]);
  const byHour = new Map<number, CallTotals>();
  const byAgent = new Map<number, { name: string; totals: CallTotals }>();
  for (const row of rows) {
    const hour = shanghaiHour(new Date(`${row.bucket}:00:00Z`));
    byHour.set(hour, addCalls(byHour.get(hour) ?? noCalls(), row));
    if (row.agentId !== null) {
      const agent = byAgent.get(row.agentId) ?? { name: row.agentName ?? '', totals: noCalls() };
      byAgent.set(row.agentId, { name: agent.name, totals: addCalls(agent.totals, row) });
    }
  }
  return {
    from: query.from,
    to: query.to,
    previousFrom,
    previousTo,
    serviceLevelSeconds: SERVICE_LEVEL_SECONDS,
    current: callFigures(rows.reduce(addCalls, noCalls())),
    previous: callFigures(previousRows.reduce(addCalls, noCalls())),
    byHour: [...byHour].sort(([a], [b]) => a - b).map(([hour, totals]) => ({ hour, ...callFigures(totals) })),
    byAgent: [...byAgent]
      .map(([agentId, { name, totals }]) => ({ agentId, name, ...callFigures(totals) }))
      .sort((a, b) => b.answered - a.answered || b.offered - a.offered || a.agentId - b.agentId),
  };
}
