import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/connection';
import type { Clock } from './clock';

export interface JobContext {
  db: Db;
  now: Date;
  log: FastifyBaseLogger;
  /** TAXLINE_DATA_DIR of this instance, for jobs that write files there (unset in tests that need none). */
  dataDir?: string | undefined;
}

/**
 * A scheduled sweep: bounded, idempotent, run at most once per slot across every server instance.
 * `slotOf` names the slot an instant falls in (e.g. the minute); `run` returns counts for the log line.
 */
export interface Job {
  name: string;
  intervalMs: number;
  slotOf(now: Date): string;
  run(ctx: JobContext): Promise<Record<string, number>>;
}

/** Slots of a fixed length, named by their start in UTC; ticks often enough not to miss one. */
export function every(ms: number): Pick<Job, 'intervalMs' | 'slotOf'> {
  return {
    intervalMs: Math.min(ms, 60_000),
    slotOf: (now) => new Date(Math.floor(now.getTime() / ms) * ms).toISOString(),
  };
}

/**
 * Runs the job for the slot `now` falls in, unless an instance already took that slot: the slot row's
 * primary key decides, so two instances never run the same slot. Returns null when skipped.
 */
export async function runJobSlot(job: Job, ctx: JobContext): Promise<Record<string, number> | null> {
  const slot = job.slotOf(ctx.now);
  const claimed = await ctx.db
    .insertInto('job_runs')
    .values({ job: job.name, slot, started_at: ctx.now.toISOString(), finished_at: null, result: null })
    .onConflict((oc) => oc.columns(['job', 'slot']).doNothing())
    .executeTakeFirst();
  if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) return null;
  const started = Date.now();
  // finished_at on the server's clock like started_at (a fixed or shifted clock must not be mixed with the real one).
  const finishedAt = () => new Date(ctx.now.getTime() + (Date.now() - started)).toISOString();
  let result: Record<string, number>;
  try {
    result = await job.run(ctx);
  } catch (error) {
    // The slot stays taken: the next slot runs the sweep again, which is safe because sweeps are idempotent.
    await ctx.db
      .updateTable('job_runs')
      .set({ finished_at: finishedAt(), result: JSON.stringify({ error: String(error) }) })
      .where('job', '=', job.name)
      .where('slot', '=', slot)
      .execute();
    ctx.log.error({ job: job.name, slot, err: error }, 'job failed');
    return null;
  }
  await ctx.db
    .updateTable('job_runs')
    .set({ finished_at: finishedAt(), result: JSON.stringify(result) })
    .where('job', '=', job.name)
    .where('slot', '=', slot)
    .execute();
  // A sweep that found nothing to do logs at debug level, so frequent jobs do not flood the log.
  const didWork = Object.values(result).some((n) => n !== 0);
  ctx.log[didWork ? 'info' : 'debug']({ job: job.name, slot, ms: Date.now() - started, ...result }, 'job ran');
  return result;
}

/** Ticks every job on its interval; a tick is skipped while the job's previous tick still runs. */
export function startScheduler(options: {
  db: Db;
  clock: Clock;
  log: FastifyBaseLogger;
  jobs: readonly Job[];
  dataDir?: string;
}): {
  stop(): Promise<void>;
} {
  const running = new Map<string, Promise<unknown>>();
  const timers = options.jobs.map((job) =>
    setInterval(() => {
      if (running.has(job.name)) return;
      const ctx = { db: options.db, now: options.clock.now(), log: options.log, dataDir: options.dataDir };
      const tick = runJobSlot(job, ctx)
        .catch((error: unknown) => options.log.error({ job: job.name, err: error }, 'job slot could not be claimed'))
        .finally(() => running.delete(job.name));
      running.set(job.name, tick);
    }, job.intervalMs),
  );
  return {
    stop: async () => {
      for (const t of timers) clearInterval(t);
      await Promise.all(running.values());
    },
  };
}

/** Forgets slots older than `before`, so the slot table stays small. */
export async function deleteJobRunsBefore(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('job_runs').where('started_at', '<', before.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Runs of each job since `since`, and how many of them failed (across every instance: the slot table). */
export async function countJobRunsSince(
  db: Db,
  since: Date,
): Promise<Array<{ job: string; runs: number; failures: number }>> {
  const rows = await db
    .selectFrom('job_runs')
    .select(['job', 'result'])
    .where('started_at', '>=', since.toISOString())
    .execute();
  const byJob = new Map<string, { job: string; runs: number; failures: number }>();
  for (const row of rows) {
    const entry = byJob.get(row.job) ?? { job: row.job, runs: 0, failures: 0 };
    entry.runs += 1;
    if (row.result?.startsWith('{"error"')) entry.failures += 1;
    byJob.set(row.job, entry);
  }
  return [...byJob.values()];
}
