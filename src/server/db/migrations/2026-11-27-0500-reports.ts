import type { Kysely } from 'kysely';

/**
 * Statistics (issue 5): one covering index so that every contact figure of a period (by hour, channel,
 * type, tax kind, outcome, agent and org unit) is read from the index alone, never from the table rows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('contacts_report')
    .on('contacts')
    .columns(['started_at', 'org_unit_id', 'agent_id', 'outcome', 'channel', 'type', 'tax_kind'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('contacts_report').execute();
}
