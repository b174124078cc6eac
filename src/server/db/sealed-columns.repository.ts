/**
 * Every place a sealed value lives (reporters' identities, platform/crypto), for key rotation: each
 * sealed value is opened with the old key and sealed with the new one, and the keyed hashes beside them
 * are computed again with the new key. Tables of several modules: the one statement set that crosses
 * them, kept beside the database layer rather than in any one module.
 */
import type { Kysely } from 'kysely';
import { type DataKey, isSealed } from '../platform/crypto';
import type { Tx } from './connection';

const BATCH = 500;
const SEALED = 'enc1:%';

/** The columns that may hold a sealed value, each with the column of its keyed hash when it has one. */
const sealedColumns = {
  cases: { reporter_name: null, reporter_phone: 'reporter_phone_hmac' },
  contacts: { caller_phone: 'caller_phone_hmac', taxpayer_id: 'taxpayer_id_hmac', taxpayer_name: null },
  calls: { from_number: 'from_number_hmac' },
} as const satisfies Record<string, Record<string, string | null>>;

/** JSON payloads whose `from` may be sealed: the events and the pop of a reporter's call. */
const sealedPayloads = ['call_events', 'push_events'] as const;

/** Re-seals every sealed value from one key to another, in the caller's transaction; the count of values. */
export async function resealAll(trx: Tx, from: DataKey, to: DataKey): Promise<number> {
  // Tables named by data: the untyped view of the transaction.
  const db = trx as unknown as Kysely<any>;
  let count = 0;
  for (const [table, columns] of Object.entries(sealedColumns)) {
    const names = Object.keys(columns);
    for (let after = 0; ; ) {
      const rows: Array<Record<string, unknown>> = await db
        .selectFrom(table)
        .select(['id', ...names])
        .where('id', '>', after)
        .where((eb) => eb.or(names.map((name) => eb(name, 'like', SEALED))))
        .orderBy('id')
        .limit(BATCH)
        .execute();
      for (const row of rows) {
        const patch: Record<string, string> = {};
        for (const [name, hashColumn] of Object.entries(columns as Record<string, string | null>)) {
          const value = row[name];
          if (typeof value !== 'string' || !isSealed(value)) continue;
          const clear = from.open(value);
          patch[name] = to.seal(clear);
          if (hashColumn) patch[hashColumn] = to.searchHash(clear);
          count += 1;
        }
        await db.updateTable(table).set(patch).where('id', '=', row.id).execute();
      }
      if (rows.length < BATCH) break;
      after = Number(rows.at(-1)!.id);
    }
  }
  for (const table of sealedPayloads) {
    const rows: Array<{ id: number; payload: string }> = await db
      .selectFrom(table)
      .select(['id', 'payload'])
      .where('payload', 'like', '%"from":"enc1:%')
      .execute();
    for (const row of rows) {
      const payload = JSON.parse(row.payload) as { from: string };
      const resealed = JSON.stringify({ ...payload, from: to.seal(from.open(payload.from)) });
      await db.updateTable(table).set({ payload: resealed }).where('id', '=', row.id).execute();
      count += 1;
    }
  }
  return count;
}
