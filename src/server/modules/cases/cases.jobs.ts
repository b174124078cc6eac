import type { CaseStep } from '../../../shared/cases';
import { caseStepNames } from '../../../shared/cases';
import { formatDeadline, formatDeadlineInWords } from '../../../shared/deadlines';
import type { Db } from '../../db/connection';
import { every, type Job } from '../../platform/jobs';
import { notifyUser } from '../notifications';
import * as repo from './cases.repository';
import { caseLink, nearestUsersWithRoles, stateOf } from './cases.service';
import { loadDefinition } from './processes';
import { claimRoles } from './workflow';

/** How many cases one sweep handles at most; the next slot picks up the rest. */
export const SWEEP_LIMIT = 200;

type Flag = 'step_warned_at' | 'step_overdue_at' | 'overdue_at';

/** The holder, or (while nobody holds the case) the nearest people who may claim it; plus leaders when asked. */
async function recipientsOf(db: Db, caseId: number, withLeaders: boolean): Promise<number[]> {
  const record = await repo.findCase(db, caseId);
  if (!record) return [];
  const definition = await loadDefinition(db, record.process_id);
  const people = new Set<number>();
  if (record.holder_user_id !== null) people.add(record.holder_user_id);
  else
    for (const id of await nearestUsersWithRoles(db, record.orgUnitPath, claimRoles(definition, stateOf(record))))
      people.add(id);
  if (withLeaders) for (const id of await nearestUsersWithRoles(db, record.orgUnitPath, ['leader'])) people.add(id);
  return [...people];
}

interface FlagTask {
  id: number;
  step: CaseStep;
  /** Set when the flag belongs to one stay in a step: a step change in between voids it. */
  stepEnteredAt?: string;
  /** What makes this flag's notification unique (the step entry, or the period end). */
  occasion: string;
  kind: string;
  title: string;
  withLeaders: boolean;
}

/** Sets the flag of each case once (a guarded update) and queues its notifications in the same transaction. */
async function flagAndNotify(db: Db, tasks: FlagTask[], flag: Flag, now: Date): Promise<number> {
  let flagged = 0;
  for (const task of tasks) {
    const recipients = await recipientsOf(db, task.id, task.withLeaders);
    await db.transaction().execute(async (trx) => {
      const guard = { step: task.step, ...(task.stepEnteredAt ? { stepEnteredAt: task.stepEnteredAt } : {}) };
      if (!(await repo.markCaseFlag(trx, task.id, flag, guard, now))) return;
      flagged += 1;
      for (const userId of recipients) {
        await notifyUser(
          trx,
          {
            userId,
            kind: task.kind,
            title: task.title,
            link: caseLink(task.id),
            dedupeKey: `case:${task.id}:${flag}:${task.occasion}:u${userId}`,
          },
          now,
        );
      }
    });
  }
  return flagged;
}

const stepName = (step: CaseStep) => caseStepNames[step] ?? step;

/** 到期提醒: tells whoever has the case when its step enters its last day. Idempotent: one warning per step entry. */
export async function warnCasesDueSoon(db: Db, now: Date): Promise<{ warned: number }> {
  const rows = await repo.findCasesToWarn(db, now.toISOString(), SWEEP_LIMIT);
  const tasks = rows.map((r) => ({
    id: r.id,
    step: r.step,
    stepEnteredAt: r.stepEnteredAt,
    occasion: r.stepEnteredAt,
    kind: 'case.due_soon',
    title: `案件 ${r.caseNo} 的${stepName(r.step)}时限将到，请于${formatDeadlineInWords(r.stepDueAt)}办理`,
    withLeaders: false,
  }));
  return { warned: await flagAndNotify(db, tasks, 'step_warned_at', now) };
}

/** 超期: flags steps and processing periods that ran out, and tells the holder (or queue) and the leaders. */
export async function flagOverdueCases(db: Db, now: Date): Promise<{ stepOverdue: number; periodOverdue: number }> {
  const stepRows = await repo.findCasesStepOverdue(db, now.toISOString(), SWEEP_LIMIT);
  const stepOverdue = await flagAndNotify(
    db,
    stepRows.map((r) => ({
      id: r.id,
      step: r.step,
      stepEnteredAt: r.stepEnteredAt,
      occasion: r.stepEnteredAt,
      kind: 'case.step_overdue',
      title: `案件 ${r.caseNo} 的${stepName(r.step)}已超过办理时限`,
      withLeaders: true,
    })),
    'step_overdue_at',
    now,
  );
  const periodRows = await repo.findCasesPeriodOverdue(db, now.toISOString(), SWEEP_LIMIT);
  const periodOverdue = await flagAndNotify(
    db,
    periodRows.map((r) => ({
      id: r.id,
      step: r.step,
      occasion: r.dueAt,
      kind: 'case.overdue',
      title: `案件 ${r.caseNo} 已超过办理期限（${formatDeadline(r.dueAt)}）`,
      withLeaders: true,
    })),
    'overdue_at',
    now,
  );
  return { stepOverdue, periodOverdue };
}

/** The scheduled sweeps of the module, for the server's job list. */
export const caseJobs: readonly Job[] = [
  { name: 'cases.due_soon', ...every(5 * 60_000), run: ({ db, now }) => warnCasesDueSoon(db, now) },
  { name: 'cases.overdue', ...every(5 * 60_000), run: ({ db, now }) => flagOverdueCases(db, now) },
];
