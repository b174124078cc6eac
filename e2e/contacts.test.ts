import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../src/server/test/harness';
import { type Journey, journeyDialects, loginAs, settled, startJourney } from './support';

const dialects = await journeyDialects();

/** Presses Tab until the field with this id has the focus: moving through the form by keyboard only. */
async function tabTo(page: Page, id: string, key: 'Tab' | 'Shift+Tab' = 'Tab') {
  for (let i = 0; i < 15; i++) {
    if (await page.evaluate((target) => document.activeElement?.id === target, id)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`could not reach #${id} with Tab`);
}

describe.each(dialects)('contacts journeys on %s', (dialect) => {
  let journey: Journey;
  let admin: Session;
  let ctiToken: string;

  beforeAll(async () => {
    journey = await startJourney(dialect);
    admin = await journey.t.login('admin');
    const created = await journey.t.app.inject({
      method: 'POST',
      url: '/api/cti/integrations',
      headers: admin.writeHeaders,
      payload: { name: '测试交换机', kind: 'cti' },
    });
    ctiToken = created.json().token;
  });
  afterAll(async () => {
    if (!journey) return;
    await journey.browser.close();
    // pg-pool resolves end() before the clients it ends have closed, and the harness then drops the
    // database with force, which can kill one of them mid-close (an unhandled 57P01). Once the browsers
    // are gone, waiting out the pool's idle timeout (10 s) lets every client close on its own first.
    if (dialect === 'postgres') await new Promise((resolve) => setTimeout(resolve, 10_500));
    await journey.t.close();
  });

  const ctiEvent = (payload: object) =>
    journey.t.app.inject({
      method: 'POST',
      url: '/api/cti/events',
      headers: { authorization: `Bearer ${ctiToken}` },
      payload: { to: '12366', direction: 'in', ...payload },
    });

  const openWorkspace = async (username: string) => {
    const page = await loginAs(journey, username);
    await page.goto(`${journey.baseUrl}/workspace`);
    await page.getByText('来电弹屏已连接').waitFor();
    return page;
  };

  it('pops an incoming call in the browser of the agent it is offered to, and not in the other’s', async () => {
    const first = await openWorkspace('agent1');
    const second = await openWorkspace('agent2');

    const res = await ctiEvent({
      event: 'newCall',
      callId: 'e2e-1',
      from: '13987654321',
      user: '8001',
      queue: '增值税',
    });
    expect(res.statusCode).toBe(200);
    const pop = first.getByTestId('incoming-call');
    await pop.getByText('来电 13987654321').waitFor();
    expect(await first.getByLabel('来电号码').inputValue()).toBe('13987654321');
    expect(await second.getByTestId('incoming-call').count()).toBe(0);

    // The agent registers the popped call with the keyboard; it is linked to the call.
    await tabTo(first, 'contact_subject');
    await first.keyboard.type('发票丢失如何处理');
    await tabTo(first, 'contact_content');
    await first.keyboard.type('纳税人丢失增值税专用发票，询问如何处理');
    await tabTo(first, 'contact_answer');
    await first.keyboard.type('可凭加盖销售方发票专用章的记账联复印件作为记账凭证');
    await first.keyboard.press('Control+Enter');
    await first.getByText(/已登记 LD\d{14}/).waitFor();
    const agent1 = await journey.t.login('agent1');
    const calls = (
      await journey.t.app.inject({ method: 'GET', url: '/api/cti/calls', headers: agent1.headers })
    ).json();
    expect(calls.items.find((c: { callId: string }) => c.callId === 'e2e-1').contactNo).toMatch(/^LD/);
    await first.context().close();
    await second.context().close();
  });

  it('registers a typical consultation without the mouse', async () => {
    const page = await openWorkspace('agent2');
    // The phone field has the focus when the workspace opens.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('contact_callerPhone');
    await page.keyboard.type('13700001234');
    await tabTo(page, 'contact_taxpayerId');
    await page.keyboard.type('91350100M000100Y44');
    await tabTo(page, 'contact_taxpayerName');
    // A wrong check character is named beside the field as soon as the agent leaves it.
    await page.getByText(/统一社会信用代码校验位不正确/).waitFor();
    await tabTo(page, 'contact_taxpayerId', 'Shift+Tab');
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('3');
    await tabTo(page, 'contact_taxpayerName');
    await page.keyboard.type('示范贸易有限公司');
    await tabTo(page, 'contact_subject');
    await page.keyboard.type('季度免税额度');
    await tabTo(page, 'contact_content');
    await page.keyboard.type('小规模纳税人季度销售额30万元以下是否免征增值税');
    await tabTo(page, 'contact_answer');
    await page.keyboard.type('季度销售额未超过30万元的免征增值税');
    await page.keyboard.press('Control+Enter');
    await page.getByText(/已登记 LD\d{14}/).waitFor();
    // The form is ready for the next caller, focus back on the phone.
    expect(await page.getByLabel('来电号码').inputValue()).toBe('');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('contact_callerPhone');
    await page.context().close();
  });

  it('shows the department its transfer with the due-time colour, and the answer goes back to the agent', async () => {
    const agent1 = await journey.t.login('agent1');
    const departments = (
      await journey.t.app.inject({ method: 'GET', url: '/api/departments', headers: agent1.headers })
    ).json() as Array<{ id: number; code: string }>;
    const created = await journey.t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: agent1.writeHeaders,
      payload: {
        channel: 'phone',
        type: 'consult',
        callerPhone: '13600007777',
        subject: '异地预缴增值税口径',
        content: '跨地级市提供建筑服务如何预缴',
        outcome: 'transfer',
        departmentId: departments.find((d) => d.code === 'VAT')!.id,
      },
    });
    const ticketNo = created.json().ticketNo as string;

    const dept = await loginAs(journey, 'dept_vat');
    await dept.goto(`${journey.baseUrl}/inbox`);
    const row = dept.getByRole('row').filter({ hasText: ticketNo });
    await row.locator('[data-due-state="on_time"]').waitFor();
    // A working-day deadline reads as its last day, 24:00, never as 00:00 of the next one.
    expect(await row.locator('[data-due-state="on_time"]').textContent()).toMatch(/\d{4}-\d{2}-\d{2} 24:00$/);
    await row.getByRole('button', { name: '答复' }).click();
    await dept.getByRole('dialog').getByLabel('答复内容').waitFor();
    // The caller's question is in the answer dialog.
    await dept.getByTestId('contact-context').getByText('跨地级市提供建筑服务如何预缴').waitFor();
    // A click while the dialog is still opening can be lost.
    await settled(dept);
    await dept.getByRole('dialog').getByLabel('答复内容').fill('在建筑服务发生地预缴，向机构所在地申报');
    await dept.getByRole('dialog').getByRole('button', { name: '提交答复' }).click();
    await dept.getByText('已答复，坐席将回访来电人').waitFor();
    await dept.context().close();

    const agent = await loginAs(journey, 'agent1');
    await agent.goto(`${journey.baseUrl}/inbox`);
    await agent.getByRole('row').filter({ hasText: ticketNo }).getByRole('button', { name: '回访' }).click();
    await agent.getByRole('dialog').waitFor();
    // The callback dialog holds the department's answer to read out.
    await agent
      .getByTestId('contact-context')
      .getByText(/在建筑服务发生地预缴，向机构所在地申报/)
      .waitFor();
    await settled(agent);
    await agent
      .getByRole('dialog')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await agent.getByText('回访结果已记录').waitFor();
    await agent.context().close();
  });
  it('finds the department by the tax it handles when transferring', async () => {
    const page = await openWorkspace('agent2');
    await page.getByRole('radio', { name: '转办' }).check();
    await settled(page);
    const select = page.getByLabel('转办处室');
    await select.click();
    await select.fill('增值税');
    await settled(page);
    await page
      .locator('.ant-select-dropdown:visible')
      .getByText(/^货物和劳务税处/)
      .waitFor();
    expect(
      await page
        .locator('.ant-select-dropdown:visible')
        .getByText(/^所得税处/)
        .count(),
    ).toBe(0);
    await page.context().close();
  });
});
