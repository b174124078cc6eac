import { type Kysely, type MigrationResultSet, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../test/harness';
import { createMigrator } from './migrate';

const dialects = await testDialects();

/** Every table with its columns, every index with its definition, and the row count of each table (Kysely's own left out). */
async function describeSchema(db: Kysely<any>, dialect: string): Promise<Record<string, unknown>> {
  const tables = await db.introspection.getTables();
  const indexes =
    dialect === 'postgres'
      ? (
          await sql<{ name: string; definition: string }>`
            select indexname as name, indexdef as definition from pg_indexes
            where schemaname = 'public' and tablename not like 'kysely_migration%'`.execute(db)
        ).rows
      : (
          await sql<{ name: string; definition: string | null }>`
            select name, sql as definition from sqlite_master
            where type = 'index' and tbl_name not like 'kysely_migration%'`.execute(db)
        ).rows;
  const rows: Record<string, number> = {};
  for (const table of tables) {
    const counted = await db
      .selectFrom(table.name)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    rows[table.name] = Number(counted.n);
  }
  return {
    tables: Object.fromEntries(
      tables.map((t) => [t.name, t.columns.map((c) => `${c.name} ${c.dataType}${c.isNullable ? '' : ' not null'}`)]),
    ),
    indexes: Object.fromEntries(indexes.map((i) => [i.name, i.definition])),
    rows,
  };
}

function applied(step: MigrationResultSet, direction: 'Up' | 'Down'): string {
  if (step.error) throw step.error;
  const [result, ...more] = step.results ?? [];
  expect(more).toEqual([]);
  expect(result).toMatchObject({ direction, status: 'Success' });
  return result!.migrationName;
}

describe.each(dialects)('migrations on %s', (dialect) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('undoes every migration with its down, back to the schema before it, and runs them all up again', async () => {
    database = await createTestDatabase(dialect);
    const migrator = createMigrator(database.db);
    const before: Array<{ name: string; schema: Record<string, unknown> }> = [];
    for (;;) {
      const schema = await describeSchema(database.db, dialect);
      const step = await migrator.migrateUp();
      if (!step.results?.length && !step.error) break;
      before.push({ name: applied(step, 'Up'), schema });
    }
    const latest = await describeSchema(database.db, dialect);
    expect(before.length).toBeGreaterThan(5);

    for (const { name, schema } of before.toReversed()) {
      expect(applied(await migrator.migrateDown(), 'Down')).toBe(name);
      expect(await describeSchema(database.db, dialect)).toEqual(schema);
    }
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await describeSchema(database.db, dialect)).toEqual(latest);
    // Every migration walked three times with a schema dump between steps: minutes under load, not 30 s.
  }, 180_000);
});
