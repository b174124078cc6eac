import { sql } from 'kysely';
import type { GoalMetric } from '../../../shared/performance';
import type { DbOrTx, Tx } from '../../db/connection';

// ---- teams ----

export interface TeamRow {
  id: number;
  orgUnitId: number;
  orgUnitName: string;
  orgUnitPath: string;
  name: string;
  leadUserId: number | null;
  leadName: string | null;
  isActive: boolean;
}

function teamsQuery(db: DbOrTx) {
  return db
    .selectFrom('teams as t')
    .innerJoin('org_units as o', 'o.id', 't.org_unit_id')
    .leftJoin('users as l', 'l.id', 't.lead_user_id')
    .select([
      't.id',
      't.org_unit_id as orgUnitId',
      'o.name as orgUnitName',
      'o.path as orgUnitPath',
      't.name',
      't.lead_user_id as leadUserId',
      'l.name as leadName',
      't.is_active as isActive',
    ]);
}

const toTeam = (r: Omit<TeamRow, 'isActive'> & { isActive: number }): TeamRow => ({ ...r, isActive: r.isActive === 1 });

/** Every team (at most a few hundred in a centre), by org unit and name. */
export async function findAllTeams(db: DbOrTx): Promise<TeamRow[]> {
  const rows = await teamsQuery(db).orderBy('o.path').orderBy('t.name').orderBy('t.id').execute();
  return rows.map(toTeam);
}

export async function findTeam(db: DbOrTx, id: number): Promise<TeamRow | undefined> {
  const row = await teamsQuery(db).where('t.id', '=', id).executeTakeFirst();
  return row && toTeam(row);
}

export async function insertTeam(
  trx: Tx,
  team: { orgUnitId: number; name: string; leadUserId: number | null; now: Date },
): Promise<number> {
  const row = await trx
    .insertInto('teams')
    .values({
      org_unit_id: team.orgUnitId,
      name: team.name,
      lead_user_id: team.leadUserId,
      is_active: 1,
      created_at: team.now.toISOString(),
      updated_at: team.now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateTeam(
  trx: Tx,
  id: number,
  patch: { name?: string; leadUserId?: number | null; isActive?: boolean },
  now: Date,
): Promise<void> {
  await trx
    .updateTable('teams')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.leadUserId !== undefined ? { lead_user_id: patch.leadUserId } : {}),
      ...(patch.isActive !== undefined ? { is_active: patch.isActive ? 1 : 0 } : {}),
      updated_at: now.toISOString(),
    })
    .where('id', '=', id)
    .execute();
}

export interface MemberRow {
  teamId: number;
  userId: number;
  username: string;
  name: string;
}

/** The members of the given teams. */
export async function findMembers(db: DbOrTx, teamIds: readonly number[]): Promise<MemberRow[]> {
  if (teamIds.length === 0) return [];
  return db
    .selectFrom('team_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.team_id as teamId', 'm.user_id as userId', 'u.username', 'u.name'])
    .where('m.team_id', 'in', teamIds)
    .orderBy('m.team_id')
    .orderBy('u.name')
    .orderBy('u.id')
    .execute();
}

/** The team a user belongs to, if any. */
export async function findTeamOfUser(db: DbOrTx, userId: number): Promise<number | undefined> {
  const row = await db.selectFrom('team_members').select('team_id').where('user_id', '=', userId).executeTakeFirst();
  return row?.team_id;
}

/** The current teams of the given users (to audit a move). */
export async function findTeamsOfUsers(db: DbOrTx, userIds: readonly number[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('team_members')
    .select(['user_id as userId', 'team_id as teamId'])
    .where('user_id', 'in', userIds)
    .execute();
}

/** Makes `userIds` the members of the team: others leave it, and the given users leave any other team. */
export async function replaceTeamMembers(trx: Tx, teamId: number, userIds: readonly number[], now: Date) {
  await trx.deleteFrom('team_members').where('team_id', '=', teamId).execute();
  if (userIds.length === 0) return;
  await trx.deleteFrom('team_members').where('user_id', 'in', userIds).execute();
  await trx
    .insertInto('team_members')
    .values(userIds.map((userId) => ({ user_id: userId, team_id: teamId, added_at: now.toISOString() })))
    .execute();
}

// ---- the figures of a period ----

export interface CentreMemberRow {
  userId: number;
  username: string;
  name: string;
  teamId: number;
  teamName: string;
}

/** Every member of every active team: the centre whose agents are scored together. */
export async function findCentreMembers(db: DbOrTx): Promise<CentreMemberRow[]> {
  return db
    .selectFrom('team_members as m')
    .innerJoin('teams as t', 't.id', 'm.team_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id as userId', 'u.username', 'u.name', 't.id as teamId', 't.name as teamName'])
    .where('t.is_active', '=', 1)
    .orderBy('m.user_id')
    .execute();
}

interface Range {
  fromIso: string;
  toIso: string;
}

const agentFilter = (agentIds: readonly number[]) => (agentIds.length > 0 ? [...agentIds] : [-1]);

/** Per agent: contacts registered in the range and their total handling seconds. */
export async function aggregateContacts(db: DbOrTx, agentIds: readonly number[], range: Range) {
  const rows = await db
    .selectFrom('contacts as c')
    .select((eb) => [
      'c.agent_id as userId',
      eb.fn.countAll<number>().as('contacts'),
      eb.fn.sum<number>('c.duration_seconds').as('seconds'),
    ])
    .where('c.agent_id', 'in', agentFilter(agentIds))
    .where('c.started_at', '>=', range.fromIso)
    .where('c.started_at', '<', range.toIso)
    .groupBy('c.agent_id')
    .execute();
  return rows.map((r) => ({ userId: r.userId, contacts: Number(r.contacts), seconds: Number(r.seconds ?? 0) }));
}

/** Per agent: survey responses on the contacts registered in the range, and how many were satisfied or basically satisfied. */
export async function aggregateSurveys(db: DbOrTx, agentIds: readonly number[], range: Range) {
  const rows = await db
    .selectFrom('surveys as s')
    .innerJoin('contacts as c', 'c.id', 's.contact_id')
    .select((eb) => [
      'c.agent_id as userId',
      eb.fn.countAll<number>().as('responses'),
      eb.fn
        .sum<number>(eb.case().when('s.satisfaction', 'in', ['satisfied', 'basically_satisfied']).then(1).else(0).end())
        .as('satisfied'),
    ])
    .where('c.agent_id', 'in', agentFilter(agentIds))
    .where('c.started_at', '>=', range.fromIso)
    .where('c.started_at', '<', range.toIso)
    .groupBy('c.agent_id')
    .execute();
  return rows.map((r) => ({ userId: r.userId, responses: Number(r.responses), satisfied: Number(r.satisfied ?? 0) }));
}

/**
 * Per agent: the transfers created in the range from the agent's contacts; answered (or sent back,
 * forwarded) by the due time; and overdue — dealt with after the due time, or still open past it at `nowIso`.
 */
export async function aggregateTransfers(db: DbOrTx, agentIds: readonly number[], range: Range, nowIso: string) {
  const rows = await db
    .selectFrom('transfers as t')
    .innerJoin('contacts as c', 'c.id', 't.contact_id')
    .select((eb) => [
      'c.agent_id as userId',
      eb.fn.countAll<number>().as('total'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb('t.handled_at', 'is not', null), eb('t.handled_at', '<=', eb.ref('t.due_at'))]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('onTime'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(
              eb.or([
                eb.and([eb('t.handled_at', 'is not', null), eb('t.handled_at', '>', eb.ref('t.due_at'))]),
                eb.and([eb('t.handled_at', 'is', null), eb('t.due_at', '<', nowIso)]),
              ]),
            )
            .then(1)
            .else(0)
            .end(),
        )
        .as('overdue'),
    ])
    .where('c.agent_id', 'in', agentFilter(agentIds))
    .where('t.created_at', '>=', range.fromIso)
    .where('t.created_at', '<', range.toIso)
    .groupBy('c.agent_id')
    .execute();
  return rows.map((r) => ({
    userId: r.userId,
    total: Number(r.total),
    onTime: Number(r.onTime ?? 0),
    overdue: Number(r.overdue ?? 0),
  }));
}

/**
 * The 10-minute buckets (`YYYY-MM-DDTHH:M`, UTC) in which each agent registered a contact or answered a
 * call during the range: at most agents × 4,464 rows a month, grouped in the database.
 */
export async function findActivityBuckets(db: DbOrTx, agentIds: readonly number[], range: Range) {
  const contactBucket = sql<string>`substr(${sql.ref('c.started_at')}, 1, 15)`;
  const callBucket = sql<string>`substr(${sql.ref('k.answered_at')}, 1, 15)`;
  const [contacts, calls] = await Promise.all([
    db
      .selectFrom('contacts as c')
      .select(['c.agent_id as userId', contactBucket.as('bucket')])
      .where('c.agent_id', 'in', agentFilter(agentIds))
      .where('c.started_at', '>=', range.fromIso)
      .where('c.started_at', '<', range.toIso)
      .groupBy(['c.agent_id', contactBucket])
      .execute(),
    db
      .selectFrom('calls as k')
      .select(['k.agent_id as userId', callBucket.as('bucket')])
      .where('k.agent_id', 'in', agentFilter(agentIds))
      .where('k.answered_at', '>=', range.fromIso)
      .where('k.answered_at', '<', range.toIso)
      .groupBy(['k.agent_id', callBucket])
      .execute(),
  ]);
  return [...contacts, ...calls].filter((r): r is { userId: number; bucket: string } => r.userId !== null);
}

// ---- schemes ----

export async function findScheme(db: DbOrTx, period: string) {
  return db.selectFrom('performance_schemes').selectAll().where('period', '=', period).executeTakeFirst();
}

export async function upsertScheme(
  trx: Tx,
  scheme: {
    period: string;
    weights: string;
    note: string | null;
    examScoreRule: string;
    by: number | null;
    now: Date;
  },
): Promise<void> {
  const values = {
    weights: scheme.weights,
    note: scheme.note,
    exam_score_rule: scheme.examScoreRule,
    updated_by: scheme.by,
    updated_at: scheme.now.toISOString(),
  };
  await trx
    .insertInto('performance_schemes')
    .values({ period: scheme.period, ...values })
    .onConflict((oc) => oc.column('period').doUpdateSet(values))
    .execute();
}

/** Stores the results and marks the period published; 0 when it already was (someone else won). */
export async function publishScheme(
  trx: Tx,
  period: string,
  results: string,
  by: number | null,
  now: Date,
): Promise<number> {
  const r = await trx
    .updateTable('performance_schemes')
    .set({ results, published_at: now.toISOString(), published_by: by })
    .where('period', '=', period)
    .where('published_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ---- bonus/penalty items ----

export async function findAdjustments(db: DbOrTx, period: string) {
  return db
    .selectFrom('performance_adjustments as a')
    .innerJoin('users as u', 'u.id', 'a.created_by')
    .select([
      'a.id',
      'a.user_id as userId',
      'a.team_id as teamId',
      'a.points',
      'a.reason',
      'u.name as createdBy',
      'a.created_at as createdAt',
    ])
    .where('a.period', '=', period)
    .orderBy('a.id')
    .limit(20_000)
    .execute();
}

export async function findAdjustment(db: DbOrTx, id: number) {
  return db.selectFrom('performance_adjustments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertAdjustment(
  trx: Tx,
  item: { period: string; userId: number; teamId: number; points: number; reason: string; by: number; now: Date },
): Promise<number> {
  const row = await trx
    .insertInto('performance_adjustments')
    .values({
      period: item.period,
      user_id: item.userId,
      team_id: item.teamId,
      points: item.points,
      reason: item.reason,
      created_by: item.by,
      created_at: item.now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteAdjustment(trx: Tx, id: number): Promise<number> {
  const r = await trx.deleteFrom('performance_adjustments').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}

// ---- team goals ----

export async function findGoals(db: DbOrTx, period: string, teamIds: readonly number[]) {
  if (teamIds.length === 0) return [];
  return db
    .selectFrom('team_goals')
    .select(['id', 'team_id as teamId', 'period', 'metric', 'target', 'updated_at as updatedAt'])
    .where('period', '=', period)
    .where('team_id', 'in', teamIds)
    .orderBy('team_id')
    .orderBy('id')
    .execute();
}

export async function findGoal(db: DbOrTx, id: number) {
  return db.selectFrom('team_goals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findGoalByKey(db: DbOrTx, key: { teamId: number; period: string; metric: GoalMetric }) {
  return db
    .selectFrom('team_goals')
    .selectAll()
    .where('team_id', '=', key.teamId)
    .where('period', '=', key.period)
    .where('metric', '=', key.metric)
    .executeTakeFirst();
}

export async function upsertGoal(
  trx: Tx,
  goal: { teamId: number; period: string; metric: GoalMetric; target: number; by: number | null; now: Date },
): Promise<void> {
  const values = { target: goal.target, updated_by: goal.by, updated_at: goal.now.toISOString() };
  await trx
    .insertInto('team_goals')
    .values({ team_id: goal.teamId, period: goal.period, metric: goal.metric, ...values })
    .onConflict((oc) => oc.columns(['team_id', 'period', 'metric']).doUpdateSet(values))
    .execute();
}

export async function deleteGoal(trx: Tx, id: number): Promise<number> {
  const r = await trx.deleteFrom('team_goals').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** An org unit's materialised path, for scoping a new team. */
export async function findOrgUnitPath(db: DbOrTx, id: number): Promise<string | undefined> {
  const row = await db.selectFrom('org_units').select('path').where('id', '=', id).executeTakeFirst();
  return row?.path;
}

/** A user id by username (for the demo teams). */
export async function findUserIdsByUsernames(db: DbOrTx, usernames: readonly string[]) {
  if (usernames.length === 0) return [];
  return db.selectFrom('users').select(['id', 'username']).where('username', 'in', usernames).execute();
}
