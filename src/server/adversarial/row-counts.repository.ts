import { sql } from 'kysely';
import type { Db } from '../db/connection';
import { isPostgres } from '../db/migrations/helpers';

/** The names of every table of the database (migrations' own bookkeeping included). */
export async function listTables(db: Db): Promise<string[]> {
  const { rows } = isPostgres(db)
    ? await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public'`.execute(db)
    : await sql<{
        name: string;
      }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
  return rows.map((r) => r.name).sort();
}

/** The row count of each table, in one statement, so that a suite can take it around every request. */
export async function countRows(db: Db, tables: readonly string[]): Promise<Record<string, number>> {
  if (tables.length === 0) return {};
  const selects = tables.map((t) => sql`select ${t} as name, count(*) as n from ${sql.table(t)}`);
  const { rows } = await sql<{ name: string; n: number | string }>`${sql.join(selects, sql` union all `)}`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
}
