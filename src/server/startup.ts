import type { Db } from './db/connection';
import { migrateToLatest } from './db/migrate';
import { seedDemoData } from './demo/demo-data';
import { countUsersWithDemoPassword, hasAnyUser } from './modules/accounts/accounts.repository';
import { loadDemoKnowledgeBase } from './modules/kb';
import { DataKeyMismatch, dataKey } from './platform/crypto';
import { verifyDataKey } from './platform/data-key';

export class StartupRefused extends Error {
  override name = 'StartupRefused';
}

/**
 * Migrates the database and checks that the process's data key opens its data (refusing to start
 * otherwise); outside production fills an empty one with demo data; in production
 * refuses to go on while any account still has a demo password. Returns lines for the console.
 */
export async function prepareDatabase(
  db: Db,
  options: { isProduction: boolean; demoPassword: string | undefined; now: Date },
): Promise<{ migrations: string[]; messages: string[] }> {
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
  const seeded = await seedDemoData(db, { password: options.demoPassword, now: options.now });
  if (!seeded.created) return { migrations, messages: [] };
  // The knowledge base's demo content: only on the real first start, never inside seedDemoData (tests seed often).
  const kb = await loadDemoKnowledgeBase(db, options.now);
  return {
    migrations,
    messages: [
      seeded.passwordWasGenerated
        ? `demo data created; every demo account's password is: ${seeded.password}`
        : 'demo data created; demo accounts use TAXLINE_DEMO_PASSWORD',
      `knowledge base demo content loaded: ${kb.articles} articles in ${(kb.ms / 1000).toFixed(1)} s`,
    ],
  };
}
