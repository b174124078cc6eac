import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

/**
 * Login throttling counts the failures of each account and source address together, in one row per
 * pair that an attempt updates atomically (issue 12), instead of a row per failure counted before
 * the failure was stored. The per-failure table goes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('username', 'text', notNull)
    .addColumn('source', 'text', notNull)
    .addColumn('failures', 'integer', notNull)
    .addColumn('next_attempt_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addPrimaryKeyConstraint('login_throttle_pkey', ['username', 'source'])
    .execute();
  await db.schema.createIndex('login_throttle_updated_at').on('login_throttle').column('updated_at').execute();
  await db.schema.dropTable('login_failures').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_throttle').execute();
  await withId(db, db.schema.createTable('login_failures'))
    .addColumn('username', 'text', notNull)
    .addColumn('ip', 'text', notNull)
    .addColumn('at', 'text', notNull)
    .execute();
  await db.schema.createIndex('login_failures_username_at').on('login_failures').columns(['username', 'at']).execute();
  await db.schema.createIndex('login_failures_ip_at').on('login_failures').columns(['ip', 'at']).execute();
}
