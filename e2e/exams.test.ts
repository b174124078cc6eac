import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Journey, journeyDialects, loginAs, settled, startJourney } from './support';

const dialects = await journeyDialects();

describe.each(dialects)('exam journeys on %s', (dialect) => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney(dialect);
  });
  afterAll(async () => {
    await journey?.close();
  });

  const menu = (page: Awaited<ReturnType<typeof loginAs>>) => page.locator('.ant-layout-sider .ant-menu');

  /** Three questions and an exam for agent1, set up through the API as the team lead. */
  async function scheduleExam(): Promise<void> {
    const { app } = journey.t;
    const lead = await journey.t.login('lead1');
    const agent = await journey.t.login('agent1');
    const post = async (url: string, payload: object) => {
      const res = await app.inject({ method: 'POST', url, headers: lead.writeHeaders, payload });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { id: number };
    };
    const base = { taxKind: 'vat', area: 'business_knowledge' };
    const q1 = await post('/api/training/questions', {
      ...base,
      type: 'single',
      stem: '增值税小规模纳税人的征收率一般为多少？',
      options: ['百分之三', '百分之六', '百分之九', '百分之十三'],
      answer: 'A',
      explanation: '小规模纳税人适用3%征收率。',
    });
    const q2 = await post('/api/training/questions', {
      ...base,
      type: 'true_false',
      stem: '一般纳税人可以自行开具增值税专用发票。',
      answer: '正确',
    });
    const q3 = await post('/api/training/questions', {
      ...base,
      type: 'multiple',
      stem: '下列属于增值税征税范围的有',
      options: ['销售货物', '加工修理修配劳务', '销售不动产', '工资薪金'],
      answer: 'ABC',
    });
    const now = journey.t.clock.now();
    await post('/api/exams', {
      title: '增值税基础测验',
      durationMinutes: 30,
      opensAt: now.toISOString(),
      closesAt: new Date(now.getTime() + 24 * 3_600_000).toISOString(),
      passMark: 20,
      participants: { userIds: [agent.userId] },
      questions: [q1, q2, q3].map((q) => ({ questionId: q.id, points: 10 })),
    });
  }

  it('lets an agent take an exam: answering, reloading mid-exam without losing answers, submitting', async () => {
    await scheduleExam();
    const page = await loginAs(journey, 'agent1');
    await menu(page).getByText('我的考试', { exact: true }).click();
    const row = page.getByRole('row', { name: /增值税基础测验/ });
    await row.getByRole('button', { name: '开始考试' }).click();
    await page.getByTestId('exam-countdown').waitFor();
    await expect(page.getByTestId('exam-countdown').textContent()).resolves.toMatch(/剩余时间 (30:00|29:5\d)/);

    const single = page.locator('.ant-card', { hasText: '征收率一般为多少' }).last();
    await single.getByText('百分之三').click();
    await single.getByText('已保存').waitFor();
    const trueFalse = page.locator('.ant-card', { hasText: '自行开具增值税专用发票' }).last();
    await trueFalse.getByText('正确', { exact: true }).click();
    await trueFalse.getByText('已保存').waitFor();

    // A closed tab or lost connection: reloading the page resumes the attempt with the saved answers.
    await page.reload();
    await page.getByTestId('exam-countdown').waitFor();
    const singleAgain = page.locator('.ant-card', { hasText: '征收率一般为多少' }).last();
    await singleAgain.locator('.ant-radio-wrapper-checked', { hasText: '百分之三' }).waitFor();
    const multiple = page.locator('.ant-card', { hasText: '征税范围的有' }).last();
    await multiple.getByText('销售货物').click();
    await multiple.getByText('已保存').waitFor();
    await multiple.getByText('加工修理修配劳务').click();
    await multiple.getByText('保存中').waitFor({ state: 'detached' });
    // Before submission, no explanation reached the page.
    await expect(page.getByText('小规模纳税人适用3%征收率。').count()).resolves.toBe(0);

    await page.getByRole('button', { name: '交卷' }).click();
    await settled(page);
    await page.getByRole('dialog').getByRole('button', { name: '交卷' }).click();
    await page.getByText('得分 20 / 30，通过').waitFor();
    await page.getByText('小规模纳税人适用3%征收率。').waitFor();
    await page.getByRole('button', { name: '返回我的考试' }).click();
    await page
      .getByRole('row', { name: /增值税基础测验/ })
      .getByText('已出成绩（20 分）')
      .waitFor();
  }, 180_000);
});
