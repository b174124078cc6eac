/**
 * Login throttling (issue 12): throttle guesses, not users. Attempts are counted per account and
 * source address together, so a guesser elsewhere never slows the real user down; the count lives in
 * the database (several instances share it) and an attempt is counted before its password is checked,
 * atomically, so parallel guesses each pay their own delay. Nobody is locked out: past the free
 * attempts, each further attempt of the pair waits a delay that doubles up to a minute; an attempt
 * whose turn is at most MAX_HOLD_MS away is held until then, a later one is answered 429 with
 * Retry-After and not counted. A success clears the pair; a pair unused for the window starts over.
 */
import type { Db } from '../../db/connection';
import { AppError } from '../errors';
import * as repo from './auth.repository';

/** Attempts of a pair that carry no delay (a user mistyping a password a few times). */
export const FREE_ATTEMPTS = 5;
const FIRST_DELAY_MS = 1_000;
/** The longest delay between two attempts of one pair. */
export const MAX_DELAY_MS = 60_000;
/** The longest a request is held waiting for its turn; a later turn is a 429 with Retry-After. */
export const MAX_HOLD_MS = 5_000;
/** A pair with no attempt for this long starts over. */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
const MAX_RACES = 20;

/** The delay after `attempts` unsuccessful attempts before the next one is tried. */
export function delayAfter(attempts: number): number {
  if (attempts < FREE_ATTEMPTS) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** (attempts - FREE_ATTEMPTS), MAX_DELAY_MS);
}

/**
 * Counts one attempt of the pair and returns how long it must wait before its password is checked
 * (at most MAX_HOLD_MS); throws LOGIN_THROTTLED when its turn is further away.
 */
export async function countLoginAttempt(db: Db, key: repo.LoginThrottleKey, now: Date): Promise<number> {
  const nowMs = now.getTime();
  const nowIso = now.toISOString();
  for (let race = 0; race < MAX_RACES; race++) {
    const seen = await repo.findLoginThrottle(db, key);
    if (!seen) {
      const first = { failures: 1, nextAttemptAt: new Date(nowMs + delayAfter(1)).toISOString(), updatedAt: nowIso };
      if (await repo.insertFirstLoginAttempt(db, key, first)) return 0;
      continue;
    }
    const isStale = nowMs - Date.parse(seen.updatedAt) > THROTTLE_WINDOW_MS;
    const previous = isStale ? 0 : seen.failures;
    const turn = isStale ? nowMs : Math.max(nowMs, Date.parse(seen.nextAttemptAt));
    const wait = turn - nowMs;
    if (wait > MAX_HOLD_MS) {
      const retryAfterSeconds = Math.ceil((wait - MAX_HOLD_MS) / 1000);
      throw new AppError('too_many_requests', 'LOGIN_THROTTLED', `登录尝试过于频繁，请 ${retryAfterSeconds} 秒后再试`, {
        retryAfterSeconds,
      });
    }
    const attempts = previous + 1;
    const next = {
      failures: attempts,
      nextAttemptAt: new Date(turn + delayAfter(attempts)).toISOString(),
      updatedAt: nowIso,
    };
    if (await repo.replaceLoginThrottle(db, key, seen, next)) return wait;
  }
  throw new AppError('too_many_requests', 'LOGIN_THROTTLED', '登录尝试过于频繁，请稍后再试', { retryAfterSeconds: 1 });
}
