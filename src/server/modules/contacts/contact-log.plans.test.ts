import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection';
import { allOrgUnits, subtreeOf } from '../../platform/auth/scope';
import { openPlanDatabase } from '../../test/query-plans';
import * as repo from './contacts.repository';

/**
 * The contact log and the inbox must stay fast at millions of rows: each of their queries is served
 * by an index range (SEARCH), never by a scan of the table. Checked on SQLite's query plans.
 */
describe('query plans of the contact log and the inboxes', () => {
  let plans: Awaited<ReturnType<typeof openPlanDatabase>>;
  let db: Db;

  beforeAll(async () => {
    plans = await openPlanDatabase();
    db = plans.db;
  });
  afterAll(() => plans.close());

  /** The plan of the last statement `run` executed. */
  const planOf = async (run: () => Promise<unknown>) => (await plans.plansOf(run)).at(-1)!;

  const range = { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' };
  const cursor = { startedAt: '2026-01-15T00:00:00.000Z', id: 99 };

  it.each([
    ['agent + date range', { agentId: 5, ...range, scope: subtreeOf('/1/2/') }, 'contacts_agent_started'],
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
    expect(await planOf(() => repo.findOpenContactsOfCaller(db, { phone: '13812345678' }, allOrgUnits))).toContain(
      'USING INDEX contacts_phone_started',
    );
    expect(
      await planOf(() => repo.findOpenContactsOfCaller(db, { taxpayerId: '91350100M000100Y43' }, allOrgUnits)),
    ).toContain('USING INDEX contacts_taxpayer_started');
  });
});
