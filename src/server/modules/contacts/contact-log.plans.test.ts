import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../db/migrate';
import type { Database } from '../../db/schema';
import * as repo from './contacts.repository';

/**
 * The contact log and the inbox must stay fast at millions of rows: each of their queries is served
 * by an index range (SEARCH), never by a scan of the table. Checked on SQLite's query plans.
 */
describe('query plans of the contact log and the inboxes', () => {
  let dir: string;
  let raw: SQLite.Database;
  let db: Kysely<Database>;
  const captured: Array<{ sql: string; parameters: readonly unknown[] }> = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-plans-'));
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

  /** The plan of the last statement `run` executed. */
  const planOf = async (run: () => Promise<unknown>) => {
    captured.length = 0;
    await run();
    const query = captured.at(-1)!;
    const rows = raw.prepare(`explain query plan ${query.sql}`).all(...(query.parameters as unknown[])) as Array<{
      detail: string;
    }>;
    return rows.map((r) => r.detail).join('\n');
  };

  const range = { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' };
  const cursor = { startedAt: '2026-01-15T00:00:00.000Z', id: 99 };

  it.each([
    ['agent + date range', { agentId: 5, ...range, orgUnitIds: [1, 2] }, 'contacts_agent_started'],
    ['date range', range, 'contacts_started'],
    ['phone', { phone: '13812345678' }, 'contacts_phone_started'],
    ['taxpayer id', { taxpayerId: '91350100M000100Y43' }, 'contacts_taxpayer_started'],
  ])('pages the log by %s through its index, first page and next', async (_, filter, index) => {
    for (const at of [null, cursor]) {
      const plan = await planOf(() => repo.findContactPage(db, filter, at, 21));
      expect(plan).toContain(`SEARCH c USING INDEX ${index}`);
      expect(plan).not.toMatch(/SCAN c\b(?! USING INDEX)/);
      expect(plan).not.toContain('TEMP B-TREE');
    }
  });

  it('reads an agent’s inbox from the partial index of open contacts', async () => {
    expect(await planOf(() => repo.findAgentInbox(db, 5, 200))).toContain('SEARCH c USING INDEX contacts_agent_open');
  });

  it('reads a department’s inbox by department, status and due time', async () => {
    const plan = await planOf(() => repo.findOpenTransfersOfDepartment(db, 5, 200));
    expect(plan).toContain('SEARCH t USING INDEX transfers_department_status_due');
    expect(plan).not.toContain('TEMP B-TREE');
  });

  it('finds a caller’s history by phone and by taxpayer id', async () => {
    expect(await planOf(() => repo.findOpenContactsOfCaller(db, { phone: '13812345678' }, undefined))).toContain(
      'USING INDEX contacts_phone_started',
    );
    expect(
      await planOf(() => repo.findOpenContactsOfCaller(db, { taxpayerId: '91350100M000100Y43' }, undefined)),
    ).toContain('USING INDEX contacts_taxpayer_started');
  });
});
