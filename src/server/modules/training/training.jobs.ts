import type { Db } from '../../db/connection';
import { addDays, shanghaiDate, shanghaiMidnight, shanghaiTime, toShanghaiIso } from '../../platform/dates';
import type { Job } from '../../platform/jobs';
import { notifyUser } from '../notifications';
import * as repo from './training.repository';
import { evaluateAllGates } from './training-gates.service';
import { sessionParticipantIds } from './training-participants';

/**
 * The bell the day before: every participant of a session that starts tomorrow (Shanghai) gets one
 * notification. The outbox's dedupe key (session, start, person) makes it once however many slots and
 * instances run the sweep; a session moved to another day is announced again for its new day.
 */
export async function remindTomorrowSessions(db: Db, now: Date): Promise<{ sessions: number; queued: number }> {
  const tomorrow = addDays(shanghaiDate(now), 1);
  const sessions = await repo.findScheduledSessionsStarting(db, {
    from: shanghaiMidnight(tomorrow).toISOString(),
    to: shanghaiMidnight(addDays(tomorrow, 1)).toISOString(),
  });
  let queued = 0;
  for (const session of sessions) {
    const userIds = await sessionParticipantIds(db, {
      id: session.id,
      planId: session.planId,
      isMakeUp: session.isMakeUp,
      stage: session.stage,
    });
    const start = new Date(session.startsAt);
    await db.transaction().execute(async (trx) => {
      for (const userId of userIds) {
        await notifyUser(
          trx,
          {
            userId,
            kind: 'training.session_tomorrow',
            title: `明天 ${shanghaiTime(start)} 培训：${session.title}`,
            ...(session.location ? { body: `地点：${session.location}` } : {}),
            link: `/training/me?session=${session.id}`,
            dedupeKey: `training:session:${session.id}:${session.startsAt}:u${userId}`,
          },
          now,
        );
        queued += 1;
      }
    });
  }
  return { sessions: sessions.length, queued };
}

export const trainingJobs: readonly Job[] = [
  {
    name: 'training.session_reminders',
    intervalMs: 10 * 60_000,
    slotOf: (now) => toShanghaiIso(now).slice(0, 13),
    run: ({ db, now }) => remindTomorrowSessions(db, now),
  },
  {
    // Exam results into the make-up list and the director's list, without waiting for someone to press 更新成绩.
    name: 'training.gate_results',
    intervalMs: 10 * 60_000,
    slotOf: (now) => toShanghaiIso(now).slice(0, 13),
    run: ({ db, now }) => evaluateAllGates(db, now),
  },
];
