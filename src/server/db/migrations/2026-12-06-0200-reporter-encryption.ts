import type { Kysely } from 'kysely';
import { dataKey, isSealed } from '../../platform/crypto';

/**
 * Reporters' identities encrypted at rest (issue 12, item 3): a case's reporter name and phone; of a
 * contact handed over as a report or complaint its caller's phone, taxpayer id and name; of the CTI
 * call it was registered from the caller's number (the column, the events' and the pop's payloads). Each is sealed
 * with the process's data key (AES-256-GCM), and the phones and taxpayer ids get a keyed hash (HMAC)
 * column to be found by, for the roles that may. Down opens them again and drops the hash columns.
 */

type Transform = (value: string) => string;
const BATCH = 500;

/** Rewrites the rows `rows` reads (batch by batch, in id order) with the patch `change` makes of each. */
async function rewrite(
  db: Kysely<any>,
  table: string,
  rows: (after: number) => Promise<Array<Record<string, unknown>>>,
  change: (row: Record<string, unknown>) => Record<string, unknown>,
): Promise<void> {
  let after = 0;
  for (;;) {
    const batch = await rows(after);
    for (const row of batch) {
      const patch = change(row);
      if (Object.keys(patch).length > 0) await db.updateTable(table).set(patch).where('id', '=', row.id).execute();
    }
    if (batch.length < BATCH) return;
    after = Number(batch.at(-1)!.id);
  }
}

const each = (row: Record<string, unknown>, columns: string[], transform: Transform) => {
  const patch: Record<string, unknown> = {};
  for (const column of columns) {
    const value = row[column];
    if (typeof value === 'string') patch[column] = transform(value);
  }
  return patch;
};

/** Whose caller's identity is protected: the contacts handed over as a report or complaint. */
const reporterContacts = (db: Kysely<any>) => db.selectFrom('contacts').select('id').where('case_id', 'is not', null);

async function transformAll(db: Kysely<any>, transform: Transform, withHashes: boolean): Promise<void> {
  const clear = (value: string) => (isSealed(value) ? dataKey().open(value) : value);
  const hash = (value: unknown) => (typeof value === 'string' ? dataKey().searchHash(clear(value)) : null);
  const caseColumns = ['reporter_name', 'reporter_phone'];
  await rewrite(
    db,
    'cases',
    (after) =>
      db
        .selectFrom('cases')
        .select(['id', ...caseColumns])
        .where('id', '>', after)
        .where((eb) => eb.or([eb('reporter_name', 'is not', null), eb('reporter_phone', 'is not', null)]))
        .orderBy('id')
        .limit(BATCH)
        .execute(),
    (row) => ({
      ...each(row, caseColumns, transform),
      ...(withHashes ? { reporter_phone_hmac: hash(row.reporter_phone) } : {}),
    }),
  );
  const contactColumns = ['caller_phone', 'taxpayer_id', 'taxpayer_name'];
  await rewrite(
    db,
    'contacts',
    (after) =>
      db
        .selectFrom('contacts')
        .select(['id', ...contactColumns])
        .where('id', '>', after)
        .where('case_id', 'is not', null)
        .orderBy('id')
        .limit(BATCH)
        .execute(),
    (row) => ({
      ...each(row, contactColumns, transform),
      ...(withHashes ? { caller_phone_hmac: hash(row.caller_phone), taxpayer_id_hmac: hash(row.taxpayer_id) } : {}),
    }),
  );
  await rewrite(
    db,
    'calls',
    (after) =>
      db
        .selectFrom('calls')
        .select(['id', 'from_number'])
        .where('id', '>', after)
        .where('contact_id', 'in', reporterContacts(db))
        .orderBy('id')
        .limit(BATCH)
        .execute(),
    (row) => ({
      ...each(row, ['from_number'], transform),
      ...(withHashes ? { from_number_hmac: hash(row.from_number) } : {}),
    }),
  );
  await rewrite(
    db,
    'call_events',
    (after) =>
      db
        .selectFrom('call_events')
        .select(['id', 'payload'])
        .where('id', '>', after)
        .where('call_ref', 'in', db.selectFrom('calls').select('id').where('contact_id', 'in', reporterContacts(db)))
        .orderBy('id')
        .limit(BATCH)
        .execute(),
    (row) => withCaller(row, transform),
  );
  // The pops that announced those calls to their agents (their payloads name the call).
  const reporterCalls = new Set(
    (await db.selectFrom('calls').select('id').where('contact_id', 'in', reporterContacts(db)).execute()).map((r) =>
      Number(r.id),
    ),
  );
  if (reporterCalls.size === 0) return;
  await rewrite(
    db,
    'push_events',
    (after) =>
      db
        .selectFrom('push_events')
        .select(['id', 'payload'])
        .where('id', '>', after)
        .where('kind', '=', 'call.incoming')
        .orderBy('id')
        .limit(BATCH)
        .execute(),
    (row) =>
      reporterCalls.has(Number((JSON.parse(String(row.payload)) as { callRecordId?: unknown }).callRecordId))
        ? withCaller(row, transform)
        : {},
  );
}

/** The patch of an event's payload with its caller's number (`from`) transformed. */
function withCaller(row: Record<string, unknown>, transform: Transform): Record<string, unknown> {
  const payload = JSON.parse(String(row.payload)) as { from?: unknown };
  if (typeof payload.from !== 'string') return {};
  return { payload: JSON.stringify({ ...payload, from: transform(payload.from) }) };
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('reporter_phone_hmac', 'text').execute();
  await db.schema.alterTable('contacts').addColumn('caller_phone_hmac', 'text').execute();
  await db.schema.alterTable('contacts').addColumn('taxpayer_id_hmac', 'text').execute();
  await db.schema.alterTable('calls').addColumn('from_number_hmac', 'text').execute();
  await db.schema.createIndex('contacts_phone_hmac').on('contacts').column('caller_phone_hmac').execute();
  await db.schema.createIndex('contacts_taxpayer_hmac').on('contacts').column('taxpayer_id_hmac').execute();
  await db.schema.createIndex('calls_from_hmac').on('calls').column('from_number_hmac').execute();
  await transformAll(db, (value) => (isSealed(value) ? value : dataKey().seal(value)), true);
}

export async function down(db: Kysely<any>): Promise<void> {
  await transformAll(db, (value) => (isSealed(value) ? dataKey().open(value) : value), false);
  await db.schema.dropIndex('calls_from_hmac').execute();
  await db.schema.dropIndex('contacts_taxpayer_hmac').execute();
  await db.schema.dropIndex('contacts_phone_hmac').execute();
  await db.schema.alterTable('calls').dropColumn('from_number_hmac').execute();
  await db.schema.alterTable('contacts').dropColumn('taxpayer_id_hmac').execute();
  await db.schema.alterTable('contacts').dropColumn('caller_phone_hmac').execute();
  await db.schema.alterTable('cases').dropColumn('reporter_phone_hmac').execute();
}
