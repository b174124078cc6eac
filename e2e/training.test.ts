import { afterAll, beforeAll, describe, it } from 'vitest';
import { sessionRequests } from '../src/server/test/harness';
import { type Journey, journeyDialects, loginAs, settled, startJourney } from './support';

const dialects = await journeyDialects();

describe.each(dialects)('training journeys on %s', (dialect) => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney(dialect);
    // 2027's schedule is not in the statutory data yet: the administrator records 元旦 by hand.
    const admin = await journey.t.login('admin');
    const res = await sessionRequests(() => journey.t).put(admin, '/api/calendar/overrides/2027-01-01', {
      isWorkingDay: false,
      name: '元旦',
    });
    if (res.statusCode !== 200) throw new Error(res.body);
  });
  afterAll(async () => {
    await journey?.close();
  });

  const menu = (page: Awaited<ReturnType<typeof loginAs>>) => page.locator('.ant-layout-sider .ant-menu');

  it('lets a team lead schedule a plan every Friday for 8 weeks, moving the session on 元旦, and the agent see it', async () => {
    const lead = await loginAs(journey, 'lead1');
    await menu(lead).getByText('培训计划', { exact: true }).click();
    await lead.getByRole('button', { name: '新建培训计划' }).click();
    await settled(lead);
    const planDialog = lead.getByRole('dialog');
    await planDialog.getByLabel('计划名称').fill('冬季业务知识轮训');
    await planDialog.getByLabel('开始日期').fill('2026-12-01');
    await planDialog.getByLabel('结束日期').fill('2027-01-31');
    await planDialog.getByLabel('培训对象：班组').click();
    await lead.getByRole('option', { name: '咨询一班', exact: true }).click();
    await lead.keyboard.press('Escape');
    await planDialog.getByRole('button', { name: /保\s*存/ }).click();
    await lead.getByText('培训计划已建立').waitFor();
    await lead.getByText('（3 人）').waitFor();

    await lead.getByRole('button', { name: '按规则生成课次' }).click();
    await settled(lead);
    const ruleDialog = lead.getByRole('dialog');
    await ruleDialog.getByLabel('自哪天起').fill('2026-12-04');
    await ruleDialog.getByRole('checkbox', { name: '周三' }).uncheck();
    await ruleDialog.getByRole('checkbox', { name: '周五' }).check();
    await ruleDialog.getByLabel('课次名称（不选课程时）').fill('增值税政策讲座');
    await ruleDialog.getByLabel('培训内容（不选课程时）').click();
    await lead.getByRole('option', { name: '业务知识', exact: true }).click();
    await ruleDialog.getByLabel('地点').fill('三楼培训室');
    await ruleDialog.getByRole('button', { name: /生\s*成/ }).click();
    await lead.getByText('已生成 8 个课次，1 个顺延').waitFor();

    const moved = lead.getByRole('row', { name: /2027-01-04/ });
    await moved.getByText('已顺延').waitFor();
    await lead.getByRole('row', { name: /2026-12-04/ }).waitFor();
    await lead.getByRole('row', { name: /2027-01-22/ }).waitFor();

    const agent = await loginAs(journey, 'agent1');
    await menu(agent).getByText('我的培训', { exact: true }).click();
    await agent.getByRole('row', { name: /2026-12-04.*增值税政策讲座/ }).waitFor();
    await agent
      .getByRole('row', { name: /2026-12-04/ })
      .getByRole('button', { name: '请假' })
      .waitFor();
  });
});
