/**
 * Where the data key comes from and whether it opens the data: `TAXLINE_DATA_KEY` (required with
 * DATABASE_URL, where several instances must share one key), else a key file in the data directory,
 * created with mode 600 on the first start of the embedded SQLite setup.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Db, type DbOrTx, openSqlite } from '../db/connection';
import { resealAll } from '../db/sealed-columns.repository';
import { findSetting, upsertSetting } from './calendar/calendar.repository';
import { DataKey, DataKeyMismatch, installDataKey, parseDataKey } from './crypto';

/** The key file of the embedded SQLite setup. */
export const dataKeyFile = (dataDir: string) => path.join(dataDir, 'data.key');

export interface DataKeySource {
  /** TAXLINE_DATA_KEY, decoded. */
  envKey: Buffer | undefined;
  databaseUrl: string | undefined;
  dataDir: string;
}

/** Reads the key file, refusing one that others may read or that holds no key. */
export function readDataKeyFile(file: string): DataKey {
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new DataKeyMismatch(`${file} may be read by others (mode ${mode.toString(8)}): chmod 600 ${file}`);
  }
  const raw = parseDataKey(fs.readFileSync(file, 'utf8'));
  if (!raw) throw new DataKeyMismatch(`${file} holds no data key (32 bytes, base64)`);
  return new DataKey(raw);
}

/** Writes a key file with mode 600; fails when the file exists (`wx`), so that no key is ever overwritten. */
export function writeDataKeyFile(file: string, keyBase64: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${keyBase64}\n`, { mode: 0o600, flag: 'wx' });
}

/** The process's data key: TAXLINE_DATA_KEY, else (SQLite only) the key file, created on the first start. */
export function loadDataKey(source: DataKeySource): { key: DataKey; created: boolean } {
  if (source.envKey) return { key: new DataKey(source.envKey), created: false };
  if (source.databaseUrl) {
    throw new DataKeyMismatch('TAXLINE_DATA_KEY is required with DATABASE_URL: every instance must use the same key');
  }
  const file = dataKeyFile(source.dataDir);
  if (fs.existsSync(file)) return { key: readDataKeyFile(file), created: false };
  writeDataKeyFile(file, DataKey.generate());
  return { key: readDataKeyFile(file), created: true };
}

const CHECK_SETTING = 'data_key.check';
const CHECK_TEXT = 'taxline data key check';

/**
 * Whether the key opens this database's data: a value sealed at the first start with the key is opened
 * again at every start (and by a restore). A key that does not open it is refused with the fingerprints
 * of both keys, never the keys.
 */
export async function verifyDataKey(
  db: DbOrTx,
  key: DataKey,
  now: Date,
  options: { mayCreate: boolean } = { mayCreate: true },
): Promise<'created' | 'verified' | 'absent'> {
  const sealed = await findSetting(db, CHECK_SETTING);
  if (sealed === undefined) {
    if (!options.mayCreate) return 'absent';
    await upsertSetting(db, CHECK_SETTING, key.seal(CHECK_TEXT), now);
    return 'created';
  }
  const sealedWith = sealed.split(':')[1] ?? '?';
  let opened: string | undefined;
  try {
    opened = key.open(sealed);
  } catch (error) {
    if (!(error instanceof DataKeyMismatch)) throw error;
  }
  if (opened !== CHECK_TEXT) {
    throw new DataKeyMismatch(
      `the data key (fingerprint ${key.fingerprint}) does not open this database's data, sealed with key ${sealedWith}: ` +
        'start with the key the data was sealed with (TAXLINE_DATA_KEY, or data.key in the data directory)',
    );
  }
  return 'verified';
}

/**
 * Key rotation: checks that `from` opens the data, then re-seals every sealed value and the key check
 * with `to`, in one transaction (all or nothing). Returns how many values were re-sealed.
 */
export async function rotateDataKey(db: Db, from: DataKey, to: DataKey, now: Date): Promise<number> {
  await verifyDataKey(db, from, now);
  return db.transaction().execute(async (trx) => {
    const count = await resealAll(trx, from, to);
    await upsertSetting(trx, CHECK_SETTING, to.seal(CHECK_TEXT), now);
    return count;
  });
}

/**
 * Loads the process's data key from the configuration and makes it the one the repositories use; the
 * line to print when a key file was just created (where it is, never what it holds).
 */
export function installConfiguredDataKey(source: DataKeySource): string | undefined {
  const { key, created } = loadDataKey(source);
  installDataKey(key);
  return created
    ? `data key created in ${dataKeyFile(source.dataDir)} (mode 600): back it up apart from the database, which it opens`
    : undefined;
}

/**
 * The restore's check that the installation's key opens the restored data: TAXLINE_DATA_KEY, else the
 * key file in the data directory — which a restore never creates, since a new key would open nothing.
 * On PostgreSQL the database itself is restored by pg_restore afterwards, and every start makes the
 * same check.
 */
export async function checkRestoredDataKey(
  restored: { dataDir: string; databaseUrl: string | undefined },
  envKey: Buffer | undefined,
  now: Date,
): Promise<string> {
  if (restored.databaseUrl) return 'data key: checked by the server at its next start, after pg_restore';
  if (!envKey && !fs.existsSync(dataKeyFile(restored.dataDir))) {
    throw new DataKeyMismatch(
      `no data key: copy the installation's data.key into ${restored.dataDir} (mode 600) or set TAXLINE_DATA_KEY; ` +
        'the restored data cannot be read without it',
    );
  }
  const { key } = loadDataKey({ envKey, databaseUrl: undefined, dataDir: restored.dataDir });
  const { db } = openSqlite(path.join(restored.dataDir, 'taxline.db'));
  try {
    // A restore never seals the check itself: with a wrong key that would make the wrong key the right one.
    const outcome = await verifyDataKey(db, key, now, { mayCreate: false });
    return outcome === 'absent'
      ? `data key ${key.fingerprint}: the restored data has no key check yet (it was never started with a key)`
      : `data key ${key.fingerprint}: opens the restored data`;
  } finally {
    await db.destroy();
  }
}
