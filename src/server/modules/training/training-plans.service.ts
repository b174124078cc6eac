import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import type {
  CourseInput,
  courseBody,
  coursePatchBody,
  planBody,
  planPatchBody,
  sessionBody,
  sessionPatchBody,
  sessionRuleBody,
  TrainingArea,
  TrainingForm,
} from '../../../shared/training';
import type { Db, Tx } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import { hasPermission } from '../../platform/auth/current-user';
import { isInOrgScope, scopeOf } from '../../platform/auth/scope';
import { loadCalendar } from '../../platform/calendar/calendar.service';
import type { WorkingDayCalendar } from '../../platform/calendar/working-days';
import { invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/request-context';
import { listUsersWithRoles } from '../accounts';
import { findArticleTitles } from '../kb';
import { findAllTeams, findTeamMembers } from '../performance';
import * as repo from './training.repository';
import {
  canManageOrgUnit,
  instantOf,
  lecturerOf,
  requireManagedPlan,
  requireVisiblePlan,
  toSession,
} from './training-access';
import { feedbackAverages } from './training-feedback';
import { hoursBetween, planSessions } from './training-schedule';

// ---- courses ----

async function checkLecturer(db: Db, userId: number, field: string): Promise<void> {
  const [user] = await listUsersWithRoles(db, { ids: [userId] });
  if (!user) throw invalidField(field, 'LECTURER_NOT_FOUND', '授课人账号不存在或已停用');
}

async function checkArticles(db: Db, ids: readonly number[]): Promise<void> {
  const found = new Set((await findArticleTitles(db, ids)).map((a) => a.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0)
    throw invalidField('kbArticleIds', 'ARTICLE_NOT_FOUND', `知识库中没有这些知识：${missing.join('、')}`);
}

async function withArticles(db: Db, rows: repo.CourseRow[]) {
  const links = await repo.findCourseArticleIds(
    db,
    rows.map((r) => r.id),
  );
  const materials = await repo.findMaterials(
    db,
    rows.map((r) => r.id),
  );
  const titles = new Map(
    (await findArticleTitles(db, [...new Set(links.map((l) => l.articleId))])).map((a) => [a.id, a.title]),
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    area: r.area as TrainingArea,
    hours: Number(r.hours),
    lecturer: lecturerOf(r),
    description: r.description,
    isActive: r.isActive === 1,
    articles: links
      .filter((l) => l.courseId === r.id && titles.has(l.articleId))
      .map((l) => ({ id: l.articleId, title: titles.get(l.articleId) ?? '' })),
    materials: materials.filter((m) => m.courseId === r.id).map(({ id, fileName, size }) => ({ id, fileName, size })),
    updatedAt: r.updatedAt,
  }));
}

/** The course catalogue of the user's scope. */
export async function listCourses(
  { db, user }: RequestContext,
  query: { area?: TrainingArea | undefined; includeInactive?: 'true' | 'false' | undefined },
) {
  const rows = await repo.findCourses(db, scopeOf(user), {
    area: query.area,
    includeInactive: query.includeInactive === 'true',
  });
  return withArticles(db, rows);
}

export async function requireCourse(ctx: RequestContext, id: number, forChange: boolean) {
  const course = await repo.findCourse(ctx.db, id);
  if (!course || !isInOrgScope(scopeOf(ctx.user), course.orgUnitPath)) throw notFound('COURSE_NOT_FOUND', '课程不存在');
  if (forChange && !canManageOrgUnit(ctx.user, course.orgUnitPath) && course.lecturerUserId !== ctx.user.id)
    throw invalidField('id', 'NOT_COURSE_LECTURER', '培训讲师只能修改本人讲授的课程');
  return course;
}

function lecturerColumns(lecturer: CourseInput['lecturer']) {
  return 'userId' in lecturer
    ? { lecturer_user_id: lecturer.userId, lecturer_name: null, lecturer_organisation: null }
    : { lecturer_user_id: null, lecturer_name: lecturer.name, lecturer_organisation: lecturer.organisation };
}

/** Adds a course to the catalogue (managers; a trainer adds courses they teach themselves). */
export async function createCourse(ctx: RequestContext, input: z.output<typeof courseBody>) {
  const { db, user, actor, now } = ctx;
  if (!hasPermission(user, 'training.manage') && !('userId' in input.lecturer && input.lecturer.userId === user.id))
    throw invalidField('lecturer', 'NOT_COURSE_LECTURER', '培训讲师只能登记本人讲授的课程');
  if ('userId' in input.lecturer) await checkLecturer(db, input.lecturer.userId, 'lecturer');
  await checkArticles(db, input.kbArticleIds);
  const id = await db.transaction().execute(async (trx) => {
    const courseId = await repo.insertCourse(trx, {
      org_unit_id: user.orgUnitId,
      title: input.title,
      area: input.area,
      hours: input.hours,
      ...lecturerColumns(input.lecturer),
      description: input.description ?? null,
      is_active: 1,
      created_by: user.id,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    await repo.replaceCourseArticles(trx, courseId, input.kbArticleIds);
    await writeAudit(trx, actor, now, {
      action: 'training.course_create',
      entityType: 'training_course',
      entityId: courseId,
      after: input,
    });
    return courseId;
  });
  return (await withArticles(db, [(await repo.findCourse(db, id))!]))[0]!;
}

export async function updateCourse(ctx: RequestContext, id: number, patch: z.output<typeof coursePatchBody>) {
  const { db, actor, now } = ctx;
  const before = await requireCourse(ctx, id, true);
  if (patch.lecturer && 'userId' in patch.lecturer) await checkLecturer(db, patch.lecturer.userId, 'lecturer');
  if (patch.kbArticleIds) await checkArticles(db, patch.kbArticleIds);
  await db.transaction().execute(async (trx) => {
    await repo.updateCourse(trx, id, {
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.area !== undefined ? { area: patch.area } : {}),
      ...(patch.hours !== undefined ? { hours: patch.hours } : {}),
      ...(patch.lecturer !== undefined ? lecturerColumns(patch.lecturer) : {}),
      ...(patch.description !== undefined ? { description: patch.description ?? null } : {}),
      ...(patch.isActive !== undefined ? { is_active: patch.isActive ? 1 : 0 } : {}),
      updated_at: now.toISOString(),
    });
    if (patch.kbArticleIds) await repo.replaceCourseArticles(trx, id, patch.kbArticleIds);
    await writeAudit(trx, actor, now, {
      action: 'training.course_update',
      entityType: 'training_course',
      entityId: id,
      before,
      after: patch,
    });
  });
  return (await withArticles(db, [(await repo.findCourse(db, id))!]))[0]!;
}

// ---- plans ----

interface TargetGroup {
  orgUnitIds: number[];
  teamIds: number[];
  roles: Array<'agent' | 'team_lead'>;
  userIds: number[];
}

/**
 * The people of a target group, within the manager's scope: the named people; the members and leads of
 * the teams; the agents (or the roles named) of the org units and the units below them; with roles and
 * no org unit, everyone of those roles in the plan's own unit and below.
 */
async function resolveTarget(ctx: RequestContext, target: TargetGroup): Promise<number[]> {
  const { db, user } = ctx;
  const scope = scopeOf(user);
  const ids = new Set<number>();
  if (target.userIds.length > 0) {
    const found = await listUsersWithRoles(db, { ids: target.userIds, scope });
    const missing = target.userIds.filter((id) => !found.some((u) => u.id === id));
    if (missing.length > 0)
      throw invalidField(
        'target.userIds',
        'PARTICIPANT_NOT_FOUND',
        `这些人员不存在或不在管辖范围内：${missing.join('、')}`,
      );
    for (const u of found) ids.add(u.id);
  }
  if (target.teamIds.length > 0) {
    const known = (await findAllTeams(db)).filter(
      (t) => target.teamIds.includes(t.id) && isInOrgScope(scope, t.orgUnitPath),
    );
    if (known.length !== new Set(target.teamIds).size)
      throw invalidField('target.teamIds', 'TEAM_NOT_FOUND', '班组不存在或不在管辖范围内');
    for (const t of known) if (t.leadUserId !== null) ids.add(t.leadUserId);
    for (const m of await findTeamMembers(db, target.teamIds)) ids.add(m.userId);
  }
  const roles = target.roles.length > 0 ? target.roles : (['agent'] as const);
  if (target.orgUnitIds.length > 0) {
    const units = await repo.findOrgUnitPaths(db, target.orgUnitIds);
    if (units.length !== new Set(target.orgUnitIds).size || units.some((u) => !isInOrgScope(scope, u.path)))
      throw invalidField('target.orgUnitIds', 'ORG_UNIT_NOT_FOUND', '机构不存在或不在管辖范围内');
    for (const unit of units) {
      for (const u of await listUsersWithRoles(db, { roles, scope: { kind: 'subtree', path: unit.path } }))
        ids.add(u.id);
    }
  } else if (target.roles.length > 0) {
    for (const u of await listUsersWithRoles(db, { roles, scope })) ids.add(u.id);
  }
  if (ids.size === 0) throw invalidField('target', 'TARGET_EMPTY', '培训对象中没有任何人员');
  return [...ids];
}

function checkPeriod(from: string, to: string): void {
  if (to < from) throw invalidField('periodTo', 'INVALID_PERIOD', '结束日期不能早于开始日期');
}

export async function listPlans({ db, user }: RequestContext) {
  return (await repo.findPlans(db, scopeOf(user))).map(toPlan);
}

function toPlan(p: repo.PlanRow) {
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    form: p.form as TrainingForm,
    periodFrom: p.periodFrom,
    periodTo: p.periodTo,
    orgUnitId: p.orgUnitId,
    orgUnitName: p.orgUnitName,
    target: JSON.parse(p.target) as TargetGroup,
    participantCount: Number(p.participantCount ?? 0),
    sessionCount: Number(p.sessionCount ?? 0),
    createdAt: p.createdAt,
  };
}

/** A plan with its participants, its sessions and the questionnaire's averages. */
export async function getPlan(ctx: RequestContext, id: number) {
  const { db, user } = ctx;
  const plan = await requireVisiblePlan(db, user, id);
  const sessions = await repo.findSessionsOfPlan(db, id);
  const feedback = await feedbackAverages(
    db,
    sessions.map((s) => s.id),
  );
  return {
    ...toPlan(plan),
    participants: await repo.findPlanParticipants(db, id),
    sessions: sessions.map((s) => ({ ...toSession(s), feedback: feedback.bySession(s.id) })),
    feedback: feedback.overall,
    canManage: canManageOrgUnit(user, plan.orgUnitPath),
  };
}

export async function createPlan(ctx: RequestContext, input: z.output<typeof planBody>) {
  const { db, user, actor, now } = ctx;
  checkPeriod(input.periodFrom, input.periodTo);
  const participants = await resolveTarget(ctx, input.target);
  const id = await db.transaction().execute(async (trx) => {
    const planId = await repo.insertPlan(trx, {
      org_unit_id: user.orgUnitId,
      title: input.title,
      description: input.description ?? null,
      form: input.form,
      period_from: input.periodFrom,
      period_to: input.periodTo,
      target: JSON.stringify(input.target),
      created_by: user.id,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    await repo.replacePlanParticipants(trx, planId, participants);
    await writeAudit(trx, actor, now, {
      action: 'training.plan_create',
      entityType: 'training_plan',
      entityId: planId,
      after: { ...input, participants: participants.length },
    });
    return planId;
  });
  return getPlan(ctx, id);
}

export async function updatePlan(ctx: RequestContext, id: number, patch: z.output<typeof planPatchBody>) {
  const { db, user, actor, now } = ctx;
  const before = await requireManagedPlan(db, user, id);
  checkPeriod(patch.periodFrom ?? before.periodFrom, patch.periodTo ?? before.periodTo);
  const participants = patch.target ? await resolveTarget(ctx, patch.target) : undefined;
  await db.transaction().execute(async (trx) => {
    await repo.updatePlan(trx, id, {
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.description !== undefined ? { description: patch.description ?? null } : {}),
      ...(patch.form !== undefined ? { form: patch.form } : {}),
      ...(patch.periodFrom !== undefined ? { period_from: patch.periodFrom } : {}),
      ...(patch.periodTo !== undefined ? { period_to: patch.periodTo } : {}),
      ...(patch.target !== undefined ? { target: JSON.stringify(patch.target) } : {}),
      updated_at: now.toISOString(),
    });
    if (participants) await repo.replacePlanParticipants(trx, id, participants);
    await writeAudit(trx, actor, now, {
      action: 'training.plan_update',
      entityType: 'training_plan',
      entityId: id,
      before: toPlan(before),
      after: patch,
    });
  });
  return getPlan(ctx, id);
}

// ---- sessions ----

function checkTimes(startTime: string, endTime: string): void {
  if (endTime <= startTime) throw invalidField('endTime', 'INVALID_TIME_RANGE', '结束时间须晚于开始时间');
}

function checkInPeriod(plan: repo.PlanRow, date: string, field: string): void {
  if (date < plan.periodFrom || date > plan.periodTo)
    throw invalidField(
      field,
      'SESSION_OUTSIDE_PERIOD',
      `培训日期 ${date} 不在计划期间 ${plan.periodFrom} 至 ${plan.periodTo} 内`,
    );
}

const newSignInCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

async function coursesFor(db: Db, user: RequestContext['user'], ids: readonly number[], field: string) {
  const courses = await repo.findCoursesByIds(db, ids);
  const byId = new Map(courses.filter((c) => isInOrgScope(scopeOf(user), c.orgUnitPath)).map((c) => [c.id, c]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) throw invalidField(field, 'COURSE_NOT_FOUND', `课程不存在：${missing.join('、')}`);
  return byId;
}

/**
 * Generates a plan's sessions from a rule on the working-day calendar: one session per chosen weekday
 * for the given weeks, the courses taught in turn; sessions on a day off are moved or flagged.
 */
export async function generateSessions(ctx: RequestContext, planId: number, rule: z.output<typeof sessionRuleBody>) {
  const { db, user, actor, now } = ctx;
  const plan = await requireManagedPlan(db, user, planId);
  checkTimes(rule.startTime, rule.endTime);
  if (rule.courseIds.length === 0 && !(rule.title && rule.area))
    throw invalidField('courseIds', 'COURSE_OR_TITLE_REQUIRED', '请选择课程，或填写课次名称和培训内容');
  const courses = await coursesFor(db, user, rule.courseIds, 'courseIds');
  const calendar = await loadCalendar(db);
  const planned = planSessions(calendar, rule);
  if (planned.length === 0) throw invalidField('weekdays', 'NO_SESSIONS', '按该规则没有生成任何课次');
  for (const p of planned) checkInPeriod(plan, p.date, 'weeks');
  const hours = rule.hours ?? hoursBetween(rule.startTime, rule.endTime);
  const ids = await db.transaction().execute(async (trx) => {
    const created: number[] = [];
    for (const [index, p] of planned.entries()) {
      const course =
        rule.courseIds.length > 0 ? courses.get(rule.courseIds[index % rule.courseIds.length]!) : undefined;
      created.push(
        await repo.insertSession(trx, {
          plan_id: planId,
          course_id: course?.id ?? null,
          title: course?.title ?? rule.title ?? '',
          area: course?.area ?? rule.area ?? 'business_knowledge',
          starts_at: instantOf(p.date, rule.startTime),
          ends_at: instantOf(p.date, rule.endTime),
          hours,
          stage: rule.stage ?? null,
          location: rule.location ?? null,
          lecturer_user_id: null,
          sign_in_code: newSignInCode(),
          status: 'scheduled',
          is_make_up: 0,
          day_off_note: p.dayOffNote,
          is_flagged: p.isFlagged ? 1 : 0,
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        }),
      );
    }
    await writeAudit(trx, actor, now, {
      action: 'training.sessions_generate',
      entityType: 'training_plan',
      entityId: planId,
      after: { rule, sessionIds: created },
    });
    return created;
  });
  const sessions = (await repo.findSessionsByIds(db, ids)).map(toSession);
  return {
    created: sessions.length,
    moved: planned.filter((p) => p.date !== p.plannedDate).length,
    flagged: planned.filter((p) => p.isFlagged).length,
    sessions,
  };
}

/** The note of a session placed by hand on a holiday or a closed day (weekends are the manager's choice). */
function manualDayOffNote(calendar: WorkingDayCalendar, date: string): string | null {
  const day = calendar.day(date);
  if (day.isWorkingDay || (day.kind === 'weekend' && !day.isOverride)) return null;
  return `${date}（${day.name ?? '休息日'}）为休息日，请调整或确认`;
}

/** Adds one session to a plan by hand. */
export async function addSession(ctx: RequestContext, planId: number, input: z.output<typeof sessionBody>) {
  const { db, user, actor, now } = ctx;
  const plan = await requireManagedPlan(db, user, planId);
  checkTimes(input.startTime, input.endTime);
  checkInPeriod(plan, input.date, 'date');
  const course = input.courseId
    ? (await coursesFor(db, user, [input.courseId], 'courseId')).get(input.courseId)
    : undefined;
  const title = input.title ?? course?.title;
  const area = input.area ?? (course?.area as TrainingArea | undefined);
  if (!title || !area)
    throw invalidField('courseId', 'COURSE_OR_TITLE_REQUIRED', '请选择课程，或填写课次名称和培训内容');
  if (input.lecturerUserId) await checkLecturer(db, input.lecturerUserId, 'lecturerUserId');
  const note = manualDayOffNote(await loadCalendar(db), input.date);
  const id = await db.transaction().execute(async (trx) => {
    const sessionId = await insertPlainSession(trx, planId, {
      courseId: course?.id ?? null,
      title,
      area,
      date: input.date,
      startTime: input.startTime,
      endTime: input.endTime,
      hours: input.hours ?? hoursBetween(input.startTime, input.endTime),
      stage: input.stage ?? null,
      location: input.location ?? null,
      lecturerUserId: input.lecturerUserId ?? null,
      isMakeUp: false,
      dayOffNote: note,
      now,
    });
    await writeAudit(trx, actor, now, {
      action: 'training.session_create',
      entityType: 'training_session',
      entityId: sessionId,
      after: input,
    });
    return sessionId;
  });
  return toSession((await repo.findSession(db, id))!);
}

/** Inserts one session (by hand, or a make-up session); the caller audits. */
export async function insertPlainSession(
  trx: Tx,
  planId: number,
  s: {
    courseId: number | null;
    title: string;
    area: string;
    date: string;
    startTime: string;
    endTime: string;
    hours: number;
    stage: string | null;
    location: string | null;
    lecturerUserId: number | null;
    isMakeUp: boolean;
    dayOffNote: string | null;
    now: Date;
  },
): Promise<number> {
  return repo.insertSession(trx, {
    plan_id: planId,
    course_id: s.courseId,
    title: s.title,
    area: s.area,
    starts_at: instantOf(s.date, s.startTime),
    ends_at: instantOf(s.date, s.endTime),
    hours: s.hours,
    stage: s.stage,
    location: s.location,
    lecturer_user_id: s.lecturerUserId,
    sign_in_code: newSignInCode(),
    status: 'scheduled',
    is_make_up: s.isMakeUp ? 1 : 0,
    day_off_note: s.dayOffNote,
    is_flagged: s.dayOffNote ? 1 : 0,
    created_at: s.now.toISOString(),
    updated_at: s.now.toISOString(),
  });
}

/** Edits one session: its time (re-checked on the calendar), course, lecturer, place, or cancels it. */
export async function updateSession(
  ctx: RequestContext,
  planId: number,
  sessionId: number,
  patch: z.output<typeof sessionPatchBody>,
) {
  const { db, user, actor, now } = ctx;
  const plan = await requireManagedPlan(db, user, planId);
  const before = await repo.findSession(db, sessionId);
  if (!before || before.planId !== planId) throw notFound('SESSION_NOT_FOUND', '培训课次不存在');
  const current = toSession(before);
  const date = patch.date ?? current.date;
  const startTime = patch.startTime ?? current.startTime;
  const endTime = patch.endTime ?? current.endTime;
  checkTimes(startTime, endTime);
  if (patch.date) checkInPeriod(plan, date, 'date');
  if (patch.courseId) await coursesFor(db, user, [patch.courseId], 'courseId');
  if (patch.lecturerUserId) await checkLecturer(db, patch.lecturerUserId, 'lecturerUserId');
  const isMoved = patch.date !== undefined || patch.startTime !== undefined || patch.endTime !== undefined;
  const note = patch.date !== undefined ? manualDayOffNote(await loadCalendar(db), date) : undefined;
  await db.transaction().execute(async (trx) => {
    await repo.updateSession(trx, sessionId, {
      ...(patch.courseId !== undefined ? { course_id: patch.courseId } : {}),
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.area !== undefined ? { area: patch.area } : {}),
      ...(isMoved ? { starts_at: instantOf(date, startTime), ends_at: instantOf(date, endTime) } : {}),
      ...(patch.hours !== undefined ? { hours: patch.hours } : {}),
      ...(patch.stage !== undefined ? { stage: patch.stage || null } : {}),
      ...(patch.location !== undefined ? { location: patch.location || null } : {}),
      ...(patch.lecturerUserId !== undefined ? { lecturer_user_id: patch.lecturerUserId } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(note !== undefined ? { day_off_note: note, is_flagged: note ? 1 : 0 } : {}),
      ...(patch.isFlagged === false ? { is_flagged: 0 } : {}),
      updated_at: now.toISOString(),
    });
    await writeAudit(trx, actor, now, {
      action: 'training.session_update',
      entityType: 'training_session',
      entityId: sessionId,
      before: current,
      after: patch,
    });
  });
  return toSession((await repo.findSession(db, sessionId))!);
}
