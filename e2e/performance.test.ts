import { afterAll, beforeAll, describe, it } from 'vitest';
import { type Journey, journeyDialects, loginAs, settled, startJourney } from './support';

const dialects = await journeyDialects();

describe.each(dialects)('performance review journeys on %s', (dialect) => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney(dialect);
  });
  afterAll(async () => {
    await journey?.close();
  });

  const menu = (page: Awaited<ReturnType<typeof loginAs>>) => page.locator('.ant-layout-sider .ant-menu');

  it('lets the director fix the weights, add a bonus, and the agent read it in their own breakdown', async () => {
    const director = await loginAs(journey, 'director');
    await menu(director).getByText('绩效考核', { exact: true }).click();
    await director.getByRole('tab', { name: '考核方案' }).click();
    await director.getByLabel('受理量权重').fill('20');
    await director.getByText('90', { exact: true }).waitFor();
    await director.getByRole('button', { name: '保存方案' }).click();
    await director.getByText('各项权重之和须为 100，当前为 90').waitFor();
    await director.getByLabel('服务时段出勤率权重').fill('30');
    await director.getByRole('button', { name: '保存方案' }).click();
    await director.getByText('考核方案已保存').waitFor();

    await director.getByRole('tab', { name: '绩效排名' }).click();
    // Raw values beside scores, under headings that say so; a metric without data reads 无数据.
    await director.getByRole('columnheader', { name: '受理量', exact: true }).waitFor();
    const row = director.getByRole('row', { name: /王晓燕/ });
    await row.getByText('无数据').first().waitFor();
    await row.getByRole('button', { name: '加减分' }).click();
    await settled(director);
    const dialog = director.getByRole('dialog');
    await dialog.getByLabel('分值（正数加分，负数减分）').fill('5');
    await dialog.getByLabel('事由').fill('主动承担夜间值守');
    await dialog.getByRole('button', { name: /录\s*入/ }).click();
    await director.getByText('加减分已录入').waitFor();
    await row.getByText('5', { exact: true }).first().waitFor();

    const agent = await loginAs(journey, 'agent1');
    await menu(agent).getByText('我的绩效', { exact: true }).click();
    await agent.getByText('主动承担夜间值守').waitFor();
    await agent.getByText('全中心排名').waitFor();
  });
});
