import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Journey, journeyDialects, loginAs, settled, startJourney } from './support';

const dialects = await journeyDialects();

/** Waits until no CSS animation or transition runs: a click during antd's open animations can get lost. */

/** Picks an option of an antd Select. */
async function pickInSelect(page: Page, input: ReturnType<Page['getByLabel']>, option: string) {
  await input.click();
  await settled(page);
  await page.locator('.ant-select-dropdown:visible').getByText(option, { exact: true }).click();
  await settled(page);
}

/** The modal of a workflow action: fills what `fill` says and confirms. */
async function act(page: Page, action: string, fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) {
  await page.getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await settled(page);
  await fill(dialog);
  await dialog.getByRole('button', { name: '确定', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Opens the inbox, claims the case there and lands on its page. */
async function claimFromInbox(journey: Journey, page: Page, caseNo: string) {
  await page.goto(`${journey.baseUrl}/cases/inbox`);
  const row = page.getByRole('row').filter({ hasText: caseNo });
  await row.getByRole('button', { name: '签收' }).click();
  await page.waitForURL(/\/cases\?id=\d+/);
  await page.getByText('办理历史').waitFor();
}

/**
 * Picks one option per level of an antd Cascader. A click that lands while the dropdown still animates
 * is lost, so each level is clicked until the next one shows.
 */
async function pickInCascader(page: Page, input: ReturnType<Page['getByLabel']>, levels: string[]) {
  await input.click();
  await settled(page);
  for (const [index, level] of levels.entries()) {
    const item = page.locator('.ant-cascader-menu-item', { hasText: level });
    const next = levels[index + 1];
    for (let attempt = 0; ; attempt += 1) {
      await item.click();
      await settled(page);
      if (!next) break;
      try {
        await page.locator('.ant-cascader-menu-item', { hasText: next }).waitFor({ timeout: 2000 });
        break;
      } catch (error) {
        if (attempt >= 4) throw error;
      }
    }
  }
  await page.locator('.ant-cascader-dropdown').waitFor({ state: 'hidden' });
}

/** The step the case page says the case is in. */
const currentStep = (page: Page) => page.locator('svg g[data-current="true"] text.step-name').textContent();

async function reveal(page: Page, name: string) {
  await page.getByRole('button', { name: '查看' }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '查看' }).click();
  await page.getByTestId('reporter-name').getByText(name, { exact: true }).waitFor();
}

describe.each(dialects)('a complaint through all five roles on %s', (dialect) => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney(dialect);
  });
  afterAll(async () => {
    await journey?.close();
  });

  let caseNo = '';
  let leader: Page;

  it('an agent registers the complaint from a call; the case page shows the complainant masked', async () => {
    const agent = await loginAs(journey, 'agent1');
    await agent.locator('.ant-layout-sider .ant-menu').getByText('投诉举报登记', { exact: true }).click();
    await agent.getByLabel('投诉人姓名').fill('张三');
    await agent.getByLabel('联系电话').fill('13812345678');
    await agent.getByLabel('被投诉单位或个人').fill('示范市某办税服务厅');
    await agent.getByLabel('投诉内容').fill('窗口人员态度生硬，未一次性告知所需资料。');
    await agent.getByRole('button', { name: '保存', exact: true }).click();
    await agent.waitForURL(/\/cases\?id=\d+/);
    caseNo =
      (await agent
        .locator('.ant-card-head-title span', { hasText: /^TS\d{12}$/ })
        .first()
        .textContent()) ?? '';
    expect(caseNo).toMatch(/^TS20261127\d{4}$/);
    await agent.getByTestId('reporter-name').getByText('张*').waitFor();
    expect(await agent.getByRole('button', { name: '查看' }).count()).toBe(0);
    expect(await currentStep(agent)).toBe('受理岗');
    await agent.context().close();
  });

  it('intake claims it from the inbox, looks up the complainant (audited) and accepts it with a classification', async () => {
    const intake = await loginAs(journey, 'intake1');
    await claimFromInbox(journey, intake, caseNo);
    await reveal(intake, '张三');
    await act(intake, '受理', async (dialog) => {
      await dialog.getByText('依次选择一、二、三级分类').waitFor();
      await pickInCascader(intake, dialog.getByLabel('三级分类'), ['服务言行', '服务态度', '态度生硬、言语不文明']);
      await dialog.getByLabel('意见').fill('属实，予以受理');
    });
    expect(await currentStep(intake)).toBe('领导审核岗');
    await intake.context().close();
  });

  it('the leader approves the acceptance and sends it to investigation', async () => {
    leader = await loginAs(journey, 'leader1');
    await claimFromInbox(journey, leader, caseNo);
    await act(leader, '转办理', async (dialog) => {
      await dialog.getByLabel('意见').fill('请调查岗核实');
    });
    expect(await currentStep(leader)).toBe('调查岗');
  });

  it('the investigator records findings and finishes with a result, without seeing the complainant', async () => {
    const investigator = await loginAs(journey, 'investigator1');
    await claimFromInbox(journey, investigator, caseNo);
    await investigator.getByTestId('reporter-name').getByText('张*').waitFor();
    expect(await investigator.getByRole('button', { name: '查看' }).count()).toBe(0);
    // Evidence goes up as multipart through the web client's one upload call (CSRF header included).
    await investigator.locator('input[type=file]').setInputFiles({
      name: '窗口监控截图.png',
      mimeType: 'image/png',
      buffer: Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
        'base64',
      ),
    });
    await investigator.getByText('已上传 窗口监控截图.png').waitFor();
    await investigator.getByRole('link', { name: '窗口监控截图.png' }).waitFor();
    await act(investigator, '记录调查情况', async (dialog) => {
      await dialog.getByLabel('调查情况').fill('调阅窗口监控，情况属实。');
    });
    await act(investigator, '调查完毕', async (dialog) => {
      await dialog.getByLabel('调查结果').fill('已对窗口人员批评教育并通报。');
    });
    expect(await currentStep(investigator)).toBe('反馈岗');
    await investigator.context().close();
  });

  it('feedback calls the complainant back and records it', async () => {
    const feedback = await loginAs(journey, 'feedback1');
    await claimFromInbox(journey, feedback, caseNo);
    await reveal(feedback, '张三');
    await act(feedback, '反馈', async (dialog) => {
      await pickInSelect(feedback, dialog.getByLabel('反馈方式'), '电话');
      await dialog.getByLabel('反馈内容').fill('已电话告知处理结果，投诉人表示满意。');
    });
    expect(await currentStep(feedback)).toBe('领导审核岗');
    await feedback.context().close();
  });

  it('the leader closes it, and the timeline answers who had it, when, and what they decided', async () => {
    await claimFromInbox(journey, leader, caseNo);
    await act(leader, '办结', async () => {});
    expect(await currentStep(leader)).toBe('办结');
    const actions = await leader
      .locator('[data-history-action]')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-history-action')));
    expect(actions.filter((a) => a !== 'claim' && a !== 'reveal_reporter')).toEqual([
      'register',
      'accept',
      'to_handling',
      'attach',
      'record_findings',
      'finish',
      'give_feedback',
      'close',
    ]);
    expect(actions.filter((a) => a === 'reveal_reporter')).toHaveLength(2);
    const finish = leader.locator('[data-history-action="finish"]');
    await finish.getByText('冯涛').waitFor();
    await finish.getByText('已对窗口人员批评教育并通报。').waitFor();
    await leader
      .locator('[data-history-action="accept"]')
      .getByText('服务言行 / 服务态度 / 态度生硬、言语不文明')
      .waitFor();
    await leader.locator('[data-history-action="give_feedback"]').getByText('电话', { exact: true }).waitFor();
    // A closed case waits for nobody: no 待签收, and 案件查询 says it is closed.
    await leader.getByText('—（已办结）', { exact: true }).waitFor();
    expect(await leader.getByText('待签收', { exact: true }).count()).toBe(0);
    await leader.goto(`${journey.baseUrl}/cases`);
    await leader.getByLabel('案件编号').fill(caseNo);
    await leader.getByLabel('案件编号').press('Enter');
    const row = leader.getByRole('row').filter({ hasText: caseNo });
    await row.getByText('已办结', { exact: true }).waitFor();
    expect(await row.getByText('待签收').count()).toBe(0);
    await leader.context().close();
  });

  it('shows the process definitions drawn as steps and arrows', async () => {
    const page = await loginAs(journey, 'intake1');
    await page.locator('.ant-layout-sider .ant-menu').getByText('流程定义', { exact: true }).click();
    const diagram = page.getByRole('img', { name: /投诉处理流程/ });
    await diagram.waitFor();
    expect(await diagram.locator('g[data-step]').count()).toBe(5);
    expect(await diagram.locator('g[data-edge="intake>leader_review"]').textContent()).toContain('转其他税务机关');
    await page.getByRole('tab', { name: /举报处理流程/ }).click();
    await page.getByRole('img', { name: /举报处理流程/ }).waitFor();
    await page.context().close();
  });
});
