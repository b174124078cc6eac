import type { Db } from '../db/connection';
import { countJobRunsSince } from './jobs';
import type { MetricSource } from './metrics';
import { countOutboxBacklog } from './outbox';

/** What a database pool reports: connections open, idle, and requests waiting for one. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

const DAY_MS = 24 * 60 * 60_000;

/** The platform's own figures: scheduled jobs, the outbox, the database pool. */
export function platformMetricSources(options: { db: Db; now: () => Date; pool?: () => PoolStats }): MetricSource[] {
  const { db, now, pool } = options;
  return [
    {
      name: 'taxline_job_runs_24h',
      help: 'Slots each scheduled job ran in the last 24 hours, on any instance',
      labelNames: ['job'],
      read: async () =>
        (await countJobRunsSince(db, new Date(now().getTime() - DAY_MS))).map((r) => ({
          labels: { job: r.job },
          value: r.runs,
        })),
    },
    {
      name: 'taxline_job_failures_24h',
      help: 'Slots each scheduled job failed in the last 24 hours, on any instance',
      labelNames: ['job'],
      read: async () =>
        (await countJobRunsSince(db, new Date(now().getTime() - DAY_MS))).map((r) => ({
          labels: { job: r.job },
          value: r.failures,
        })),
    },
    {
      name: 'taxline_outbox_backlog',
      help: 'Outbox messages waiting to be sent (pending or in flight), by channel',
      labelNames: ['channel'],
      read: async () => (await countOutboxBacklog(db)).map((r) => ({ labels: { channel: r.channel }, value: r.n })),
    },
    {
      name: 'taxline_db_pool_connections',
      help: "This instance's PostgreSQL pool: connections open, idle, and queries waiting for one (none on SQLite)",
      labelNames: ['state'],
      read: async () => {
        const stats = pool?.();
        if (!stats) return [];
        return [
          { labels: { state: 'open' }, value: stats.total },
          { labels: { state: 'idle' }, value: stats.idle },
          { labels: { state: 'waiting' }, value: stats.waiting },
        ];
      },
    },
  ];
}
