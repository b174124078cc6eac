import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrateToLatest } from '../db/migrate';
import type { Database } from '../db/schema';

/**
 * A migrated, empty SQLite database whose statements are captured, for tests that check that a query
 * is served by an index (SEARCH … USING INDEX) rather than a scan of the table.
 */
export async function openPlanDatabase() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-plans-'));
  const raw = new SQLite(path.join(dir, 'plans.db'));
  const captured: Array<{ sql: string; parameters: readonly unknown[] }> = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: raw }),
    log: (event) => {
      if (event.level === 'query') captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  await migrateToLatest(db);
  return {
    db,
    /** SQLite's query plan of every statement `run` executed, in order, each as one text. */
    async plansOf(run: () => Promise<unknown>): Promise<string[]> {
      captured.length = 0;
      await run();
      return captured.map((query) =>
        (
          raw.prepare(`explain query plan ${query.sql}`).all(...(query.parameters as unknown[])) as Array<{
            detail: string;
          }>
        )
          .map((r) => r.detail)
          .join('\n'),
      );
    },
    async close() {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
