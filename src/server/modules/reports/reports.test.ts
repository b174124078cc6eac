import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseCategory, CaseStep } from '../../../shared/cases';
import type { Channel, ContactType, Outcome, Satisfaction, TransferStatus } from '../../../shared/contacts';
import type { Dashboard, HotQuestionsResult } from '../../../shared/reports';
import type { Db } from '../../db/connection';
import {
  buildCase,
  buildCaseProcess,
  buildContact,
  buildSurvey,
  buildTransfer,
  departmentIdOf,
  orgUnitIdOf,
  userIdOf,
} from '../../test/factories';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../../test/harness';
import { computeDashboard, findHotQuestions } from './index';

const dialects = await testDialects();

/**
 * A fixed week, Monday 2026-11-02 to Sunday 2026-11-08 (Shanghai), with contacts on known days, hours
 * and channels, transfers answered on time and late, surveys and cases — and a few rows just outside
 * the week (Shanghai midnight is 16:00 UTC the day before) that no figure may count.
 */
const FROM = '2026-11-02';
const TO = '2026-11-08';

interface Ids {
  agent1: number;
  agent2: number;
  sf: number;
  dc: number;
  vat: number;
  income: number;
}

/** A contact of the week: two minutes long, answered on the spot or transferred. */
function insertContact(
  db: Db,
  ids: Ids,
  c: {
    startedAt: string;
    channel: Channel;
    type: ContactType;
    outcome: Outcome;
    taxKind: string | null;
    agentId: number;
    orgUnitId?: number;
    subject: string;
    kbArticles?: Array<{ id: number; title: string }>;
  },
): Promise<number> {
  return buildContact(db, {
    channel: c.channel,
    type: c.type,
    status: c.outcome === 'answered' ? 'closed' : 'transferred',
    outcome: c.outcome,
    tax_kind: c.taxKind,
    subject: c.subject,
    content: `${c.subject}的具体情况`,
    kb_articles: c.kbArticles ? JSON.stringify(c.kbArticles) : null,
    agent_id: c.agentId,
    org_unit_id: c.orgUnitId ?? ids.sf,
    started_at: c.startedAt,
  });
}

async function insertTransfer(
  db: Db,
  t: {
    contactId: number;
    departmentId: number;
    createdBy: number;
    status: TransferStatus;
    createdAt: string;
    dueAt: string;
    answeredAt?: string;
    handledAt?: string;
  },
) {
  await buildTransfer(db, {
    contact_id: t.contactId,
    department_id: t.departmentId,
    status: t.status,
    due_at: t.dueAt,
    created_at: t.createdAt,
    created_by: t.createdBy,
    answer: t.answeredAt ? '已答复' : null,
    answered_at: t.answeredAt ?? null,
    handled_at: t.handledAt ?? t.answeredAt ?? null,
  });
}

async function insertSurvey(
  db: Db,
  contactId: number,
  orgUnitId: number,
  satisfaction: Satisfaction,
  collectedAt: string,
) {
  await buildSurvey(db, { contactId, orgUnitId, satisfaction, collectedAt });
}

async function insertCase(
  db: Db,
  ids: Ids,
  processId: number,
  k: { no: string; category: CaseCategory; step: CaseStep; orgUnitId: number; registeredAt: string; head?: string },
) {
  await buildCase(db, {
    case_no: k.no,
    category: k.category,
    process_id: processId,
    step: k.step,
    org_unit_id: k.orgUnitId,
    classification: k.head
      ? JSON.stringify([
          { code: '01', name: k.head },
          { code: '0101', name: '虚开发票' },
          { code: '010101', name: '虚开增值税专用发票' },
        ])
      : null,
    registered_by: ids.agent1,
    registered_at: k.registeredAt,
  });
}

/** The dataset; every expected figure in the tests below is counted by hand from it. */
async function seedWeek(db: Db): Promise<Ids> {
  const ids: Ids = {
    agent1: await userIdOf(db, 'agent1'),
    agent2: await userIdOf(db, 'agent2'),
    sf: await orgUnitIdOf(db, 'SF'),
    dc: await orgUnitIdOf(db, 'SF-DC'),
    vat: await departmentIdOf(db, 'VAT'),
    income: await departmentIdOf(db, 'INCOME'),
  };
  const article = { id: 7, title: '个人所得税综合所得汇算清缴' };
  // c1, c2, c3: Monday 09:xx Shanghai (01:xx UTC), agents 1, 1 and 2.
  const c1 = await insertContact(db, ids, {
    startedAt: '2026-11-02T01:15:00.000Z',
    channel: 'phone',
    type: 'consult',
    outcome: 'answered',
    taxKind: '增值税',
    agentId: ids.agent1,
    subject: '小规模纳税人季度免税额度',
  });
  const c2 = await insertContact(db, ids, {
    startedAt: '2026-11-02T01:40:00.000Z',
    channel: 'phone',
    type: 'consult',
    outcome: 'answered',
    taxKind: '增值税',
    agentId: ids.agent1,
    subject: '小规模纳税人季度免税额度是多少',
  });
  const c3 = await insertContact(db, ids, {
    startedAt: '2026-11-02T01:50:00.000Z',
    channel: 'web',
    type: 'consult',
    outcome: 'transfer',
    taxKind: '个人所得税',
    agentId: ids.agent2,
    subject: '个税汇算清缴退税',
    kbArticles: [article],
  });
  // c4: Tuesday 00:30 Shanghai = Monday 16:30 UTC.
  const c4 = await insertContact(db, ids, {
    startedAt: '2026-11-02T16:30:00.000Z',
    channel: 'phone',
    type: 'complaint',
    outcome: 'answered',
    taxKind: null,
    agentId: ids.agent2,
    subject: '办税服务厅排队时间过长',
  });
  // c5: Sunday 23:59 Shanghai, registered in the Dongcheng bureau.
  const c5 = await insertContact(db, ids, {
    startedAt: '2026-11-08T15:59:00.000Z',
    channel: 'sms',
    type: 'suggestion',
    outcome: 'transfer',
    taxKind: '个人所得税',
    agentId: ids.agent1,
    orgUnitId: ids.dc,
    subject: '个人所得税汇算清缴退税',
  });
  // c6: Sunday 2026-11-01 23:59 Shanghai (the previous week); c7: Monday 2026-11-09 00:00 Shanghai.
  const c6 = await insertContact(db, ids, {
    startedAt: '2026-11-01T15:59:00.000Z',
    channel: 'phone',
    type: 'consult',
    outcome: 'answered',
    taxKind: '增值税',
    agentId: ids.agent1,
    subject: '小规模纳税人季度免税额度',
  });
  await insertContact(db, ids, {
    startedAt: '2026-11-08T16:00:00.000Z',
    channel: 'fax',
    type: 'consult',
    outcome: 'answered',
    taxKind: '增值税',
    agentId: ids.agent1,
    subject: '下周的问题',
  });
  // c8: Thursday 14:10 Shanghai.
  const c8 = await insertContact(db, ids, {
    startedAt: '2026-11-05T06:10:00.000Z',
    channel: 'phone',
    type: 'consult',
    outcome: 'answered',
    taxKind: '增值税',
    agentId: ids.agent2,
    subject: '个税汇算清缴退税',
    kbArticles: [article],
  });

  // Transfers: t1 answered on time after 24 h; t2 answered late after 84 h; t3 open past due (the
  // clock says 2026-11-27); t4 open, not due yet; t5 sent back on time; t6 created before the week.
  await insertTransfer(db, {
    contactId: c3,
    departmentId: ids.vat,
    createdBy: ids.agent2,
    status: 'answered',
    createdAt: '2026-11-02T02:00:00.000Z',
    dueAt: '2026-11-04T10:00:00.000Z',
    answeredAt: '2026-11-03T02:00:00.000Z',
  });
  await insertTransfer(db, {
    contactId: c5,
    departmentId: ids.income,
    createdBy: ids.agent1,
    status: 'answered',
    createdAt: '2026-11-08T15:59:00.000Z',
    dueAt: '2026-11-10T10:00:00.000Z',
    answeredAt: '2026-11-12T03:59:00.000Z',
  });
  await insertTransfer(db, {
    contactId: c3,
    departmentId: ids.income,
    createdBy: ids.agent2,
    status: 'open',
    createdAt: '2026-11-03T02:00:00.000Z',
    dueAt: '2026-11-05T10:00:00.000Z',
  });
  await insertTransfer(db, {
    contactId: c8,
    departmentId: ids.vat,
    createdBy: ids.agent2,
    status: 'open',
    createdAt: '2026-11-05T07:00:00.000Z',
    dueAt: '2026-12-31T10:00:00.000Z',
  });
  await insertTransfer(db, {
    contactId: c1,
    departmentId: ids.vat,
    createdBy: ids.agent1,
    status: 'returned',
    createdAt: '2026-11-02T03:00:00.000Z',
    dueAt: '2026-11-04T10:00:00.000Z',
    handledAt: '2026-11-02T05:00:00.000Z',
  });
  await insertTransfer(db, {
    contactId: c6,
    departmentId: ids.vat,
    createdBy: ids.agent1,
    status: 'open',
    createdAt: '2026-11-01T10:00:00.000Z',
    dueAt: '2026-11-03T10:00:00.000Z',
  });

  // Surveys: s4 comes in on Monday 2026-11-09 (outside).
  await insertSurvey(db, c1, ids.sf, 'satisfied', '2026-11-02T02:00:00.000Z');
  await insertSurvey(db, c2, ids.sf, 'basically_satisfied', '2026-11-02T03:00:00.000Z');
  await insertSurvey(db, c3, ids.sf, 'unsatisfied', '2026-11-03T05:00:00.000Z');
  await insertSurvey(db, c5, ids.dc, 'satisfied', '2026-11-09T01:00:00.000Z');
  await insertSurvey(db, c4, ids.sf, 'satisfied', '2026-11-04T01:00:00.000Z');

  const processId = await buildCaseProcess(db, {
    key: 'reports-test',
    version: 1,
    name: '测试流程',
    definition: '{}',
    now: new Date('2026-11-01T00:00:00.000Z'),
  });
  await insertCase(db, ids, processId, {
    no: 'TS-K1',
    category: 'complaint',
    step: 'intake',
    orgUnitId: ids.sf,
    registeredAt: '2026-11-02T02:00:00.000Z',
  });
  await insertCase(db, ids, processId, {
    no: 'TS-K2',
    category: 'report',
    step: 'investigation',
    orgUnitId: ids.sf,
    registeredAt: '2026-11-04T02:00:00.000Z',
    head: '发票违法',
  });
  await insertCase(db, ids, processId, {
    no: 'TS-K3',
    category: 'report',
    step: 'closed',
    orgUnitId: ids.dc,
    registeredAt: '2026-11-06T02:00:00.000Z',
    head: '发票违法',
  });
  await insertCase(db, ids, processId, {
    no: 'TS-K4',
    category: 'complaint',
    step: 'intake',
    orgUnitId: ids.sf,
    registeredAt: '2026-11-10T02:00:00.000Z',
  });
  return ids;
}

const count = (items: Array<{ key: string; count: number }>, key: string) => items.find((i) => i.key === key)?.count;

describe.each(dialects)('statistics on %s', (dialect) => {
  let t: TestApp;
  let ids: Ids;
  let director: Session;
  let agent: Session;
  let intake: Session;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ids = await seedWeek(t.database.db);
    [director, agent, intake] = await Promise.all([t.login('director'), t.login('agent1'), t.login('intake2')]);
  });
  afterAll(async () => {
    await t.close();
  });

  const { get } = sessionRequests(() => t);

  it('counts the contacts of the week by Shanghai day, hour, channel, type and tax kind', async () => {
    const res = await get(director, `/api/reports/dashboard?from=${FROM}&to=${TO}`);
    expect(res.statusCode).toBe(200);
    const d = res.json() as Dashboard;
    expect(d.scope).toMatchObject({ from: FROM, to: TO, days: 7 });
    expect(d.contacts.total).toBe(6);
    expect(d.contacts.byDay).toEqual([
      { date: '2026-11-02', count: 3 },
      { date: '2026-11-03', count: 1 },
      { date: '2026-11-04', count: 0 },
      { date: '2026-11-05', count: 1 },
      { date: '2026-11-06', count: 0 },
      { date: '2026-11-07', count: 0 },
      { date: '2026-11-08', count: 1 },
    ]);
    const hours = Object.fromEntries(d.contacts.byHour.filter((h) => h.count > 0).map((h) => [h.hour, h.count]));
    expect(hours).toEqual({ 0: 1, 9: 3, 14: 1, 23: 1 });
    expect(count(d.contacts.byChannel, 'phone')).toBe(4);
    expect(count(d.contacts.byChannel, 'web')).toBe(1);
    expect(count(d.contacts.byChannel, 'sms')).toBe(1);
    expect(count(d.contacts.byChannel, 'fax')).toBe(0);
    expect(d.contacts.byChannel.find((c) => c.key === 'phone')?.name).toBe('来电');
    expect(count(d.contacts.byType, 'consult')).toBe(4);
    expect(count(d.contacts.byType, 'complaint')).toBe(1);
    expect(count(d.contacts.byType, 'suggestion')).toBe(1);
    expect(d.contacts.byTaxKind).toEqual([
      { taxKind: '增值税', count: 3, byType: { consult: 3 } },
      { taxKind: '个人所得税', count: 2, byType: { consult: 1, suggestion: 1 } },
      { taxKind: '未填写', count: 1, byType: { complaint: 1 } },
    ]);
    expect(d.onTheSpot).toEqual({ total: 6, answered: 4, rate: 0.667 });
    // 09:00: three contacts by two agents on one day → 1.5 per agent-hour.
    expect(d.serviceLoad[9]).toEqual({ hour: 9, contacts: 3, agentHours: 2, perAgent: 1.5 });
    expect(d.serviceLoad[0]).toEqual({ hour: 0, contacts: 1, agentHours: 1, perAgent: 1 });
    expect(d.serviceLoad[12]).toEqual({ hour: 12, contacts: 0, agentHours: 0, perAgent: null });
  });

  it('counts transfers per department: on time, overdue, open and the average answer time', async () => {
    const d = (await get(director, `/api/reports/dashboard?from=${FROM}&to=${TO}`)).json() as Dashboard;
    expect(d.transfers).toMatchObject({
      total: 5,
      onTime: 2,
      overdue: 2,
      open: 2,
      answered: 2,
      onTimeRate: 0.667,
      averageAnswerHours: 54,
    });
    expect(d.transfers.byDepartment).toEqual([
      {
        departmentId: ids.vat,
        name: '货物和劳务税处',
        total: 3,
        onTime: 2,
        overdue: 0,
        open: 1,
        answered: 1,
        onTimeRate: 1,
        averageAnswerHours: 24,
      },
      {
        departmentId: ids.income,
        name: '所得税处',
        total: 2,
        onTime: 0,
        overdue: 2,
        open: 1,
        answered: 1,
        onTimeRate: 0,
        averageAnswerHours: 84,
      },
    ]);
  });

  it('counts complaints and reports by stage and classification, and satisfaction by agent, department and type', async () => {
    const d = (await get(director, `/api/reports/dashboard?from=${FROM}&to=${TO}`)).json() as Dashboard;
    expect(d.cases.total).toBe(3);
    expect(count(d.cases.byCategory, 'complaint')).toBe(1);
    expect(count(d.cases.byCategory, 'report')).toBe(2);
    expect(count(d.cases.byStage, 'intake')).toBe(1);
    expect(count(d.cases.byStage, 'investigation')).toBe(1);
    expect(count(d.cases.byStage, 'closed')).toBe(1);
    expect(count(d.cases.byStage, 'feedback')).toBe(0);
    expect(d.cases.byClassification.map((c) => [c.name, c.count])).toEqual([
      ['发票违法', 2],
      ['未分类', 1],
    ]);

    expect(d.satisfaction).toMatchObject({
      responses: 4,
      satisfied: 2,
      basicallySatisfied: 1,
      unsatisfied: 1,
      rate: 0.75,
    });
    const agents = Object.fromEntries(d.satisfaction.byAgent.map((a) => [a.name, [a.responses, a.rate]]));
    expect(agents).toEqual({ 王晓燕: [2, 1], 刘志强: [2, 0.5] });
    expect(d.satisfaction.byType.map((r) => [r.key, r.responses, r.rate])).toEqual([
      ['consult', 3, 0.667],
      ['complaint', 1, 1],
    ]);
    expect(d.satisfaction.byDepartment.map((r) => [r.name, r.responses, r.unsatisfied, r.rate])).toEqual([
      ['货物和劳务税处', 1, 1, 0],
    ]);
  });

  it('answers the contract summary with the same figures', async () => {
    const res = await get(director, `/api/reports/summary?from=${FROM}&to=${TO}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      contacts: 6,
      byType: { consult: 4, complaint: 1, suggestion: 1 },
      byChannel: { phone: 4, web: 1, sms: 1 },
      transfers: { total: 5, onTime: 2, overdue: 2, open: 2 },
      satisfaction: { responses: 4, satisfied: 3, rate: 0.75 },
    });
  });

  it('limits the figures to an org unit and the units below it', async () => {
    const d = (
      await get(director, `/api/reports/dashboard?from=${FROM}&to=${TO}&orgUnitId=${ids.dc}`)
    ).json() as Dashboard;
    expect(d.scope.orgUnitName).toMatch(/东城市税务局$/);
    expect(d.contacts.total).toBe(1);
    expect(count(d.contacts.byChannel, 'sms')).toBe(1);
    expect(d.transfers).toMatchObject({ total: 1, overdue: 1, answered: 1, averageAnswerHours: 84 });
    expect(d.cases.total).toBe(1);
    expect(d.satisfaction.responses).toBe(0);
    expect(d.satisfaction.rate).toBeNull();
    // The same through the module's public function, as the monthly bulletin calls it.
    const direct = await computeDashboard(
      t.database.db,
      { orgUnitId: ids.dc, from: FROM, to: TO },
      new Date('2026-11-27T02:00:00Z'),
    );
    expect(direct).toEqual(d);
  });

  it('finds the hot questions, grouping near-identical wordings and synonyms, against the previous week', async () => {
    const res = await get(director, `/api/reports/hot-questions?from=${FROM}&to=${TO}`);
    expect(res.statusCode).toBe(200);
    const hot = res.json() as HotQuestionsResult;
    expect(hot).toMatchObject({ previousFrom: '2026-10-26', previousTo: '2026-11-01', contacts: 6 });
    const [first, second] = hot.items;
    // 个税汇算清缴退税 ×2 and 个人所得税汇算清缴退税: one topic, new this week, so flagged rising.
    expect(first).toMatchObject({
      rank: 1,
      question: '个税汇算清缴退税',
      count: 3,
      previousCount: 0,
      change: null,
      isRising: true,
      examples: ['个人所得税汇算清缴退税'],
      articles: [{ id: 7, title: '个人所得税综合所得汇算清缴', count: 2 }],
    });
    expect(first?.terms).toContain('个人所得税');
    expect(first?.taxKinds).toEqual(['个人所得税', '增值税']);
    // 小规模纳税人季度免税额度(是多少) ×2, asked once the week before: up 100 % but too few to flag.
    expect(second).toMatchObject({ rank: 2, count: 2, previousCount: 1, change: 1, isRising: false });
    expect(second?.question).toMatch(/^小规模纳税人季度免税额度/);
    const direct = await findHotQuestions(t.database.db, { orgUnitId: null, from: FROM, to: TO, limit: 1 });
    expect(direct.items).toHaveLength(1);
  });

  it('exports a chart’s data and the hot questions as .xlsx with the filters shown', async () => {
    const res = await get(director, `/api/reports/dashboard/export?from=${FROM}&to=${TO}&chart=contactsByChannel`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('来电渠道分布'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['筛选条件', `统计期间：${FROM} 至 ${TO}`]);
    // The director's report covers the director's own org unit (the province) and everything below.
    expect(values(2)[1]).toMatch(/^组织机构：.*示范省税务局$/);
    expect(values(3)[0]).toBe('导出时间');
    expect(values(5)).toEqual(['渠道', '来电量']);
    expect(values(6)).toEqual(['来电', 4]);

    const hot = await get(director, `/api/reports/hot-questions/export?from=${FROM}&to=${TO}`);
    expect(hot.statusCode).toBe(200);
    const hotBook = new ExcelJS.Workbook();
    await hotBook.xlsx.load(hot.rawPayload as unknown as ArrayBuffer);
    const hotSheet = hotBook.worksheets[0]!;
    expect((hotSheet.getRow(3).values as unknown[])[2]).toBe('比较期间：2026-10-26 至 2026-11-01');
    expect((hotSheet.getRow(7).values as unknown[]).slice(1, 5)).toEqual([
      1,
      '个税汇算清缴退税',
      expect.any(String),
      3,
    ]);
  });

  it('refuses users without the statistics permission', async () => {
    for (const url of [
      `/api/reports/summary?from=${FROM}&to=${TO}`,
      `/api/reports/dashboard?from=${FROM}&to=${TO}`,
      `/api/reports/hot-questions?from=${FROM}&to=${TO}`,
      `/api/reports/dashboard/export?from=${FROM}&to=${TO}&chart=contactsByDay`,
    ]) {
      expect((await get(agent, url)).statusCode).toBe(403);
      expect((await get(intake, url)).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
  });

  it.each([
    ['from=2026-11-31&to=2026-12-01', 'INVALID_DATE', 'from'],
    ['from=2026-11-01&to=2026-02-30', 'INVALID_DATE', 'to'],
    ['from=2026-11-08&to=2026-11-02', 'INVALID_RANGE', 'to'],
    ['from=2025-01-01&to=2026-11-02', 'RANGE_TOO_LONG', 'to'],
    ['from=2026/11/01&to=2026-11-02', 'VALIDATION_FAILED', 'querystring.from'],
    ['to=2026-11-02', 'VALIDATION_FAILED', 'querystring.from'],
  ])('rejects %s with %s on %s', async (query, code, field) => {
    for (const path of ['summary', 'dashboard', 'hot-questions']) {
      const res = await get(director, `/api/reports/${path}?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.details.fields[0].field).toBe(field);
    }
  });

  it('rejects an unknown org unit, chart or extra parameter', async () => {
    const unknown = await get(director, `/api/reports/dashboard?from=${FROM}&to=${TO}&orgUnitId=999999`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({
      code: 'ORG_UNIT_NOT_FOUND',
      details: { fields: [{ field: 'orgUnitId' }] },
    });
    const chart = await get(director, `/api/reports/dashboard/export?from=${FROM}&to=${TO}&chart=nope`);
    expect(chart.statusCode).toBe(400);
    expect(chart.json().error.details.fields[0].field).toBe('querystring.chart');
    const extra = await get(director, `/api/reports/summary?from=${FROM}&to=${TO}&orgUnitId=1`);
    expect(extra.statusCode).toBe(400);
  });
});
