import type { Kysely } from 'kysely';
import { notNull } from './helpers';

/**
 * Exact-match lookups of callers (by phone or taxpayer id) counted per user and hour, so that no search
 * serves as an oracle for guessing a number (issue 12). In the database, not in memory: several
 * instances behind one PostgreSQL share the count, so the limit does not grow with the instances.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('contact_lookup_counts')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('window_start', 'text', notNull)
    .addColumn('count', 'integer', notNull)
    .addPrimaryKeyConstraint('contact_lookup_counts_pk', ['user_id', 'window_start'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('contact_lookup_counts').execute();
}
