import { type Kysely, sql } from 'kysely';
import { isPostgres } from './migrations/helpers';

/** The database file is damaged: the server must not start on it. */
export class DatabaseDamaged extends Error {
  override name = 'DatabaseDamaged';
  constructor(detail: string) {
    super(
      `the SQLite database is damaged (${detail}); taxline will not start on it. ` +
        'Restore the last backup with `npm run restore -- <backup folder>` (README, "Backups and restore").',
    );
  }
}

const damagedCodes = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE']);

/** True for the errors SQLite raises on a damaged file. */
export function isDamagedFileError(error: unknown): boolean {
  return damagedCodes.has(String((error as { code?: unknown })?.code ?? ''));
}

/**
 * Checks the structure of a SQLite database (`PRAGMA quick_check`: every page and b-tree, in time
 * linear in the file's size, without the index-content cross-check of integrity_check) and throws
 * DatabaseDamaged when it finds anything. PostgreSQL keeps its own guards; nothing to check here.
 */
export async function checkDatabaseIntegrity(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  let problems: string[];
  try {
    const result = await sql<{ quick_check: string }>`pragma quick_check(5)`.execute(db);
    problems = result.rows.map((r) => Object.values(r)[0] as string).filter((line) => line !== 'ok');
  } catch (error) {
    if (isDamagedFileError(error)) throw new DatabaseDamaged((error as Error).message);
    throw error;
  }
  if (problems.length > 0) throw new DatabaseDamaged(`PRAGMA quick_check: ${problems.join('; ')}`);
}
