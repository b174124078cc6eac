import fs from 'node:fs';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/connection';
import { migrateToLatest } from './db/migrate';
import { DataKey, DataKeyMismatch, installDataKey } from './platform/crypto';
import { dataKeyFile, loadDataKey, readDataKeyFile, rotateDataKey, writeDataKeyFile } from './platform/data-key';

const usage = `usage: npm run rotate-key
Re-seals every reporter's identity with a new data key, in one transaction, with every server instance
stopped. PostgreSQL (DATABASE_URL): the current key is TAXLINE_DATA_KEY and the new one
TAXLINE_NEW_DATA_KEY (openssl rand -base64 32); start the instances with the new key afterwards.
SQLite: the key file in TAXLINE_DATA_DIR is replaced by a new random key (or TAXLINE_NEW_DATA_KEY).
Prints fingerprints of the keys, never a key.`;

async function main() {
  if (process.argv.includes('--help')) {
    console.log(usage);
    return;
  }
  const config = loadConfig();
  const source = { envKey: config.dataKey, databaseUrl: config.databaseUrl, dataDir: config.dataDir };
  const file = dataKeyFile(config.dataDir);
  if (!config.dataKey && !config.databaseUrl && !fs.existsSync(file)) {
    throw new DataKeyMismatch(`no data key to rotate: ${file} does not exist`);
  }
  if (config.databaseUrl && !config.newDataKey) {
    throw new DataKeyMismatch('TAXLINE_NEW_DATA_KEY is required with DATABASE_URL: the key every instance will use');
  }
  const { key: current } = loadDataKey(source);
  // The file-based key: the new one is written beside the old first, and moved over it once the data is re-sealed.
  const nextFile = `${file}.next`;
  const usesFile = !config.dataKey;
  let next: DataKey;
  if (usesFile) {
    fs.rmSync(nextFile, { force: true });
    writeDataKeyFile(nextFile, config.newDataKey?.toString('base64') ?? DataKey.generate());
    next = readDataKeyFile(nextFile);
  } else {
    next = new DataKey(config.newDataKey!);
  }
  installDataKey(current);
  const { db } = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(db);
    const count = await rotateDataKey(db, current, next, new Date());
    if (usesFile) fs.renameSync(nextFile, file);
    console.log(`taxline: re-sealed ${count} value(s): key ${current.fingerprint} → key ${next.fingerprint}`);
    console.log(
      usesFile
        ? `taxline: ${file} now holds the new key; back it up apart from the database`
        : 'taxline: start every instance with TAXLINE_DATA_KEY set to the new key (the value of TAXLINE_NEW_DATA_KEY)',
    );
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  const lines =
    error instanceof ConfigError
      ? error.problems.map((problem) => `config: ${problem}`)
      : [`rotate-key failed: ${error instanceof Error ? error.message : String(error)}`];
  for (const line of lines) console.error(`taxline: ${line}`);
  process.exit(1);
});
