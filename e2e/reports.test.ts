import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Journey, journeyDialects, loginAs, settled, startJourney } from './support';

const dialects = await journeyDialects();

describe.each(dialects)('statistics journeys on %s', (dialect) => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney(dialect);
    // Four contacts registered by an agent today (the test clock: Friday 2026-11-27), three of one topic.
    const agent = await journey.t.login('agent1');
    const contact = (subject: string, channel: string, taxKind: string) =>
      journey.t.app.inject({
        method: 'POST',
        url: '/api/contacts',
        headers: agent.writeHeaders,
        payload: {
          channel,
          type: 'consult',
          callerPhone: '13812345678',
          taxKind,
          subject,
          content: `询问${subject}`,
          answer: '已按政策答复',
          outcome: 'answered',
        },
      });
    for (const [subject, channel, taxKind] of [
      ['个税汇算清缴退税', 'phone', '个人所得税'],
      ['个人所得税汇算清缴退税', 'web', '个人所得税'],
      ['个税汇算清缴怎么退税', 'sms', '个人所得税'],
      ['小规模纳税人季度免税额度', 'phone', '增值税'],
    ] as const) {
      const res = await contact(subject, channel, taxKind);
      expect(res.statusCode).toBe(200);
    }
  });
  afterAll(async () => {
    if (!journey) return;
    await journey.browser.close();
    // As in the contacts journeys: let the pool's idle clients close before the database is dropped.
    if (dialect === 'postgres') await new Promise((resolve) => setTimeout(resolve, 10_500));
    await journey.t.close();
  });

  it('shows the director the dashboard of the month with its charts and the hot questions', async () => {
    const page = await loginAs(journey, 'director');
    await page.getByRole('menuitem', { name: '统计分析' }).click();
    await page.waitForURL(/\/reports/);
    // The month of the server's clock, as a link to the dashboard would carry it.
    await page.goto(`${journey.baseUrl}/reports?from=2026-11-01&to=2026-11-30`);

    const total = page.locator('.ant-statistic').filter({ hasText: '来电总量' });
    await expect.poll(() => total.locator('.ant-statistic-content-value').textContent()).toBe('4');
    await expect
      .poll(() => page.locator('.ant-statistic').filter({ hasText: '当场答复率' }).textContent())
      .toContain('100.0%');

    // Every chart with data is drawn on a canvas, with its PNG and .xlsx downloads.
    const channelChart = page.locator('[data-chart="contactsByChannel"]');
    await channelChart.locator('canvas').first().waitFor();
    await page.locator('[data-chart="contactsByDay"] canvas').first().waitFor();
    await page.locator('[data-chart="contactsByHour"] canvas').first().waitFor();
    const xlsxLink = channelChart.getByRole('link', { name: '下载来电渠道分布数据' });
    expect(await xlsxLink.getAttribute('href')).toContain('chart=contactsByChannel');
    const download = await page.request.get(`${journey.baseUrl}${await xlsxLink.getAttribute('href')}`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toContain('spreadsheetml');

    // The hot questions: the wordings of one topic are one row, flagged as a new riser.
    const hot = page.locator('.ant-card').filter({ hasText: '热点问题' });
    const first = hot.locator('tbody tr.ant-table-row').first();
    await expect.poll(() => first.textContent()).toContain('汇算清缴');
    expect(await first.textContent()).toContain('上升明显');

    // Narrowing to a bureau with no contacts empties the figures (the tree picker is an antd dropdown).
    await page.getByTestId('report-org-unit').click();
    await settled(page);
    await page.locator('.ant-select-tree-title', { hasText: '东城市税务局' }).first().click();
    await settled(page);
    await expect.poll(() => total.locator('.ant-statistic-content-value').textContent()).toBe('0');
    await page.context().close();
  });
});
