import type { z } from 'zod';
import {
  ASSESSMENT_PASS_MARK,
  type AssessmentItem,
  type AttendanceStatus,
  type assessmentBody,
  assessmentItems,
  type attendanceBody,
  attendanceStatusNames,
  type feedbackBody,
  type MySession,
  trainingAreaNames,
  trainingAreas,
} from '../../../shared/training';
import type { Db } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import { scopeOf } from '../../platform/auth/scope';
import { addDays, shanghaiDate, shanghaiMidnight, shanghaiTime, toShanghaiIso } from '../../platform/dates';
import { conflict, invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/request-context';
import { streamXlsx, type XlsxColumn } from '../../platform/xlsx';
import { listUsersWithRoles } from '../accounts';
import * as repo from './training.repository';
import { requireLecturedSession, requireManagedPlan, toSession } from './training-access';
import { isSessionParticipant, sessionParticipantIds } from './training-participants';

/** Participants may sign in with the code from this long before the start until the end. */
const SIGN_IN_OPENS_MS = 30 * 60_000;

const hasStarted = (s: repo.SessionRow, now: Date) => now.getTime() >= Date.parse(s.startsAt) - SIGN_IN_OPENS_MS;
const hasEnded = (s: repo.SessionRow, now: Date) => now.getTime() >= Date.parse(s.endsAt);

/** A session's register: every participant with what is recorded (nothing yet: null). */
export async function getAttendance(ctx: RequestContext, sessionId: number) {
  const { db, user, now } = ctx;
  const session = await requireLecturedSession(db, user, sessionId);
  const ids = await sessionParticipantIds(db, session);
  const people = await listUsersWithRoles(db, { ids, activeOnly: false, orderBy: 'name' });
  const records = new Map((await repo.findAttendance(db, [sessionId])).map((a) => [a.userId, a]));
  return {
    session: toSession(session),
    signInCode: session.signInCode,
    hasEnded: hasEnded(session, now),
    rows: people.map((p) => {
      const a = records.get(p.id);
      return {
        userId: p.id,
        name: p.name,
        orgUnitName: p.orgUnitName,
        status: (a?.status as AttendanceStatus | undefined) ?? null,
        method: a?.method ?? null,
        note: a?.note ?? null,
        recordedAt: a ? toShanghaiIso(new Date(a.recordedAt)) : null,
      };
    }),
  };
}

function requireScheduled(session: repo.SessionRow): void {
  if (session.status !== 'scheduled') throw conflict('SESSION_CANCELLED', '该课次已取消');
}

/** A lecturer or a team lead records a participant as present, on leave or absent. */
export async function recordAttendance(ctx: RequestContext, sessionId: number, input: z.output<typeof attendanceBody>) {
  const { db, user, actor, now } = ctx;
  const session = await requireLecturedSession(db, user, sessionId);
  requireScheduled(session);
  if (!(await isSessionParticipant(db, session, input.userId)))
    throw invalidField('userId', 'NOT_PARTICIPANT', '该人员不是本课次的培训对象');
  if (input.status !== 'leave' && !hasStarted(session, now))
    throw conflict('SESSION_NOT_STARTED', '课次尚未开始，只能登记请假');
  await db.transaction().execute(async (trx) => {
    const before = await repo.findAttendanceOf(trx, sessionId, input.userId);
    await repo.upsertAttendance(trx, {
      session_id: sessionId,
      user_id: input.userId,
      status: input.status,
      method: 'manager',
      note: input.note ?? null,
      recorded_by: user.id,
      recorded_at: now.toISOString(),
    });
    await writeAudit(trx, actor, now, {
      action: 'training.attendance_record',
      entityType: 'training_session',
      entityId: sessionId,
      before: before ?? null,
      after: input,
    });
  });
  return getAttendance(ctx, sessionId);
}

async function requireOwnSession(ctx: RequestContext, sessionId: number): Promise<repo.SessionRow> {
  const session = await repo.findSession(ctx.db, sessionId);
  if (!session || !(await isSessionParticipant(ctx.db, session, ctx.user.id)))
    throw notFound('SESSION_NOT_FOUND', '培训课次不存在');
  return session;
}

/** A participant signs in with the session's code, from half an hour before the start until the end. */
export async function signIn(ctx: RequestContext, sessionId: number, code: string): Promise<MySession> {
  const { db, user, actor, now } = ctx;
  const session = await requireOwnSession(ctx, sessionId);
  requireScheduled(session);
  if (!hasStarted(session, now) || hasEnded(session, now))
    throw conflict('SIGN_IN_CLOSED', '不在签到时间内（开课前 30 分钟至下课）');
  if (code !== session.signInCode) throw invalidField('code', 'WRONG_SIGN_IN_CODE', '签到码不正确');
  const before = await repo.findAttendanceOf(db, sessionId, user.id);
  if (before?.status !== 'present') {
    await db.transaction().execute(async (trx) => {
      await repo.upsertAttendance(trx, {
        session_id: sessionId,
        user_id: user.id,
        status: 'present',
        method: 'code',
        note: null,
        recorded_by: user.id,
        recorded_at: now.toISOString(),
      });
      await writeAudit(trx, actor, now, {
        action: 'training.sign_in',
        entityType: 'training_session',
        entityId: sessionId,
        before: before ?? null,
      });
    });
  }
  return mySession(ctx, session);
}

/** A participant asks for leave before the session ends (a lecturer or team lead may still record otherwise). */
export async function requestLeave(ctx: RequestContext, sessionId: number, reason: string): Promise<MySession> {
  const { db, user, actor, now } = ctx;
  const session = await requireOwnSession(ctx, sessionId);
  requireScheduled(session);
  if (hasEnded(session, now)) throw conflict('SESSION_ENDED', '课次已结束，不能再请假');
  const before = await repo.findAttendanceOf(db, sessionId, user.id);
  if (before?.status === 'present') throw conflict('ALREADY_SIGNED_IN', '已签到，不能请假');
  await db.transaction().execute(async (trx) => {
    await repo.upsertAttendance(trx, {
      session_id: sessionId,
      user_id: user.id,
      status: 'leave',
      method: 'leave_request',
      note: reason,
      recorded_by: user.id,
      recorded_at: now.toISOString(),
    });
    await writeAudit(trx, actor, now, {
      action: 'training.leave_request',
      entityType: 'training_session',
      entityId: sessionId,
      after: { reason },
    });
  });
  return mySession(ctx, session);
}

async function mySession(ctx: RequestContext, session: repo.SessionRow): Promise<MySession> {
  const [shaped] = await toMySessions(ctx, [session]);
  return shaped!;
}

async function toMySessions(ctx: RequestContext, sessions: repo.SessionRow[]): Promise<MySession[]> {
  const { db, user, now } = ctx;
  const ids = sessions.map((s) => s.id);
  const records = new Map(
    (await repo.findAttendance(db, ids)).filter((a) => a.userId === user.id).map((a) => [a.sessionId, a.status]),
  );
  const rated = await repo.findFeedbackSessionIds(db, user.id, ids);
  const locked = new Set<number>();
  for (const s of sessions) {
    if (s.isMakeUp === 0 && s.stage && !(await isSessionParticipant(db, s, user.id))) locked.add(s.id);
  }
  return sessions.map((s) => {
    const ended = hasEnded(s, now);
    const recorded = (records.get(s.id) as AttendanceStatus | undefined) ?? null;
    return {
      ...toSession(s),
      attendance: recorded ?? (ended && s.status === 'scheduled' && !locked.has(s.id) ? 'absent' : null),
      hasEnded: ended,
      canSignIn:
        s.status === 'scheduled' && hasStarted(s, now) && !ended && recorded !== 'present' && !locked.has(s.id),
      hasFeedback: rated.has(s.id),
      isLocked: locked.has(s.id),
    };
  });
}

/** 我的培训: the user's sessions from a month back to three months ahead unless told otherwise. */
export async function listMySessions(
  ctx: RequestContext,
  query: { from?: string | undefined; to?: string | undefined },
) {
  const today = shanghaiDate(ctx.now);
  const from = query.from ?? addDays(today, -30);
  const to = query.to ?? addDays(today, 90);
  if (to < from) throw invalidField('to', 'INVALID_RANGE', '结束日期不能早于开始日期');
  const sessions = await repo.findSessionsOfUser(ctx.db, ctx.user.id, {
    from: shanghaiMidnight(from).toISOString(),
    to: shanghaiMidnight(addDays(to, 1)).toISOString(),
  });
  return toMySessions(ctx, sessions);
}

// ---- hours ----

const yearRange = (year: number) => ({
  from: shanghaiMidnight(`${year}-01-01`).toISOString(),
  to: shanghaiMidnight(`${year + 1}-01-01`).toISOString(),
});

function toHourRows(rows: Awaited<ReturnType<typeof repo.sumAttendedHours>>) {
  const byUser = new Map<
    number,
    { userId: number; name: string; orgUnitName: string; byArea: Record<string, number>; total: number }
  >();
  for (const r of rows) {
    const entry = byUser.get(r.userId) ?? {
      userId: r.userId,
      name: r.name,
      orgUnitName: r.orgUnitName,
      byArea: {},
      total: 0,
    };
    const hours = Number(r.hours ?? 0);
    entry.byArea[r.area] = (entry.byArea[r.area] ?? 0) + hours;
    entry.total += hours;
    byUser.set(r.userId, entry);
  }
  return [...byUser.values()];
}

/** 学时 per person in a year, by content area: the hours of the sessions attended (出勤). Managers: their scope. */
export async function listHours(ctx: RequestContext, query: { year: number; userId?: number | undefined }) {
  const rows = await repo.sumAttendedHours(ctx.db, yearRange(query.year), {
    scope: scopeOf(ctx.user),
    userIds: query.userId ? [query.userId] : undefined,
  });
  return { year: query.year, rows: toHourRows(rows) };
}

/** The user's own 学时 of a year. */
export async function myHours(ctx: RequestContext, year: number) {
  const rows = await repo.sumAttendedHours(ctx.db, yearRange(year), { userIds: [ctx.user.id] });
  return { year, rows: toHourRows(rows) };
}

// ---- register export ----

/** A plan's register (签到表) as .xlsx: a row per participant, a column per session, 学时 by area; audited. */
export async function exportRegister(ctx: RequestContext, planId: number) {
  const { db, user, actor, now } = ctx;
  const plan = await requireManagedPlan(db, user, planId);
  const sessions = (await repo.findSessionsOfPlan(db, planId)).filter((s) => s.status === 'scheduled');
  const participants = await repo.findPlanParticipants(db, planId);
  const records = new Map(
    (
      await repo.findAttendance(
        db,
        sessions.map((s) => s.id),
      )
    ).map((a) => [`${a.sessionId}:${a.userId}`, a.status]),
  );
  const invitees = new Map<number, Set<number>>();
  for (const s of sessions) if (s.isMakeUp === 1) invitees.set(s.id, new Set(await repo.findInviteeIds(db, s.id)));
  await db.transaction().execute((trx) =>
    writeAudit(trx, actor, now, {
      action: 'training.register_export',
      entityType: 'training_plan',
      entityId: planId,
    }),
  );
  const areas = trainingAreas.filter((a) => sessions.some((s) => s.area === a));
  const columns: XlsxColumn[] = [
    { header: '姓名', key: 'name', width: 12 },
    { header: '所属单位', key: 'orgUnitName', width: 30 },
    ...sessions.map((s) => {
      const start = new Date(s.startsAt);
      return {
        header: `${shanghaiDate(start).slice(5)} ${shanghaiTime(start)} ${s.title}${s.isMakeUp === 1 ? '（补训）' : ''}`,
        key: `s${s.id}`,
        width: 16,
      };
    }),
    ...areas.map((a) => ({ header: `${trainingAreaNames[a]}学时`, key: `a_${a}`, width: 12 })),
    { header: '学时合计', key: 'total', width: 10 },
  ];
  const rows = participants.map((p) => {
    const row: Record<string, unknown> = { name: p.name, orgUnitName: p.orgUnitName, total: 0 };
    for (const a of areas) row[`a_${a}`] = 0;
    for (const s of sessions) {
      const invited = invitees.get(s.id);
      if (invited && !invited.has(p.id)) {
        row[`s${s.id}`] = '—';
        continue;
      }
      const status = records.get(`${s.id}:${p.id}`) as AttendanceStatus | undefined;
      const shown = status ?? (hasEnded(s, now) ? 'absent' : undefined);
      row[`s${s.id}`] = shown ? attendanceStatusNames[shown] : '未开课';
      if (status === 'present') {
        row[`a_${s.area}`] = Number(row[`a_${s.area}`]) + Number(s.hours);
        row.total = Number(row.total) + Number(s.hours);
      }
    }
    return row;
  });
  return {
    fileName: `培训签到表-${plan.title}.xlsx`,
    stream: streamXlsx({
      exportedAt: now,
      sheets: [
        {
          name: '签到表',
          columns,
          filters: [
            { label: '培训计划', value: plan.title },
            { label: '计划期间', value: `${plan.periodFrom} 至 ${plan.periodTo}` },
          ],
          rows,
        },
      ],
    }),
  };
}

// ---- feedback questionnaire ----

/** A participant who attended rates the session once it has ended (content, lecturer, usefulness 1–5). */
export async function submitFeedback(ctx: RequestContext, sessionId: number, input: z.output<typeof feedbackBody>) {
  const { db, user, actor, now } = ctx;
  const session = await requireOwnSession(ctx, sessionId);
  if (!hasEnded(session, now)) throw conflict('FEEDBACK_NOT_OPEN', '课次结束后才能评价');
  const attendance = await repo.findAttendanceOf(db, sessionId, user.id);
  if (attendance?.status !== 'present') throw conflict('FEEDBACK_NOT_ATTENDED', '只有出勤的学员可以评价');
  await db.transaction().execute(async (trx) => {
    const isNew = await repo.insertFeedback(trx, {
      session_id: sessionId,
      user_id: user.id,
      content: input.content,
      lecturer: input.lecturer,
      usefulness: input.usefulness,
      comment: input.comment ?? null,
      created_at: now.toISOString(),
    });
    if (!isNew) throw conflict('FEEDBACK_EXISTS', '已评价过本课次');
    await writeAudit(trx, actor, now, {
      action: 'training.feedback_submit',
      entityType: 'training_session',
      entityId: sessionId,
      after: { content: input.content, lecturer: input.lecturer, usefulness: input.usefulness },
    });
  });
  return mySession(ctx, session);
}

// ---- practical assessment (实操考核评分表) ----

async function listAssessmentRows(db: Db, sessionId: number) {
  return (await repo.findAssessments(db, sessionId)).map((a) => ({
    ...a,
    scores: JSON.parse(a.scores) as Record<string, number>,
    total: Number(a.total),
    passed: a.passed === 1,
    assessedAt: toShanghaiIso(new Date(a.assessedAt)),
  }));
}

export async function listAssessments(ctx: RequestContext, sessionId: number) {
  await requireLecturedSession(ctx.db, ctx.user, sessionId);
  return listAssessmentRows(ctx.db, sessionId);
}

/** A trainer fills in the score form of a participant's role-play call; a second form replaces the first (audited). */
export async function recordAssessment(ctx: RequestContext, sessionId: number, input: z.output<typeof assessmentBody>) {
  const { db, user, actor, now } = ctx;
  const session = await requireLecturedSession(db, user, sessionId);
  requireScheduled(session);
  if (!(await isSessionParticipant(db, session, input.userId)))
    throw invalidField('userId', 'NOT_PARTICIPANT', '该人员不是本课次的培训对象');
  if (!hasStarted(session, now)) throw conflict('SESSION_NOT_STARTED', '课次尚未开始，不能评分');
  const total = (Object.keys(assessmentItems) as AssessmentItem[]).reduce((sum, item) => sum + input.scores[item], 0);
  await db.transaction().execute(async (trx) => {
    const before = await repo.findAssessment(trx, sessionId, input.userId);
    await repo.upsertAssessment(trx, {
      session_id: sessionId,
      user_id: input.userId,
      scores: JSON.stringify(input.scores),
      total,
      passed: total >= ASSESSMENT_PASS_MARK ? 1 : 0,
      comment: input.comment ?? null,
      assessed_by: user.id,
      assessed_at: now.toISOString(),
    });
    await writeAudit(trx, actor, now, {
      action: 'training.assessment_record',
      entityType: 'training_session',
      entityId: sessionId,
      before: before ? { scores: JSON.parse(before.scores), total: before.total } : null,
      after: { userId: input.userId, scores: input.scores, total },
    });
  });
  return (await listAssessmentRows(db, sessionId)).find((a) => a.userId === input.userId)!;
}
