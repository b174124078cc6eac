import {
  defaultWeights,
  type ExamScoreRule,
  type GoalMetric,
  goalMetricInfo,
  goalMetrics,
  metricInfo,
  type PerformanceMetric,
  performanceMetrics,
  type Weights,
} from '../../../shared/performance';
import type { Role } from '../../../shared/permissions';
import type { Db, DbOrTx, Tx } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import { type CurrentUser, hasPermission } from '../../platform/auth/current-user';
import { isInOrgScope, scopeOf, subtreeOf } from '../../platform/auth/scope';
import { getServiceHours, loadCalendar } from '../../platform/calendar/calendar.service';
import { toShanghaiIso } from '../../platform/dates';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/request-context';
import { listUsersWithRoles } from '../accounts';
import { examScoresBetween } from '../exams';
import {
  type AgentFigures,
  type AgentResult,
  assertValidWeights,
  attendanceOf,
  goalActualOf,
  goalProgress,
  periodRange,
  scoreAgents,
  serviceSessions,
  type TeamFigures,
} from './performance';
import * as repo from './performance.repository';

// ---- who sees which team ----

const canManage = (user: CurrentUser) => hasPermission(user, 'performance.manage');
const canMaintainTeams = (user: CurrentUser) => hasPermission(user, 'performance.teams');

/**
 * The teams a user may look into: the director (performance.manage) and whoever maintains teams see
 * every team in their org-unit scope; a team lead sees the teams they lead; others none.
 */
function isTeamVisible(user: CurrentUser, team: repo.TeamRow): boolean {
  if (canManage(user) || canMaintainTeams(user)) return isInOrgScope(scopeOf(user), team.orgUnitPath);
  return hasPermission(user, 'performance.review') && team.leadUserId === user.id;
}

/** The teams whose results the user may read: scope for the director, their own for a team lead. */
function isTeamReviewable(user: CurrentUser, team: repo.TeamRow): boolean {
  if (canManage(user)) return isInOrgScope(scopeOf(user), team.orgUnitPath);
  return hasPermission(user, 'performance.review') && team.leadUserId === user.id;
}

async function reviewableTeams(db: DbOrTx, user: CurrentUser) {
  return (await repo.findAllTeams(db)).filter((t) => isTeamReviewable(user, t));
}

// ---- teams (班组) ----

const publicTeam = (t: repo.TeamRow, members: repo.MemberRow[]) => ({
  id: t.id,
  name: t.name,
  orgUnitId: t.orgUnitId,
  orgUnitName: t.orgUnitName,
  leadUserId: t.leadUserId,
  leadName: t.leadName,
  isActive: t.isActive,
  members: members
    .filter((m) => m.teamId === t.id)
    .map((m) => ({ userId: m.userId, username: m.username, name: m.name })),
});

/** The teams the user may see, with their members. */
export async function listTeams(db: Db, user: CurrentUser) {
  const teams = (await repo.findAllTeams(db)).filter((t) => isTeamVisible(user, t));
  const members = await repo.findMembers(
    db,
    teams.map((t) => t.id),
  );
  return teams.map((t) => publicTeam(t, members));
}

/** The roles a team is made of: its lead and its agents. */
const teamRoles: readonly Role[] = ['agent', 'team_lead'];
const MAX_TEAM_CANDIDATES = 2000;

/** Agents and team leads within the user's scope (active ones), with their current team, for the team editor. */
export async function listTeamCandidates(db: Db, user: CurrentUser) {
  const users = await listUsersWithRoles(db, {
    roles: teamRoles,
    scope: scopeOf(user),
    orderBy: 'name',
    limit: MAX_TEAM_CANDIDATES,
  });
  const teams = new Map(
    (
      await repo.findTeamsOfUsers(
        db,
        users.map((u) => u.id),
      )
    ).map((m) => [m.userId, m.teamId]),
  );
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    name: u.name,
    orgUnitName: u.orgUnitName,
    teamId: teams.get(u.id) ?? null,
    roles: u.roles.filter((r) => teamRoles.includes(r)),
  }));
}

export interface TeamInput {
  name?: string | undefined;
  leadUserId?: number | null | undefined;
  memberIds?: number[] | undefined;
  isActive?: boolean | undefined;
}

/** Checks the lead (a team lead within the team's org unit subtree) and the members (agents there). */
async function assertTeamPeople(db: DbOrTx, orgUnitPath: string, input: TeamInput) {
  const ids = [...(input.leadUserId ? [input.leadUserId] : []), ...(input.memberIds ?? [])];
  const users = new Map((await listUsersWithRoles(db, { ids, activeOnly: false })).map((u) => [u.id, u]));
  if (input.leadUserId) {
    const lead = users.get(input.leadUserId);
    if (!lead || lead.isDisabled || !isInOrgScope(subtreeOf(orgUnitPath), lead.orgUnitPath)) {
      throw invalidField('leadUserId', 'LEAD_NOT_FOUND', '班长须为本机构（或下级机构）的在用账号');
    }
    if (!lead.roles.includes('team_lead')) {
      throw invalidField('leadUserId', 'LEAD_NOT_TEAM_LEAD', `${lead.name}不是班长角色，不能担任班长`);
    }
  }
  const seen = new Set<number>();
  (input.memberIds ?? []).forEach((id, i) => {
    const member = users.get(id);
    const field = `memberIds.${i}`;
    if (seen.has(id)) throw invalidField(field, 'MEMBER_DUPLICATE', '组员重复');
    seen.add(id);
    if (!member || member.isDisabled || !isInOrgScope(subtreeOf(orgUnitPath), member.orgUnitPath)) {
      throw invalidField(field, 'MEMBER_NOT_FOUND', '组员须为本机构（或下级机构）的在用账号');
    }
    if (!member.roles.includes('agent')) {
      throw invalidField(field, 'MEMBER_NOT_AGENT', `${member.name}不是坐席，不能编入班组`);
    }
  });
}

/** Creates a team in an org unit the user sees; members leave any team they were in. Audited. */
export async function createTeam(
  { db, user, actor, now }: RequestContext,
  input: TeamInput & { orgUnitId: number; name: string },
) {
  const orgUnitPath = await repo.findOrgUnitPath(db, input.orgUnitId);
  if (!orgUnitPath || !isInOrgScope(scopeOf(user), orgUnitPath)) {
    throw invalidField('orgUnitId', 'ORG_UNIT_NOT_FOUND', '所属机构不存在或不在您的管辖范围内');
  }
  await assertTeamPeople(db, orgUnitPath, input);
  const id = await db.transaction().execute(async (trx) => {
    const previous = await repo.findTeamsOfUsers(trx, input.memberIds ?? []);
    const teamId = await repo.insertTeam(trx, {
      orgUnitId: input.orgUnitId,
      name: input.name,
      leadUserId: input.leadUserId ?? null,
      now,
    });
    await repo.replaceTeamMembers(trx, teamId, input.memberIds ?? [], now);
    await writeAudit(trx, actor, now, {
      action: 'performance.team_create',
      entityType: 'team',
      entityId: teamId,
      after: { ...input, movedFrom: previous },
    });
    return teamId;
  });
  return getTeam(db, user, id);
}

async function getTeam(db: Db, user: CurrentUser, id: number) {
  const team = await repo.findTeam(db, id);
  if (!team || !isTeamVisible(user, team)) throw notFound('TEAM_NOT_FOUND', '班组不存在');
  return publicTeam(team, await repo.findMembers(db, [id]));
}

/** Renames a team, changes its lead or members, or (de)activates it. Audited with before and after. */
export async function updateTeam({ db, user, actor, now }: RequestContext, id: number, input: TeamInput) {
  const team = await repo.findTeam(db, id);
  if (!team || !isInOrgScope(scopeOf(user), team.orgUnitPath)) throw notFound('TEAM_NOT_FOUND', '班组不存在');
  await assertTeamPeople(db, team.orgUnitPath, input);
  await db.transaction().execute(async (trx) => {
    const before = publicTeam(team, await repo.findMembers(trx, [id]));
    await repo.updateTeam(trx, id, input, now);
    let movedFrom: Array<{ userId: number; teamId: number }> = [];
    if (input.memberIds) {
      movedFrom = (await repo.findTeamsOfUsers(trx, input.memberIds)).filter((m) => m.teamId !== id);
      await repo.replaceTeamMembers(trx, id, input.memberIds, now);
    }
    await writeAudit(trx, actor, now, {
      action: 'performance.team_update',
      entityType: 'team',
      entityId: id,
      before,
      after: { ...input, ...(movedFrom.length > 0 ? { movedFrom } : {}) },
    });
  });
  return getTeam(db, user, id);
}

// ---- the scheme of a period ----

function parseWeights(text: string): Weights {
  const stored = JSON.parse(text) as Partial<Weights>;
  return Object.fromEntries(performanceMetrics.map((m) => [m, stored[m] ?? 0])) as Weights;
}

/** The scheme of a month: the stored one, or the default weights when the director has set none. */
export async function getScheme(db: DbOrTx, period: string) {
  const row = await repo.findScheme(db, period);
  return {
    period,
    weights: row ? parseWeights(row.weights) : { ...defaultWeights },
    note: row?.note ?? null,
    examScoreRule: row?.exam_score_rule === 'latest' ? ('latest' as const) : ('average' as const),
    isDefault: !row,
    publishedAt: row?.published_at ? toShanghaiIso(new Date(row.published_at)) : null,
    normalisation: 'centre' as const,
    metrics: performanceMetrics.map((m) => ({ metric: m, ...metricInfo[m] })),
  };
}

/** Sets a month's weights (validated: non-negative, 0 without a data source, sum 100); 409 once published. Audited. */
export async function setScheme(
  { db, actor, now }: RequestContext,
  period: string,
  input: { weights: Weights; note: string | null; examScoreRule: ExamScoreRule },
) {
  assertValidWeights(input.weights);
  await db.transaction().execute(async (trx) => {
    const before = await repo.findScheme(trx, period);
    if (before?.published_at) throw conflict('PERIOD_PUBLISHED', `${period} 的考核结果已发布，方案不能再修改`);
    await repo.upsertScheme(trx, {
      period,
      weights: JSON.stringify(input.weights),
      note: input.note,
      examScoreRule: input.examScoreRule,
      by: actor.userId,
      now,
    });
    await writeAudit(trx, actor, now, {
      action: 'performance.scheme_set',
      entityType: 'performance_scheme',
      entityId: period,
      before: before ? { weights: JSON.parse(before.weights), note: before.note } : null,
      after: input,
    });
  });
  return getScheme(db, period);
}

// ---- results ----

interface StoredResults {
  agents: AgentResult[];
  teams: Array<{ teamId: number; figures: TeamFigures }>;
  sessions: number;
}

const emptyTeamFigures = (): TeamFigures => ({
  contacts: 0,
  handlingSeconds: 0,
  surveyResponses: 0,
  surveySatisfied: 0,
  transfersOnTime: 0,
  transfersOverdue: 0,
});

/**
 * Computes a month's results from the contacts, transfers, surveys and calls of the current members of
 * every active team: a handful of aggregate queries grouped by agent, then the scoring in memory.
 */
async function computeResults(
  db: DbOrTx,
  period: string,
  scheme: { weights: Weights; examScoreRule: ExamScoreRule },
  now: Date,
): Promise<StoredResults> {
  const { weights } = scheme;
  const range = periodRange(period);
  const members = await repo.findCentreMembers(db);
  const ids = members.map((m) => m.userId);
  const [contacts, surveys, transfers, buckets, adjustments, calendar, servicePeriods, examScores] = await Promise.all([
    repo.aggregateContacts(db, ids, range),
    repo.aggregateSurveys(db, ids, range),
    repo.aggregateTransfers(db, ids, range, now.toISOString()),
    repo.findActivityBuckets(db, ids, range),
    repo.findAdjustments(db, period),
    loadCalendar(db as Db),
    getServiceHours(db),
    examScoresBetween(db, range, scheme.examScoreRule),
  ]);
  const sessions = serviceSessions({ range, calendar, periods: servicePeriods, now });
  const bucketsOf = new Map<number, Set<string>>();
  for (const b of buckets) bucketsOf.set(b.userId, (bucketsOf.get(b.userId) ?? new Set()).add(b.bucket));
  const teamFigures = new Map<number, TeamFigures>();
  const agents = members.map((m) => {
    const c = contacts.find((x) => x.userId === m.userId);
    const s = surveys.find((x) => x.userId === m.userId);
    const t = transfers.find((x) => x.userId === m.userId);
    const figures: AgentFigures = {
      userId: m.userId,
      contacts: c?.contacts ?? 0,
      handlingSeconds: c?.seconds ?? 0,
      surveyResponses: s?.responses ?? 0,
      surveySatisfied: s?.satisfied ?? 0,
      transfers: t?.total ?? 0,
      transfersOnTime: t?.onTime ?? 0,
      transfersOverdue: t?.overdue ?? 0,
      attendanceRate: attendanceOf(sessions, bucketsOf.get(m.userId) ?? new Set()),
      examScore: examScores.get(m.userId) ?? null,
    };
    const team = teamFigures.get(m.teamId) ?? emptyTeamFigures();
    team.contacts += figures.contacts;
    team.handlingSeconds += figures.handlingSeconds;
    team.surveyResponses += figures.surveyResponses;
    team.surveySatisfied += figures.surveySatisfied;
    team.transfersOnTime += figures.transfersOnTime;
    team.transfersOverdue += figures.transfersOverdue;
    teamFigures.set(m.teamId, team);
    return {
      ...m,
      figures,
      adjustments: adjustments
        .filter((a) => a.userId === m.userId)
        .map((a) => ({
          id: a.id,
          points: Number(a.points),
          reason: a.reason,
          createdBy: a.createdBy,
          createdAt: toShanghaiIso(new Date(a.createdAt)),
        })),
    };
  });
  return {
    agents: scoreAgents(agents, weights),
    teams: [...teamFigures].map(([teamId, figures]) => ({ teamId, figures })),
    sessions: sessions.length,
  };
}

/** Results published before weights were renormalised per agent applied the scheme's weights as they were. */
function withAppliedWeights(results: StoredResults): StoredResults {
  for (const agent of results.agents) {
    for (const m of agent.metrics) m.appliedWeight ??= m.weight;
  }
  return results;
}

/** A month's results: the stored ones once published, otherwise computed now. */
async function resultsOf(db: DbOrTx, period: string, now: Date) {
  const scheme = await getScheme(db, period);
  const row = scheme.publishedAt ? await repo.findScheme(db, period) : undefined;
  const results = row?.results
    ? withAppliedWeights(JSON.parse(row.results) as StoredResults)
    : await computeResults(db, period, scheme, now);
  return { scheme, results };
}

/**
 * The ranking of a month for the teams the user may review (one team when `teamId` is given):
 * each row with its full breakdown. Ranks are over the centre and within the team.
 */
export async function getRanking({ db, user, now }: RequestContext, period: string, teamId: number | undefined) {
  const teams = await reviewableTeams(db, user);
  if (teamId !== undefined && !teams.some((t) => t.id === teamId)) {
    throw forbidden('TEAM_NOT_VISIBLE', '只能查看本人负责班组的绩效');
  }
  const visible = new Set(teamId !== undefined ? [teamId] : teams.map((t) => t.id));
  const { scheme, results } = await resultsOf(db, period, now);
  return {
    period,
    scheme,
    serviceSessions: results.sessions,
    teams: teams.map((t) => ({ id: t.id, name: t.name, orgUnitName: t.orgUnitName, leadName: t.leadName })),
    rows: results.agents.filter((a) => visible.has(a.teamId)),
  };
}

/**
 * One agent's breakdown: the agent themself, the lead of the agent's team, or the director over it.
 * Anyone else gets a 403 — also for an agent who is not ranked, so that nothing leaks.
 */
export async function getAgentBreakdown({ db, user, now }: RequestContext, userId: number, period: string) {
  const isSelf = userId === user.id;
  if (!isSelf && !hasPermission(user, 'performance.review')) {
    throw forbidden('PERFORMANCE_NOT_VISIBLE', '只能查看本人的绩效明细');
  }
  const { scheme, results } = await resultsOf(db, period, now);
  const agent = results.agents.find((a) => a.userId === userId);
  if (!isSelf) {
    const team = agent ? await repo.findTeam(db, agent.teamId) : undefined;
    if (!team || !isTeamReviewable(user, team))
      throw forbidden('PERFORMANCE_NOT_VISIBLE', '只能查看本班组坐席的绩效明细');
  }
  if (!agent) throw notFound('AGENT_NOT_RANKED', '您尚未编入班组，本月没有绩效考核结果');
  return { period, scheme, serviceSessions: results.sessions, agentCount: results.agents.length, agent };
}

/** Stores a finished month's results and freezes its scheme and bonus/penalty items. Audited. */
export async function publishPeriod({ db, actor, now }: RequestContext, period: string) {
  if (now.toISOString() < periodRange(period).toIso) {
    throw conflict('PERIOD_NOT_ENDED', `${period} 尚未结束，月末之后才能发布考核结果`);
  }
  await db.transaction().execute(async (trx) => {
    const scheme = await getScheme(trx, period);
    if (scheme.publishedAt) throw conflict('PERIOD_PUBLISHED', `${period} 的考核结果已发布`);
    if (scheme.isDefault) {
      await repo.upsertScheme(trx, {
        period,
        weights: JSON.stringify(scheme.weights),
        note: null,
        examScoreRule: scheme.examScoreRule,
        by: actor.userId,
        now,
      });
    }
    const results = await computeResults(trx, period, scheme, now);
    if ((await repo.publishScheme(trx, period, JSON.stringify(results), actor.userId, now)) !== 1) {
      throw conflict('PERIOD_PUBLISHED', `${period} 的考核结果已发布`);
    }
    await writeAudit(trx, actor, now, {
      action: 'performance.publish',
      entityType: 'performance_scheme',
      entityId: period,
      after: { weights: scheme.weights, agents: results.agents.length },
    });
  });
  return getScheme(db, period);
}

// ---- bonus/penalty items (加减分) ----

async function assertPeriodOpen(db: DbOrTx, period: string) {
  const scheme = await repo.findScheme(db, period);
  if (scheme?.published_at) throw conflict('PERIOD_PUBLISHED', `${period} 的考核结果已发布，不能再调整加减分`);
}

/**
 * Adds a bonus (points > 0) or penalty (points < 0) for an agent: only the lead of the agent's own
 * team (or the director over it) may. The item and its audit row commit together.
 */
export async function addAdjustment(
  { db, user, actor, now }: RequestContext,
  input: { period: string; userId: number; points: number; reason: string },
) {
  if (input.points === 0) throw invalidField('points', 'POINTS_ZERO', '加减分分值不能为 0');
  return db.transaction().execute(async (trx) => {
    const teamId = await repo.findTeamOfUser(trx, input.userId);
    const team = teamId === undefined ? undefined : await repo.findTeam(trx, teamId);
    if (!team || !isTeamReviewable(user, team)) {
      throw forbidden('NOT_OWN_TEAM', '只能为本人负责班组的坐席录入加减分');
    }
    await assertPeriodOpen(trx, input.period);
    const id = await repo.insertAdjustment(trx, { ...input, teamId: team.id, by: user.id, now });
    await writeAudit(trx, actor, now, {
      action: 'performance.adjustment_add',
      entityType: 'performance_adjustment',
      entityId: id,
      after: { ...input, teamId: team.id },
    });
    return { id, ...input, teamId: team.id, createdAt: toShanghaiIso(now) };
  });
}

/** Removes a bonus/penalty item of the user's own team while the period is open. Audited. */
export async function removeAdjustment({ db, user, actor, now }: RequestContext, id: number) {
  await db.transaction().execute(async (trx) => {
    const item = await repo.findAdjustment(trx, id);
    const team = item ? await repo.findTeam(trx, item.team_id) : undefined;
    if (!item || !team || !isTeamReviewable(user, team)) throw notFound('ADJUSTMENT_NOT_FOUND', '加减分记录不存在');
    await assertPeriodOpen(trx, item.period);
    await repo.deleteAdjustment(trx, id);
    await writeAudit(trx, actor, now, {
      action: 'performance.adjustment_remove',
      entityType: 'performance_adjustment',
      entityId: id,
      before: item,
    });
  });
}

// ---- target responsibility (目标责任制) ----

/** The goals of the user's teams for a month, with the actual figure and progress of each. */
export async function listGoals({ db, user, now }: RequestContext, period: string) {
  const teams = await reviewableTeams(db, user);
  const [goals, { results }] = await Promise.all([
    repo.findGoals(
      db,
      period,
      teams.map((t) => t.id),
    ),
    resultsOf(db, period, now),
  ]);
  return teams.map((t) => {
    const figures = results.teams.find((x) => x.teamId === t.id)?.figures ?? emptyTeamFigures();
    return {
      teamId: t.id,
      teamName: t.name,
      goals: goals
        .filter((g) => g.teamId === t.id)
        .map((g) => {
          const metric = g.metric;
          const actual = goalActualOf(metric, figures);
          return {
            id: g.id,
            metric,
            ...goalMetricInfo[metric],
            target: Number(g.target),
            actual,
            ...goalProgress(metric, Number(g.target), actual),
          };
        }),
    };
  });
}

function assertValidTarget(metric: GoalMetric, target: number) {
  if (metric === 'satisfactionRate' || metric === 'transferOnTimeRate') {
    if (target < 0 || target > 100) throw invalidField('target', 'TARGET_OUT_OF_RANGE', '比率目标须在 0 到 100 之间');
  } else if (target <= 0) {
    throw invalidField('target', 'TARGET_OUT_OF_RANGE', '目标值须大于 0');
  }
  if (metric === 'contactsHandled' && !Number.isInteger(target)) {
    throw invalidField('target', 'TARGET_NOT_INTEGER', '受理量目标须为整数');
  }
}

/** Sets (or replaces) a team's goal for a metric in a month. Audited. */
export async function setGoal(
  { db, user, actor, now }: RequestContext,
  input: { teamId: number; period: string; metric: GoalMetric; target: number },
) {
  if (!goalMetrics.includes(input.metric)) throw invalidField('metric', 'GOAL_METRIC_UNKNOWN', '不支持的目标指标');
  assertValidTarget(input.metric, input.target);
  const team = await repo.findTeam(db, input.teamId);
  if (!team || !isTeamReviewable(user, team)) throw invalidField('teamId', 'TEAM_NOT_FOUND', '班组不存在');
  await db.transaction().execute(async (trx) => {
    const before = await repo.findGoalByKey(trx, input);
    await repo.upsertGoal(trx, { ...input, by: actor.userId, now });
    await writeAudit(trx, actor, now, {
      action: 'performance.goal_set',
      entityType: 'team_goal',
      entityId: `${input.teamId}:${input.period}:${input.metric}`,
      before: before ? { target: Number(before.target) } : null,
      after: input,
    });
  });
  return (await listGoals({ db, user, actor, now }, input.period)).find((t) => t.teamId === input.teamId);
}

export async function removeGoal({ db, user, actor, now }: RequestContext, id: number) {
  await db.transaction().execute(async (trx) => {
    const goal = await repo.findGoal(trx, id);
    const team = goal ? await repo.findTeam(trx, goal.team_id) : undefined;
    if (!goal || !team || !isTeamReviewable(user, team)) throw notFound('GOAL_NOT_FOUND', '目标不存在');
    await repo.deleteGoal(trx, id);
    await writeAudit(trx, actor, now, {
      action: 'performance.goal_remove',
      entityType: 'team_goal',
      entityId: id,
      before: goal,
    });
  });
}

// ---- export ----

const metricColumns = performanceMetrics.filter((m) => metricInfo[m].hasDataSource);

/** The ranking and the breakdown as two sheets of rows for the .xlsx export. */
export async function exportRanking(ctx: RequestContext, period: string, teamId: number | undefined) {
  const ranking = await getRanking(ctx, period, teamId);
  const teamName =
    teamId === undefined ? '全部（本人可见班组）' : (ranking.teams.find((t) => t.id === teamId)?.name ?? '');
  const filters = [
    { label: '考核月份', value: period },
    { label: '班组', value: teamName },
    { label: '标准化范围', value: '全中心（各项以全中心最优值为 100 分）' },
    {
      label: '状态',
      value: ranking.scheme.publishedAt ? `已发布（${ranking.scheme.publishedAt}）` : '未发布（实时计算）',
    },
  ];
  const value = (m: PerformanceMetric, row: AgentResult, key: 'raw' | 'score') =>
    row.metrics.find((x) => x.metric === m)?.[key] ?? '无数据';
  const ranks = {
    name: '绩效排名',
    filters,
    columns: [
      { header: '全中心排名', key: 'centreRank', width: 10 },
      { header: '班组排名', key: 'teamRank', width: 10 },
      { header: '班组', key: 'teamName', width: 16 },
      { header: '坐席', key: 'name', width: 12 },
      { header: '账号', key: 'username', width: 12 },
      ...metricColumns.flatMap((m) => [
        { header: `${metricInfo[m].name}（${metricInfo[m].unit}）`, key: `raw_${m}`, width: 14 },
        { header: `${metricInfo[m].name}得分`, key: `score_${m}`, width: 14 },
      ]),
      { header: '加权得分', key: 'weightedScore', width: 10 },
      { header: '加减分', key: 'adjustmentPoints', width: 10 },
      { header: '总分', key: 'total', width: 10 },
    ],
    rows: ranking.rows.map((r) => ({
      ...r,
      ...Object.fromEntries(
        metricColumns.flatMap((m) => [
          [`raw_${m}`, value(m, r, 'raw')],
          [`score_${m}`, value(m, r, 'score')],
        ]),
      ),
    })),
  };
  const breakdownRows = function* () {
    for (const r of ranking.rows) {
      for (const m of r.metrics) {
        yield {
          name: r.name,
          teamName: r.teamName,
          item: metricInfo[m.metric].name,
          raw: m.raw ?? (metricInfo[m.metric].hasDataSource ? '无数据' : '暂无数据来源'),
          unit: metricInfo[m.metric].unit,
          score: m.score ?? '无数据',
          weight: m.weight,
          appliedWeight: m.appliedWeight,
          contribution: m.contribution,
        };
      }
      for (const a of r.adjustments) {
        yield {
          name: r.name,
          teamName: r.teamName,
          item: a.points > 0 ? '加分' : '减分',
          raw: a.reason,
          unit: a.createdBy,
          score: '',
          weight: '',
          appliedWeight: '',
          contribution: a.points,
        };
      }
    }
  };
  const breakdown = {
    name: '得分明细',
    filters,
    columns: [
      { header: '坐席', key: 'name', width: 12 },
      { header: '班组', key: 'teamName', width: 16 },
      { header: '指标/加减分', key: 'item', width: 16 },
      { header: '原始值/事由', key: 'raw', width: 30 },
      { header: '单位/录入人', key: 'unit', width: 12 },
      { header: '标准化得分', key: 'score', width: 12 },
      { header: '方案权重', key: 'weight', width: 8 },
      { header: '实际权重', key: 'appliedWeight', width: 8 },
      { header: '贡献分', key: 'contribution', width: 10 },
    ],
    rows: breakdownRows(),
  };
  return { sheets: [ranks, breakdown], fileName: `绩效考核_${period}.xlsx` };
}

// ---- demo ----

/** The demo centre's one team: 李班长 (lead1) with 王晓燕 (agent1) and 刘志强 (agent2). */
export async function seedDemoTeams(trx: Tx, orgUnitId: number, now: Date) {
  const users = await repo.findUserIdsByUsernames(trx, ['lead1', 'agent1', 'agent2']);
  const idOf = (username: string) => users.find((u) => u.username === username)?.id;
  const teamId = await repo.insertTeam(trx, { orgUnitId, name: '咨询一班', leadUserId: idOf('lead1') ?? null, now });
  const memberIds = [idOf('agent1'), idOf('agent2')].filter((id): id is number => id !== undefined);
  await repo.replaceTeamMembers(trx, teamId, memberIds, now);
}
