import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type App, buildApp } from '../app';
import { type DbHandle, type DialectName, openDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { seedDemoData } from '../demo/demo-data';
import { fixedClock } from '../platform/clock';

/** The PostgreSQL server tests create their databases on (trust auth on CI and developer machines). */
export const testPostgresUrl = process.env.TAXLINE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const demoPassword = 'demo-pass-2026';

let postgresReachable: Promise<boolean> | undefined;

async function canReachPostgres(): Promise<boolean> {
  const client = new pg.Client({ connectionString: testPostgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The dialects every integration suite runs on: SQLite always, PostgreSQL when reachable.
 * Under CI=true an unreachable PostgreSQL fails the run instead of being skipped.
 */
export async function testDialects(): Promise<DialectName[]> {
  postgresReachable ??= canReachPostgres();
  if (await postgresReachable) return ['sqlite', 'postgres'];
  if (process.env.CI === 'true')
    throw new Error(`PostgreSQL is required under CI=true but ${testPostgresUrl} cannot be reached`);
  console.warn(`PostgreSQL at ${testPostgresUrl} unreachable: running on SQLite only`);
  return ['sqlite'];
}

export interface TestDatabase extends DbHandle {
  /** The PostgreSQL URL of this database, or the SQLite data dir. */
  location: string;
  drop(): Promise<void>;
}

/** A fresh, empty database of the dialect: a temp SQLite file, or a new PostgreSQL database dropped afterwards. */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-test-'));
    const handle = openDatabase({ dataDir });
    return {
      ...handle,
      location: dataDir,
      drop: async () => {
        await handle.db.destroy();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `taxline_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(testPostgresUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ databaseUrl: url.toString(), dataDir: os.tmpdir() });
  return {
    ...handle,
    location: url.toString(),
    drop: async () => {
      await handle.db.destroy();
      const client = new pg.Client({ connectionString: testPostgresUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export interface TestApp {
  app: App;
  database: TestDatabase;
  clock: ReturnType<typeof fixedClock>;
  /** Logs a demo (or other) account in and returns what its requests need. */
  login(username: string, password?: string): Promise<Session>;
  close(): Promise<void>;
}

export interface Session {
  cookie: string;
  csrfToken: string;
  userId: number;
  /** Headers for a read. */
  headers: Record<string, string>;
  /** Headers for a write: the cookie and the CSRF token. */
  writeHeaders: Record<string, string>;
}

/** A migrated database with the demo data, and the app over it; the clock is fixed and settable. */
export async function createTestApp(
  dialect: DialectName,
  options: { now?: string; webRoot?: string; seed?: boolean; ctiToken?: string } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(dialect);
  const clock = fixedClock(new Date(options.now ?? '2026-11-27T02:00:00Z'));
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-files-'));
  await migrateToLatest(database.db);
  if (options.seed !== false) await seedDemoData(database.db, { password: demoPassword, now: clock.now() });
  const app = await buildApp({
    db: database.db,
    dialect,
    clock,
    version: 'test',
    isProduction: false,
    dataDir: filesDir,
    ctiToken: options.ctiToken,
    ...(options.webRoot ? { webRoot: options.webRoot } : {}),
  });
  await app.ready();
  return {
    app,
    database,
    clock,
    login: async (username, password = demoPassword) => {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const body = res.json() as { csrfToken: string; user: { id: number } };
      return {
        cookie,
        csrfToken: body.csrfToken,
        userId: body.user.id,
        headers: { cookie },
        writeHeaders: { cookie, 'x-csrf-token': body.csrfToken },
      };
    },
    close: async () => {
      await app.close();
      await database.drop();
      fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}
