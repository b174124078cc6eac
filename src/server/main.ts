import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/connection';
import { demoAccounts } from './demo/demo-data';
import { jobs } from './jobs';
import { shiftedClock, systemClock } from './platform/clock';
import { installConfiguredDataKey } from './platform/data-key';
import { startScheduler } from './platform/jobs';
import { type PreparedDatabase, prepareDatabase, secureDataDir } from './startup';
import { developmentBanner, prettyLogStream } from './startup-banner';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;

/** Loads config, opens and prepares the database, builds the app, listens, and shuts down cleanly on SIGTERM. */
async function main() {
  const config = loadConfig();
  const isProduction = config.env === 'production';
  const clock = config.clockStart ? shiftedClock(config.clockStart) : systemClock;
  // Everything the server writes (database, attachments, gateway files, the key file) is for its own user only.
  process.umask(0o077);
  const tightened = secureDataDir(config.dataDir);
  if (tightened) console.log(`taxline: ${tightened}`);
  const keyMessage = installConfiguredDataKey({
    envKey: config.dataKey,
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
  });
  if (keyMessage) console.log(`taxline: ${keyMessage}`);
  const { db, dialect, poolStats } = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let prepared: PreparedDatabase;
  try {
    prepared = await prepareDatabase(db, { isProduction, demoPassword: config.demoPassword, now: clock.now() });
    // Printed to the console only, once: the log stream never carries a password.
    for (const line of prepared.messages) console.log(`taxline: ${line}`);
  } catch (error) {
    await db.destroy();
    throw error;
  }

  const app = await buildApp({
    db,
    dialect,
    clock,
    version,
    isProduction,
    dataDir: config.dataDir,
    ctiToken: config.ctiToken,
    metricsToken: config.metricsToken,
    dbPoolStats: poolStats,
    webRoot: path.join(root, 'dist/web'),
    trustProxy: config.trustProxy,
    logger: {
      level: config.logLevel,
      redact: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
      ],
      // A person at a terminal reads lines; production and anything piped keep one JSON object a line.
      ...(!isProduction && process.stdout.isTTY ? { stream: prettyLogStream() } : {}),
    },
  });

  const scheduler = startScheduler({ db, clock, log: app.log, jobs, dataDir: config.dataDir });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests and jobs, then closing the database');
    await Promise.all([app.close(), scheduler.stop()]);
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  const address = await app.listen({ port: config.port, host: config.host });
  if (!isProduction) {
    const banner = developmentBanner({
      url: address,
      accounts: demoAccounts,
      password: config.demoPassword
        ? { source: 'environment' }
        : prepared.generatedDemoPassword
          ? { source: 'generated', value: prepared.generatedDemoPassword }
          : { source: 'earlier' },
      sqliteDataDir: config.databaseUrl ? undefined : path.resolve(config.dataDir),
    });
    console.log(banner.join('\n'));
  }
  if (config.clockStart)
    app.log.warn({ clock: clock.now().toISOString() }, 'TAXLINE_CLOCK set: the server runs on a shifted clock');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) console.error(`taxline: config: ${problem}`);
  } else {
    console.error('taxline: failed to start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
