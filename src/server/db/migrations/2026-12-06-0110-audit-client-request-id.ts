import type { Kysely } from 'kysely';

/**
 * The request id an audit row stores is the server's own (issue 14: a client chose it before); the id
 * a client sends in X-Request-Id is kept beside it, for correlation with the caller's logs.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('client_request_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').dropColumn('client_request_id').execute();
}
