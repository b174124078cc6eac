/**
 * Exact-match lookups of a caller — the contact log, the caller history and the call log searched by a
 * phone number or a taxpayer id — are limited per user and hour, so that no search can be run as an
 * oracle over guessed numbers (issue 12: the 10,000 middle digits of a masked number). The count lives
 * in the database: every instance behind one PostgreSQL shares it.
 */
import type { Db } from '../../db/connection';
import type { CurrentUser } from '../../platform/auth/current-user';
import { AppError } from '../../platform/errors';
import { countCallerLookup } from './contacts.repository';

/**
 * Lookups a user may make in one hour. The caller-history panel looks a caller up as the agent types
 * (after a 300 ms pause) and as a call pops: a busy hour of calls stays far below it, while guessing the
 * middle four digits of a masked number would take 50 hours on average.
 */
export const CALLER_LOOKUPS_PER_HOUR = 100;

/** Counts an exact-match lookup of a caller; a 429 once the user's lookups of this hour are used up. */
export async function assertCallerLookupAllowed(db: Db, user: CurrentUser, now: Date): Promise<void> {
  const window = now.toISOString().slice(0, 13);
  const count = await db.transaction().execute((trx) => countCallerLookup(trx, user.id, window));
  if (count > CALLER_LOOKUPS_PER_HOUR) {
    throw new AppError(
      'too_many_requests',
      'CALLER_LOOKUP_LIMITED',
      `按来电号码或纳税人识别号查询过于频繁（每小时最多 ${CALLER_LOOKUPS_PER_HOUR} 次），请稍后再试`,
    );
  }
}
