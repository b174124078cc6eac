import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app';
import { loadConfig } from './config';
import { openDatabase } from './db/connection';
import { migrateToLatest } from './db/migrate';
import { seedDemoData } from './demo/demo-data';
import { countUsersWithDemoPassword } from './modules/accounts/accounts.repository';
import { shiftedClock, systemClock } from './platform/clock';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;

/** Loads config, opens and migrates the database, seeds demo data, builds the app and listens. */
async function main() {
  const config = loadConfig();
  const isProduction = config.env === 'production';
  const clock = config.clockStart ? shiftedClock(config.clockStart) : systemClock;
  const { db, dialect } = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await migrateToLatest(db);

  if (isProduction) {
    const demoAccounts = await countUsersWithDemoPassword(db);
    if (demoAccounts > 0) {
      console.error(`taxline: ${demoAccounts} account(s) still have a demo password; change them before running in production.`);
      await db.destroy();
      process.exit(1);
    }
  } else {
    const seeded = await seedDemoData(db, { password: config.demoPassword, now: clock.now() });
    if (seeded.created && seeded.passwordWasGenerated) {
      // Printed once, to the console only: the log stream never carries it.
      console.log(`taxline: demo data created; every demo account's password is: ${seeded.password}`);
    } else if (seeded.created) {
      console.log('taxline: demo data created; demo accounts use TAXLINE_DEMO_PASSWORD');
    }
  }

  const app = await buildApp({
    db,
    dialect,
    clock,
    version,
    isProduction,
    webRoot: path.join(root, 'dist/web'),
    logger: {
      level: config.logLevel,
      redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
    },
  });
  if (applied.length > 0) app.log.info({ migrations: applied }, 'migrations applied');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests');
    await app.close();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  console.error('taxline: failed to start:', error);
  process.exit(1);
});
