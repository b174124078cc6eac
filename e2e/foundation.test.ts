import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../src/server/demo/demo-data';
import { demoPassword } from '../src/server/test/harness';
import { type Journey, journeyDialects, loginAs, settled, startJourney } from './support';

const dialects = await journeyDialects({ postgresSmokeTest: true });

const adminMenu = ['工作台', '工作日历', '用户管理', '组织机构', '业务处室', '审计日志'];

/** What each demo role's menu shows and hides. */
const expectedMenus: Record<string, { shows: string[]; hides: string[] }> = {
  admin: { shows: adminMenu, hides: [] },
  director: { shows: ['工作台', '工作日历', '审计日志'], hides: ['用户管理', '组织机构', '业务处室'] },
};
const defaultMenu = { shows: ['工作台', '工作日历'], hides: ['用户管理', '组织机构', '业务处室', '审计日志'] };

describe.each(dialects)('foundation journeys on %s', (dialect) => {
  /** On PostgreSQL only the smoke test runs: one write, a list and a login; the API suites cover the rest there. */
  const beyondSmokeTest = it.runIf(dialect === 'sqlite');
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney(dialect);
  });
  afterAll(async () => {
    await journey?.close();
  });

  beyondSmokeTest('serves the login page in Chinese and refuses a wrong password', async () => {
    const page = await journey.browser.newPage();
    await page.goto(`${journey.baseUrl}/`);
    await page.waitForURL(/\/login/);
    await page.getByRole('button', { name: '登录' }).waitFor();
    expect(await page.title()).toMatch(/12366/);
    await page.getByLabel('用户名').fill('agent1');
    await page.getByLabel('密码').fill('wrong-password-1');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('用户名或密码错误').first().waitFor();
    await page.close();
  });

  beyondSmokeTest('runs the web app under its Content Security Policy without a single violation', async () => {
    const page = await journey.browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const res = await page.goto(`${journey.baseUrl}/`);
    expect(res?.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(demoPassword);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('.ant-layout-sider .ant-menu').getByText('工作台', { exact: true }).waitFor();
    await page.locator('.ant-layout-sider .ant-menu').getByText('审计日志', { exact: true }).click();
    await page.getByRole('table').first().waitFor();
    expect(violations).toEqual([]);
    await page.close();
  });

  beyondSmokeTest('logs in as each demo role and shows that role’s menu', async () => {
    for (const account of demoAccounts) {
      const page = await loginAs(journey, account.username);
      const menu = page.locator('.ant-layout-sider .ant-menu');
      await menu.getByText('工作台', { exact: true }).waitFor();
      const { shows, hides } = expectedMenus[account.username] ?? defaultMenu;
      for (const label of shows) {
        expect(await menu.getByText(label, { exact: true }).count(), `${account.username} sees ${label}`).toBe(1);
      }
      for (const label of hides) {
        expect(await menu.getByText(label, { exact: true }).count(), `${account.username} hides ${label}`).toBe(0);
      }
      await page.getByText(account.name).first().waitFor();
      await page.context().close();
    }
  });

  it('lets the administrator create a user who then logs in', async () => {
    const page = await loginAs(journey, 'admin');
    await page.locator('.ant-layout-sider .ant-menu').getByText('用户管理', { exact: true }).click();
    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').waitFor();
    await settled(page);
    await dialog.getByLabel('用户名').fill('agent7');
    await dialog.getByLabel('姓名').fill('张新');
    await dialog.getByLabel('初始密码').fill('Welcome2026');
    await dialog.getByLabel('分机号').fill('8007');
    await dialog.getByLabel('角色').click();
    await settled(page);
    await page.getByRole('option', { name: '坐席', exact: true }).click();
    await dialog.getByLabel('所属机构').click();
    await settled(page);
    // The tree's node, not the users table's cells behind the dialog (they carry the same title).
    await page.locator('.ant-select-dropdown').getByTitle('国家税务总局示范省税务局', { exact: true }).click();
    await settled(page);
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: 'agent7', exact: true }).waitFor();
    await page.context().close();

    const newcomer = await loginAs(journey, 'agent7', 'Welcome2026');
    await newcomer.getByText('张新').first().waitFor();
    await newcomer.context().close();
  });

  beyondSmokeTest('lets the administrator mark a day as closed on the calendar page', async () => {
    const page = await loginAs(journey, 'admin');
    await page.locator('.ant-layout-sider .ant-menu').getByText('工作日历', { exact: true }).click();
    const cell = page.locator('[data-date="2026-11-30"]').first();
    await cell.waitFor();
    await cell.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await settled(page);
    await dialog.getByLabel('休息日').check();
    await dialog.getByLabel('名称').fill('本地闭馆');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.locator('[data-date="2026-11-30"]').first().getByText('休').waitFor();

    const admin = await journey.t.login('admin');
    const res = await journey.t.app.inject({
      method: 'GET',
      url: '/api/calendar/working-days/add?from=2026-11-27&days=1',
      headers: admin.headers,
    });
    expect(res.json()).toEqual({ date: '2026-12-01' });
    await page.context().close();
  });
});
