import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoKnowledgeBase } from '../src/server/modules/kb';
import { type Journey, journeyDialects, loginAs, settled, startJourney } from './support';

const dialects = await journeyDialects();

describe.each(dialects)('knowledge-base journeys on %s', (dialect) => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney(dialect);
    await loadDemoKnowledgeBase(journey.t.database.db, journey.t.clock.now());
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('lets an agent search as they type, follow the category tree and its related terms, and read an article', async () => {
    const page = await loginAs(journey, 'agent1');
    await page.locator('.ant-layout-sider .ant-menu').getByText('知识检索', { exact: true }).click();
    const box = page.getByRole('searchbox', { name: '检索知识' }).or(page.getByLabel('检索知识'));
    await box.first().fill('城建税的计税依据');

    // The results follow the typing; the abbreviation found the full name, marked.
    const firstHit = page.locator('.kb-hit').first();
    await firstHit.locator('mark', { hasText: '城市维护建设税' }).first().waitFor();
    expect(await firstHit.locator('.kb-hit-title').textContent()).toContain('城市维护建设税法');

    // The tree expanded to the node holding the hits and shows their count.
    const tree = page.getByRole('tree', { name: '目录树' }).or(page.locator('[aria-label="目录树"]'));
    const cityNode = tree.first().locator('[data-category-id]', { hasText: '城市维护建设税' }).first();
    await cityNode.waitFor();
    expect(await cityNode.textContent()).toMatch(/城市维护建设税\s*\(\d+\)/);

    // A homophone typo is corrected, and said so.
    await box.first().fill('隔人所得税 汇算清缴');
    await page.getByText('已按“个人所得税”检索').waitFor();

    // Choosing a node lists its articles and offers its child nodes as related terms.
    await box.first().fill('');
    await tree
      .first()
      .locator('[data-category-id]', { hasText: /^企业所得税/ })
      .first()
      .click();
    const related = page.locator('[aria-label="备用词"]');
    await related.getByText(/^税收优惠/).click();
    await page.locator('.kb-hit').first().waitFor();
    const titles = await page.locator('.kb-hit-title').allInnerTexts();
    expect(titles.length).toBeGreaterThan(0);
    for (const title of titles) expect(title).toContain('企业所得税');

    // Reading: larger type, copy as answer, a usefulness vote.
    await page.locator('.kb-hit-title').first().click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByRole('button', { name: '复制为答复' }).waitFor();
    await drawer.getByRole('button', { name: '放大字号' }).click();
    const size = await drawer.locator('.kb-article-body').evaluate((el) => getComputedStyle(el).fontSize);
    expect(size).toBe('18px');
    await drawer.getByRole('button', { name: /有用/ }).click();
    await drawer.getByRole('button', { name: '有用 1' }).waitFor();
    await page.context().close();
  });

  it('lets an agent run an advanced search by field with NOT', async () => {
    const page = await loginAs(journey, 'agent1');
    await page.goto(`${journey.baseUrl}/kb`);
    await page.getByRole('button', { name: '高级检索' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '添加条件' });
    await dialog.getByLabel('条件1检索词').waitFor();
    await settled(page);
    await dialog.getByLabel('条件1检索词').fill('车船税法');
    await dialog.getByRole('button', { name: '添加条件' }).click();
    await dialog.getByLabel('条件2关系').click();
    await settled(page);
    await page.locator('.ant-select-dropdown:visible').getByText('不含（非）', { exact: true }).click();
    await settled(page);
    await dialog.getByLabel('条件2字段').click();
    await settled(page);
    await page.locator('.ant-select-dropdown:visible').getByText('标题', { exact: true }).click();
    await settled(page);
    await dialog.getByLabel('条件2检索词').fill('实施条例');
    await dialog.getByRole('button', { name: '检索' }).click();
    await page.getByText(/共 13 条/).waitFor();
    await page.context().close();
  });

  it('suggests articles in the agent workspace as the question is typed, and records the one used with the contact', async () => {
    const page = await loginAs(journey, 'agent1');
    await page.goto(`${journey.baseUrl}/workspace`);
    await page.getByLabel('来电号码').fill('13812345678');
    await page.getByLabel('主题').fill('城建税的计税依据');
    await page.getByLabel('来电内容').fill('纳税人询问城建税按什么计算');
    const panel = page.locator('.kb-search-panel');
    const suggestion = panel.locator('.ant-list-item').filter({ hasText: '城市维护建设税法》第二条' }).first();
    await suggestion.waitFor();
    expect(await suggestion.locator('mark').first().textContent()).toBe('城市维护建设税');
    await suggestion.getByRole('button', { name: '采用' }).click();
    expect(await page.getByLabel('答复内容').inputValue()).toContain('城市维护建设税以纳税人依法实际缴纳的增值税');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.getByText('刚登记').waitFor();
    await page.context().close();

    // The contact's article counts for the click-through boost and the week's hot questions.
    const admin = await journey.t.login('admin');
    const board = await journey.t.app.inject({ method: 'GET', url: '/api/kb/click-through', headers: admin.headers });
    expect(board.json()).toEqual([
      expect.objectContaining({ title: '《中华人民共和国城市维护建设税法》第二条', useCount: 1 }),
    ]);
    const hot = await journey.t.app.inject({ method: 'GET', url: '/api/kb/hot', headers: admin.headers });
    expect(hot.json().map((h: { title: string }) => h.title)).toContain('《中华人民共和国城市维护建设税法》第二条');
  });

  it('lets a team lead write, submit and publish an article that agents then find', async () => {
    const page = await loginAs(journey, 'lead1');
    await page.locator('.ant-layout-sider .ant-menu').getByText('知识管理', { exact: true }).click();
    await page.waitForURL(/\/kb\/manage$/);
    await page.getByRole('button', { name: '新建知识' }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByLabel('标题').fill('数字化电子发票的开具渠道');
    await drawer.getByRole('textbox', { name: '正文' }).fill('纳税人可以通过电子发票服务平台开具数字化电子发票。');
    await drawer.getByRole('button', { name: '保存草稿' }).click();
    await drawer.getByRole('button', { name: '保存并提交审核' }).click();
    await drawer.getByRole('button', { name: '审核通过并发布' }).click();
    await drawer.getByText('线上为第 1 版').waitFor();
    await drawer.locator('.ant-drawer-close').click();

    // A .jsonl import through the page: good lines kept, the bad one reported by its line number.
    const lines = [
      {
        id: 'e2e-faq-1',
        library: 'faq',
        title: '跨省迁移后如何领用发票',
        body: '迁入地税务机关办结登记后即可领用发票。',
        validity: 'in_force',
      },
      { id: 'e2e-faq-2', library: 'no-such-library', title: '坏行', body: '库种不存在' },
    ];
    await page.locator('input[type=file]').setInputFiles({
      name: 'import.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n'), 'utf8'),
    });
    await page.getByText('新增 1 条，更新 0 条，失败 1 行').waitFor();
    await page.context().close();

    const agent = await loginAs(journey, 'agent2');
    await agent.goto(`${journey.baseUrl}/kb`);
    await agent.getByLabel('检索知识').first().fill('电子发票 开具渠道');
    await agent.locator('.kb-hit-title', { hasText: '数字化电子发票的开具渠道' }).waitFor();
    await agent.getByLabel('检索知识').first().fill('跨省迁移 领用发票');
    await agent.locator('.kb-hit-title', { hasText: '跨省迁移后如何领用发票' }).waitFor();
    await agent.context().close();
  });
});
