import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { type App, type BuildAppOptions, buildApp } from '../app';
import { type DbHandle, type DialectName, openDatabase, openSqlite } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { demoAccounts, seedDemoData } from '../demo/demo-data';
import { hashPassword } from '../platform/auth/password';
import { fixedClock } from '../platform/clock';
import { DataKey, installDataKey } from '../platform/crypto';

/** The PostgreSQL server tests create their databases on (trust auth on CI and developer machines). */
export const testPostgresUrl = process.env.TAXLINE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const demoPassword = 'demo-pass-2026';

/** The data key of every test process (reporters' identities are sealed with it), fixed so that runs compare. */
export const testDataKeyBytes = Buffer.alloc(32, 0x5a);
export const testDataKey = new DataKey(testDataKeyBytes);
installDataKey(testDataKey);

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

const migrationsDir = fileURLToPath(new URL('../db/migrations/', import.meta.url));

let migrationSet: string | undefined;

/**
 * A name for the schema the migrations build: a hash of every migration file and of migrate.ts, so
 * a changed or added migration gets a template of its own and a stale one is never used.
 */
function migrationSetHash(): string {
  if (migrationSet) return migrationSet;
  const hash = createHash('sha256');
  for (const file of fs.readdirSync(migrationsDir).sort()) {
    hash.update(file).update(fs.readFileSync(path.join(migrationsDir, file)));
  }
  hash.update(fs.readFileSync(new URL('../db/migrate.ts', import.meta.url)));
  migrationSet = hash.digest('hex').slice(0, 16);
  return migrationSet;
}

/** The URL of another database on the test PostgreSQL server. */
function postgresUrlOf(name: string): string {
  const url = new URL(testPostgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testPostgresUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The advisory lock that lets one test process at a time build a template (any taxline checkout). */
const TEMPLATE_LOCK = 7_366_001;

async function databaseExists(client: pg.Client, name: string): Promise<boolean> {
  return (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
}

/** Waits until no session is connected to the database (pg-pool's end() resolves before its clients close). */
async function waitForNoConnections(client: pg.Client, name: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const { rows } = await client.query<{ n: number }>(
      'select count(*)::int as n from pg_stat_activity where datname = $1',
      [name],
    );
    if (rows[0]?.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`connections to ${name} did not close`);
}

let postgresTemplate: Promise<string> | undefined;

/**
 * The migrated PostgreSQL template of this migration set, built once on the server by whichever test
 * process comes first (the others wait on an advisory lock) and kept for later runs. It is built
 * under another name and renamed when complete; nobody may connect to it afterwards, since
 * PostgreSQL copies a template only while no session is connected to it.
 */
function migratedPostgresTemplate(): Promise<string> {
  postgresTemplate ??= withAdminClient(async (admin) => {
    const name = `taxline_tpl_${migrationSetHash()}`;
    if (await databaseExists(admin, name)) return name;
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      if (await databaseExists(admin, name)) return name;
      const building = `${name}_building`;
      await admin.query(`drop database if exists ${building} with (force)`);
      await admin.query(`create database ${building}`);
      const handle = openDatabase({ databaseUrl: postgresUrlOf(building), dataDir: os.tmpdir() });
      try {
        await migrateToLatest(handle.db);
      } finally {
        await handle.db.destroy();
      }
      await waitForNoConnections(admin, building);
      await admin.query(`alter database ${building} rename to ${name}`);
      await admin.query(`alter database ${name} with allow_connections false`);
      return name;
    } finally {
      await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  postgresTemplate.catch(() => {
    postgresTemplate = undefined;
  });
  return postgresTemplate;
}

/**
 * The migrated SQLite template of this migration set: a database file in the temp folder, built by
 * the first test process that needs it under a name of its own and renamed into place (atomic, so a
 * process never copies a half-built file), in rollback-journal mode so that the one file is the
 * whole database.
 */
async function migratedSqliteTemplate(): Promise<string> {
  const file = path.join(os.tmpdir(), `taxline-template-${migrationSetHash()}.db`);
  if (fs.existsSync(file)) return file;
  const building = `${file}.${process.pid}-${randomBytes(4).toString('hex')}`;
  const handle = openSqlite(building, 'NORMAL');
  try {
    await migrateToLatest(handle.db);
    await sql`pragma journal_mode = delete`.execute(handle.db);
  } finally {
    await handle.db.destroy();
  }
  fs.renameSync(building, file);
  return file;
}

/**
 * A fresh database of the dialect: a temp SQLite file, or a new PostgreSQL database dropped
 * afterwards. Empty, or with `migrated: true` already at the latest migration: a copy of a template
 * migrated once per migration set, which costs a fraction of running the migrations.
 */
export async function createTestDatabase(
  dialect: DialectName,
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-test-'));
    if (options.migrated) fs.copyFileSync(await migratedSqliteTemplate(), path.join(dataDir, 'taxline.db'));
    const handle = openDatabase({ dataDir, sqliteSync: 'NORMAL' });
    return {
      ...handle,
      location: dataDir,
      drop: async () => {
        await handle.db.destroy();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const template = options.migrated ? await migratedPostgresTemplate() : undefined;
  const name = `taxline_t_${randomBytes(6).toString('hex')}`;
  await withAdminClient((admin) => admin.query(`create database ${name}${template ? ` template ${template}` : ''}`));
  const handle = openDatabase({ databaseUrl: postgresUrlOf(name), dataDir: os.tmpdir() });
  return {
    ...handle,
    location: postgresUrlOf(name),
    drop: async () => {
      await handle.db.destroy();
      await withAdminClient((admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}

let demoHashes: Promise<string[]> | undefined;

/**
 * The demo accounts' password hashes, a salt each: computed once per machine and kept in the temp
 * folder (twelve scrypt hashes for every test app would cost the suite a minute of CPU).
 */
function demoPasswordHashes(): Promise<string[]> {
  demoHashes ??= (async () => {
    const key = createHash('sha256').update(`${demoPassword}:${demoAccounts.length}`).digest('hex').slice(0, 16);
    const file = path.join(os.tmpdir(), `taxline-demo-hashes-${key}.json`);
    try {
      const cached = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
      if (
        Array.isArray(cached) &&
        cached.length === demoAccounts.length &&
        cached.every((h) => typeof h === 'string')
      ) {
        return cached as string[];
      }
    } catch {
      // not cached yet
    }
    const hashes = await Promise.all(demoAccounts.map(() => hashPassword(demoPassword)));
    const building = `${file}.${process.pid}-${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(building, JSON.stringify(hashes));
    fs.renameSync(building, file);
    return hashes;
  })();
  return demoHashes;
}

let testAppsCreated = 0;

/**
 * Starts this database's case-process ids at a number no other test app of this process uses. The
 * cases module caches a stored process definition by its id for the life of the process
 * (modules/cases/processes.ts), which assumes one database per process; the test files of a worker
 * share their modules (vitest `isolate: false`) and open many databases, whose first case would
 * otherwise store complaint or report under the same id 1.
 */
async function numberCaseProcessesApart(database: TestDatabase): Promise<void> {
  testAppsCreated += 1;
  const start = testAppsCreated * 10_000;
  if (database.dialect === 'postgres') {
    await sql`select setval(pg_get_serial_sequence('case_processes', 'id'), ${start})`.execute(database.db);
  } else {
    await sql`delete from sqlite_sequence where name = 'case_processes'`.execute(database.db);
    await sql`insert into sqlite_sequence (name, seq) values ('case_processes', ${start})`.execute(database.db);
  }
}

export interface TestApp {
  app: App;
  database: TestDatabase;
  clock: ReturnType<typeof fixedClock>;
  /** Every wait the app asked for (throttled sign-ins), in order; the test app never really waits. */
  sleeps: number[];
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
  options: {
    now?: string;
    webRoot?: string;
    seed?: boolean;
    ctiToken?: string;
    trustProxy?: string[];
    /** The app's logger (none by default). */
    logger?: BuildAppOptions['logger'];
    /** Adds hooks to the app before it is ready (the adversarial suite watches which handlers run). */
    configure?: (app: App) => void;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(dialect, { migrated: true });
  await numberCaseProcessesApart(database);
  const clock = fixedClock(new Date(options.now ?? '2026-11-27T02:00:00Z'));
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-files-'));
  if (options.seed !== false) {
    await seedDemoData(database.db, {
      password: demoPassword,
      now: clock.now(),
      passwordHashes: await demoPasswordHashes(),
    });
  }
  const sleeps: number[] = [];
  const app = await buildApp({
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    db: database.db,
    dialect,
    clock,
    version: 'test',
    isProduction: false,
    dataDir: filesDir,
    ctiToken: options.ctiToken,
    ...(options.webRoot ? { webRoot: options.webRoot } : {}),
  });
  options.configure?.(app);
  await app.ready();
  return {
    app,
    database,
    clock,
    sleeps,
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

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The requests a suite makes as a signed-in session, through `app.inject`. */
export interface SessionRequests {
  /** A request as the session: a read with its cookie, a write with the cookie and the CSRF token; the payload as JSON when given. */
  send(session: Session, method: Method, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  get(session: Session, url: string): Promise<LightMyRequestResponse>;
  post(session: Session, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  put(session: Session, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  patch(session: Session, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  delete(session: Session, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
}

/**
 * get/post/put/patch/delete as a session, for the app a suite creates later (in `beforeAll`):
 * `const { get, post } = sessionRequests(() => t);`.
 */
export function sessionRequests(testApp: () => TestApp): SessionRequests {
  const send: SessionRequests['send'] = (session, method, url, payload) =>
    testApp().app.inject({
      method,
      url,
      headers: method === 'GET' ? session.headers : session.writeHeaders,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return {
    send,
    get: (session, url) => send(session, 'GET', url),
    post: (session, url, payload) => send(session, 'POST', url, payload),
    put: (session, url, payload) => send(session, 'PUT', url, payload),
    patch: (session, url, payload) => send(session, 'PATCH', url, payload),
    delete: (session, url, payload) => send(session, 'DELETE', url, payload),
  };
}
