import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelSenders } from '../../jobs';
import { dispatchOutbox } from '../../platform/outbox';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../../test/harness';
import { sweepUrges } from './transfers.service';

const dialects = await testDialects();

/** What staff read about a transfer: its deadline written one way everywhere (issue 19). */
describe.each(dialects)('how contacts and transfers read on %s', (dialect) => {
  let t: TestApp;
  let agent1: Session;
  let lead: Session;
  let deptVat: Session;
  let departments: Array<{ id: number; code: string }>;
  const { get, post } = sessionRequests(() => t);
  const dept = (code: string) => departments.find((d) => d.code === code)!.id;
  const loginAll = async () => {
    [agent1, lead, deptVat] = await Promise.all([t.login('agent1'), t.login('lead1'), t.login('dept_vat')]);
  };
  const deliver = () => dispatchOutbox(t.database.db, channelSenders, t.clock.now());
  const bell = async (s: Session) =>
    (await get(s, '/api/notifications?limit=50')).json().items as Array<{ kind: string; title: string; body: string }>;
  const consult = {
    channel: 'phone',
    type: 'consult',
    callerPhone: '13812345678',
    taxpayerName: '福州示范贸易有限公司',
    subject: '小规模纳税人季度免税额度',
    content: '询问小规模纳税人季度销售额未超过30万元是否免征增值税',
  };

  beforeAll(async () => {
    // Friday 2026-11-27 10:00 Shanghai: 2 working days end at 24:00 of Tuesday 1 December.
    t = await createTestApp(dialect);
    await loginAll();
    departments = (await get(await t.login('admin'), '/api/admin/departments')).json();
  });
  afterAll(async () => {
    await t.close();
  });

  it('writes a transfer deadline as its last day, 24:00, in the bell, the urge notices and the export', async () => {
    const res = await post(agent1, '/api/contacts', { ...consult, outcome: 'transfer', departmentId: dept('VAT') });
    expect(res.statusCode, res.body).toBe(200);
    const contact = res.json();
    // The API keeps the instant (the contract's shape); people read the day.
    expect(contact.dueAt).toBe('2026-12-02T00:00:00+08:00');
    await deliver();
    const created = (await bell(deptVat)).find((n) => n.kind === 'transfer.new' && n.title.includes(contact.ticketNo));
    expect(created?.body).toBe('请于12月1日（周二）当日24:00前答复');

    // Thursday 3 December: overdue; the sweep's notice names the same day.
    t.clock.set('2026-12-03T02:00:00Z');
    await loginAll();
    await sweepUrges(t.database.db, t.clock.now());
    await deliver();
    const overdue = (await bell(deptVat)).find((n) => n.kind === 'transfer.urge.overdue');
    expect(overdue?.title).toBe(`转办单 ${contact.ticketNo} 已超期（应于12月1日（周二）当日24:00前答复）`);

    const exported = await get(
      lead,
      '/api/transfers/overdue/export?includeDueSoon=false&from=2026-11-01&to=2026-12-31',
    );
    expect(exported.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('超期和即将到期的转办单')!;
    const header = (sheet.getRow(4).values as unknown[]).map(String);
    const row = Array.from({ length: sheet.rowCount - 4 }, (_, i) => sheet.getRow(5 + i).values as unknown[]).find(
      (values) => values.includes(contact.ticketNo),
    )!;
    expect(row[header.indexOf('答复时限')]).toBe('2026-12-01 24:00');
    t.clock.set('2026-11-27T02:00:00Z');
    await loginAll();
  });

  it('gives a complaint handed over to its workflow no department ticket', async () => {
    const res = await post(agent1, '/api/contacts', {
      ...consult,
      type: 'complaint',
      subject: '窗口人员态度生硬',
      content: '11月26日在办税服务厅办理业务时窗口人员态度生硬',
      outcome: 'transfer',
      named: false,
      subjectName: '示范区办税服务厅',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'handed_over', ticketNo: null, transfers: [] });
    expect(res.json().caseNo).toMatch(/^TS/);
    expect((await get(agent1, `/api/contacts/${res.json().id}`)).json().ticketNo).toBeNull();
  });

  it('settles the "请回访" notification once the callback is recorded', async () => {
    const contact = (
      await post(agent1, '/api/contacts', { ...consult, outcome: 'transfer', departmentId: dept('VAT') })
    ).json();
    const answered = await post(deptVat, `/api/transfers/${contact.transfers[0].id}/answer`, { answer: '可以免征' });
    expect(answered.statusCode, answered.body).toBe(200);
    await deliver();
    const askOf = async () =>
      (
        (await get(agent1, '/api/notifications?limit=50')).json().items as Array<{
          kind: string;
          link: string;
          readAt: string | null;
        }>
      ).find((n) => n.kind === 'transfer.answered' && n.link === `/inbox?contact=${contact.id}`);
    expect((await askOf())?.readAt).toBeNull();
    const notReached = await post(agent1, `/api/contacts/${contact.id}/callbacks`, { result: 'not_reached' });
    expect(notReached.statusCode, notReached.body).toBe(200);
    expect((await askOf())?.readAt).toBeNull();
    const reached = await post(agent1, `/api/contacts/${contact.id}/callbacks`, { result: 'reached' });
    expect(reached.statusCode, reached.body).toBe(200);
    expect((await askOf())?.readAt).not.toBeNull();
  });
});
