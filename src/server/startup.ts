import fs from 'node:fs';
import type { Db } from './db/connection';
import { checkDatabaseIntegrity } from './db/integrity';
import { withStartupLock } from './db/locks';
import { migrateToLatest } from './db/migrate';
import { seedDemoData } from './demo/demo-data';
import { countUsersWithDemoPassword, hasAnyUser } from './modules/accounts/accounts.repository';
import { loadDemoQuestions } from './modules/exams';
import { type DemoContentResult, loadDemoKnowledgeBase } from './modules/kb';
import { hasAuditEntry, systemActor } from './platform/audit';
import { findSetting, upsertSetting } from './platform/calendar/calendar.repository';
import { DataKeyMismatch, dataKey } from './platform/crypto';
import { verifyDataKey } from './platform/data-key';

export class StartupRefused extends Error {
  override name = 'StartupRefused';
}

/**
 * The data directory holds the database, attachments and keys: created owner-only (700), and
 * tightened to 700 when it exists with wider rights. Returns a line for the log when it was tightened.
 * The server also runs with umask 077, so every file it writes there is 600.
 */
export function secureDataDir(dataDir: string): string | undefined {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const mode = fs.statSync(dataDir).mode & 0o777;
  if (mode === 0o700) return undefined;
  fs.chmodSync(dataDir, 0o700);
  return `data directory ${dataDir} was readable by others (${mode.toString(8)}): now 700`;
}

/** `pending` from the demo data's transaction until the knowledge base's demo content is fully loaded. */
const DEMO_CONTENT_KEY = 'demo.kb_content';
/** `loaded` once the FinEval questions are in the question bank. */
const DEMO_QUESTIONS_KEY = 'demo.exam_questions';

export interface PrepareOptions {
  isProduction: boolean;
  demoPassword: string | undefined;
  now: Date;
  /** Loads the knowledge base's demo content (tests stop a start half-way through it). */
  loadDemoContent?: (db: Db, now: Date) => Promise<DemoContentResult>;
}

export interface PreparedDatabase {
  migrations: string[];
  /** Lines for the console. */
  messages: string[];
  /** The demo accounts' password when this start created the demo data and generated it. */
  generatedDemoPassword?: string;
}

/**
 * Checks that a SQLite file is sound, migrates the database and checks that the process's data key opens
 * its data (refusing to start otherwise); outside production fills an empty one with demo data; in production
 * refuses to go on while any account still has a demo password. Returns lines for the console.
 * Instances starting at once take turns (an advisory lock on PostgreSQL).
 */
export async function prepareDatabase(db: Db, options: PrepareOptions): Promise<PreparedDatabase> {
  return withStartupLock(db, () => prepareLocked(db, options));
}

async function prepareLocked(db: Db, options: PrepareOptions): Promise<PreparedDatabase> {
  await checkDatabaseIntegrity(db);
  const migrations = await migrateToLatest(db);
  try {
    await verifyDataKey(db, dataKey(), options.now);
  } catch (error) {
    // A key that does not open the data would seal new identities that nobody could read with the old ones.
    if (error instanceof DataKeyMismatch) throw new StartupRefused(error.message);
    throw error;
  }
  if (options.isProduction) {
    const withDemoPassword = await countUsersWithDemoPassword(db);
    if (withDemoPassword > 0) {
      throw new StartupRefused(
        `${withDemoPassword} account(s) still have a demo password; change them before running in production`,
      );
    }
    const messages = (await hasAnyUser(db))
      ? []
      : ['no accounts yet: create the first administrator with `npm run create-admin` (see README)'];
    return { migrations, messages };
  }
  const messages: string[] = [];
  // The demo data and the note that its knowledge-base content is still to load commit together.
  const seeded = await seedDemoData(db, {
    password: options.demoPassword,
    now: options.now,
    inSameTransaction: (trx) => upsertSetting(trx, DEMO_CONTENT_KEY, 'pending', options.now),
  });
  if (seeded.created) {
    messages.push(
      seeded.passwordWasGenerated
        ? `demo data created; every demo account's password is: ${seeded.password}`
        : 'demo data created; demo accounts use TAXLINE_DEMO_PASSWORD',
    );
  }
  // Only where startup created the demo data (never where tests seed it). A start stopped half-way
  // leaves `pending`, and the next start loads it again: the import is idempotent by article id.
  // Demo data created before the note existed (demo.seed audited, no note) may be half-loaded too.
  const state =
    (await findSetting(db, DEMO_CONTENT_KEY)) ?? ((await hasAuditEntry(db, 'demo.seed')) ? 'pending' : undefined);
  if (state === 'pending') {
    const kb = await (options.loadDemoContent ?? loadDemoKnowledgeBase)(db, options.now);
    await upsertSetting(db, DEMO_CONTENT_KEY, 'loaded', options.now);
    messages.push(`knowledge base demo content loaded: ${kb.articles} articles in ${(kb.ms / 1000).toFixed(1)} s`);
  }
  // The FinEval questions of the question bank, once wherever the demo data exists (idempotent by source).
  if ((await findSetting(db, DEMO_QUESTIONS_KEY)) !== 'loaded' && (await hasAuditEntry(db, 'demo.seed'))) {
    await loadDemoQuestions(db, systemActor, options.now);
    await upsertSetting(db, DEMO_QUESTIONS_KEY, 'loaded', options.now);
  }
  return {
    migrations,
    messages,
    ...(seeded.created && seeded.passwordWasGenerated && seeded.password
      ? { generatedDemoPassword: seeded.password }
      : {}),
  };
}
