import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { createTestApp, type TestApp, testDialects } from '../test/harness';
import { enqueue } from './outbox';

const dialects = await testDialects();
const token = 'metrics-token-0123456789';

describe.each(dialects)('/metrics on %s', (dialect) => {
  let t: TestApp;
  let withMetrics: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    withMetrics = await buildApp({
      db: t.database.db,
      dialect,
      clock: t.clock,
      version: 'test',
      isProduction: false,
      dataDir: '/tmp',
      ctiToken: undefined,
      metricsToken: token,
      dbPoolStats: () => ({ total: 3, idle: 2, waiting: 0 }),
    });
  });
  afterAll(async () => {
    await withMetrics.close();
    await t.close();
  });

  const scrape = (authorization?: string) =>
    withMetrics.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });

  it('does not exist without a token', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
  });

  it('refuses a missing or wrong token', async () => {
    expect((await scrape()).statusCode).toBe(401);
    const wrong = await scrape('Bearer not-the-token-at-all');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('METRICS_TOKEN_INVALID');
  });

  it('reports requests by route, jobs, outbox, SMS queue, SSE listeners, the index and the pool', async () => {
    await withMetrics.inject({ method: 'GET', url: '/api/health' });
    await withMetrics.inject({ method: 'GET', url: '/api/contacts/12345' });
    await t.database.db
      .transaction()
      .execute((trx) =>
        enqueue(trx, { channel: 'sms', recipient: '13800138000', payload: { text: 'x' } }, t.clock.now()),
      );
    await t.database.db
      .insertInto('job_runs')
      .values([
        { job: 'outbox.dispatch', slot: 'a', started_at: t.clock.now().toISOString(), finished_at: null, result: '{}' },
        {
          job: 'outbox.dispatch',
          slot: 'b',
          started_at: t.clock.now().toISOString(),
          finished_at: null,
          result: '{"error":"x"}',
        },
      ])
      .execute();
    const res = await scrape(`Bearer ${token}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(text).toMatch(
      /taxline_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status_code="200"\} 1/,
    );
    // A route's pattern, not its URL.
    expect(text).toContain('route="/api/contacts/:id"');
    expect(text).toMatch(/taxline_job_runs_24h\{job="outbox.dispatch"\} 2/);
    expect(text).toMatch(/taxline_job_failures_24h\{job="outbox.dispatch"\} 1/);
    expect(text).toMatch(/taxline_outbox_backlog\{channel="sms"\} 1/);
    expect(text).toMatch(/taxline_sms_queue\{status="queued"\} 0/);
    expect(text).toMatch(/taxline_sse_listeners 0/);
    expect(text).toMatch(/taxline_kb_index_documents 0/);
    expect(text).toMatch(/taxline_kb_index_lag_entries \d+/);
    expect(text).toMatch(/taxline_db_pool_connections\{state="idle"\} 2/);
  });
});
