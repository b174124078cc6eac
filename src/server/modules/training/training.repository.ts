import type { Insertable, Updateable } from 'kysely';
import type { DbOrTx, Tx } from '../../db/connection';
import { inOrgScope, type OrgScope } from '../../platform/auth/scope';
import type { TrainingTables } from './training.tables';

type CourseTable = TrainingTables['training_courses'];
type PlanTable = TrainingTables['training_plans'];
type SessionTable = TrainingTables['training_sessions'];

// ---- courses ----

function coursesQuery(db: DbOrTx) {
  return db
    .selectFrom('training_courses as c')
    .innerJoin('org_units as o', 'o.id', 'c.org_unit_id')
    .leftJoin('users as l', 'l.id', 'c.lecturer_user_id')
    .select([
      'c.id',
      'c.org_unit_id as orgUnitId',
      'o.path as orgUnitPath',
      'c.title',
      'c.area',
      'c.hours',
      'c.lecturer_user_id as lecturerUserId',
      'l.name as lecturerUserName',
      'c.lecturer_name as lecturerName',
      'c.lecturer_organisation as lecturerOrganisation',
      'c.description',
      'c.is_active as isActive',
      'c.updated_at as updatedAt',
    ]);
}
export type CourseRow = Awaited<ReturnType<ReturnType<typeof coursesQuery>['executeTakeFirstOrThrow']>>;

export async function findCourses(
  db: DbOrTx,
  scope: OrgScope,
  filter: { area?: string | undefined; includeInactive: boolean },
): Promise<CourseRow[]> {
  let q = coursesQuery(db).where((eb) => inOrgScope(eb, scope, 'c.org_unit_id'));
  if (filter.area) q = q.where('c.area', '=', filter.area);
  if (!filter.includeInactive) q = q.where('c.is_active', '=', 1);
  return q.orderBy('c.area').orderBy('c.title').orderBy('c.id').execute();
}

export async function findCourse(db: DbOrTx, id: number): Promise<CourseRow | undefined> {
  return coursesQuery(db).where('c.id', '=', id).executeTakeFirst();
}

export async function findCoursesByIds(db: DbOrTx, ids: readonly number[]): Promise<CourseRow[]> {
  if (ids.length === 0) return [];
  return coursesQuery(db).where('c.id', 'in', ids).execute();
}

export async function insertCourse(trx: Tx, row: Insertable<CourseTable>): Promise<number> {
  return (await trx.insertInto('training_courses').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateCourse(trx: Tx, id: number, patch: Updateable<CourseTable>): Promise<void> {
  await trx.updateTable('training_courses').set(patch).where('id', '=', id).execute();
}

export async function replaceCourseArticles(trx: Tx, courseId: number, articleIds: readonly number[]): Promise<void> {
  await trx.deleteFrom('training_course_articles').where('course_id', '=', courseId).execute();
  if (articleIds.length === 0) return;
  await trx
    .insertInto('training_course_articles')
    .values([...new Set(articleIds)].map((articleId) => ({ course_id: courseId, article_id: articleId })))
    .execute();
}

export async function findCourseArticleIds(db: DbOrTx, courseIds: readonly number[]) {
  if (courseIds.length === 0) return [];
  return db
    .selectFrom('training_course_articles')
    .select(['course_id as courseId', 'article_id as articleId'])
    .where('course_id', 'in', courseIds)
    .orderBy('course_id')
    .orderBy('article_id')
    .execute();
}

export async function insertMaterial(trx: Tx, row: Insertable<TrainingTables['training_course_materials']>) {
  return (await trx.insertInto('training_course_materials').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findMaterials(db: DbOrTx, courseIds: readonly number[]) {
  if (courseIds.length === 0) return [];
  return db
    .selectFrom('training_course_materials')
    .select(['id', 'course_id as courseId', 'file_name as fileName', 'size'])
    .where('course_id', 'in', courseIds)
    .orderBy('id')
    .execute();
}

/** A material with its content, and its course's org unit. */
export async function findMaterial(db: DbOrTx, id: number) {
  return db
    .selectFrom('training_course_materials as m')
    .innerJoin('training_courses as c', 'c.id', 'm.course_id')
    .innerJoin('org_units as o', 'o.id', 'c.org_unit_id')
    .select([
      'm.id',
      'm.course_id as courseId',
      'm.file_name as fileName',
      'm.content_type as contentType',
      'm.content',
      'o.path as orgUnitPath',
    ])
    .where('m.id', '=', id)
    .executeTakeFirst();
}

export async function deleteMaterial(trx: Tx, id: number): Promise<void> {
  await trx.deleteFrom('training_course_materials').where('id', '=', id).execute();
}

/** True when the user is invited to some session of the course (plan participant, or make-up invitee). */
export async function isTaughtTo(db: DbOrTx, courseId: number, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('training_sessions as s')
    .select('s.id')
    .where('s.course_id', '=', courseId)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('training_plan_participants as pp')
            .select('pp.user_id')
            .whereRef('pp.plan_id', '=', 's.plan_id')
            .where('pp.user_id', '=', userId),
        ),
        eb.exists(
          eb
            .selectFrom('training_session_invitees as i')
            .select('i.user_id')
            .whereRef('i.session_id', '=', 's.id')
            .where('i.user_id', '=', userId),
        ),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

// ---- plans ----

export async function findOrgUnitsInScope(db: DbOrTx, scope: OrgScope) {
  return db
    .selectFrom('org_units as o')
    .select(['o.id', 'o.name'])
    .where((eb) => inOrgScope(eb, scope, 'o.id'))
    .orderBy('o.path')
    .execute();
}

export async function findOrgUnitPaths(db: DbOrTx, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('org_units').select(['id', 'path']).where('id', 'in', ids).execute();
}

function plansQuery(db: DbOrTx) {
  return db
    .selectFrom('training_plans as p')
    .innerJoin('org_units as o', 'o.id', 'p.org_unit_id')
    .select((eb) => [
      'p.id',
      'p.title',
      'p.description',
      'p.form',
      'p.period_from as periodFrom',
      'p.period_to as periodTo',
      'p.org_unit_id as orgUnitId',
      'o.name as orgUnitName',
      'o.path as orgUnitPath',
      'p.target',
      'p.created_at as createdAt',
      eb
        .selectFrom('training_plan_participants as pp')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('pp.plan_id', '=', 'p.id')
        .as('participantCount'),
      eb
        .selectFrom('training_sessions as s')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('s.plan_id', '=', 'p.id')
        .where('s.status', '=', 'scheduled')
        .as('sessionCount'),
    ]);
}
export type PlanRow = Awaited<ReturnType<ReturnType<typeof plansQuery>['executeTakeFirstOrThrow']>>;

export async function findPlans(db: DbOrTx, scope: OrgScope): Promise<PlanRow[]> {
  return plansQuery(db)
    .where((eb) => inOrgScope(eb, scope, 'p.org_unit_id'))
    .orderBy('p.period_from', 'desc')
    .orderBy('p.id', 'desc')
    .execute();
}

export async function findPlan(db: DbOrTx, id: number): Promise<PlanRow | undefined> {
  return plansQuery(db).where('p.id', '=', id).executeTakeFirst();
}

export async function insertPlan(trx: Tx, row: Insertable<PlanTable>): Promise<number> {
  return (await trx.insertInto('training_plans').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updatePlan(trx: Tx, id: number, patch: Updateable<PlanTable>): Promise<void> {
  await trx.updateTable('training_plans').set(patch).where('id', '=', id).execute();
}

export async function replacePlanParticipants(trx: Tx, planId: number, userIds: readonly number[]): Promise<void> {
  await trx.deleteFrom('training_plan_participants').where('plan_id', '=', planId).execute();
  const unique = [...new Set(userIds)];
  for (let i = 0; i < unique.length; i += 500) {
    await trx
      .insertInto('training_plan_participants')
      .values(unique.slice(i, i + 500).map((userId) => ({ plan_id: planId, user_id: userId })))
      .execute();
  }
}

export async function findPlanParticipants(db: DbOrTx, planId: number) {
  return db
    .selectFrom('training_plan_participants as pp')
    .innerJoin('users as u', 'u.id', 'pp.user_id')
    .innerJoin('org_units as o', 'o.id', 'u.org_unit_id')
    .select(['u.id', 'u.name', 'o.name as orgUnitName'])
    .where('pp.plan_id', '=', planId)
    .orderBy('o.path')
    .orderBy('u.name')
    .orderBy('u.id')
    .execute();
}

export async function isPlanParticipant(db: DbOrTx, planId: number, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('training_plan_participants')
    .select('user_id')
    .where('plan_id', '=', planId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

// ---- sessions ----

function sessionsQuery(db: DbOrTx) {
  return db
    .selectFrom('training_sessions as s')
    .innerJoin('training_plans as p', 'p.id', 's.plan_id')
    .innerJoin('org_units as o', 'o.id', 'p.org_unit_id')
    .leftJoin('training_courses as c', 'c.id', 's.course_id')
    .leftJoin('users as sl', 'sl.id', 's.lecturer_user_id')
    .leftJoin('users as cl', 'cl.id', 'c.lecturer_user_id')
    .select([
      's.id',
      's.plan_id as planId',
      'p.title as planTitle',
      'p.org_unit_id as planOrgUnitId',
      'o.path as planOrgUnitPath',
      's.course_id as courseId',
      's.title',
      's.area',
      's.starts_at as startsAt',
      's.ends_at as endsAt',
      's.hours',
      's.stage',
      's.location',
      's.lecturer_user_id as lecturerUserId',
      'sl.name as lecturerUserName',
      'c.lecturer_user_id as courseLecturerUserId',
      'cl.name as courseLecturerUserName',
      'c.lecturer_name as courseLecturerName',
      'c.lecturer_organisation as courseLecturerOrganisation',
      's.sign_in_code as signInCode',
      's.status',
      's.is_make_up as isMakeUp',
      's.day_off_note as dayOffNote',
      's.is_flagged as isFlagged',
    ]);
}
export type SessionRow = Awaited<ReturnType<ReturnType<typeof sessionsQuery>['executeTakeFirstOrThrow']>>;

export async function findSession(db: DbOrTx, id: number): Promise<SessionRow | undefined> {
  return sessionsQuery(db).where('s.id', '=', id).executeTakeFirst();
}

export async function findSessionsOfPlan(db: DbOrTx, planId: number): Promise<SessionRow[]> {
  return sessionsQuery(db).where('s.plan_id', '=', planId).orderBy('s.starts_at').orderBy('s.id').execute();
}

export async function findSessionsByIds(db: DbOrTx, ids: readonly number[]): Promise<SessionRow[]> {
  if (ids.length === 0) return [];
  return sessionsQuery(db).where('s.id', 'in', ids).orderBy('s.starts_at').orderBy('s.id').execute();
}

/**
 * The sessions a user is invited to in a range of start instants: every session of a plan they take part
 * in (make-up sessions only for their invitees), scheduled or cancelled.
 */
export async function findSessionsOfUser(
  db: DbOrTx,
  userId: number,
  range: { from: string; to: string },
): Promise<SessionRow[]> {
  return sessionsQuery(db)
    .where('s.starts_at', '>=', range.from)
    .where('s.starts_at', '<', range.to)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('s.is_make_up', '=', 0),
          eb.exists(
            eb
              .selectFrom('training_plan_participants as pp')
              .select('pp.user_id')
              .whereRef('pp.plan_id', '=', 's.plan_id')
              .where('pp.user_id', '=', userId),
          ),
        ]),
        eb.exists(
          eb
            .selectFrom('training_session_invitees as i')
            .select('i.user_id')
            .whereRef('i.session_id', '=', 's.id')
            .where('i.user_id', '=', userId),
        ),
      ]),
    )
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .execute();
}

/** Scheduled sessions that start in [from, to): the reminders of the day before. */
export async function findScheduledSessionsStarting(db: DbOrTx, range: { from: string; to: string }) {
  return db
    .selectFrom('training_sessions')
    .select([
      'id',
      'plan_id as planId',
      'title',
      'starts_at as startsAt',
      'location',
      'is_make_up as isMakeUp',
      'stage',
    ])
    .where('status', '=', 'scheduled')
    .where('starts_at', '>=', range.from)
    .where('starts_at', '<', range.to)
    .orderBy('id')
    .execute();
}

export async function insertSession(trx: Tx, row: Insertable<SessionTable>): Promise<number> {
  return (await trx.insertInto('training_sessions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateSession(trx: Tx, id: number, patch: Updateable<SessionTable>): Promise<void> {
  await trx.updateTable('training_sessions').set(patch).where('id', '=', id).execute();
}

export async function insertInvitees(trx: Tx, sessionId: number, userIds: readonly number[]): Promise<void> {
  if (userIds.length === 0) return;
  await trx
    .insertInto('training_session_invitees')
    .values([...new Set(userIds)].map((userId) => ({ session_id: sessionId, user_id: userId })))
    .execute();
}

export async function findInviteeIds(db: DbOrTx, sessionId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('training_session_invitees')
    .select('user_id')
    .where('session_id', '=', sessionId)
    .orderBy('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

export async function findPlanParticipantIds(db: DbOrTx, planId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('training_plan_participants')
    .select('user_id')
    .where('plan_id', '=', planId)
    .orderBy('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

// ---- attendance ----

export async function findAttendance(db: DbOrTx, sessionIds: readonly number[]) {
  if (sessionIds.length === 0) return [];
  return db
    .selectFrom('training_attendance')
    .select(['session_id as sessionId', 'user_id as userId', 'status', 'method', 'note', 'recorded_at as recordedAt'])
    .where('session_id', 'in', sessionIds)
    .execute();
}

export async function upsertAttendance(trx: Tx, row: Insertable<TrainingTables['training_attendance']>): Promise<void> {
  const { session_id: _s, user_id: _u, ...rest } = row;
  await trx
    .insertInto('training_attendance')
    .values(row)
    .onConflict((oc) => oc.columns(['session_id', 'user_id']).doUpdateSet(rest))
    .execute();
}

export async function findAttendanceOf(db: DbOrTx, sessionId: number, userId: number) {
  return db
    .selectFrom('training_attendance')
    .select(['status', 'method', 'note', 'recorded_at as recordedAt'])
    .where('session_id', '=', sessionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Hours of the sessions each user attended (出勤) in [from, to), by content area. */
export async function sumAttendedHours(
  db: DbOrTx,
  range: { from: string; to: string },
  filter: { userIds?: readonly number[] | undefined; scope?: OrgScope | undefined },
) {
  let q = db
    .selectFrom('training_attendance as a')
    .innerJoin('training_sessions as s', 's.id', 'a.session_id')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .innerJoin('org_units as o', 'o.id', 'u.org_unit_id')
    .select((eb) => [
      'a.user_id as userId',
      'u.name',
      'o.name as orgUnitName',
      's.area',
      eb.fn.sum<number>('s.hours').as('hours'),
    ])
    .where('a.status', '=', 'present')
    .where('s.status', '=', 'scheduled')
    .where('s.starts_at', '>=', range.from)
    .where('s.starts_at', '<', range.to);
  if (filter.userIds) q = q.where('a.user_id', 'in', filter.userIds.length > 0 ? filter.userIds : [-1]);
  const { scope } = filter;
  if (scope) q = q.where((eb) => inOrgScope(eb, scope, 'u.org_unit_id'));
  return q
    .groupBy(['a.user_id', 'u.name', 'o.name', 'o.path', 's.area'])
    .orderBy('o.path')
    .orderBy('u.name')
    .orderBy('a.user_id')
    .execute();
}

// ---- feedback ----

export async function insertFeedback(trx: Tx, row: Insertable<TrainingTables['training_feedback']>) {
  const result = await trx
    .insertInto('training_feedback')
    .values(row)
    .onConflict((oc) => oc.columns(['session_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function averageFeedback(db: DbOrTx, sessionIds: readonly number[]) {
  if (sessionIds.length === 0) return [];
  return db
    .selectFrom('training_feedback')
    .select((eb) => [
      'session_id as sessionId',
      eb.fn.countAll<number>().as('responses'),
      eb.fn.sum<number>('content').as('content'),
      eb.fn.sum<number>('lecturer').as('lecturer'),
      eb.fn.sum<number>('usefulness').as('usefulness'),
    ])
    .where('session_id', 'in', sessionIds)
    .groupBy('session_id')
    .execute();
}

export async function findFeedbackSessionIds(db: DbOrTx, userId: number, sessionIds: readonly number[]) {
  if (sessionIds.length === 0) return new Set<number>();
  const rows = await db
    .selectFrom('training_feedback')
    .select('session_id')
    .where('user_id', '=', userId)
    .where('session_id', 'in', sessionIds)
    .execute();
  return new Set(rows.map((r) => r.session_id));
}

// ---- practical assessment ----

export async function upsertAssessment(trx: Tx, row: Insertable<TrainingTables['training_assessments']>) {
  const { session_id: _s, user_id: _u, ...rest } = row;
  await trx
    .insertInto('training_assessments')
    .values(row)
    .onConflict((oc) => oc.columns(['session_id', 'user_id']).doUpdateSet(rest))
    .execute();
}

export async function findAssessments(db: DbOrTx, sessionId: number) {
  return db
    .selectFrom('training_assessments as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .innerJoin('users as b', 'b.id', 'a.assessed_by')
    .select([
      'a.id',
      'a.session_id as sessionId',
      'a.user_id as userId',
      'u.name',
      'a.scores',
      'a.total',
      'a.passed',
      'a.comment',
      'b.name as assessedBy',
      'a.assessed_at as assessedAt',
    ])
    .where('a.session_id', '=', sessionId)
    .orderBy('u.name')
    .orderBy('a.user_id')
    .execute();
}

export async function findAssessment(db: DbOrTx, sessionId: number, userId: number) {
  return db
    .selectFrom('training_assessments')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

// ---- gates and make-ups ----

export async function insertGate(trx: Tx, row: Insertable<TrainingTables['training_gates']>): Promise<number> {
  return (await trx.insertInto('training_gates').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

const gateColumns = ['g.id', 'g.plan_id as planId', 'g.stage', 'g.exam_id as examId'] as const;

export async function findRecentGates(db: DbOrTx, limit: number) {
  return db.selectFrom('training_gates as g').select(gateColumns).orderBy('g.id', 'desc').limit(limit).execute();
}

export async function findGatesOfPlan(db: DbOrTx, planId: number) {
  return db
    .selectFrom('training_gates as g')
    .select(gateColumns)
    .where('g.plan_id', '=', planId)
    .orderBy('g.id')
    .execute();
}

export async function findGate(db: DbOrTx, id: number) {
  return db.selectFrom('training_gates as g').select(gateColumns).where('g.id', '=', id).executeTakeFirst();
}

export async function findGateOfStage(db: DbOrTx, planId: number, stage: string) {
  return db
    .selectFrom('training_gates as g')
    .select(gateColumns)
    .where('g.plan_id', '=', planId)
    .where('g.stage', '=', stage)
    .executeTakeFirst();
}

function makeUpsQuery(db: DbOrTx) {
  return db
    .selectFrom('training_make_ups as m')
    .innerJoin('training_gates as g', 'g.id', 'm.gate_id')
    .innerJoin('training_plans as p', 'p.id', 'g.plan_id')
    .innerJoin('org_units as o', 'o.id', 'p.org_unit_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'm.id',
      'm.gate_id as gateId',
      'g.plan_id as planId',
      'p.title as planTitle',
      'o.path as planOrgUnitPath',
      'g.stage',
      'm.user_id as userId',
      'u.name',
      'm.round',
      'm.status',
      'm.failed_exam_id as failedExamId',
      'm.session_id as sessionId',
      'm.exam_id as examId',
      'm.decision',
      'm.decision_reason as decisionReason',
      'm.decided_at as decidedAt',
    ]);
}
export type MakeUpRow = Awaited<ReturnType<ReturnType<typeof makeUpsQuery>['executeTakeFirstOrThrow']>>;

export async function findMakeUpsOfGates(db: DbOrTx, gateIds: readonly number[]): Promise<MakeUpRow[]> {
  if (gateIds.length === 0) return [];
  return makeUpsQuery(db)
    .where('m.gate_id', 'in', gateIds)
    .orderBy('m.gate_id')
    .orderBy('u.name')
    .orderBy('m.round')
    .orderBy('m.id')
    .execute();
}

export async function findMakeUp(db: DbOrTx, id: number): Promise<MakeUpRow | undefined> {
  return makeUpsQuery(db).where('m.id', '=', id).executeTakeFirst();
}

export async function findMakeUpsByStatus(db: DbOrTx, scope: OrgScope, status: string | undefined) {
  let q = makeUpsQuery(db).where((eb) => inOrgScope(eb, scope, 'p.org_unit_id'));
  if (status) q = q.where('m.status', '=', status as MakeUpRow['status']);
  return q.orderBy('m.updated_at', 'desc').orderBy('m.id', 'desc').limit(500).execute();
}

export async function insertMakeUp(trx: Tx, row: Insertable<TrainingTables['training_make_ups']>): Promise<void> {
  await trx
    .insertInto('training_make_ups')
    .values(row)
    .onConflict((oc) => oc.columns(['gate_id', 'user_id', 'round']).doNothing())
    .execute();
}

/** Moves a make-up on from the status it was read in; false when someone else moved it first. */
export async function updateMakeUp(
  trx: Tx,
  id: number,
  from: MakeUpRow['status'],
  patch: Updateable<TrainingTables['training_make_ups']>,
): Promise<boolean> {
  const result = await trx
    .updateTable('training_make_ups')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
