import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Db, Tx } from '../db/connection';
import { AppError, badRequest, conflict } from './errors';
import { requireUser } from './http';
import { findIdempotencyKey, insertIdempotencyKey, storeIdempotentResponse } from './idempotency.repository';

/** Called by a creating use case inside its transaction, just before it commits. */
export type InTransaction = (trx: Tx) => Promise<void>;

/** How long a key is remembered (housekeeping forgets older ones). */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60_000;

const keyPattern = /^[\x21-\x7e]{1,200}$/;

class KeyTaken extends Error {}

/**
 * Runs a creating write once per `Idempotency-Key` (per user). The key is inserted in the creation's
 * own transaction (`create` passes `inTransaction` on to its use case), so the creation and the key
 * commit together; the response is stored beside it right after. A retry with the key gets the first
 * response; the key with another request body is a 422; a duplicate that arrives while the first is
 * still running waits for it on PostgreSQL (SQLite runs one writer at a time) and then gets its
 * response, or a 409 if that response is not stored yet. Without the header it just runs `create`.
 */
export async function idempotent<T>(
  request: FastifyRequest,
  at: { db: Db; now: Date },
  create: (inTransaction: InTransaction | undefined) => Promise<T>,
): Promise<T> {
  const { db, now } = at;
  const header = request.headers['idempotency-key'];
  if (header === undefined) return create(undefined);
  if (typeof header !== 'string' || !keyPattern.test(header)) {
    throw badRequest('IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key 须为 1–200 个可见 ASCII 字符');
  }
  const userId = requireUser(request).id;
  const requestHash = createHash('sha256')
    .update(JSON.stringify([request.method, request.routeOptions.url, request.params, request.body]))
    .digest('hex');
  const earlier = await findIdempotencyKey(db, userId, header);
  if (earlier) return replay<T>(earlier, requestHash);
  let result: T;
  try {
    result = await create(async (trx) => {
      if (!(await insertIdempotencyKey(trx, { userId, key: header, requestHash, now }))) {
        throw new KeyTaken();
      }
    });
  } catch (error) {
    if (!(error instanceof KeyTaken)) throw error;
    // A concurrent duplicate committed first: this creation was rolled back; answer as that one did.
    const winner = await findIdempotencyKey(db, userId, header);
    return replay<T>(winner ?? { request_hash: requestHash, response: null }, requestHash);
  }
  await storeIdempotentResponse(db, userId, header, JSON.stringify(result));
  return result;
}

function replay<T>(row: { request_hash: string; response: string | null }, requestHash: string): T {
  if (row.request_hash !== requestHash) {
    throw new AppError(
      'unprocessable',
      'IDEMPOTENCY_KEY_REUSED',
      '该 Idempotency-Key 已用于另一个请求，请为新的请求使用新的键',
    );
  }
  if (row.response === null) throw conflict('IDEMPOTENT_REQUEST_IN_PROGRESS', '相同的请求正在处理，请稍后再试');
  return JSON.parse(row.response) as T;
}
