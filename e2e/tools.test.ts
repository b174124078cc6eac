import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueSms } from '../src/server/modules/reminders/sms-sender';
import { loadSmsSettings } from '../src/server/modules/reminders/sms-settings';
import { type Journey, journeyDialects, loginAs, settled, startJourney } from './support';

const dialects = await journeyDialects();

/** Taxpayer ids with valid GB 32100 check characters. */
const C = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function uscc(n: number): string {
  const body = `91330100MA${String(n).padStart(6, '0')}0`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += C.indexOf(body.charAt(i)) * (W[i] ?? 0);
  return body + C.charAt((31 - (sum % 31)) % 31);
}

const listCsv = [
  '纳税人识别号,纳税人名称,手机号码,所属期,欠缴金额',
  `${uscc(1)},东城一号商贸有限公司,13800000001,2026-10,1200.00`,
  `${uscc(2)},东城二号科技有限公司,13800000002,2026-10,`,
  `${uscc(3)},东城三号餐饮店,13800000003,2026-10,88.50`,
  `${uscc(4)},号码写错的公司,1380000,2026-10,`,
].join('\r\n');

describe.each(dialects)('service tools journeys on %s', (dialect) => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney(dialect);
  });
  afterAll(async () => {
    await journey?.close();
  });

  const menu = (page: Awaited<ReturnType<typeof loginAs>>) => page.locator('.ant-layout-sider .ant-menu');

  it('lets an agent compute wages withholding and an annual bonus on the calculator page', async () => {
    const page = await loginAs(journey, 'agent1');
    await menu(page).getByText('服务工具').waitFor();
    await menu(page).getByText('小工具', { exact: true }).click();
    await page.getByLabel('每月工资薪金收入').fill('30000');
    await page.getByLabel('每月三险一金（专项扣除）').fill('4500');
    await page.getByLabel('每月专项附加扣除').fill('2000');
    await page.getByLabel('计算月数（自1月起）').fill('3');
    await page
      .getByRole('button', { name: /计\s*算/ })
      .first()
      .click();
    // 国家税务总局公告2018年第61号解读 举例2: 555, 625, 1,850.
    const result = page.getByTestId('calculator-result').first();
    await result.getByText('1,850.00 元').first().waitFor();
    await expect(result.getByText('625.00 元').count()).resolves.toBeGreaterThan(0);
    await expect(result.getByText(/国家税务总局公告2018年第61号/).count()).resolves.toBeGreaterThan(0);

    await page.getByRole('tab', { name: '全年一次性奖金' }).click();
    const bonusPanel = page.getByRole('tabpanel', { name: '全年一次性奖金' });
    await bonusPanel.getByLabel('全年一次性奖金').fill('38000');
    await bonusPanel.getByRole('button', { name: /计\s*算/ }).click();
    await bonusPanel.getByText('3,590.00 元').waitFor();
    await bonusPanel
      .getByText(/多发少得/)
      .first()
      .waitFor();
    await page.context().close();
  });

  it('runs a campaign from the list import to the agents’ results', async () => {
    const lead = await loginAs(journey, 'lead1');
    await menu(lead).getByText('提醒服务', { exact: true }).click();
    await lead.getByRole('tab', { name: '提醒名单' }).click();
    await lead.getByLabel('名单名称').fill('10月未申报户');
    await lead.locator('input[type=file]').setInputFiles({
      name: 'unfiled.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(listCsv),
    });
    const imported = lead.getByTestId('import-result');
    await imported.getByText('共 4 行：成功导入 3 行，1 行有错误未导入').waitFor();
    await imported.getByText('手机号码应为 11 位大陆手机号').waitFor();

    // A callback campaign split between agent1 and agent2.
    await lead.getByRole('tab', { name: '提醒任务' }).click();
    await lead.getByRole('button', { name: '发起提醒' }).click();
    const dialog = lead.getByRole('dialog');
    await dialog.getByLabel('任务名称').waitFor();
    await settled(lead);
    await dialog.getByLabel('任务名称').fill('10月欠税回访');
    await dialog.getByText('催报催缴').click();
    await dialog.getByText('坐席回访').click();
    await dialog.getByLabel('提醒名单').click();
    await settled(lead);
    await lead.locator('.ant-select-dropdown:visible').getByText('10月未申报户（3 户）').click();
    await settled(lead);
    await dialog.getByLabel('回访坐席（名单平均分配）').click();
    await settled(lead);
    await lead
      .locator('.ant-select-dropdown:visible')
      .getByText(/^.*（agent1/)
      .click();
    await lead
      .locator('.ant-select-dropdown:visible')
      .getByText(/^.*（agent2/)
      .click();
    // Close the dropdown by clicking elsewhere in the dialog (Escape could close the dialog itself).
    await dialog.getByLabel('任务名称').click();
    await settled(lead);
    await dialog.getByRole('button', { name: /发\s*起/ }).click();
    const detail = lead.getByTestId('campaign-detail');
    await detail.getByText('催报催缴 · 坐席回访').waitFor();
    await lead.keyboard.press('Escape');

    for (const agent of ['agent1', 'agent2']) {
      const page = await loginAs(journey, agent);
      await menu(page).getByText('提醒服务', { exact: true }).click();
      await page.getByRole('tab', { name: '我的回访任务' }).waitFor();
      const rows = page.locator('.ant-table-tbody tr.ant-table-row');
      await rows.first().waitFor();
      while ((await rows.count()) > 0) {
        const name = (await rows.first().locator('td').nth(2).textContent())?.trim() ?? '';
        await page.getByLabel(`回访结果 ${name}`).click();
        await page
          .locator('.ant-select-dropdown:visible')
          .getByText(name.includes('餐饮') ? '已申报缴款' : '已联系', { exact: true })
          .click();
        await rows.filter({ hasText: name }).waitFor({ state: 'detached' });
      }
      await page.context().close();
    }

    await lead.reload();
    await lead.getByRole('tab', { name: '提醒任务' }).click();
    await lead.getByRole('cell', { name: '10月欠税回访' }).click();
    await detail.getByText('已完成', { exact: true }).first().waitFor();
    await detail.locator('.ant-statistic').filter({ hasText: '已联系' }).filter({ hasText: '2' }).waitFor();
    await detail.locator('.ant-statistic').filter({ hasText: '已申报缴款' }).filter({ hasText: '1' }).waitFor();
    await detail.getByText('138****0003').waitFor();
    await lead.keyboard.press('Escape');

    // The same list by SMS: the sender runs (as the scheduler would) and the results show per recipient.
    await lead.getByRole('button', { name: '发起提醒' }).click();
    await dialog.getByLabel('任务名称').fill('10月申报提醒短信');
    await dialog.getByLabel('提醒名单').click();
    await lead.locator('.ant-select-dropdown:visible').getByText('10月未申报户（3 户）').click();
    await dialog.getByRole('button', { name: /发\s*起/ }).click();
    await detail.getByText('申报提醒 · 短信').waitFor();
    const db = journey.t.database.db;
    const counts = await sendDueSms({
      db,
      gateway: { send: async (messages) => messages.map((m) => ({ messageId: m.messageId, accepted: true as const })) },
      settings: await loadSmsSettings(db),
      clock: journey.t.clock,
      budgetMs: 30_000,
      sleep: async () => {},
    });
    expect(counts.sent).toBe(3);
    await lead.keyboard.press('Escape');
    await lead.getByRole('cell', { name: '10月申报提醒短信' }).click();
    await detail.locator('.ant-statistic').filter({ hasText: '已提交网关' }).filter({ hasText: '3' }).waitFor();
    await detail.getByRole('cell', { name: '已提交网关' }).first().waitFor();
    await lead.context().close();
  });
});
