import type { Kysely } from 'kysely';
import { notNull } from './helpers';

/**
 * The file gateway's record of what it appended, by idempotency key: every instance deduplicates
 * here, not in a process's memory, so an instance taking over a crashed one's batch sends nothing twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sms_gateway_sends')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sms_gateway_sends').execute();
}
