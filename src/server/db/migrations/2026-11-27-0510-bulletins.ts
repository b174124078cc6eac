import type { Kysely } from 'kysely';
import { isPostgres, notNull, withId } from './helpers';

/**
 * The monthly information bulletin (信息专报, issue 5): one row per version of a month's bulletin of an
 * org unit, with the figures it was written from, the editor's remarks and the .docx it renders to.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const binary = isPostgres(db) ? 'bytea' : 'blob';
  await withId(db, db.schema.createTable('bulletins'))
    .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
    .addColumn('month', 'text', notNull)
    .addColumn('version', 'integer', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('figures', 'text', notNull)
    .addColumn('remarks', 'text', notNull)
    .addColumn('docx', binary, notNull)
    .addColumn('docx_size', 'integer', notNull)
    .addColumn('docx_sha256', 'text', notNull)
    .addColumn('generated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('generated_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addColumn('published_by', 'integer', (c) => c.references('users.id'))
    .addColumn('published_at', 'text')
    .addUniqueConstraint('bulletins_unit_month_version', ['org_unit_id', 'month', 'version'])
    .execute();
  await db.schema
    .createIndex('bulletins_unit_month_status')
    .on('bulletins')
    .columns(['org_unit_id', 'month', 'status'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('bulletins').execute();
}
