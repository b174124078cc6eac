import type { Kysely } from 'kysely';

/**
 * The audit log is filtered by the actor's username (the 审计日志 page and its API), but the foundation
 * indexed the actor's user id, which no query reads: index what the filter uses instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_actor').execute();
  await db.schema.createIndex('audit_log_actor_username').on('audit_log').columns(['actor_username', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_actor_username').execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_user_id', 'at']).execute();
}
