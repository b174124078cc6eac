import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRestoredDataKey, verifyDataKey } from '../platform/data-key';
import { prepareDatabase } from '../startup';
import { createTestApp, type TestApp, testDataKey, testDataKeyBytes, testDialects } from '../test/harness';
import { backUp, KEY_NOTE, restore } from './backup';
import { openDatabase } from './connection';
import { DatabaseDamaged } from './integrity';
import { migrateToLatest } from './migrate';

const dialects = await testDialects();
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
const now = new Date('2026-11-27T02:00:00Z');

describe.each(dialects)('backup and restore on %s', (dialect) => {
  let t: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    // The SQLite database's own folder is the data directory; PostgreSQL's stored files get one.
    dataDir = dialect === 'sqlite' ? t.database.location : tmp('taxline-data-');
    fs.mkdirSync(path.join(dataDir, 'attachments', 'cases', '7'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'attachments', 'cases', '7', 'evidence.pdf'), '%PDF-1.4 evidence');
    fs.writeFileSync(path.join(dataDir, 'data.key'), 'secret-key-material');
  });
  afterAll(async () => {
    await t.close();
  });

  const databaseUrl = () => (dialect === 'postgres' ? t.database.location : undefined);

  it('backs up the database while it is written to, and the attachments, but never the data key', async () => {
    const dest = path.join(tmp('taxline-backup-'), 'nightly');
    let isBackingUp = true;
    let written = 0;
    const writer = (async () => {
      while (isBackingUp) {
        await t.database.db
          .insertInto('settings')
          .values({ key: `load.${written}`, value: 'x'.repeat(2000), updated_at: now.toISOString() })
          .execute();
        written += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const result = await backUp({ dataDir, databaseUrl: databaseUrl() }, dest);
    isBackingUp = false;
    await writer;

    expect(result.lines).toContain(KEY_NOTE);
    expect(fs.existsSync(path.join(dest, 'data.key'))).toBe(false);
    expect(fs.readFileSync(path.join(dest, 'attachments', 'cases', '7', 'evidence.pdf'), 'utf8')).toBe(
      '%PDF-1.4 evidence',
    );
    expect(fs.statSync(dest).mode & 0o777).toBe(0o700);
    if (dialect === 'postgres') {
      expect(result.lines.join('\n')).toMatch(/pg_dump --format=custom --file \S+taxline\.pgdump 'postgres:\/\//);
      return;
    }
    const copy = new SQLite(path.join(dest, 'taxline.db'), { readonly: true });
    try {
      expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
      const users = copy.prepare('select count(*) as n from users').get() as { n: number };
      expect(users.n).toBe(12);
    } finally {
      copy.close();
    }
    expect(fs.statSync(path.join(dest, 'taxline.db')).mode & 0o777).toBe(0o600);
    await expect(backUp({ dataDir, databaseUrl: undefined }, dest)).rejects.toThrow(/not empty/);
  });

  it('restores a backup, moving the current database and attachments aside', async () => {
    const dest = path.join(tmp('taxline-backup-'), 'b');
    await backUp({ dataDir, databaseUrl: databaseUrl() }, dest);
    const target = tmp('taxline-restore-');
    fs.mkdirSync(path.join(target, 'attachments'));
    fs.writeFileSync(path.join(target, 'attachments', 'newer.txt'), 'newer');
    if (dialect === 'sqlite') {
      fs.writeFileSync(path.join(target, 'taxline.db'), 'the database before the restore');
      fs.writeFileSync(path.join(target, 'taxline.db-wal'), 'a stale write-ahead log');
    }
    // The installation's key: the one the test app sealed its data with.
    const checkDataKey = (restored: { dataDir: string; databaseUrl: string | undefined }) =>
      checkRestoredDataKey(restored, testDataKeyBytes, now);
    const result = await restore(dest, { dataDir: target, databaseUrl: databaseUrl() }, { now, checkDataKey });
    expect(result.lines.at(-1)).toMatch(
      dialect === 'sqlite'
        ? /^data key \w+: (opens the restored data|the restored data has no key check yet)/
        : /^data key: /,
    );
    expect(fs.existsSync(path.join(target, 'attachments', 'cases', '7', 'evidence.pdf'))).toBe(true);
    expect(fs.existsSync(path.join(target, 'attachments.before-restore-2026-11-27T02-00-00-000Z', 'newer.txt'))).toBe(
      true,
    );
    if (dialect === 'postgres') {
      expect(result.lines.join('\n')).toMatch(/pg_restore .*taxline\.pgdump/);
      return;
    }
    expect(fs.readFileSync(path.join(target, 'taxline.db.before-restore-2026-11-27T02-00-00-000Z-wal'), 'utf8')).toBe(
      'a stale write-ahead log',
    );
    const wal = path.join(target, 'taxline.db-wal');
    expect(fs.existsSync(wal) ? fs.readFileSync(wal, 'utf8') : '').not.toContain('stale');
    expect(fs.readFileSync(path.join(target, 'taxline.db.before-restore-2026-11-27T02-00-00-000Z'), 'utf8')).toBe(
      'the database before the restore',
    );
    const restored = openDatabase({ dataDir: target });
    try {
      await expect(prepareDatabase(restored.db, { isProduction: true, demoPassword: undefined, now })).rejects.toThrow(
        /demo password/,
      );
      expect(await restored.db.selectFrom('users').select('id').execute()).toHaveLength(12);
    } finally {
      await restored.db.destroy();
    }
  });

  // The point is SQLite's: PostgreSQL guards its own files.
  it.runIf(dialect === 'sqlite')('refuses to start on a damaged database, saying what to do', async () => {
    const dir = tmp('taxline-damaged-');
    const handle = openDatabase({ dataDir: dir });
    await migrateToLatest(handle.db);
    await handle.db.destroy();
    const file = path.join(dir, 'taxline.db');
    const checkpoint = new SQLite(file);
    checkpoint.pragma('wal_checkpoint(TRUNCATE)');
    checkpoint.pragma('journal_mode = DELETE');
    checkpoint.close();
    // Scribble over a few pages in the middle of the file, as a torn copy would leave them.
    const fd = fs.openSync(file, 'r+');
    const pages = fs.statSync(file).size / 4096;
    fs.writeSync(fd, Buffer.alloc(3 * 4096, 0x5a), 0, 3 * 4096, Math.floor(pages / 2) * 4096);
    fs.closeSync(fd);

    const attempt = async () => {
      const reopened = openDatabase({ dataDir: dir });
      try {
        await prepareDatabase(reopened.db, { isProduction: false, demoPassword: 'demo-pass-2026', now });
      } finally {
        await reopened.db.destroy();
      }
    };
    const error = await attempt().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseDamaged);
    expect((error as Error).message).toMatch(/database is damaged .*npm run restore/s);
    fs.writeFileSync(file, Buffer.alloc(8192, 0x42));
    expect(() => openDatabase({ dataDir: dir })).toThrow(DatabaseDamaged);
  });

  it.runIf(dialect === 'sqlite')('refuses a restore whose data key is missing or does not open the data', async () => {
    // As every start does: the data's key check, sealed with the installation's key.
    await verifyDataKey(t.database.db, testDataKey, now);
    const dest = path.join(tmp('taxline-backup-'), 'b');
    await backUp({ dataDir, databaseUrl: undefined }, dest);
    const keyless = tmp('taxline-restore-');
    await expect(
      restore(
        dest,
        { dataDir: keyless, databaseUrl: undefined },
        {
          now,
          checkDataKey: (restored) => checkRestoredDataKey(restored, undefined, now),
        },
      ),
    ).rejects.toThrow(/no data key: copy the installation's data\.key/);
    expect(fs.existsSync(path.join(keyless, 'data.key'))).toBe(false);
    const wrongKey = tmp('taxline-restore-');
    await expect(
      restore(
        dest,
        { dataDir: wrongKey, databaseUrl: undefined },
        {
          now,
          checkDataKey: (restored) => checkRestoredDataKey(restored, Buffer.alloc(32, 0x11), now),
        },
      ),
    ).rejects.toThrow(/does not open this database's data/);
    const rightKey = tmp('taxline-restore-');
    const restored = await restore(
      dest,
      { dataDir: rightKey, databaseUrl: undefined },
      {
        now,
        checkDataKey: (r) => checkRestoredDataKey(r, testDataKeyBytes, now),
      },
    );
    expect(restored.lines.at(-1)).toBe(`data key ${testDataKey.fingerprint}: opens the restored data`);
  });
});
