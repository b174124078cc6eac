import { type Kysely, type Migration, Migrator } from 'kysely';
import * as foundation from './migrations/2026-11-27-0001-foundation';
import * as jobsOutbox from './migrations/2026-11-27-0002-jobs-outbox';

/** Every migration in order, by its frozen date-based name. */
const migrations: Record<string, Migration> = {
  '2026-11-27-0001-foundation': foundation,
  '2026-11-27-0002-jobs-outbox': jobsOutbox,
};

/** Brings the schema up to date; throws on the first failed migration. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
