import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';
import { createMigrator, migrateToLatest } from '../db/migrate';
import { prepareDatabase, StartupRefused } from '../startup';
import { createTestApp, type Session, sessionRequests, type TestApp, testDataKey, testDialects } from '../test/harness';
import { DataKey, DataKeyMismatch, installDataKey, isSealed } from './crypto';
import { dataKeyFile, loadDataKey, rotateDataKey, verifyDataKey } from './data-key';

const dialects = await testDialects();
const ctiToken = 'cti-test-token-0123456789abcdef';
const secrets = { phone: '13912345678', name: '李举报', idNumber: '11010519491231002X' };
const leaksIn = (text: string) => Object.values(secrets).filter((secret) => text.includes(secret));

describe('DataKey', () => {
  const key = new DataKey(Buffer.alloc(32, 1));
  const other = new DataKey(Buffer.alloc(32, 2));

  it('seals a value that only the same key opens, and refuses an altered one', () => {
    const sealed = key.seal(secrets.phone);
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain(secrets.phone);
    expect(key.seal(secrets.phone)).not.toBe(sealed);
    expect(key.open(sealed)).toBe(secrets.phone);
    expect(() => other.open(sealed)).toThrow(DataKeyMismatch);
    const altered = `${sealed.slice(0, -2)}${sealed.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(() => key.open(altered)).toThrow(DataKeyMismatch);
  });

  it('hashes equal values equally for search, and differently under another key', () => {
    expect(key.searchHash(secrets.phone)).toBe(key.searchHash(secrets.phone));
    expect(key.searchHash(secrets.phone)).not.toBe(other.searchHash(secrets.phone));
    expect(key.searchHash(secrets.phone)).not.toContain(secrets.phone);
  });
});

describe('where the data key comes from', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-key-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the key file of the SQLite setup with mode 600 on the first start, and reads it afterwards', () => {
    const source = { envKey: undefined, databaseUrl: undefined, dataDir: path.join(dir, 'data') };
    const first = loadDataKey(source);
    expect(first.created).toBe(true);
    expect(fs.statSync(dataKeyFile(source.dataDir)).mode & 0o777).toBe(0o600);
    const again = loadDataKey(source);
    expect(again).toMatchObject({ created: false, key: { fingerprint: first.key.fingerprint } });
    fs.chmodSync(dataKeyFile(source.dataDir), 0o644);
    expect(() => loadDataKey(source)).toThrow(/chmod 600/);
  });

  it('requires TAXLINE_DATA_KEY with DATABASE_URL, and a key of 32 bytes', () => {
    const databaseUrl = 'postgres://127.0.0.1/taxline';
    expect(() => loadConfig({ DATABASE_URL: databaseUrl })).toThrow(/TAXLINE_DATA_KEY: required with DATABASE_URL/);
    expect(() => loadConfig({ TAXLINE_DATA_KEY: 'c2hvcnQ=' })).toThrow(ConfigError);
    const key = DataKey.generate();
    expect(loadConfig({ DATABASE_URL: databaseUrl, TAXLINE_DATA_KEY: key }).dataKey?.toString('base64')).toBe(key);
    expect(() => loadDataKey({ envKey: undefined, databaseUrl, dataDir: dir })).toThrow(DataKeyMismatch);
  });
});

/** Issue 12, item 3: reporters' identities encrypted at rest, searchable by a keyed hash, under one key. */
describe.each(dialects)('reporters’ identities at rest on %s', (dialect) => {
  let t: TestApp;
  let leaderLead: Session;
  let contactId: number;
  let caseIds: number[];
  const { get, post } = sessionRequests(() => t);

  /** Every row of every table as text. */
  const wholeDatabase = async () => {
    const db = t.database.db;
    const tables =
      dialect === 'sqlite'
        ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)
        : await sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db);
    const texts = [];
    for (const { name } of tables.rows) {
      texts.push(JSON.stringify((await sql`select * from ${sql.table(name)}`.execute(db)).rows));
    }
    return texts.join('\n');
  };

  const findsAndReveals = async () => {
    const found = (await get(leaderLead, `/api/contacts?phone=${secrets.phone}`)).json().items;
    expect(found.map((c: { id: number }) => c.id)).toEqual([contactId]);
    const history = (await get(leaderLead, `/api/contacts/history?taxpayerId=${secrets.idNumber}`)).json();
    expect(history.recent.map((c: { id: number }) => c.id)).toEqual([contactId]);
    const calls = (await get(leaderLead, `/api/cti/calls?phone=${secrets.phone}`)).json().items;
    expect(calls.map((k: { contactId: number }) => k.contactId)).toEqual([contactId]);
    expect((await post(leaderLead, `/api/contacts/${contactId}/reveal`)).json()).toEqual({
      callerPhone: secrets.phone,
      taxpayerId: secrets.idNumber,
    });
    for (const id of caseIds) {
      expect((await post(leaderLead, `/api/cases/${id}/reveal-reporter`)).json()).toEqual({
        reporterName: secrets.name,
        reporterPhone: secrets.phone,
      });
    }
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { ctiToken });
    const [agent1, intake1] = [await t.login('agent1'), await t.login('intake1')];
    const call = await t.app.inject({
      method: 'POST',
      url: '/api/cti/events',
      headers: { authorization: `Bearer ${ctiToken}` },
      payload: { event: 'newCall', callId: 'k-1', from: secrets.phone, to: '12366', direction: 'in', user: 'agent1' },
    });
    const contact = await post(agent1, '/api/contacts', {
      channel: 'phone',
      type: 'report',
      callerPhone: secrets.phone,
      taxpayerId: secrets.idNumber,
      taxpayerName: secrets.name,
      subject: '举报虚开发票',
      content: '某公司对外虚开增值税专用发票',
      outcome: 'transfer',
      named: true,
      reporterName: secrets.name,
      subjectName: '某贸易有限公司',
      callRecordId: call.json().callRecordId,
    });
    expect(contact.statusCode, contact.body).toBe(200);
    const direct = await post(intake1, '/api/cases', {
      category: 'complaint',
      source: 'walk_in',
      named: true,
      reporterName: secrets.name,
      reporterPhone: secrets.phone,
      subjectName: '某办税服务厅',
      content: '窗口人员态度生硬',
    });
    expect(direct.statusCode, direct.body).toBe(200);
    contactId = contact.json().id;
    caseIds = [contact.json().caseId, direct.json().id];
    // The hangup after registration: its event keeps the caller sealed too.
    await t.app.inject({
      method: 'POST',
      url: '/api/cti/events',
      headers: { authorization: `Bearer ${ctiToken}` },
      payload: { event: 'hangup', callId: 'k-1', from: secrets.phone, to: '12366', direction: 'in' },
    });
    // A team lead who is also a leader: contacts.read and contacts.reveal with cases.reveal_reporter.
    const lead = await t.login('lead1');
    await t.database.db.insertInto('user_roles').values({ user_id: lead.userId, role: 'leader' }).execute();
    leaderLead = await t.login('lead1');
  });
  afterAll(async () => {
    installDataKey(testDataKey);
    await t.close();
  });

  it('keeps no reporter’s phone, name or document number in clear in any table', async () => {
    expect(leaksIn(await wholeDatabase())).toEqual([]);
  });

  it('finds a reporter by phone and taxpayer id through the keyed hash, for a role that may, and opens them to reveal', async () => {
    await findsAndReveals();
  });

  it('opens the clear values again on the way down and seals them on the way up', async () => {
    const migrator = createMigrator(t.database.db);
    // Down to the migration before the encryption: the later ones are undone first.
    const down = await migrator.migrateTo('2026-12-06-0110-audit-client-request-id');
    expect(down.results?.at(-1)).toMatchObject({
      migrationName: '2026-12-06-0200-reporter-encryption',
      direction: 'Down',
      status: 'Success',
    });
    expect(leaksIn(await wholeDatabase()).sort()).toEqual(Object.values(secrets).sort());
    await migrateToLatest(t.database.db);
    expect(leaksIn(await wholeDatabase())).toEqual([]);
    await findsAndReveals();
  });

  it.runIf(dialect === 'sqlite')('rotates the key file with npm run rotate-key, printing nothing secret', async () => {
    const dataDir = t.database.location;
    const file = dataKeyFile(dataDir);
    const oldKey = Buffer.alloc(32, 0x5a).toString('base64');
    fs.writeFileSync(file, `${oldKey}\n`, { mode: 0o600 });
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/rotate-key.ts'], {
      cwd: path.resolve(import.meta.dirname, '../../..'),
      env: { ...process.env, TAXLINE_DATA_DIR: dataDir, DATABASE_URL: '', TAXLINE_DATA_KEY: '' },
      encoding: 'utf8',
    });
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status, output).toBe(0);
    const next = loadDataKey({ envKey: undefined, databaseUrl: undefined, dataDir });
    expect(output).toContain(`key ${testDataKey.fingerprint} → key ${next.key.fingerprint}`);
    const newKey = fs.readFileSync(file, 'utf8').trim();
    expect(newKey).not.toBe(oldKey);
    for (const key of [oldKey, newKey]) expect(output).not.toContain(key);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(`${file}.next`)).toBe(false);
    installDataKey(next.key);
    expect(leaksIn(await wholeDatabase())).toEqual([]);
    await findsAndReveals();
    // Back to the suite's key for the next test.
    await rotateDataKey(t.database.db, next.key, testDataKey, t.clock.now());
    installDataKey(testDataKey);
  });

  it('re-seals everything with a rotated key, after which only the new key opens the data', async () => {
    const next = new DataKey(Buffer.alloc(32, 0x33));
    const count = await rotateDataKey(t.database.db, testDataKey, next, t.clock.now());
    expect(count).toBeGreaterThanOrEqual(8);
    installDataKey(next);
    expect(leaksIn(await wholeDatabase())).toEqual([]);
    await findsAndReveals();
    await expect(verifyDataKey(t.database.db, testDataKey, t.clock.now())).rejects.toThrow(DataKeyMismatch);
    // A server started with the old key refuses, naming both keys' fingerprints and never a key.
    installDataKey(testDataKey);
    const refused = prepareDatabase(t.database.db, { isProduction: true, demoPassword: undefined, now: t.clock.now() });
    await expect(refused).rejects.toThrow(StartupRefused);
    await expect(refused).rejects.toThrow(
      new RegExp(`fingerprint ${testDataKey.fingerprint}.*key ${next.fingerprint}`),
    );
  });
});
