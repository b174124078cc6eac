import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Journey, journeyDialects, loginAs, settled, startJourney } from './support';

const dialects = await journeyDialects();

describe.each(dialects)('bulletin journeys on %s', (dialect) => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney(dialect);
    // Two contacts registered today (the test clock: Friday 2026-11-27).
    const agent = await journey.t.login('agent1');
    for (const subject of ['个税汇算清缴退税', '小规模纳税人季度免税额度']) {
      const res = await journey.t.app.inject({
        method: 'POST',
        url: '/api/contacts',
        headers: agent.writeHeaders,
        payload: {
          channel: 'phone',
          type: 'consult',
          callerPhone: '13812345678',
          subject,
          content: `询问${subject}`,
          answer: '已按政策答复',
          outcome: 'answered',
        },
      });
      expect(res.statusCode).toBe(200);
    }
  });
  afterAll(async () => {
    if (!journey) return;
    await journey.browser.close();
    // As in the other journeys: let the pool's idle clients close before the database is dropped.
    if (dialect === 'postgres') await new Promise((resolve) => setTimeout(resolve, 10_500));
    await journey.t.close();
  });

  it('lets the director generate a draft, add the editor’s note and publish it', async () => {
    const page = await loginAs(journey, 'director');
    await page.getByRole('menuitem', { name: '信息专报' }).click();
    await page.waitForURL(/\/bulletins/);
    await page.goto(`${journey.baseUrl}/bulletins?month=2026-11`);

    await page.getByRole('button', { name: '生成草稿' }).click();
    const versions = page
      .locator('.ant-card')
      .filter({ hasText: '信息专报' })
      .first()
      .locator('tbody tr.ant-table-row');
    await expect.poll(() => versions.first().textContent(), { timeout: 15_000 }).toContain('第 1 版');
    expect(await versions.first().textContent()).toContain('草稿');
    // Right after 第 1 版 is generated, the header's download is that saved version, not an unsaved preview.
    await expect
      .poll(() => page.getByRole('link', { name: /下载 Word/ }).getAttribute('href'))
      .toMatch(/^\/api\/bulletins\/\d+\/file\?format=docx$/);

    const editor = page.locator('.ant-card').filter({ hasText: '编辑按语' });
    await expect.poll(() => editor.textContent()).toContain('本月共受理来电2件');
    await editor.getByLabel('编者按').fill('本月个税汇算咨询集中。');
    await editor.getByRole('button', { name: '保存按语' }).click();
    await expect
      .poll(
        async () => {
          const list = await page.request.get(`${journey.baseUrl}/api/bulletins?month=2026-11`);
          return (await list.json())[0]?.remarks?.foreword;
        },
        { timeout: 15_000 },
      )
      .toBe('本月个税汇算咨询集中。');

    await editor.getByRole('button', { name: '发布' }).click();
    await settled(page);
    await page.locator('.ant-popconfirm').getByRole('button', { name: '发布' }).click();
    await expect.poll(() => versions.first().textContent(), { timeout: 15_000 }).toContain('已发布');
    expect(await page.locator('.ant-card').filter({ hasText: '编辑按语' }).count()).toBe(0);

    // The month's download is now the published version.
    const href = await page.getByRole('link', { name: /下载 Word/ }).getAttribute('href');
    const file = await page.request.get(`${journey.baseUrl}${href}`);
    expect(file.status()).toBe(200);
    expect(file.headers()['x-bulletin-status']).toBe('published');
  });

  it('shows a leader the published bulletins without the editing controls', async () => {
    const page = await loginAs(journey, 'leader1');
    await page.goto(`${journey.baseUrl}/bulletins?month=2026-11`);
    const published = page.locator('.ant-card').filter({ hasText: '已发布的信息专报' });
    await expect
      .poll(() => published.locator('tbody tr.ant-table-row').first().textContent())
      .toContain('2026年第11期');
    expect(await page.getByRole('button', { name: '生成草稿' }).count()).toBe(0);
  });
});
