import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, type SqliteDatabase, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { RefuseEmptyUpdates } from './empty-update';
import { DatabaseDamaged, isDamagedFileError } from './integrity';
import type { Database } from './schema';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the database or an open transaction: repository functions take this first. */
export type DbOrTx = Db | Tx;
export type DialectName = 'sqlite' | 'postgres';

export interface DbHandle {
  db: Db;
  dialect: DialectName;
  /** PostgreSQL only: the pool's connections open, idle, and queries waiting for one. */
  poolStats?: () => { total: number; idle: number; waiting: number };
}

// COUNT and SUM come back as strings from pg's int8/numeric; taxline's counts fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number.parseFloat(v));

/**
 * How SQLite syncs commits to disk. FULL (the default): in WAL mode every commit is on disk before it
 * returns, so a power cut or an OS crash loses no acknowledged contact, case or audit row (NORMAL
 * never corrupts the file either, but may drop the last commits before a checkpoint). Tests, whose
 * databases are thrown away, use NORMAL to keep the suite fast.
 */
export type SqliteSync = 'FULL' | 'NORMAL';

/** Opens PostgreSQL when a URL is given, otherwise SQLite at `<dataDir>/taxline.db` (folder created owner-only). */
export function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir: string;
  sqliteSync?: SqliteSync;
}): DbHandle {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle client whose connection drops (a PostgreSQL restart, a dropped test database) is removed
    // by the pool and the next query opens a new one; without a listener the error would end the process.
    pool.on('error', () => {});
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new RefuseEmptyUpdates()] }),
      dialect: 'postgres',
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    };
  }
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  return openSqlite(path.join(options.dataDir, 'taxline.db'), options.sqliteSync);
}

/** SQLite with WAL, foreign keys and a busy timeout, as every taxline process opens it; a damaged file is refused. */
export function openSqlite(file: string, sync: SqliteSync = 'FULL'): DbHandle {
  const sqlite = new SQLite(file);
  try {
    sqlite.pragma('journal_mode = WAL');
  } catch (error) {
    sqlite.close();
    if (isDamagedFileError(error)) throw new DatabaseDamaged(`${file}: ${(error as Error).message}`);
    throw error;
  }
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma(`synchronous = ${sync}`);
  return {
    db: new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
      plugins: [new RefuseEmptyUpdates()],
    }),
    dialect: 'sqlite',
  };
}

const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely prepares every query anew; taxline runs the same few hundred statements over and over, so
 * keep them prepared (about half of a small write's cost on SQLite). A statement still being iterated
 * by a stream is busy and gets a fresh one.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (source: string) => {
      const cached = cache.get(source);
      if (cached && !cached.busy) return cached;
      const statement = sqlite.prepare(source);
      if (!cached) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(source, statement);
      }
      return statement;
    },
  };
}
