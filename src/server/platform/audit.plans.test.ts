import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPlanDatabase } from '../test/query-plans';
import { listAuditEntries } from './audit';

/** The audit log grows with every change: its filters must be served by an index, never a table scan. */
describe('query plans of the audit log', () => {
  let plans: Awaited<ReturnType<typeof openPlanDatabase>>;

  beforeAll(async () => {
    plans = await openPlanDatabase();
  });
  afterAll(() => plans.close());

  it('finds one person’s actions through the actor index, for the count and for the page', async () => {
    const found = await plans.plansOf(() => listAuditEntries(plans.db, { actor: 'agent1' }, { limit: 20, offset: 0 }));
    expect(found).toHaveLength(2);
    for (const plan of found) {
      expect(plan).toMatch(/USING (COVERING )?INDEX audit_log_actor_username/);
      expect(plan).not.toMatch(/^SCAN audit_log$/m);
    }
  });
});
