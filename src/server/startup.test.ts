import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/connection';
import { seedDemoData } from './demo/demo-data';
import { createFirstAdministrator } from './modules/accounts';
import { verifyPassword } from './platform/auth/password';
import { systemContext } from './platform/request-context';
import { prepareDatabase, StartupRefused, secureDataDir } from './startup';
import { createTestDatabase, type TestDatabase, testDialects } from './test/harness';

const dialects = await testDialects();
const now = new Date('2026-11-27T02:00:00Z');

describe.each(dialects)('startup on %s', (dialect) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('creates demo data on an empty database outside production, once', async () => {
    database = await createTestDatabase(dialect);
    const first = await prepareDatabase(database.db, { isProduction: false, demoPassword: 'demo-pass-2026', now });
    expect(first.migrations).toContain('2026-11-27-0001-foundation');
    expect(first.messages[0]).toMatch(/demo data created/);
    const second = await prepareDatabase(database.db, { isProduction: false, demoPassword: 'demo-pass-2026', now });
    expect(second).toEqual({ migrations: [], messages: [] });
    const users = await database.db.selectFrom('users').select('username').execute();
    expect(users).toHaveLength(12);
  });

  it('completes the demo knowledge base on the next start when the first start stopped while loading it', async () => {
    database = await createTestDatabase(dialect);
    const options = { isProduction: false, demoPassword: 'demo-pass-2026', now };
    await expect(
      prepareDatabase(database.db, {
        ...options,
        loadDemoContent: async () => {
          throw new Error('stopped during the knowledge-base import');
        },
      }),
    ).rejects.toThrow('stopped during');
    const second = await prepareDatabase(database.db, options);
    expect(second.messages).toEqual([expect.stringMatching(/knowledge base demo content loaded: 2316 articles/)]);
    const published = await database.db
      .selectFrom('kb_articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    expect(Number(published.n)).toBe(2316);
    expect(await prepareDatabase(database.db, options)).toEqual({ migrations: [], messages: [] });
  });

  it('loads the demo knowledge base once on a demo database created before startup noted it', async () => {
    database = await createTestDatabase(dialect, { migrated: true });
    await seedDemoData(database.db, { password: 'demo-pass-2026', now });
    let loads = 0;
    const loadDemoContent = async () => {
      loads += 1;
      return { articles: 2316, failed: 1, ms: 1 };
    };
    const options = { isProduction: false, demoPassword: 'demo-pass-2026', now, loadDemoContent };
    expect((await prepareDatabase(database.db, options)).messages).toEqual([
      expect.stringMatching(/demo content loaded: 2316 articles/),
    ]);
    expect((await prepareDatabase(database.db, options)).messages).toEqual([]);
    expect(loads).toBe(1);
  });

  // Two instances on one SQLite file are not a deployment taxline supports; on PostgreSQL they are.
  it.runIf(dialect === 'postgres')('lets two instances start at once on an empty database', async () => {
    database = await createTestDatabase(dialect);
    const other = openDatabase({ databaseUrl: database.location, dataDir: '/tmp' });
    const loadDemoContent = async () => ({ articles: 0, failed: 0, ms: 0 });
    const options = { isProduction: false, demoPassword: 'demo-pass-2026', now, loadDemoContent };
    try {
      const results = await Promise.allSettled([
        prepareDatabase(database.db, options),
        prepareDatabase(other.db, options),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
      const created = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.messages : []));
      expect(created.filter((m) => m.startsWith('demo data created'))).toHaveLength(1);
      expect(await database.db.selectFrom('users').select('id').execute()).toHaveLength(12);
    } finally {
      await other.db.destroy();
    }
  });

  it('prints a generated demo password when none is configured', async () => {
    database = await createTestDatabase(dialect);
    const result = await prepareDatabase(database.db, { isProduction: false, demoPassword: undefined, now });
    expect(result.messages[0]).toMatch(/password is: \S{10,}/);
  });

  it('creates no demo data in production', async () => {
    database = await createTestDatabase(dialect);
    await prepareDatabase(database.db, { isProduction: true, demoPassword: 'demo-pass-2026', now });
    expect(await database.db.selectFrom('users').select('id').execute()).toHaveLength(0);
    expect(await database.db.selectFrom('org_units').select('id').execute()).toHaveLength(0);
  });

  it('tells how to create the first administrator on an empty production database, and creates one', async () => {
    database = await createTestDatabase(dialect);
    const first = await prepareDatabase(database.db, { isProduction: true, demoPassword: undefined, now });
    expect(first.messages).toEqual([expect.stringMatching(/npm run create-admin/)]);
    const orgUnit = { name: '某市税务局12366纳税服务中心', code: 'CENTER', level: 'city' as const };
    await expect(
      createFirstAdministrator(systemContext(database.db, now), {
        username: 'root',
        name: '管理员',
        password: 'short',
        orgUnit,
      }),
    ).rejects.toMatchObject({ code: 'WEAK_PASSWORD', details: { fields: [{ field: 'password' }] } });
    expect(await database.db.selectFrom('org_units').select('id').execute()).toHaveLength(0);

    const created = await createFirstAdministrator(systemContext(database.db, now), {
      username: 'root',
      name: '管理员',
      password: 'Strong-pass-2026',
      orgUnit,
    });
    expect(created).toMatchObject({ createdOrgUnit: true, orgUnit: { code: 'CENTER' }, user: { roles: ['admin'] } });
    await expect(
      createFirstAdministrator(systemContext(database.db, now), {
        username: 'root',
        name: '管理员',
        password: 'Strong-pass-2026',
        orgUnit,
      }),
    ).rejects.toMatchObject({ code: 'DUPLICATE_USERNAME' });
    const second = await createFirstAdministrator(systemContext(database.db, now), {
      username: 'admin2',
      name: '管理员二',
      password: 'Strong-pass-2026',
      orgUnit: { ...orgUnit, code: 'OTHER' },
    });
    expect(second).toMatchObject({ createdOrgUnit: false, orgUnit: { id: created.orgUnit.id } });
    const audit = await database.db.selectFrom('audit_log').select('action').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['org_unit.create', 'user.create', 'user.create']);
    expect(await prepareDatabase(database.db, { isProduction: true, demoPassword: undefined, now })).toEqual({
      migrations: [],
      messages: [],
    });
  });

  it('refuses to start in production while an account has a demo password', async () => {
    // The demo accounts as a development start leaves them, without its knowledge-base content (1-4 s a load).
    database = await createTestDatabase(dialect, { migrated: true });
    await seedDemoData(database.db, { password: 'demo-pass-2026', now });
    await expect(prepareDatabase(database.db, { isProduction: true, demoPassword: undefined, now })).rejects.toThrow(
      StartupRefused,
    );
    await database.db.updateTable('users').set({ has_demo_password: 0 }).execute();
    await expect(
      prepareDatabase(database.db, { isProduction: true, demoPassword: undefined, now }),
    ).resolves.toBeDefined();
  });

  it('gives every demo account a password salt of its own', async () => {
    database = await createTestDatabase(dialect, { migrated: true });
    await seedDemoData(database.db, { password: 'demo-pass-2026', now });
    const users = await database.db.selectFrom('users').select(['username', 'password_hash']).execute();
    const salts = users.map((u) => u.password_hash.split('$')[4]);
    expect(users.length).toBeGreaterThan(10);
    expect(new Set(salts).size).toBe(users.length);
    expect(await verifyPassword('demo-pass-2026', users[0]!.password_hash)).toBe(true);
  });
});

describe('the data directory', () => {
  it('is created owner-only, and tightened when others could read it', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-perm-'));
    try {
      const fresh = path.join(parent, 'data');
      expect(secureDataDir(fresh)).toBeUndefined();
      expect(fs.statSync(fresh).mode & 0o777).toBe(0o700);
      const open = path.join(parent, 'open');
      fs.mkdirSync(open, { mode: 0o755 });
      fs.chmodSync(open, 0o755);
      expect(secureDataDir(open)).toMatch(/readable by others \(755\): now 700/);
      expect(fs.statSync(open).mode & 0o777).toBe(0o700);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});

describe('config', () => {
  it('uses the contract defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', env: 'development', databaseUrl: undefined });
    expect(config.dataDir).toMatch(/data$/);
  });

  it('lists every bad key', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', TAXLINE_CLOCK: 'yesterday' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const keys = (error as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(keys.sort()).toEqual(['DATABASE_URL', 'PORT', 'TAXLINE_CLOCK']);
    }
  });

  it('never honours TAXLINE_CLOCK in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', TAXLINE_CLOCK: '2026-11-27T09:00:00+08:00' })).toThrow(
      ConfigError,
    );
    expect(loadConfig({ TAXLINE_CLOCK: '2026-11-27T09:00:00+08:00' }).clockStart?.toISOString()).toBe(
      '2026-11-27T01:00:00.000Z',
    );
  });

  it('reads TAXLINE_TRUST_PROXY as a list of addresses and ranges, and refuses anything else', () => {
    expect(loadConfig({}).trustProxy).toEqual([]);
    expect(loadConfig({ TAXLINE_TRUST_PROXY: '10.0.0.5, 192.168.0.0/16,::1' }).trustProxy).toEqual([
      '10.0.0.5',
      '192.168.0.0/16',
      '::1',
    ]);
    expect(() => loadConfig({ TAXLINE_TRUST_PROXY: 'true' })).toThrow(/TAXLINE_TRUST_PROXY/);
  });
});
