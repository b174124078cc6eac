import { sql } from 'kysely';
import type { Db } from './connection';
import { isPostgres } from './migrations/helpers';

/** Advisory lock keys taxline takes on PostgreSQL: (7007, n). 1: kb_index_log, 2: push_events, 3: startup. */
const STARTUP_LOCK = 3;

/**
 * Runs the startup work (migrations, demo data) while holding a session advisory lock on PostgreSQL,
 * so that instances starting at once on one database do it one after the other: the later one finds
 * the work done. SQLite needs none (one server process owns the file).
 */
export async function withStartupLock<T>(db: Db, work: () => Promise<T>): Promise<T> {
  if (!isPostgres(db)) return work();
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(7007, ${sql.lit(STARTUP_LOCK)})`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(7007, ${sql.lit(STARTUP_LOCK)})`.execute(connection);
    }
  });
}
