/**
 * Who may do what with a course, a plan and a session, and how rows become API shapes. Managers
 * (training.manage: director, team leads) act on plans and courses of their org scope; a lecturer
 * (training.lecture: the trainer role) acts on the courses and sessions they teach.
 */
import type { TrainingArea, TrainingSession } from '../../../shared/training';
import type { DbOrTx } from '../../db/connection';
import { type CurrentUser, hasPermission } from '../../platform/auth/current-user';
import { isInOrgScope, scopeOf } from '../../platform/auth/scope';
import { shanghaiDate, shanghaiTime, toShanghaiIso } from '../../platform/dates';
import { forbidden, notFound } from '../../platform/errors';
import * as repo from './training.repository';

export function canManageOrgUnit(user: CurrentUser, orgUnitPath: string): boolean {
  return hasPermission(user, 'training.manage') && isInOrgScope(scopeOf(user), orgUnitPath);
}

/** A plan the user may see (manager or lecturer in scope), or a 404. */
export async function requireVisiblePlan(db: DbOrTx, user: CurrentUser, planId: number): Promise<repo.PlanRow> {
  const plan = await repo.findPlan(db, planId);
  if (!plan || !isInOrgScope(scopeOf(user), plan.orgUnitPath)) throw notFound('PLAN_NOT_FOUND', '培训计划不存在');
  return plan;
}

/** A plan the user manages, or 404 (not visible) / 403 (visible, not theirs to change). */
export async function requireManagedPlan(db: DbOrTx, user: CurrentUser, planId: number): Promise<repo.PlanRow> {
  const plan = await requireVisiblePlan(db, user, planId);
  if (!canManageOrgUnit(user, plan.orgUnitPath))
    throw forbidden('NOT_PLAN_MANAGER', '只有中心主任和班长可以维护培训计划');
  return plan;
}

/** True when the user teaches the session (its own lecturer, or its course's). */
export function isLecturerOf(user: CurrentUser, session: repo.SessionRow): boolean {
  return (
    session.lecturerUserId === user.id || (session.lecturerUserId === null && session.courseLecturerUserId === user.id)
  );
}

/** A session whose attendance and assessments the user may record: a manager in scope or its lecturer. */
export async function requireLecturedSession(
  db: DbOrTx,
  user: CurrentUser,
  sessionId: number,
): Promise<repo.SessionRow> {
  const session = await repo.findSession(db, sessionId);
  if (!session || !isInOrgScope(scopeOf(user), session.planOrgUnitPath))
    throw notFound('SESSION_NOT_FOUND', '培训课次不存在');
  if (!canManageOrgUnit(user, session.planOrgUnitPath) && !isLecturerOf(user, session))
    throw forbidden('NOT_SESSION_LECTURER', '只有本课次的授课人、班长和中心主任可以登记');
  return session;
}

export function lecturerOf(row: {
  lecturerUserId: number | null;
  lecturerUserName: string | null;
  lecturerName: string | null;
  lecturerOrganisation: string | null;
}) {
  if (row.lecturerUserId !== null)
    return { userId: row.lecturerUserId, name: row.lecturerUserName ?? '', organisation: null, isExternal: false };
  return { userId: null, name: row.lecturerName ?? '', organisation: row.lecturerOrganisation, isExternal: true };
}

/** A session as the API shows it. */
export function toSession(s: repo.SessionRow): TrainingSession {
  const starts = new Date(s.startsAt);
  const lecturer =
    s.lecturerUserId !== null
      ? lecturerOf({
          lecturerUserId: s.lecturerUserId,
          lecturerUserName: s.lecturerUserName,
          lecturerName: null,
          lecturerOrganisation: null,
        })
      : s.courseLecturerUserId !== null || s.courseLecturerName !== null
        ? lecturerOf({
            lecturerUserId: s.courseLecturerUserId,
            lecturerUserName: s.courseLecturerUserName,
            lecturerName: s.courseLecturerName,
            lecturerOrganisation: s.courseLecturerOrganisation,
          })
        : null;
  return {
    id: s.id,
    planId: s.planId,
    planTitle: s.planTitle,
    courseId: s.courseId,
    title: s.title,
    area: s.area as TrainingArea,
    startsAt: toShanghaiIso(starts),
    endsAt: toShanghaiIso(new Date(s.endsAt)),
    date: shanghaiDate(starts),
    startTime: shanghaiTime(starts),
    endTime: shanghaiTime(new Date(s.endsAt)),
    hours: Number(s.hours),
    stage: s.stage,
    location: s.location,
    lecturer,
    status: s.status,
    isMakeUp: s.isMakeUp === 1,
    dayOffNote: s.dayOffNote,
    isFlagged: s.isFlagged === 1,
  };
}

/** The instant of a Shanghai date and HH:mm time, as stored (ISO-8601 UTC). */
export function instantOf(date: string, time: string): string {
  return new Date(`${date}T${time}:00+08:00`).toISOString();
}
