import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import type { DialectName } from '../src/server/db/connection';
import { createTestApp, demoPassword, type TestApp, testDialects } from '../src/server/test/harness';

export interface Journey {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * The databases a journey file runs on: SQLite, since the API suites already run on both databases;
 * the foundation file also runs on PostgreSQL (when the suites do) for its one smoke-test journey
 * of the whole stack there.
 */
export async function journeyDialects(options: { postgresSmokeTest?: boolean } = {}): Promise<DialectName[]> {
  const dialects = await testDialects();
  return options.postgresSmokeTest ? dialects : dialects.filter((dialect) => dialect === 'sqlite');
}

/** Waits until the global setup's build of the web app is over (it runs beside the API suites); throws its error. */
async function webAppBuilt(): Promise<string> {
  const done = inject('webBuildDone');
  while (!fs.existsSync(done)) await new Promise((resolve) => setTimeout(resolve, 100));
  const outcome = fs.readFileSync(done, 'utf8');
  if (outcome !== 'ok') throw new Error(outcome);
  return inject('webRoot');
}

/** The server on a free loopback port over a fresh database, and Debian's Chromium driven by Playwright. */
export async function startJourney(dialect: DialectName): Promise<Journey> {
  const t = await createTestApp(dialect, { webRoot: await webAppBuilt() });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    env: browserEnv(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    t,
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}

/**
 * The browser's environment: the test runner's, without libfaketime's preload (a run of the suite
 * under `faketime` shifts the server's real date; Chromium's own processes stall under the preload,
 * and a real browser keeps its own clock anyway — the page's clock is set from the server's below).
 */
function browserEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && name !== 'LD_PRELOAD' && !name.startsWith('FAKETIME')) env[name] = value;
  }
  return env;
}

/**
 * Opens a fresh browser context and logs the user in through the login page. The page's clock reads
 * the server's fixed business date (its timers keep running), so that "today" in the browser — the
 * calendar's month, a date picker's default — is the server's today.
 */
export async function loginAs(
  journey: Journey,
  username: string,
  password = demoPassword,
  options: { viewport?: { width: number; height: number }; beforeLogin?: (page: Page) => Promise<void> } = {},
): Promise<Page> {
  const context = await journey.browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(options.viewport ? { viewport: options.viewport } : {}),
  });
  const page = await context.newPage();
  await page.clock.setFixedTime(journey.t.clock.now());
  await options.beforeLogin?.(page);
  await page.goto(`${journey.baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

/**
 * Waits until antd's finite animations (modals opening, dropdowns sliding) are over: a click during
 * one can be lost. Endless ones (a spinner) are not waited for.
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.effect?.getComputedTiming().endTime === Number.POSITIVE_INFINITY),
  );
}
