/**
 * Backups and restores of a taxline installation: the database and the attachments folder. The data
 * key (TAXLINE_DATA_KEY or `<data dir>/data.key`) is never part of a backup: whoever holds a backup
 * must not hold the key with it.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { DatabaseDamaged, isDamagedFileError } from './integrity';

export const DATABASE_FILE = 'taxline.db';
export const ATTACHMENTS_DIR = 'attachments';
export const KEY_NOTE =
  'the data key (TAXLINE_DATA_KEY or <data dir>/data.key) is NOT in the backup: keep a copy of it apart from ' +
  'the backups (e.g. in the password safe); without it the encrypted data of a backup cannot be read';

export interface BackupSource {
  dataDir: string;
  databaseUrl: string | undefined;
}

export interface BackupResult {
  /** Lines for the console. */
  lines: string[];
}

/** A URL without its password, for printing. */
function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Checks a SQLite file with `PRAGMA quick_check`; throws DatabaseDamaged naming what is wrong. */
export function checkSqliteFile(file: string): void {
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma('quick_check(5)') as Array<Record<string, string>>;
    const problems = rows.map((r) => Object.values(r)[0]).filter((line) => line !== 'ok');
    if (problems.length > 0) throw new DatabaseDamaged(`${file}: PRAGMA quick_check: ${problems.join('; ')}`);
  } catch (error) {
    if (isDamagedFileError(error)) throw new DatabaseDamaged(`${file}: ${(error as Error).message}`);
    throw error;
  } finally {
    db?.close();
  }
}

/** A destination that does not exist yet or is an empty folder, created owner-only. */
function prepareEmptyFolder(dir: string): void {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new Error(`${dir} is not empty: back up into a new folder`);
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

/** Copies the attachments folder when there is one; returns how many files were copied. */
function copyAttachments(fromDataDir: string, toDir: string): number {
  const from = path.join(fromDataDir, ATTACHMENTS_DIR);
  if (!fs.existsSync(from)) return 0;
  let files = 0;
  fs.cpSync(from, path.join(toDir, ATTACHMENTS_DIR), {
    recursive: true,
    filter: (source) => {
      if (fs.statSync(source).isFile()) files += 1;
      return true;
    },
  });
  return files;
}

/**
 * Backs up into `dest`: on SQLite the database through SQLite's online backup API (a consistent copy
 * while the server keeps writing, checked with quick_check before it is kept), then the attachments
 * folder (after the database, so every file the copied database names is there). On PostgreSQL the
 * attachments, and the `pg_dump` command that backs up the database.
 */
export async function backUp(source: BackupSource, dest: string): Promise<BackupResult> {
  const target = path.resolve(dest);
  prepareEmptyFolder(target);
  const lines: string[] = [];
  if (source.databaseUrl) {
    lines.push(
      'PostgreSQL: back the database up with',
      `  pg_dump --format=custom --file ${path.join(target, 'taxline.pgdump')} '${withoutPassword(source.databaseUrl)}'`,
    );
  } else {
    const file = path.join(source.dataDir, DATABASE_FILE);
    if (!fs.existsSync(file)) throw new Error(`no database at ${file}`);
    const partial = path.join(target, `${DATABASE_FILE}.partial`);
    const db = new SQLite(file, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      // After the first step, the rest in one step: a step reads one snapshot, while a backup copied
      // in many small steps restarts each time another connection writes and may never finish under load.
      await db.backup(partial, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
    } finally {
      db.close();
    }
    // One self-contained file: the copy keeps the source's WAL mode, which would leave -wal/-shm beside it.
    const copy = new SQLite(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    checkSqliteFile(partial);
    fs.chmodSync(partial, 0o600);
    fs.renameSync(partial, path.join(target, DATABASE_FILE));
    lines.push(`database: ${path.join(target, DATABASE_FILE)} (online backup, quick_check ok)`);
  }
  const files = copyAttachments(source.dataDir, target);
  lines.push(`attachments: ${files} file(s) in ${path.join(target, ATTACHMENTS_DIR)}`, KEY_NOTE);
  return { lines };
}

/** The restore's check that the installation's data key opens the restored data (a line for the console). */
export type DataKeyCheck = (restored: BackupSource) => Promise<string>;

/**
 * Restores a backup made by backUp into `target.dataDir`: the backup's database is checked first, the
 * current database (with its -wal/-shm) is moved aside, never overwritten, then the attachments are
 * replaced and the data key is checked against the restored data. The server must be stopped.
 */
export async function restore(
  backupDir: string,
  target: BackupSource,
  options: { checkDataKey: DataKeyCheck; now?: Date },
): Promise<BackupResult> {
  const from = path.resolve(backupDir);
  const lines: string[] = [];
  const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  fs.mkdirSync(target.dataDir, { recursive: true, mode: 0o700 });
  if (target.databaseUrl) {
    const dump = path.join(from, 'taxline.pgdump');
    lines.push(
      'PostgreSQL: restore the database with',
      `  pg_restore --clean --if-exists --no-owner --dbname '${withoutPassword(target.databaseUrl)}' ${dump}`,
    );
  } else {
    const source = path.join(from, DATABASE_FILE);
    if (!fs.existsSync(source)) throw new Error(`no ${DATABASE_FILE} in ${from}`);
    checkSqliteFile(source);
    const file = path.join(target.dataDir, DATABASE_FILE);
    // A stale -wal beside the restored file would be replayed into it: move it aside with the database.
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, `${file}.before-restore-${stamp}${suffix}`);
    }
    const partial = `${file}.partial`;
    fs.copyFileSync(source, partial);
    fs.chmodSync(partial, 0o600);
    fs.renameSync(partial, file);
    checkSqliteFile(file);
    lines.push(`database: restored into ${file} (quick_check ok)`);
  }
  const attachments = path.join(target.dataDir, ATTACHMENTS_DIR);
  if (fs.existsSync(attachments)) fs.renameSync(attachments, `${attachments}.before-restore-${stamp}`);
  const files = copyAttachments(from, target.dataDir);
  lines.push(`attachments: ${files} file(s) restored`);
  lines.push(await options.checkDataKey(target));
  return { lines };
}
