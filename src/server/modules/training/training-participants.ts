import type { Db } from '../../db/connection';
import * as repo from './training.repository';
import { peoplePastGate } from './training-gates.service';

/**
 * The people a session is for: a make-up session's invitees, otherwise the plan's participants; a
 * session of a gated stage (通过理论考核方可参加实操培训) only for those who passed its gate.
 */
export async function sessionParticipantIds(
  db: Db,
  session: Pick<repo.SessionRow, 'id' | 'planId' | 'isMakeUp' | 'stage'>,
): Promise<number[]> {
  if (session.isMakeUp === 1) return repo.findInviteeIds(db, session.id);
  const participants = await repo.findPlanParticipantIds(db, session.planId);
  const gate = session.stage ? await repo.findGateOfStage(db, session.planId, session.stage) : undefined;
  if (!gate) return participants;
  const passed = await peoplePastGate(db, gate);
  return participants.filter((id) => passed.has(id));
}

/** True when the session is for the user. */
export async function isSessionParticipant(
  db: Db,
  session: Pick<repo.SessionRow, 'id' | 'planId' | 'isMakeUp' | 'stage'>,
  userId: number,
): Promise<boolean> {
  return (await sessionParticipantIds(db, session)).includes(userId);
}
