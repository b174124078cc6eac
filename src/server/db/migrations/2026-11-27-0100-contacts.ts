import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

/**
 * Contacts and transfers (issue 3): CTI integrations, calls and their events, server-push events,
 * contacts with their transfers, urges, callbacks, satisfaction surveys and follow-up tasks.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('integrations'))
    .addColumn('name', 'text', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_hint', 'text', notNull)
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', notNull)
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('revoked_at', 'text')
    .execute();

  await withId(db, db.schema.createTable('calls'))
    .addColumn('source', 'text', notNull)
    .addColumn('call_id', 'text', notNull)
    .addColumn('from_number', 'text', notNull)
    .addColumn('to_number', 'text', notNull)
    .addColumn('direction', 'text', notNull)
    .addColumn('agent_id', 'integer', (c) => c.references('users.id'))
    .addColumn('queue', 'text')
    .addColumn('ivr_path', 'text')
    .addColumn('cause', 'text')
    .addColumn('recording_url', 'text')
    .addColumn('started_at', 'text', notNull)
    .addColumn('answered_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('duration_seconds', 'integer')
    .addColumn('survey_key', 'text')
    .addColumn('contact_id', 'integer')
    .addColumn('created_at', 'text', notNull)
    .addUniqueConstraint('calls_source_call_id', ['source', 'call_id'])
    .execute();
  await db.schema.createIndex('calls_started').on('calls').column('started_at').execute();
  await db.schema.createIndex('calls_agent_started').on('calls').columns(['agent_id', 'started_at']).execute();
  await db.schema.createIndex('calls_from_started').on('calls').columns(['from_number', 'started_at']).execute();

  await withId(db, db.schema.createTable('call_events'))
    .addColumn('call_ref', 'integer', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('event', 'text', notNull)
    .addColumn('payload', 'text', notNull)
    .addColumn('received_at', 'text', notNull)
    .addUniqueConstraint('call_events_call_event', ['call_ref', 'event'])
    .execute();

  await withId(db, db.schema.createTable('sms_inbound'))
    .addColumn('source', 'text', notNull)
    .addColumn('message_id', 'text', notNull)
    .addColumn('from_number', 'text', notNull)
    .addColumn('text', 'text', notNull)
    .addColumn('received_at', 'text', notNull)
    .addColumn('survey_request_id', 'integer')
    .addUniqueConstraint('sms_inbound_source_message', ['source', 'message_id'])
    .execute();

  await withId(db, db.schema.createTable('push_events'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', notNull)
    .addColumn('payload', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('push_events_user').on('push_events').columns(['user_id', 'id']).execute();
  await db.schema.createIndex('push_events_created').on('push_events').column('created_at').execute();

  await withId(db, db.schema.createTable('contacts'))
    .addColumn('contact_no', 'text', (c) => c.notNull().unique())
    .addColumn('channel', 'text', notNull)
    .addColumn('type', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('outcome', 'text', notNull)
    .addColumn('caller_phone', 'text', notNull)
    .addColumn('taxpayer_id', 'text')
    .addColumn('taxpayer_name', 'text')
    .addColumn('tax_kind', 'text')
    .addColumn('subject', 'text', notNull)
    .addColumn('content', 'text', notNull)
    .addColumn('answer', 'text')
    .addColumn('kb_articles', 'text')
    .addColumn('agent_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
    .addColumn('call_ref', 'integer', (c) => c.references('calls.id'))
    .addColumn('ticket_no', 'text')
    .addColumn('case_id', 'integer')
    .addColumn('case_no', 'text')
    .addColumn('adoption', 'text')
    .addColumn('callback_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', 'text', notNull)
    .addColumn('ended_at', 'text', notNull)
    .addColumn('duration_seconds', 'integer', notNull)
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  // The contact log pages by (started_at, id) under each of its selective filters.
  await db.schema.createIndex('contacts_started').on('contacts').columns(['started_at', 'id']).execute();
  await db.schema
    .createIndex('contacts_agent_started')
    .on('contacts')
    .columns(['agent_id', 'started_at', 'id'])
    .execute();
  await db.schema
    .createIndex('contacts_phone_started')
    .on('contacts')
    .columns(['caller_phone', 'started_at', 'id'])
    .execute();
  // Partial indexes: the many contacts without a taxpayer id, a ticket or open work cost no index write.
  await db.schema
    .createIndex('contacts_taxpayer_started')
    .on('contacts')
    .columns(['taxpayer_id', 'started_at', 'id'])
    .where('taxpayer_id', 'is not', null)
    .execute();
  await db.schema
    .createIndex('contacts_ticket_no')
    .on('contacts')
    .column('ticket_no')
    .unique()
    .where('ticket_no', 'is not', null)
    .execute();
  // An agent's inbox: their contacts waiting for a callback or sent back.
  await db.schema
    .createIndex('contacts_agent_open')
    .on('contacts')
    .columns(['agent_id', 'status'])
    .where('status', 'in', ['awaiting_callback', 'returned'])
    .execute();

  await withId(db, db.schema.createTable('transfers'))
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('status', 'text', notNull)
    .addColumn('note', 'text')
    .addColumn('due_at', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('answer', 'text')
    .addColumn('adoption', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('answered_by', 'integer', (c) => c.references('users.id'))
    .addColumn('return_reason', 'text')
    .addColumn('returned_at', 'text')
    .addColumn('returned_by', 'integer', (c) => c.references('users.id'))
    .addColumn('forwarded_to_id', 'integer')
    .addColumn('handled_at', 'text')
    .addColumn('urge_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('due_soon_urged_at', 'text')
    .addColumn('overdue_urged_at', 'text')
    .addColumn('last_urged_at', 'text')
    .execute();
  await db.schema.createIndex('transfers_contact').on('transfers').column('contact_id').execute();
  await db.schema
    .createIndex('transfers_department_status_due')
    .on('transfers')
    .columns(['department_id', 'status', 'due_at'])
    .execute();
  await db.schema.createIndex('transfers_status_due').on('transfers').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('transfers_created').on('transfers').column('created_at').execute();

  await withId(db, db.schema.createTable('urges'))
    .addColumn('transfer_id', 'integer', (c) => c.notNull().references('transfers.id'))
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id'))
    .addColumn('kind', 'text', notNull)
    .addColumn('note', 'text')
    .addColumn('urged_by', 'integer', (c) => c.references('users.id'))
    .addColumn('at', 'text', notNull)
    .execute();
  await db.schema.createIndex('urges_transfer').on('urges').column('transfer_id').execute();

  await withId(db, db.schema.createTable('callbacks'))
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id'))
    .addColumn('result', 'text', notNull)
    .addColumn('note', 'text')
    .addColumn('agent_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('at', 'text', notNull)
    .execute();
  await db.schema.createIndex('callbacks_contact').on('callbacks').column('contact_id').execute();

  await withId(db, db.schema.createTable('surveys'))
    .addColumn('contact_id', 'integer', (c) => c.notNull().unique().references('contacts.id'))
    .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
    .addColumn('satisfaction', 'text', notNull)
    .addColumn('efficiency', 'integer')
    .addColumn('accuracy', 'integer')
    .addColumn('comment', 'text')
    .addColumn('method', 'text', notNull)
    .addColumn('collected_by', 'integer', (c) => c.references('users.id'))
    .addColumn('collected_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('surveys_collected').on('surveys').column('collected_at').execute();

  await withId(db, db.schema.createTable('survey_requests'))
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id'))
    .addColumn('method', 'text', notNull)
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('phone', 'text')
    .addColumn('status', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('expires_at', 'text', notNull)
    .addColumn('answered_at', 'text')
    .execute();
  await db.schema
    .createIndex('survey_requests_phone')
    .on('survey_requests')
    .columns(['phone', 'status', 'id'])
    .execute();
  await db.schema.createIndex('survey_requests_contact').on('survey_requests').column('contact_id').execute();

  await withId(db, db.schema.createTable('follow_ups'))
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id'))
    .addColumn('survey_id', 'integer', (c) => c.notNull().unique().references('surveys.id'))
    .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
    .addColumn('status', 'text', notNull)
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('done_at', 'text')
    .addColumn('done_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('follow_ups_status').on('follow_ups').columns(['status', 'id']).execute();

  await db.schema
    .createTable('contact_type_settings')
    .addColumn('type', 'text', (c) => c.primaryKey())
    .addColumn('transfer_due_days', 'integer', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .execute();

  await db.schema
    .createTable('contact_counters')
    .addColumn('kind', 'text', notNull)
    .addColumn('day', 'text', notNull)
    .addColumn('last', 'integer', notNull)
    .addPrimaryKeyConstraint('contact_counters_pk', ['kind', 'day'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'contact_counters',
    'contact_type_settings',
    'follow_ups',
    'survey_requests',
    'surveys',
    'callbacks',
    'urges',
    'transfers',
    'contacts',
    'push_events',
    'sms_inbound',
    'call_events',
    'calls',
    'integrations',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
