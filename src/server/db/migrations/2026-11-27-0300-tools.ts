import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

/**
 * Service tools (issue 6): filing-deadline overrides; the lookup registries (invoices, taxpayers,
 * progress of registration / filing / payment) and their import batches; reminder lists, campaigns,
 * the SMS queue, opt-outs and callback tasks.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('filing_deadline_overrides')
    .addColumn('period_key', 'text', (c) => c.primaryKey())
    .addColumn('deadline', 'text', notNull)
    .addColumn('document', 'text')
    .addColumn('note', 'text')
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', notNull)
    .execute();

  await withId(db, db.schema.createTable('lookup_import_batches'))
    .addColumn('registry', 'text', notNull)
    .addColumn('file_name', 'text', notNull)
    .addColumn('total_rows', 'integer', notNull)
    .addColumn('loaded_rows', 'integer', notNull)
    .addColumn('failed_rows', 'integer', notNull)
    .addColumn('errors', 'text', notNull)
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', notNull)
    .execute();

  await withId(db, db.schema.createTable('invoice_registry'))
    .addColumn('invoice_code', 'text', notNull)
    .addColumn('invoice_number', 'text', notNull)
    .addColumn('invoice_type', 'text', notNull)
    .addColumn('issue_date', 'text', notNull)
    .addColumn('seller_taxpayer_id', 'text', notNull)
    .addColumn('seller_name', 'text', notNull)
    .addColumn('buyer_taxpayer_id', 'text')
    .addColumn('buyer_name', 'text', notNull)
    .addColumn('amount_fen', 'bigint', notNull)
    .addColumn('tax_fen', 'bigint', notNull)
    .addColumn('check_code', 'text')
    .addColumn('status', 'text', notNull)
    .addColumn('batch_id', 'integer', (c) => c.references('lookup_import_batches.id'))
    .addColumn('updated_at', 'text', notNull)
    .addUniqueConstraint('invoice_registry_code_number', ['invoice_code', 'invoice_number'])
    .execute();

  await withId(db, db.schema.createTable('taxpayer_registry'))
    .addColumn('taxpayer_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('taxpayer_type', 'text', notNull)
    .addColumn('credit_rating', 'text')
    .addColumn('credit_year', 'integer')
    .addColumn('legal_representative', 'text')
    .addColumn('address', 'text')
    .addColumn('org_unit_code', 'text')
    .addColumn('quota_monthly_sales_fen', 'bigint')
    .addColumn('quota_monthly_tax_fen', 'bigint')
    .addColumn('quota_from', 'text')
    .addColumn('quota_to', 'text')
    .addColumn('batch_id', 'integer', (c) => c.references('lookup_import_batches.id'))
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('taxpayer_registry_name').on('taxpayer_registry').column('name').execute();

  await withId(db, db.schema.createTable('progress_records'))
    .addColumn('taxpayer_id', 'text', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('item', 'text', notNull)
    .addColumn('period', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('occurred_on', 'text', notNull)
    .addColumn('note', 'text')
    .addColumn('batch_id', 'integer', (c) => c.references('lookup_import_batches.id'))
    .addColumn('updated_at', 'text', notNull)
    .addUniqueConstraint('progress_records_key', ['taxpayer_id', 'kind', 'item', 'period'])
    .execute();

  await withId(db, db.schema.createTable('reminder_lists'))
    .addColumn('name', 'text', notNull)
    .addColumn('segment', 'text', notNull)
    .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
    .addColumn('status', 'text', notNull)
    .addColumn('file_name', 'text', notNull)
    .addColumn('total_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('loaded_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', 'text', notNull)
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', notNull)
    .addColumn('finished_at', 'text')
    .execute();

  await withId(db, db.schema.createTable('reminder_list_members'))
    .addColumn('list_id', 'integer', (c) => c.notNull().references('reminder_lists.id'))
    .addColumn('line_no', 'integer', notNull)
    .addColumn('taxpayer_id', 'text', notNull)
    .addColumn('taxpayer_name', 'text', notNull)
    .addColumn('phone', 'text', notNull)
    .addColumn('period', 'text')
    .addColumn('amount_due_fen', 'bigint')
    .execute();
  await db.schema
    .createIndex('reminder_list_members_list')
    .on('reminder_list_members')
    .columns(['list_id', 'id'])
    .execute();

  await withId(db, db.schema.createTable('reminder_campaigns'))
    .addColumn('name', 'text', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('channel', 'text', notNull)
    .addColumn('list_id', 'integer', (c) => c.notNull().references('reminder_lists.id'))
    .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
    .addColumn('period', 'text', notNull)
    .addColumn('deadline', 'text')
    .addColumn('template', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('queued', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped_opt_out', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped_duplicate', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', notNull)
    .addColumn('started_at', 'text')
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema.createIndex('reminder_campaigns_org_unit').on('reminder_campaigns').column('org_unit_id').execute();

  await withId(db, db.schema.createTable('sms_messages'))
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('reminder_campaigns.id'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('reminder_list_members.id'))
    .addColumn('phone', 'text', notNull)
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', notNull)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', notNull)
    .addColumn('lease_token', 'text')
    .addColumn('body', 'text')
    .addColumn('gateway_message_id', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', notNull)
    .execute();
  await db.schema
    .createIndex('sms_messages_due')
    .on('sms_messages')
    .columns(['status', 'next_attempt_at', 'id'])
    .execute();
  await db.schema.createIndex('sms_messages_campaign').on('sms_messages').columns(['campaign_id', 'status']).execute();

  await db.schema
    .createTable('sms_opt_outs')
    .addColumn('phone', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', notNull)
    .addColumn('note', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', notNull)
    .execute();

  await withId(db, db.schema.createTable('callback_tasks'))
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('reminder_campaigns.id'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('reminder_list_members.id'))
    .addColumn('agent_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', notNull)
    .addColumn('result', 'text')
    .addColumn('note', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', notNull)
    .addColumn('done_at', 'text')
    .addUniqueConstraint('callback_tasks_member', ['campaign_id', 'member_id'])
    .execute();
  await db.schema.createIndex('callback_tasks_agent').on('callback_tasks').columns(['agent_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'callback_tasks',
    'sms_opt_outs',
    'sms_messages',
    'reminder_campaigns',
    'reminder_list_members',
    'reminder_lists',
    'progress_records',
    'taxpayer_registry',
    'invoice_registry',
    'lookup_import_batches',
    'filing_deadline_overrides',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
