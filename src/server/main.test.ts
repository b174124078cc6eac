import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from './app';
import { openDatabase } from './db/connection';
import { systemClock } from './platform/clock';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-main-'));

describe('the server process', () => {
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts on SQLite with demo data, answers, and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: '0',
        TAXLINE_DATA_DIR: path.join(dataDir, 'data'),
        TAXLINE_DEMO_PASSWORD: 'demo-pass-2026',
        NODE_ENV: 'development',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1]) {
          clearInterval(timer);
          resolve(match[1]);
        }
        if (child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`server exited early:\n${output}`));
        }
      }, 100);
    });
    expect(output).toMatch(/demo data created/);
    expect(output).not.toMatch(/demo-pass-2026/);
    // The development banner: where the app is, whom to sign in as, where the password is.
    await expect.poll(() => output).toContain(`taxline (development) is running at ${url}`);
    expect(output).toMatch(/^ +agent1 +王晓燕 +\(agent\)$/m);
    expect(output).toContain('Password of every demo account: the value of TAXLINE_DEMO_PASSWORD');

    const health = await fetch(`${url}/api/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', db: 'sqlite' });
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'director', password: 'demo-pass-2026' }),
    });
    expect(login.status).toBe(200);
    // The data directory and the files in it are the server's user's only.
    expect(fs.statSync(path.join(dataDir, 'data')).mode & 0o777).toBe(0o700);
    for (const file of fs.readdirSync(path.join(dataDir, 'data'))) {
      expect(fs.statSync(path.join(dataDir, 'data', file)).mode & 0o777, file).toBe(0o600);
    }

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toMatch(/shutting down/);
  }, 120_000);

  it('creates the first administrator of a production installation with create-admin, once', async () => {
    const productionDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-admin-'));
    const run = (args: string[]) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/create-admin.ts', ...args], {
          cwd: root,
          env: { ...process.env, NODE_ENV: 'production', TAXLINE_DATA_DIR: productionDir, TAXLINE_ADMIN_PASSWORD: '' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
        });
        child.stderr.on('data', (chunk: Buffer) => {
          output += chunk.toString();
        });
        child.on('exit', (code) => resolve({ code, output }));
      });
    try {
      const first = await run(['--username', 'chief', '--name', '张管理']);
      expect(first.code).toBe(0);
      expect(first.output).toMatch(/created org unit 12366纳税服务中心/);
      const password = /password, shown this once: (\S+)/.exec(first.output)?.[1];
      expect(password).toMatch(/^(?=.*[A-Za-z])(?=.*\d).{16}$/);

      const again = await run(['--username', 'chief']);
      expect(again.code).toBe(1);
      expect(again.output).toMatch(/用户名已存在 \(DUPLICATE_USERNAME\)/);

      const { db } = openDatabase({ dataDir: productionDir });
      const app = await buildApp({
        db,
        dialect: 'sqlite',
        clock: systemClock,
        version: 'test',
        isProduction: true,
        dataDir: productionDir,
        ctiToken: undefined,
      });
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'chief', password },
      });
      expect(login.statusCode).toBe(200);
      expect(login.json()).toMatchObject({ user: { username: 'chief', roles: ['admin'] } });
      await app.close();
      await db.destroy();
    } finally {
      fs.rmSync(productionDir, { recursive: true, force: true });
    }
  }, 120_000);
});
