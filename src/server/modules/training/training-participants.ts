import type { DbOrTx } from '../../db/connection';
import * as repo from './training.repository';

/**
 * The people a session is for: a make-up session's invitees, otherwise the plan's participants. A
 * session of a gated stage is only for those who passed the gate (see training-gates.ts).
 */
export async function sessionParticipantIds(
  db: DbOrTx,
  session: Pick<repo.SessionRow, 'id' | 'planId' | 'isMakeUp' | 'stage'>,
): Promise<number[]> {
  if (session.isMakeUp === 1) return repo.findInviteeIds(db, session.id);
  return repo.findPlanParticipantIds(db, session.planId);
}

/** True when the session is for the user. */
export async function isSessionParticipant(
  db: DbOrTx,
  session: Pick<repo.SessionRow, 'id' | 'planId' | 'isMakeUp' | 'stage'>,
  userId: number,
): Promise<boolean> {
  return (await sessionParticipantIds(db, session)).includes(userId);
}
