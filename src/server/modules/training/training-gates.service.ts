/**
 * Gating and make-up training (补充培训): a stage of a plan (its sessions with that `stage`) is only for
 * those who passed the gate's exam. Failing puts the person on the make-up list; a make-up session and
 * a make-up exam (createExam with makeUpOf) are scheduled for them; failing the make-up puts them on the
 * director's list, where the director decides — another post, or one more round — with the reason.
 */
import type { z } from 'zod';
import type {
  gateBody,
  MakeUp,
  MakeUpDecision,
  MakeUpStatus,
  makeUpDecisionBody,
  makeUpScheduleBody,
} from '../../../shared/training';
import type { Db } from '../../db/connection';
import { type Actor, systemActor, writeAudit } from '../../platform/audit';
import { hasPermission } from '../../platform/auth/current-user';
import { isInOrgScope, scopeOf } from '../../platform/auth/scope';
import { toShanghaiIso } from '../../platform/dates';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/request-context';
import { listUsersWithRoles } from '../accounts';
import { createExam, type ExamOutcome, listExamOutcomes } from '../exams';
import { notifyUser } from '../notifications';
import * as repo from './training.repository';
import { requireManagedPlan, requireVisiblePlan } from './training-access';
import { insertPlainSession } from './training-plans.service';
import { hoursBetween } from './training-schedule';

type Gate = NonNullable<Awaited<ReturnType<typeof repo.findGate>>>;

function toMakeUp(m: repo.MakeUpRow): MakeUp {
  return {
    id: m.id,
    gateId: m.gateId,
    planId: m.planId,
    planTitle: m.planTitle,
    stage: m.stage,
    userId: m.userId,
    name: m.name,
    round: m.round,
    status: m.status,
    failedExamId: m.failedExamId,
    sessionId: m.sessionId,
    examId: m.examId,
    decision: m.decision as MakeUpDecision | null,
    decisionReason: m.decisionReason,
    decidedAt: m.decidedAt ? toShanghaiIso(new Date(m.decidedAt)) : null,
  };
}

/** The people who may go on to a gated stage: passed the gate's exam, or its make-up. */
export async function peoplePastGate(db: Db, gate: Pick<Gate, 'id' | 'examId'>): Promise<Set<number>> {
  const outcomes = await listExamOutcomes(db, gate.examId);
  const passed = new Set(outcomes.filter((o) => o.passed === true).map((o) => o.userId));
  for (const m of await repo.findMakeUpsOfGates(db, [gate.id])) if (m.status === 'passed') passed.add(m.userId);
  return passed;
}

/** A plan's gates with their counts, and its make-up list. */
export async function listPlanGates(ctx: RequestContext, planId: number) {
  const { db, user } = ctx;
  await requireVisiblePlan(db, user, planId);
  const gates = await repo.findGatesOfPlan(db, planId);
  const participants = new Set(await repo.findPlanParticipantIds(db, planId));
  const shaped = [];
  for (const g of gates) {
    const outcomes = (await listExamOutcomes(db, g.examId)).filter((o) => participants.has(o.userId));
    shaped.push({
      ...g,
      passed: outcomes.filter((o) => o.passed === true).length,
      failed: outcomes.filter((o) => o.passed === false).length,
      waiting: outcomes.filter((o) => o.passed === null).length,
    });
  }
  const makeUps = await repo.findMakeUpsOfGates(
    db,
    gates.map((g) => g.id),
  );
  return { gates: shaped, makeUps: makeUps.map(toMakeUp) };
}

/** Makes a stage of the plan require passing an exam (one the exams page set up for the plan's people). */
export async function addGate(ctx: RequestContext, planId: number, input: z.output<typeof gateBody>) {
  const { db, user, actor, now } = ctx;
  await requireManagedPlan(db, user, planId);
  const outcomes = await listExamOutcomes(db, input.examId);
  if (outcomes.length === 0) throw invalidField('examId', 'EXAM_NOT_FOUND', '考试不存在或没有考生');
  if (await repo.findGateOfStage(db, planId, input.stage))
    throw invalidField('stage', 'GATE_EXISTS', `“${input.stage}”阶段已设置了准入考试`);
  await db.transaction().execute(async (trx) => {
    const id = await repo.insertGate(trx, {
      plan_id: planId,
      stage: input.stage,
      exam_id: input.examId,
      created_by: user.id,
      created_at: now.toISOString(),
    });
    await writeAudit(trx, actor, now, {
      action: 'training.gate_add',
      entityType: 'training_gate',
      entityId: id,
      after: { planId, ...input },
    });
  });
  return listPlanGates(ctx, planId);
}

async function requireManagedGate(ctx: RequestContext, gateId: number) {
  const gate = await repo.findGate(ctx.db, gateId);
  if (!gate) throw notFound('GATE_NOT_FOUND', '准入考试不存在');
  const plan = await requireManagedPlan(ctx.db, ctx.user, gate.planId);
  return { gate, plan };
}

/**
 * Reads the exams' results into the make-up list: each participant who failed the gate's exam gets a
 * first round; a scheduled make-up whose exam is graded becomes passed, or failed — the director's list,
 * and the directors over the plan are told. Idempotent: run it again and nothing changes.
 */
export async function evaluateGate(ctx: RequestContext, gateId: number) {
  const { gate, plan } = await requireManagedGate(ctx, gateId);
  return applyGateResults(ctx.db, ctx.actor, ctx.now, gate, plan);
}

/** The hourly sweep: every gate's results (the newest 200 gates), as the system. */
export async function evaluateAllGates(
  db: Db,
  now: Date,
): Promise<{ gates: number; added: number; passed: number; failed: number }> {
  const totals = { gates: 0, added: 0, passed: 0, failed: 0 };
  for (const gate of await repo.findRecentGates(db, 200)) {
    const plan = await repo.findPlan(db, gate.planId);
    if (!plan) continue;
    const counts = await applyGateResults(db, systemActor, now, gate, plan);
    totals.gates += 1;
    totals.added += counts.added;
    totals.passed += counts.passed;
    totals.failed += counts.failed;
  }
  return totals;
}

async function applyGateResults(db: Db, actor: Actor, now: Date, gate: Gate, plan: repo.PlanRow) {
  const gateId = gate.id;
  const participants = new Set(await repo.findPlanParticipantIds(db, gate.planId));
  const outcomes = await listExamOutcomes(db, gate.examId, now);
  const makeUps = await repo.findMakeUpsOfGates(db, [gateId]);
  const listed = new Set(makeUps.map((m) => m.userId));
  const failedNow = outcomes.filter((o) => o.passed === false && participants.has(o.userId) && !listed.has(o.userId));
  const makeUpOutcomes = new Map<number, ExamOutcome[]>();
  for (const m of makeUps) {
    if (m.status === 'scheduled' && m.examId !== null && !makeUpOutcomes.has(m.examId))
      makeUpOutcomes.set(m.examId, await listExamOutcomes(db, m.examId, now));
  }
  const directors = await listUsersWithRoles(db, { roles: ['director'] });
  const planDirectors = directors.filter((d) =>
    isInOrgScope({ kind: 'subtree', path: d.orgUnitPath }, plan.orgUnitPath),
  );
  const counts = { added: 0, passed: 0, failed: 0 };
  await db.transaction().execute(async (trx) => {
    for (const o of failedNow) {
      await repo.insertMakeUp(trx, {
        gate_id: gateId,
        user_id: o.userId,
        round: 1,
        failed_exam_id: gate.examId,
        status: 'pending',
        session_id: null,
        exam_id: null,
        decision: null,
        decision_reason: null,
        decided_by: null,
        decided_at: null,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      });
      counts.added += 1;
    }
    for (const m of makeUps) {
      if (m.status !== 'scheduled' || m.examId === null) continue;
      const outcome = makeUpOutcomes.get(m.examId)?.find((o) => o.userId === m.userId);
      if (outcome?.passed === undefined || outcome.passed === null) continue;
      const next: MakeUpStatus = outcome.passed ? 'passed' : 'failed';
      if (!(await repo.updateMakeUp(trx, m.id, 'scheduled', { status: next, updated_at: now.toISOString() }))) continue;
      counts[outcome.passed ? 'passed' : 'failed'] += 1;
      if (next === 'failed') {
        for (const d of planDirectors) {
          await notifyUser(
            trx,
            {
              userId: d.id,
              kind: 'training.make_up_failed',
              title: `${m.name}补考仍未通过（${plan.title}·${gate.stage}），请决定去向`,
              link: `/training/plans?id=${plan.id}`,
              dedupeKey: `training:make-up:${m.id}:failed:u${d.id}`,
            },
            now,
          );
        }
      }
    }
    if (counts.added + counts.passed + counts.failed > 0) {
      await writeAudit(trx, actor, now, {
        action: 'training.gate_evaluate',
        entityType: 'training_gate',
        entityId: gateId,
        after: counts,
      });
    }
  });
  return counts;
}

/** Schedules a make-up session and a make-up exam for the people waiting for one at a gate. */
export async function scheduleMakeUp(ctx: RequestContext, gateId: number, input: z.output<typeof makeUpScheduleBody>) {
  const { db, actor, now } = ctx;
  const { gate, plan } = await requireManagedGate(ctx, gateId);
  if (input.endTime <= input.startTime) throw invalidField('endTime', 'INVALID_TIME_RANGE', '结束时间须晚于开始时间');
  if (input.exam.closesAt <= input.exam.opensAt)
    throw invalidField('exam.closesAt', 'INVALID_TIME_RANGE', '结束时间须晚于开始时间');
  const pending = (await repo.findMakeUpsOfGates(db, [gateId])).filter((m) => m.status === 'pending');
  const chosen = input.userIds ? pending.filter((m) => input.userIds?.includes(m.userId)) : pending;
  const stray = (input.userIds ?? []).filter((id) => !pending.some((m) => m.userId === id));
  if (stray.length > 0)
    throw invalidField('userIds', 'NOT_ON_MAKE_UP_LIST', `这些人员不在待补训名单中：${stray.join('、')}`);
  if (chosen.length === 0) throw conflict('NO_PENDING_MAKE_UPS', '没有待安排补训的人员');
  const round = Math.max(...chosen.map((m) => m.round));
  // The exam first (its own transaction: it draws the paper and may refuse the rules with a 400).
  const exam = await createExam(ctx, {
    title: input.exam.title ?? `${plan.title}·${gate.stage}补考（第${round}轮）`,
    durationMinutes: input.exam.durationMinutes,
    opensAt: input.exam.opensAt,
    closesAt: input.exam.closesAt,
    passMark: input.exam.passMark,
    maxAttempts: 1,
    participants: { userIds: chosen.map((m) => m.userId) },
    graderIds: [],
    rules: input.exam.rules,
    questions: [],
    makeUpOf: gate.examId,
    stage: gate.stage,
  });
  const sessionId = await db.transaction().execute(async (trx) => {
    const id = await insertPlainSession(trx, plan.id, {
      courseId: null,
      title: input.title ?? `补充培训：${gate.stage}`,
      area: input.area,
      date: input.date,
      startTime: input.startTime,
      endTime: input.endTime,
      hours: hoursBetween(input.startTime, input.endTime),
      stage: null,
      location: input.location ?? null,
      lecturerUserId: null,
      isMakeUp: true,
      dayOffNote: null,
      now,
    });
    await repo.insertInvitees(
      trx,
      id,
      chosen.map((m) => m.userId),
    );
    for (const m of chosen) {
      if (
        !(await repo.updateMakeUp(trx, m.id, 'pending', {
          status: 'scheduled',
          session_id: id,
          exam_id: exam.id,
          updated_at: now.toISOString(),
        }))
      )
        throw conflict('MAKE_UP_CHANGED', '补训名单已被他人更新，请刷新后重试');
    }
    await writeAudit(trx, actor, now, {
      action: 'training.make_up_schedule',
      entityType: 'training_gate',
      entityId: gateId,
      after: { sessionId: id, examId: exam.id, userIds: chosen.map((m) => m.userId) },
    });
    return id;
  });
  return { sessionId, examId: exam.id, makeUps: (await listPlanGates(ctx, plan.id)).makeUps };
}

/** The director's list (or any status) of the plans in the user's scope. */
export async function listMakeUps(ctx: RequestContext, status: MakeUpStatus | undefined) {
  return (await repo.findMakeUpsByStatus(ctx.db, scopeOf(ctx.user), status)).map(toMakeUp);
}

/**
 * The director decides about someone who failed the make-up too: another post (重新安排岗位) or one more
 * round (a new make-up, pending), with the reason; audited in the same transaction.
 */
export async function decideMakeUp(ctx: RequestContext, makeUpId: number, input: z.output<typeof makeUpDecisionBody>) {
  const { db, user, actor, now } = ctx;
  if (!hasPermission(user, 'training.decide')) throw forbidden('NOT_DIRECTOR', '只有中心主任可以决定');
  const m = await repo.findMakeUp(db, makeUpId);
  if (!m || !isInOrgScope(scopeOf(user), m.planOrgUnitPath)) throw notFound('MAKE_UP_NOT_FOUND', '补训记录不存在');
  if (m.status !== 'failed') throw conflict('MAKE_UP_NOT_AWAITING_DECISION', '该人员不在待主任决定的名单中');
  await db.transaction().execute(async (trx) => {
    const moved = await repo.updateMakeUp(trx, makeUpId, 'failed', {
      status: 'decided',
      decision: input.decision,
      decision_reason: input.reason,
      decided_by: user.id,
      decided_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    if (!moved) throw conflict('MAKE_UP_NOT_AWAITING_DECISION', '该人员不在待主任决定的名单中');
    if (input.decision === 'another_round') {
      await repo.insertMakeUp(trx, {
        gate_id: m.gateId,
        user_id: m.userId,
        round: m.round + 1,
        failed_exam_id: m.examId ?? m.failedExamId,
        status: 'pending',
        session_id: null,
        exam_id: null,
        decision: null,
        decision_reason: null,
        decided_by: null,
        decided_at: null,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      });
    }
    await writeAudit(trx, actor, now, {
      action: 'training.make_up_decide',
      entityType: 'training_make_up',
      entityId: makeUpId,
      before: { status: m.status },
      after: { decision: input.decision, reason: input.reason, userId: m.userId, round: m.round },
    });
  });
  return toMakeUp((await repo.findMakeUp(db, makeUpId))!);
}
