import type { DbOrTx, Tx } from '../db/connection';

export interface IdempotencyRow {
  request_hash: string;
  response: string | null;
}

export async function findIdempotencyKey(db: DbOrTx, userId: number, key: string): Promise<IdempotencyRow | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'response'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
}

/** Inserts the key inside the creating transaction; false when another request holds it (PostgreSQL waits for it). */
export async function insertIdempotencyKey(
  trx: Tx,
  row: { userId: number; key: string; requestHash: string; now: Date },
): Promise<boolean> {
  const inserted = await trx
    .insertInto('idempotency_keys')
    .values({
      user_id: row.userId,
      key: row.key,
      request_hash: row.requestHash,
      response: null,
      created_at: row.now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function storeIdempotentResponse(db: DbOrTx, userId: number, key: string, response: string) {
  await db
    .updateTable('idempotency_keys')
    .set({ response })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .execute();
}

export async function deleteIdempotencyKeysBefore(db: DbOrTx, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', before.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
