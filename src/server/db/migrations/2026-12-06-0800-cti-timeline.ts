import { type Kysely, sql } from 'kysely';
import { isPostgres, notNull, withId } from './helpers';

/**
 * The CTI events of the rules issue (queued, ringing, hold/unhold, abandon, voicemail) with the PBX's
 * own time of each event. A call keeps the times the call-centre figures need; `call_events` keeps
 * every event once by a dedup key: the event's name, or for the repeatable hold/unhold the name and
 * the PBX time (`hold@2026-…`), so a retried event still has no second effect.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['queued_at', 'ringing_at', 'abandoned_at', 'abandon_where', 'held_since', 'voicemail_url']) {
    await db.schema.alterTable('calls').addColumn(column, 'text').execute();
  }
  await db.schema
    .alterTable('calls')
    .addColumn('hold_seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  if (isPostgres(db)) {
    await db.schema.alterTable('call_events').addColumn('occurred_at', 'text').execute();
    await db.schema.alterTable('call_events').addColumn('dedup_key', 'text').execute();
    await sql`update call_events set occurred_at = received_at, dedup_key = event`.execute(db);
    await sql`alter table call_events alter column occurred_at set not null, alter column dedup_key set not null`.execute(
      db,
    );
    await sql`alter table call_events drop constraint call_events_call_event`.execute(db);
    await sql`alter table call_events add constraint call_events_call_dedup unique (call_ref, dedup_key)`.execute(db);
    return;
  }
  // SQLite cannot drop a table constraint: the table is rebuilt with the same ids.
  await withId(db, db.schema.createTable('call_events_next'))
    .addColumn('call_ref', 'integer', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('event', 'text', notNull)
    .addColumn('dedup_key', 'text', notNull)
    .addColumn('payload', 'text', notNull)
    .addColumn('occurred_at', 'text', notNull)
    .addColumn('received_at', 'text', notNull)
    .addUniqueConstraint('call_events_call_dedup', ['call_ref', 'dedup_key'])
    .execute();
  await sql`insert into call_events_next (id, call_ref, event, dedup_key, payload, occurred_at, received_at)
    select id, call_ref, event, event, payload, received_at, received_at from call_events`.execute(db);
  await db.schema.dropTable('call_events').execute();
  await db.schema.alterTable('call_events_next').renameTo('call_events').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // The repeatable events cannot live under the one-event-per-call constraint: only the first stays.
  await sql`delete from call_events where dedup_key <> event`.execute(db);
  if (isPostgres(db)) {
    await sql`alter table call_events drop constraint call_events_call_dedup`.execute(db);
    await sql`alter table call_events add constraint call_events_call_event unique (call_ref, event)`.execute(db);
    await db.schema.alterTable('call_events').dropColumn('dedup_key').execute();
    await db.schema.alterTable('call_events').dropColumn('occurred_at').execute();
  } else {
    await withId(db, db.schema.createTable('call_events_prev'))
      .addColumn('call_ref', 'integer', (c) => c.notNull().references('calls.id').onDelete('cascade'))
      .addColumn('event', 'text', notNull)
      .addColumn('payload', 'text', notNull)
      .addColumn('received_at', 'text', notNull)
      .addUniqueConstraint('call_events_call_event', ['call_ref', 'event'])
      .execute();
    await sql`insert into call_events_prev (id, call_ref, event, payload, received_at)
      select id, call_ref, event, payload, received_at from call_events`.execute(db);
    await db.schema.dropTable('call_events').execute();
    await db.schema.alterTable('call_events_prev').renameTo('call_events').execute();
  }
  for (const column of [
    'hold_seconds',
    'voicemail_url',
    'held_since',
    'abandon_where',
    'abandoned_at',
    'ringing_at',
    'queued_at',
  ]) {
    await db.schema.alterTable('calls').dropColumn(column).execute();
  }
}
