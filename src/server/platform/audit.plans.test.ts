import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../db/migrate';
import type { Database } from '../db/schema';
import { listAuditEntries } from './audit';

/** The audit log grows with every change: its filters must be served by an index, never a table scan. */
describe('query plans of the audit log', () => {
  let dir: string;
  let raw: SQLite.Database;
  let db: Kysely<Database>;
  const captured: Array<{ sql: string; parameters: readonly unknown[] }> = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-audit-plans-'));
    raw = new SQLite(path.join(dir, 'plans.db'));
    db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: raw }),
      log: (event) => {
        if (event.level === 'query') captured.push({ sql: event.query.sql, parameters: event.query.parameters });
      },
    });
    await migrateToLatest(db);
  });
  afterAll(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds one person’s actions through the actor index, for the count and for the page', async () => {
    captured.length = 0;
    await listAuditEntries(db, { actor: 'agent1' }, { limit: 20, offset: 0 });
    expect(captured).toHaveLength(2);
    for (const query of captured) {
      const plan = (
        raw.prepare(`explain query plan ${query.sql}`).all(...(query.parameters as unknown[])) as Array<{
          detail: string;
        }>
      )
        .map((r) => r.detail)
        .join('\n');
      expect(plan).toMatch(/USING (COVERING )?INDEX audit_log_actor_username/);
      expect(plan).not.toMatch(/^SCAN audit_log$/m);
    }
  });
});
