import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelSenders, jobs } from '../../jobs';
import { runJobSlot } from '../../platform/jobs';
import { dispatchOutbox } from '../../platform/outbox';
import { buildUser } from '../../test/factories';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../../test/harness';
import { sweepUrges } from './transfers.service';

const dialects = await testDialects();
const ctiToken = 'cti-test-token-0123456789abcdef';
const silentLog = { info: () => {}, error: () => {}, warn: () => {} } as never;

/** A valid unified social credit code and the same code with a wrong check character. */
const USCC = '91350100M000100Y43';
const USCC_BAD = '91350100M000100Y44';

describe.each(dialects)('contacts and transfers on %s', (dialect) => {
  let t: TestApp;
  let agent1: Session;
  let agent2: Session;
  let lead: Session;
  let director: Session;
  let deptVat: Session;
  let deptIncome: Session;
  let admin: Session;
  let departments: Array<{ id: number; name: string; code: string }>;
  const dept = (code: string) => departments.find((d) => d.code === code)!.id;

  /** Sessions end after 2 idle hours: a test that moves the clock logs everyone in again. */
  const loginAll = async () => {
    const names = ['agent1', 'agent2', 'lead1', 'director', 'dept_vat', 'dept_income', 'admin'] as const;
    const sessions = await Promise.all(names.map((u) => t.login(u)));
    const of = (i: number) => sessions[i] as Session;
    [agent1, agent2, lead, director, deptVat, deptIncome, admin] = [of(0), of(1), of(2), of(3), of(4), of(5), of(6)];
  };

  const setClock = async (iso: string) => {
    t.clock.set(iso);
    await loginAll();
  };

  beforeAll(async () => {
    // Friday 2026-11-27 10:00 Shanghai.
    t = await createTestApp(dialect, { ctiToken });
    await loginAll();
    departments = (await get(admin, '/api/admin/departments')).json();
  });
  afterAll(async () => {
    await t.close();
  });

  const { get, post, put } = sessionRequests(() => t);
  /** Downloads an export and opens the named sheet of the .xlsx it returns. */
  const exportSheet = async (s: Session, url: string, sheetName: string) => {
    const res = await get(s, url);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    return workbook.getWorksheet(sheetName)!;
  };
  const rowValues = (sheet: ExcelJS.Worksheet, row: number) =>
    Array.from((sheet.getRow(row).values as unknown[]).slice(1), (v) =>
      v === null || v === undefined ? '' : String(v),
    );
  const deliver = () => dispatchOutbox(t.database.db, channelSenders, t.clock.now());
  const bell = async (s: Session) => (await get(s, '/api/notifications?limit=50')).json();

  const consult = {
    channel: 'phone',
    type: 'consult',
    callerPhone: '13812345678',
    taxpayerId: USCC,
    taxpayerName: '福州示范贸易有限公司',
    taxKind: '增值税',
    subject: '小规模纳税人季度免税额度',
    content: '询问小规模纳税人季度销售额未超过30万元是否免征增值税',
  };

  const register = (s: Session, body: object) => post(s, '/api/contacts', body);

  /** A published knowledge-base article, imported through the knowledge base's own API. */
  const importArticle = async () => {
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/kb/import',
      headers: { ...admin.writeHeaders, 'content-type': 'application/x-ndjson' },
      payload: `${JSON.stringify({
        id: 'contacts-test-1',
        library: 'faq',
        title: '小规模纳税人免征增值税政策',
        body: '月销售额10万元以下（季度30万元以下）的增值税小规模纳税人，免征增值税。',
        validity: 'in_force',
      })}\n`,
    });
    expect(imported.statusCode, imported.body).toBe(200);
    const search = await get(agent1, `/api/kb/search?q=${encodeURIComponent('小规模纳税人免征增值税')}`);
    const hit = (search.json() as { hits: Array<{ id: number; externalId: string }> }).hits.find(
      (h) => h.externalId === 'contacts-test-1',
    );
    return hit!.id;
  };

  it('registers a consultation answered on the spot, numbered and closed', async () => {
    const articleId = await importArticle();
    const unknownArticle = await register(agent1, {
      ...consult,
      answer: 'x',
      outcome: 'answered',
      kbArticles: [{ id: 999999, title: '不存在' }],
    });
    expect(unknownArticle.statusCode).toBe(400);
    expect(unknownArticle.json().error.details.fields[0].field).toBe('kbArticles.0.id');
    const res = await register(agent1, {
      ...consult,
      answer: '月销售额10万元以下（季度30万元以下）的小规模纳税人免征增值税',
      outcome: 'answered',
      kbArticles: [{ id: articleId, title: '小规模纳税人免征增值税政策' }],
      handlingSeconds: 95,
    });
    expect(res.statusCode, res.body).toBe(200);
    const contact = res.json();
    expect(contact.contactNo).toMatch(/^LD20261127\d{6}$/);
    expect(contact).toMatchObject({
      status: 'closed',
      outcome: 'answered',
      ticketNo: null,
      dueAt: null,
      callerPhone: '13812345678',
      taxpayerId: USCC,
      agentName: '王晓燕',
      durationSeconds: 95,
      startedAt: '2026-11-27T09:58:25+08:00',
      kbArticles: [{ id: articleId, title: '小规模纳税人免征增值税政策' }],
    });
    expect(contact.startedAt).toMatch(/\+08:00$/);
    expect(contact.history.map((h: { action: string }) => h.action)).toEqual(['contact.register']);
    // The registration answers with exactly what the detail reads back.
    expect((await get(agent1, `/api/contacts/${contact.id}`)).json()).toEqual(contact);
  });

  it('describes its routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs' })).json() as { paths: Record<string, unknown> };
    for (const p of ['/api/contacts', '/api/cti/events', '/api/transfers/{id}/answer', '/api/public/surveys/{token}']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });

  it('rejects a wrong check character, a wrong enum and a missing answer with 400 and writes nothing', async () => {
    const before = (await get(director, '/api/contacts?limit=100')).json().items.length;
    const bad: Array<[object, string, string]> = [
      [
        { ...consult, taxpayerId: USCC_BAD, answer: 'x', outcome: 'answered' },
        'taxpayerId',
        'TAXPAYER_ID_CHECK_FAILED',
      ],
      [
        { ...consult, taxpayerId: '110105194912310021', answer: 'x', outcome: 'answered' },
        'taxpayerId',
        'TAXPAYER_ID_CHECK_FAILED',
      ],
      [{ ...consult, taxpayerId: '12345', answer: 'x', outcome: 'answered' }, 'taxpayerId', 'TAXPAYER_ID_FORMAT'],
      [{ ...consult, channel: 'telegram', answer: 'x', outcome: 'answered' }, 'channel', 'VALIDATION_FAILED'],
      [{ ...consult, type: 'gossip', answer: 'x', outcome: 'answered' }, 'type', 'VALIDATION_FAILED'],
      [{ ...consult, outcome: 'answered' }, 'answer', 'ANSWER_REQUIRED'],
      [{ ...consult, outcome: 'transfer' }, 'departmentId', 'DEPARTMENT_REQUIRED'],
      [{ ...consult, outcome: 'transfer', departmentId: 999999 }, 'departmentId', 'DEPARTMENT_NOT_FOUND'],
      [{ ...consult, callerPhone: 'abc', answer: 'x', outcome: 'answered' }, 'callerPhone', 'VALIDATION_FAILED'],
      [{ ...consult, answer: 'x', outcome: 'answered', mood: 'happy' }, 'mood', 'VALIDATION_FAILED'],
      [{ ...consult, type: 'report', answer: 'x', outcome: 'answered' }, 'outcome', 'REPORT_MUST_BE_HANDED_OVER'],
    ];
    for (const [body, field, code] of bad) {
      const res = await register(agent1, body);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await get(director, '/api/contacts?limit=100')).json().items).toHaveLength(before);
  });

  it('accepts ID numbers and the legacy 15- and 20-character taxpayer ids', async () => {
    for (const taxpayerId of ['11010519491231002x', '330106D2143569X', '11010519491231002X01']) {
      const res = await register(agent1, { ...consult, taxpayerId, answer: '已答复', outcome: 'answered' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().taxpayerId).toBe(taxpayerId.toUpperCase());
    }
  });

  it('transfers → department answers → callback not reached, then reached → closed', async () => {
    const res = await register(agent1, {
      ...consult,
      subject: '跨省预缴增值税',
      outcome: 'transfer',
      departmentId: dept('VAT'),
      transferNote: '请答复跨省预缴的口径',
    });
    expect(res.statusCode, res.body).toBe(200);
    const contact = res.json();
    expect(contact.ticketNo).toMatch(/^GD20261127\d{4}$/);
    // Friday 27 Nov: 2 working days → end of Tuesday 1 Dec.
    expect(contact.dueAt).toBe('2026-12-02T00:00:00+08:00');
    expect(contact.status).toBe('transferred');
    expect((await get(agent1, `/api/contacts/${contact.id}`)).json()).toEqual(contact);
    expect(contact.transfers[0]).toMatchObject({ status: 'open', isOverdue: false, urgeCount: 0 });

    await deliver();
    const vatBell = await bell(deptVat);
    expect(vatBell.items.some((n: { kind: string; title: string }) => n.kind === 'transfer.new')).toBe(true);
    expect((await bell(deptIncome)).items.some((n: { kind: string }) => n.kind === 'transfer.new')).toBe(false);

    const inbox = (await get(deptVat, '/api/inbox')).json();
    const item = inbox.transfers.find((x: { contactId: number }) => x.contactId === contact.id);
    expect(item).toMatchObject({ dueState: 'on_time', ticketNo: contact.ticketNo, dueAt: contact.dueAt });
    expect((await get(deptIncome, '/api/inbox')).json().transfers).toHaveLength(0);

    // The department sees the contact masked; another department does not see it at all.
    const seen = (await get(deptVat, `/api/contacts/${contact.id}`)).json();
    expect(seen.callerPhone).toBe('138****5678');
    expect((await get(deptIncome, `/api/contacts/${contact.id}`)).statusCode).toBe(404);
    expect((await post(deptIncome, `/api/transfers/${item.id}/answer`, { answer: 'x' })).statusCode).toBe(404);

    const answered = await post(deptVat, `/api/transfers/${item.id}/answer`, { answer: '按规定在项目所在地预缴' });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().status).toBe('awaiting_callback');
    const twice = await post(deptVat, `/api/transfers/${item.id}/answer`, { answer: '再答一次' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('TRANSFER_ALREADY_HANDLED');

    await deliver();
    expect((await bell(agent1)).items.some((n: { kind: string }) => n.kind === 'transfer.answered')).toBe(true);
    const agentInbox = (await get(agent1, '/api/inbox')).json();
    expect(agentInbox.callbacks.map((c: { id: number }) => c.id)).toContain(contact.id);
    expect(agentInbox.callbacks.find((c: { id: number }) => c.id === contact.id).callerPhone).toBe('13812345678');

    expect((await post(agent2, `/api/contacts/${contact.id}/callbacks`, { result: 'reached' })).statusCode).toBe(403);
    const missed = await post(agent1, `/api/contacts/${contact.id}/callbacks`, {
      result: 'not_reached',
      note: '无人接听',
    });
    expect(missed.json()).toMatchObject({ status: 'awaiting_callback', callbackAttempts: 1 });
    const reached = await post(agent1, `/api/contacts/${contact.id}/callbacks`, { result: 'reached' });
    expect(reached.json()).toMatchObject({ status: 'closed', callbackAttempts: 2 });
    expect(reached.json().callbacks.map((c: { result: string }) => c.result)).toEqual(['not_reached', 'reached']);
    expect(reached.json().history.map((h: { action: string }) => h.action)).toEqual([
      'contact.register',
      'transfer.answer',
      'contact.callback',
      'contact.callback',
    ]);

    // A closed contact cannot be transferred again.
    const again = await post(agent1, `/api/contacts/${contact.id}/transfer`, { departmentId: dept('VAT') });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CONTACT_STATUS_CONFLICT');
  });

  it('lets exactly one of two concurrent answers win; the other gets 409', async () => {
    const other = await buildUser(t, {
      username: 'dept_vat2',
      name: '钱敏',
      roles: ['department'],
      orgUnit: 'SF',
      department: 'VAT',
    });
    const contact = (
      await register(agent1, { ...consult, subject: '并发答复', outcome: 'transfer', departmentId: dept('VAT') })
    ).json();
    const transferId = contact.transfers[0].id;
    const [a, b] = await Promise.all([
      post(deptVat, `/api/transfers/${transferId}/answer`, { answer: '答复甲' }),
      post(other, `/api/transfers/${transferId}/answer`, { answer: '答复乙' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const detail = (await get(agent1, `/api/contacts/${contact.id}`)).json();
    expect(detail.transfers).toHaveLength(1);
    expect(['答复甲', '答复乙']).toContain(detail.transfers[0].answer);
    expect(detail.history.filter((h: { action: string }) => h.action === 'transfer.answer')).toHaveLength(1);
  });

  it('sends a transfer back with a reason; the agent transfers it again or closes it', async () => {
    const contact = (
      await register(agent1, {
        ...consult,
        subject: '个税专项附加扣除',
        outcome: 'transfer',
        departmentId: dept('VAT'),
      })
    ).json();
    const transferId = contact.transfers[0].id;
    expect((await post(deptVat, `/api/transfers/${transferId}/return`, {})).statusCode).toBe(400);
    const back = await post(deptVat, `/api/transfers/${transferId}/return`, { reason: '属于所得税处职责' });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ status: 'returned' });
    expect(back.json().transfers[0]).toMatchObject({ status: 'returned', returnReason: '属于所得税处职责' });
    const inbox = (await get(agent1, '/api/inbox')).json();
    expect(inbox.returned.map((c: { id: number }) => c.id)).toContain(contact.id);

    const again = await post(agent1, `/api/contacts/${contact.id}/transfer`, { departmentId: dept('INCOME') });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ status: 'transferred', ticketNo: contact.ticketNo });
    expect(again.json().transfers.map((x: { status: string }) => x.status)).toEqual(['returned', 'open']);

    const second = again.json().transfers[1].id;
    await post(deptIncome, `/api/transfers/${second}/return`, { reason: '来电人已自行办理' });
    const closed = await post(agent1, `/api/contacts/${contact.id}/close`, { answer: '已告知来电人无需再办理' });
    expect(closed.json()).toMatchObject({ status: 'closed', answer: '已告知来电人无需再办理' });
  });

  it('forwards a transfer to another department, which answers it', async () => {
    const contact = (
      await register(agent1, { ...consult, subject: '年终奖计税', outcome: 'transfer', departmentId: dept('VAT') })
    ).json();
    const first = contact.transfers[0].id;
    const same = await post(deptVat, `/api/transfers/${first}/forward`, { departmentId: dept('VAT') });
    expect(same.statusCode).toBe(400);
    const forwarded = await post(deptVat, `/api/transfers/${first}/forward`, {
      departmentId: dept('INCOME'),
      note: '个人所得税问题',
    });
    expect(forwarded.statusCode, forwarded.body).toBe(200);
    const [old, next] = forwarded.json().transfers;
    expect(old).toMatchObject({ status: 'forwarded', forwardedToId: next.id });
    expect(next).toMatchObject({ status: 'open', departmentName: '所得税处' });
    expect((await get(deptIncome, '/api/inbox')).json().transfers.map((x: { id: number }) => x.id)).toContain(next.id);
    expect((await post(deptVat, `/api/transfers/${first}/answer`, { answer: 'x' })).statusCode).toBe(409);
    const answered = await post(deptIncome, `/api/transfers/${next.id}/answer`, { answer: '全年一次性奖金单独计税' });
    expect(answered.json().status).toBe('awaiting_callback');
    expect(answered.json().history.map((h: { action: string }) => h.action)).toEqual([
      'contact.register',
      'transfer.forward',
      'transfer.answer',
    ]);
  });

  it('refuses a department outside the agent’s org units', async () => {
    const dc = await buildUser(t, { username: 'agent_dc', name: '东城坐席', roles: ['agent'], orgUnit: 'SF-DC' });
    const res = await register(dc, { ...consult, outcome: 'transfer', departmentId: dept('XC-COLLECTION') });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('DEPARTMENT_OUT_OF_SCOPE');
    const ok = await register(dc, { ...consult, outcome: 'transfer', departmentId: dept('DC-VAT') });
    expect(ok.statusCode, ok.body).toBe(200);
    // The city agent does not see the province's contacts.
    const mine = (await get(dc, '/api/contacts?limit=100')).json().items;
    expect(mine.every((c: { agentName: string }) => c.agentName === '东城坐席')).toBe(true);
  });

  it('marks a suggestion adopted with the reply, then calls back', async () => {
    const contact = (
      await register(agent1, {
        ...consult,
        type: 'suggestion',
        subject: '建议延长办税服务厅周末开放时间',
        content: '建议周六上午开放办税服务厅',
        outcome: 'transfer',
        departmentId: dept('SERVICE'),
      })
    ).json();
    const transferId = contact.transfers[0].id;
    const service = await buildUser(t, {
      username: 'dept_service',
      name: '纳服处',
      roles: ['department'],
      orgUnit: 'SF',
      department: 'SERVICE',
    });
    const noAdoption = await post(service, `/api/transfers/${transferId}/answer`, { answer: '研究中' });
    expect(noAdoption.statusCode).toBe(400);
    expect(noAdoption.json().error.code).toBe('ADOPTION_REQUIRED');
    const res = await post(service, `/api/transfers/${transferId}/answer`, {
      answer: '自下月起主城区办税服务厅周六上午开放',
      adoption: 'partly_adopted',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ adoption: 'partly_adopted', status: 'awaiting_callback' });
    expect(res.json().transfers[0]).toMatchObject({ adoption: 'partly_adopted' });
    const done = await post(agent1, `/api/contacts/${contact.id}/callbacks`, { result: 'reached', note: '已告知' });
    expect(done.json()).toMatchObject({ status: 'closed', adoption: 'partly_adopted' });
  });

  it('reminds before the due time, notices overdue, lets a team lead urge, and ranks departments', async () => {
    const registered = await register(agent2, {
      ...consult,
      subject: '留抵退税进度',
      outcome: 'transfer',
      departmentId: dept('INCOME'),
    });
    expect(registered.statusCode, registered.body).toBe(200);
    const contact = registered.json();
    const transferId = contact.transfers[0].id;
    const urgeCount = async () =>
      (await get(agent2, `/api/contacts/${contact.id}`)).json().transfers[0].urgeCount as number;

    // Friday: due end of Tuesday; nothing to remind yet.
    await sweepUrges(t.database.db, t.clock.now());
    expect(await urgeCount()).toBe(0);
    // Monday 30 Nov 10:00: due by the end of the next working day → a reminder, once.
    await setClock('2026-11-30T02:00:00Z');
    const first = await sweepUrges(t.database.db, t.clock.now());
    expect(first.dueSoon).toBeGreaterThanOrEqual(1);
    await sweepUrges(t.database.db, t.clock.now());
    expect(await urgeCount()).toBe(1);
    await deliver();
    expect((await bell(deptIncome)).items.some((n: { kind: string }) => n.kind === 'transfer.urge.due_soon')).toBe(
      true,
    );
    expect(
      (await get(deptIncome, '/api/inbox')).json().transfers.find((x: { id: number }) => x.id === transferId).dueState,
    ).toBe('due_soon');

    // Wednesday 2 Dec: overdue → a notice to the department and the agent, once.
    await setClock('2026-12-02T02:00:00Z');
    const job = jobs.find((j) => j.name === 'transfers.urge')!;
    const ran = await runJobSlot(job, { db: t.database.db, now: t.clock.now(), log: silentLog });
    expect(ran?.overdue).toBeGreaterThanOrEqual(1);
    expect(await runJobSlot(job, { db: t.database.db, now: t.clock.now(), log: silentLog })).toBeNull();
    await sweepUrges(t.database.db, t.clock.now());
    expect(await urgeCount()).toBe(2);
    await deliver();
    expect((await bell(agent2)).items.some((n: { kind: string }) => n.kind === 'transfer.overdue')).toBe(true);

    const overdue = (await get(lead, '/api/transfers/overdue?includeDueSoon=false')).json();
    expect(overdue.find((x: { id: number }) => x.id === transferId)).toMatchObject({ dueState: 'overdue' });
    expect((await post(agent2, `/api/transfers/${transferId}/urge`, { note: '请尽快' })).statusCode).toBe(403);
    const urged = await post(lead, `/api/transfers/${transferId}/urge`, { note: '已超期，请今天答复' });
    expect(urged.statusCode, urged.body).toBe(200);
    expect(urged.json()).toEqual({ id: transferId, urgeCount: 3 });
    await deliver();
    const manual = (await bell(deptIncome)).items.find((n: { kind: string }) => n.kind === 'transfer.urge.manual');
    expect(manual.body).toContain('已超期，请今天答复');

    const detail = (await get(lead, `/api/contacts/${contact.id}`)).json();
    expect(detail.urges.map((u: { kind: string }) => u.kind)).toEqual(['due_soon', 'overdue', 'manual']);
    expect(detail.urges[2]).toMatchObject({ by: '李班长', note: '已超期，请今天答复' });

    const ranking = (await get(director, '/api/transfers/overdue-ranking?from=2026-11-01&to=2026-12-31')).json();
    expect(ranking.items[0]).toMatchObject({ rank: 1, departmentName: '所得税处' });
    expect(ranking.items[0].overdueOpen).toBeGreaterThanOrEqual(1);

    // Answered late: the transfer says so, and a closed one cannot be urged.
    await post(deptIncome, `/api/transfers/${transferId}/answer`, { answer: '已办理退税' });
    expect((await post(lead, `/api/transfers/${transferId}/urge`, { note: '再催' })).statusCode).toBe(409);
    expect((await get(lead, `/api/contacts/${contact.id}`)).json().transfers[0].isOverdue).toBe(true);
    await setClock('2026-11-27T02:00:00Z');
  });

  it('uses the transfer due days configured per contact type', async () => {
    const settings = { settings: [{ type: 'review_request', transferDueDays: 1 }] };
    expect((await put(agent1, '/api/contact-types/settings', settings)).statusCode).toBe(403);
    const set = await put(director, '/api/contact-types/settings', settings);
    expect(set.statusCode, set.body).toBe(200);
    const res = await register(agent1, {
      ...consult,
      type: 'review_request',
      outcome: 'transfer',
      departmentId: dept('COLLECTION'),
    });
    expect(res.json().dueAt).toBe('2026-12-01T00:00:00+08:00');
  });

  it('masks phone and taxpayer id in lists for others, and audits a reveal', async () => {
    const own = (await register(agent1, { ...consult, answer: '已答复', outcome: 'answered' })).json();
    const list = (await get(agent2, '/api/contacts?limit=5')).json();
    const seen = list.items.find((c: { id: number }) => c.id === own.id);
    expect(seen).toMatchObject({ callerPhone: '138****5678', taxpayerId: '9135**********0Y43' });
    const mineInList = (await get(agent1, '/api/contacts?limit=5'))
      .json()
      .items.find((c: { id: number }) => c.id === own.id);
    expect(mineInList.callerPhone).toBe('13812345678');
    expect((await post(agent2, `/api/contacts/${own.id}/reveal`)).statusCode).toBe(403);
    const revealed = await post(director, `/api/contacts/${own.id}/reveal`);
    expect(revealed.json()).toEqual({ callerPhone: '13812345678', taxpayerId: USCC });
    const audit = (await get(admin, `/api/admin/audit?action=contact.reveal&entityId=${own.id}`)).json();
    expect(audit.items[0]).toMatchObject({ actorUsername: 'director', entityType: 'contact' });
  });

  it('shows the caller’s earlier contacts and open tickets', async () => {
    const phone = '13900001111';
    await register(agent1, { ...consult, callerPhone: phone, answer: '已答复', outcome: 'answered' });
    const open = (
      await register(agent2, { ...consult, callerPhone: phone, outcome: 'transfer', departmentId: dept('VAT') })
    ).json();
    const history = (await get(agent1, `/api/contacts/history?phone=139-0000-1111`)).json();
    expect(history.recent).toHaveLength(2);
    expect(history.open.map((c: { id: number }) => c.id)).toEqual([open.id]);
    const byId = (await get(agent1, `/api/contacts/history?taxpayerId=${USCC.toLowerCase()}`)).json();
    expect(byId.recent.length).toBeGreaterThanOrEqual(2);
    expect((await get(agent1, `/api/contacts/history?taxpayerId=${USCC_BAD}`)).statusCode).toBe(400);
  });

  it('pages the contact log by cursor with filters, and exports it as xlsx', async () => {
    const all: number[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/contacts?limit=3&agentId=${agent1.userId}&from=2026-11-01&to=2026-11-30${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await get(director, url)).json();
      all.push(...page.items.map((c: { id: number }) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(5);
    expect([...all].sort((a, b) => b - a)).toEqual(all);
    const channelOnly = (await get(director, '/api/contacts?type=suggestion')).json().items;
    expect(channelOnly.every((c: { type: string }) => c.type === 'suggestion')).toBe(true);
    const text = (await get(director, `/api/contacts?q=${encodeURIComponent('年终奖')}`)).json().items;
    expect(text.map((c: { subject: string }) => c.subject)).toEqual(['年终奖计税']);
    expect((await get(director, '/api/contacts?cursor=bogus')).statusCode).toBe(400);
    expect((await get(director, '/api/contacts?from=2026-13-01')).statusCode).toBe(400);

    const res = await get(director, `/api/contacts/export?agentId=${agent1.userId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('接听记录簿')!;
    // The filters the log was exported with head the sheet, then the export time, a blank row, the header.
    expect(sheet.getRow(1).getCell(1).value).toBe('筛选条件');
    expect(sheet.getRow(1).getCell(2).value).toBe('坐席：王晓燕');
    expect(sheet.getRow(2).getCell(1).value).toBe('导出时间');
    expect(sheet.getRow(4).getCell(1).value).toBe('来电编号');
    expect(sheet.rowCount - 4).toBe(all.length);
    expect(String(sheet.getRow(5).getCell(7).value)).toMatch(/^1\d{2}\*{4}\d{4}$/);
  });

  it('hands a complaint and a report over to the complaints-and-reports workflow in one transaction', async () => {
    const complaint = await register(agent1, {
      ...consult,
      type: 'complaint',
      subject: '办税服务厅窗口人员态度差',
      content: '11月26日在办税服务厅办理业务时窗口人员态度生硬',
      outcome: 'transfer',
      named: true,
      reporterName: '张三',
      subjectName: '示范区办税服务厅',
    });
    expect(complaint.statusCode, complaint.body).toBe(200);
    const c = complaint.json();
    expect(c).toMatchObject({ status: 'handed_over', outcome: 'transfer' });
    expect(c.caseNo).toMatch(/^TS20261127\d{4}$/);
    expect(c.ticketNo).toBeNull();
    expect(c.dueAt).toMatch(/\+08:00$/);
    const intake = await t.login('intake1');
    const handed = (await get(intake, `/api/cases/${c.caseId}`)).json();
    expect(handed).toMatchObject({ caseNo: c.caseNo, step: 'intake' });

    const report = await register(agent1, {
      ...consult,
      type: 'report',
      subject: '举报某公司虚开发票',
      content: '某公司长期对外虚开增值税专用发票',
      outcome: 'transfer',
      named: false,
      subjectName: '某贸易有限公司',
    });
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json().caseNo).toMatch(/^JB20261127\d{4}$/);

    // Bad hand-over input: nothing is written, neither contact nor case.
    const before = (await get(director, '/api/contacts?type=complaint&limit=100')).json().items.length;
    const noSubject = await register(agent1, { ...consult, type: 'complaint', outcome: 'transfer', named: false });
    expect(noSubject.statusCode).toBe(400);
    expect(noSubject.json().error.details.fields[0].field).toBe('subjectName');
    const badType = await register(agent1, {
      ...consult,
      type: 'complaint',
      outcome: 'transfer',
      named: false,
      subjectName: '某厅',
      complaintType: 'no-such-type',
    });
    expect(badType.statusCode).toBe(400);
    expect((await get(director, '/api/contacts?type=complaint&limit=100')).json().items).toHaveLength(before);
    // A handed-over contact does not go to a department.
    const transfer = await post(agent1, `/api/contacts/${c.id}/transfer`, { departmentId: dept('VAT') });
    expect(transfer.statusCode).toBe(409);
  });

  it('exports the monitored transfers and the overdue ranking as two sheets, for monitors only', async () => {
    const registered = await register(agent1, {
      ...consult,
      subject: '出口退税进度',
      outcome: 'transfer',
      departmentId: dept('VAT'),
    });
    expect(registered.statusCode, registered.body).toBe(200);
    // Thursday 10 Dec: the transfer of 27 Nov is past its due time.
    await setClock('2026-12-10T02:00:00Z');
    const listed = (await get(lead, '/api/transfers/overdue?includeDueSoon=false')).json();
    expect(listed.length).toBeGreaterThanOrEqual(1);
    const url = '/api/transfers/overdue/export?includeDueSoon=false&from=2026-11-01&to=2026-12-31';
    const sheet = await exportSheet(lead, url, '超期和即将到期的转办单');
    expect(rowValues(sheet, 1)).toEqual(['筛选条件', '范围：仅已超期']);
    expect(rowValues(sheet, 2)[0]).toBe('导出时间');
    expect(rowValues(sheet, 4)).toEqual([
      '工单编号',
      '来电编号',
      '类型',
      '主题',
      '纳税人名称',
      '承办处室',
      '坐席',
      '转办时间',
      '答复时限',
      '时限状态',
      '催办次数',
      '转办说明',
    ]);
    expect(sheet.rowCount - 4).toBe(listed.length);
    const exported = Array.from({ length: listed.length }, (_, i) => rowValues(sheet, 5 + i));
    expect(exported.map((r) => r[0])).toEqual(listed.map((x: { ticketNo: string }) => x.ticketNo));
    expect(exported.every((r) => r[9] === '已超期')).toBe(true);
    const mine = exported.find((r) => r[1] === registered.json().contactNo)!;
    expect(mine).toBeDefined();
    expect(mine.slice(2, 7)).toEqual(['咨询', '出口退税进度', '福州示范贸易有限公司', '货物和劳务税处', '王晓燕']);

    const ranking = (await get(lead, '/api/transfers/overdue-ranking?from=2026-11-01&to=2026-12-31')).json();
    const rankSheet = await exportSheet(lead, url, '各处室超期排名');
    expect(rowValues(rankSheet, 1)).toEqual(['筛选条件', '开始日期：2026-11-01']);
    expect(rowValues(rankSheet, 2)).toEqual(['', '结束日期：2026-12-31']);
    expect(rowValues(rankSheet, 5)).toEqual(['排名', '处室', '转办单', '超期', '当前超期未答复', '超期率', '催办次数']);
    expect(rankSheet.rowCount - 5).toBe(ranking.items.length);
    expect(rowValues(rankSheet, 6).slice(0, 2)).toEqual(['1', ranking.items[0].departmentName]);

    expect((await get(agent1, url)).statusCode).toBe(403);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('actor_user_id')
      .where('action', '=', 'transfer.export')
      .execute();
    expect(audit.map((a) => a.actor_user_id)).toEqual([lead.userId, lead.userId]);
    await post(deptVat, `/api/transfers/${registered.json().transfers[0].id}/answer`, { answer: '已办理' });
    await setClock('2026-11-27T02:00:00Z');
  });

  describe('CTI and surveys', () => {
    const cti = (payload: object, token = ctiToken) =>
      t.app.inject({
        method: 'POST',
        url: '/api/cti/events',
        headers: { authorization: `Bearer ${token}` },
        payload,
      });
    const call = (callId: string, event: string, extra: object = {}) =>
      cti({ event, callId, from: '13700002222', to: '12366', direction: 'in', ...extra });
    const pushesOf = async (userId: number) =>
      t.database.db.selectFrom('push_events').selectAll().where('user_id', '=', userId).execute();

    it('refuses a bad token with 401 and an event of an unknown call with 404', async () => {
      expect(
        (await cti({ event: 'newCall', callId: 'c-x', from: '1', to: '2', direction: 'in' }, 'wrong')).statusCode,
      ).toBe(401);
      expect((await cti({}, 'wrong')).statusCode).toBe(401);
      const noToken = await t.app.inject({ method: 'POST', url: '/api/cti/events', payload: {} });
      expect(noToken.statusCode).toBe(401);
      const unknown = await call('c-unknown', 'hangup');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('CALL_NOT_FOUND');
      expect((await call('c-bad', 'ring')).statusCode).toBe(400);
      expect((await call('c-nobody', 'newCall', { user: '9999' })).json().error.code).toBe('CTI_USER_UNKNOWN');
    });

    it('pops a new call to the right agent only, once, and stores the duration at hangup', async () => {
      const before1 = (await pushesOf(agent1.userId)).length;
      const before2 = (await pushesOf(agent2.userId)).length;
      const first = await call('c-100', 'newCall', { user: '8001', queue: 'vat', ivrPath: '1>2' });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json().status).toBe('recorded');
      expect((await call('c-100', 'newCall', { user: '8001' })).json().status).toBe('duplicate');
      const pushes = await pushesOf(agent1.userId);
      expect(pushes).toHaveLength(before1 + 1);
      expect(JSON.parse(pushes.at(-1)!.payload)).toMatchObject({ callId: 'c-100', from: '13700002222', queue: 'vat' });
      expect(await pushesOf(agent2.userId)).toHaveLength(before2);

      t.clock.advance(5_000);
      await call('c-100', 'answer', { user: 'agent1' });
      t.clock.advance(125_000);
      const hangup = await call('c-100', 'hangup', { cause: 'normal', recordingUrl: 'https://pbx.example/r/100.wav' });
      expect(hangup.json().status).toBe('recorded');
      t.clock.advance(10_000);
      expect((await call('c-100', 'hangup', { cause: 'again' })).json().status).toBe('duplicate');
      const calls = (await get(agent1, '/api/cti/calls')).json().items;
      expect(calls[0]).toMatchObject({ callId: 'c-100', durationSeconds: 125, cause: 'normal', agentName: '王晓燕' });
      expect(
        (await get(agent2, '/api/cti/calls')).json().items.some((c: { callId: string }) => c.callId === 'c-100'),
      ).toBe(false);
      await setClock('2026-11-27T02:00:00Z');
    });

    it('links a contact registered from a call, and records an IVR rating pressed afterwards', async () => {
      const id = (await call('c-200', 'newCall', { user: 'agent1' })).json().callRecordId;
      await call('c-200', 'answer', { user: 'agent1' });
      expect(
        (await register(agent2, { ...consult, answer: 'x', outcome: 'answered', callRecordId: id })).statusCode,
      ).toBe(400);
      const contact = (
        await register(agent1, {
          ...consult,
          callerPhone: '13700002222',
          answer: '已答复',
          outcome: 'answered',
          callRecordId: id,
        })
      ).json();
      expect(contact.call).toMatchObject({ callId: 'c-200' });
      expect(contact.call.events.map((e: { event: string }) => e.event)).toEqual(['newCall', 'answer']);
      expect(
        (await register(agent1, { ...consult, answer: 'x', outcome: 'answered', callRecordId: id })).statusCode,
      ).toBe(409);
      await call('c-200', 'hangup', { ivrPath: '1>S1' });
      expect((await get(agent1, `/api/contacts/${contact.id}`)).json().survey).toMatchObject({
        satisfaction: 'satisfied',
        method: 'ivr',
      });
    });

    it('keeps an IVR rating pressed before the contact was registered', async () => {
      const id = (await call('c-300', 'newCall', { user: '8002' })).json().callRecordId;
      await call('c-300', 'answer');
      await call('c-300', 'hangup', { ivrPath: 'S3' });
      const contact = (
        await register(agent2, { ...consult, answer: '已答复', outcome: 'answered', callRecordId: id })
      ).json();
      expect(contact.survey).toMatchObject({ satisfaction: 'unsatisfied', method: 'ivr' });
      // Unsatisfied: a follow-up task for the team lead.
      const tasks = (await get(lead, '/api/follow-ups')).json();
      expect(tasks.map((f: { contactId: number }) => f.contactId)).toContain(contact.id);
      await deliver();
      expect((await bell(lead)).items.some((n: { kind: string }) => n.kind === 'survey.unsatisfied')).toBe(true);
      const task = tasks.find((f: { contactId: number }) => f.contactId === contact.id);
      const done = await post(lead, `/api/follow-ups/${task.id}/complete`, { note: '已致电致歉并解释政策' });
      expect(done.statusCode, done.body).toBe(200);
      expect((await post(lead, `/api/follow-ups/${task.id}/complete`, { note: '再次' })).statusCode).toBe(409);
    });

    it('records a rating entered by the agent, once', async () => {
      const contact = (await register(agent1, { ...consult, answer: '已答复', outcome: 'answered' })).json();
      const body = { satisfaction: 'satisfied', efficiency: 5, accuracy: 4, comment: '解答清楚' };
      expect((await post(agent2, `/api/contacts/${contact.id}/survey`, body)).statusCode).toBe(403);
      expect((await post(agent1, `/api/contacts/${contact.id}/survey`, { ...body, efficiency: 9 })).statusCode).toBe(
        400,
      );
      expect((await post(agent1, `/api/contacts/${contact.id}/survey`, body)).statusCode).toBe(200);
      const again = await post(agent1, `/api/contacts/${contact.id}/survey`, body);
      expect(again.statusCode).toBe(409);
      expect((await get(agent1, `/api/contacts/${contact.id}`)).json().survey).toMatchObject({
        method: 'agent',
        efficiency: 5,
        accuracy: 4,
        comment: '解答清楚',
      });
    });

    it('records a rating through a single-use web link', async () => {
      const contact = (await register(agent1, { ...consult, answer: '已答复', outcome: 'answered' })).json();
      const link = (await post(agent1, `/api/contacts/${contact.id}/survey-link`)).json();
      expect(link.path).toBe(`/survey/${link.token}`);
      const page = await t.app.inject({ method: 'GET', url: link.path });
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('服务评价');
      const shown = await t.app.inject({ method: 'GET', url: `/api/public/surveys/${link.token}` });
      expect(shown.json()).toMatchObject({ contactNo: contact.contactNo, state: 'pending' });
      expect(shown.body).not.toContain('13812345678');
      const submit = (payload: object) =>
        t.app.inject({ method: 'POST', url: `/api/public/surveys/${link.token}`, payload });
      expect((await submit({ satisfaction: 'great' })).statusCode).toBe(400);
      expect((await submit({ satisfaction: 'basically_satisfied', comment: '等待时间略长' })).statusCode).toBe(200);
      const reused = await submit({ satisfaction: 'satisfied' });
      expect(reused.statusCode).toBe(409);
      expect(reused.json().error.code).toBe('SURVEY_LINK_USED');
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/public/surveys/AAAAAAAAAAAAAAAAAAAAAAAA' })).statusCode,
      ).toBe(404);
      expect((await get(agent1, `/api/contacts/${contact.id}`)).json().survey).toMatchObject({
        satisfaction: 'basically_satisfied',
        method: 'web',
      });
    });

    it('records a rating by SMS reply through the inbound webhook with its own token', async () => {
      const contact = (
        await register(agent1, { ...consult, callerPhone: '13655556666', answer: '已答复', outcome: 'answered' })
      ).json();
      expect((await post(agent1, '/api/cti/integrations', { name: '短信网关', kind: 'sms' })).statusCode).toBe(403);
      const integration = (await post(admin, '/api/cti/integrations', { name: '短信网关', kind: 'sms' })).json();
      expect(integration.token).toMatch(/^tl_/);
      const listed = (await get(admin, '/api/cti/integrations')).json();
      expect(JSON.stringify(listed)).not.toContain(integration.token);
      expect(listed.defaultCtiConfigured).toBe(true);

      const sent = await post(agent1, `/api/contacts/${contact.id}/survey-sms`);
      expect(sent.statusCode, sent.body).toBe(200);
      const outbox = await t.database.db
        .selectFrom('outbox')
        .selectAll()
        .where('channel', '=', 'sms')
        .where('recipient', '=', '13655556666')
        .execute();
      expect(JSON.parse(outbox[0]!.payload).text).toContain('回复1满意');

      const sms = (payload: object, token = integration.token) =>
        t.app.inject({
          method: 'POST',
          url: '/api/sms/inbound',
          headers: { authorization: `Bearer ${token}` },
          payload,
        });
      expect((await sms({ messageId: 'm0', from: '13655556666', text: '2' }, ctiToken)).statusCode).toBe(401);
      expect((await sms({ messageId: 'm1', from: '13655556666', text: '你好' })).json()).toMatchObject({
        surveyRecorded: false,
        reason: 'not_a_rating',
      });
      expect((await sms({ messageId: 'm2', from: '13655556666', text: '2' })).json()).toMatchObject({
        surveyRecorded: true,
      });
      expect((await sms({ messageId: 'm2', from: '13655556666', text: '2' })).json().status).toBe('duplicate');
      expect((await get(agent1, `/api/contacts/${contact.id}`)).json().survey).toMatchObject({
        satisfaction: 'basically_satisfied',
        method: 'sms',
      });

      await post(admin, `/api/cti/integrations/${integration.id}/revoke`);
      expect((await sms({ messageId: 'm3', from: '13655556666', text: '1' })).statusCode).toBe(401);
    });

    it('summarises surveys for the team lead', async () => {
      const res = (await get(lead, '/api/surveys?from=2026-11-01&to=2026-12-31')).json();
      expect(res.summary.responses).toBeGreaterThanOrEqual(4);
      expect(new Set(res.items.map((s: { method: string }) => s.method))).toEqual(
        new Set(['ivr', 'agent', 'web', 'sms']),
      );
      expect((await get(agent1, '/api/surveys')).statusCode).toBe(403);
    });

    it('exports the call log with the list’s visibility and masking', async () => {
      const listAll = async (s: Session, query: string) => {
        const items: Array<{ callId: string; from: string }> = [];
        let cursor: string | null = null;
        do {
          const page: { items: Array<{ callId: string; from: string }>; nextCursor: string | null } = (
            await get(s, `/api/cti/calls?limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`)
          ).json();
          items.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        return items;
      };
      const query = 'from=2026-11-01&to=2026-11-30';
      const seen = await listAll(director, query);
      expect(seen.length).toBeGreaterThanOrEqual(2);
      const sheet = await exportSheet(director, `/api/cti/calls/export?${query}`, '通话记录');
      expect(rowValues(sheet, 1)).toEqual(['筛选条件', '开始日期：2026-11-01']);
      expect(rowValues(sheet, 2)).toEqual(['', '结束日期：2026-11-30']);
      expect(rowValues(sheet, 3)[0]).toBe('导出时间');
      expect(rowValues(sheet, 5)).toEqual([
        '开始时间',
        '主叫',
        '被叫',
        '方向',
        '坐席',
        '队列',
        '按键',
        '接听时间',
        '挂机时间',
        '时长（秒）',
        '挂机原因',
        '录音',
        '来电登记',
      ]);
      expect(sheet.rowCount - 5).toBe(seen.length);
      const callers = Array.from({ length: seen.length }, (_, i) => rowValues(sheet, 6 + i)[1]);
      // The director took none of these calls: every caller number stays masked, as in the list.
      expect(callers).toEqual(seen.map((c) => c.from));
      expect(callers.every((from) => from === '137****2222')).toBe(true);

      // An agent exports only their own calls, with their own callers in full.
      const own = await listAll(agent1, '');
      expect(own.length).toBeGreaterThanOrEqual(2);
      const agentSheet = await exportSheet(agent1, '/api/cti/calls/export', '通话记录');
      expect(rowValues(agentSheet, 1)).toEqual(['筛选条件', '全部']);
      expect(agentSheet.rowCount - 4).toBe(own.length);
      const agentCallers = Array.from({ length: own.length }, (_, i) => rowValues(agentSheet, 5 + i));
      expect(agentCallers.every((r) => r[1] === '13700002222' && r[4]!.startsWith('王晓燕'))).toBe(true);

      expect((await get(deptVat, `/api/cti/calls/export?${query}`)).statusCode).toBe(403);
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select('actor_user_id')
        .where('action', '=', 'call.export')
        .execute();
      expect(audit.map((a) => a.actor_user_id)).toEqual([director.userId, agent1.userId]);
    });

    it('exports the surveys with their filters and the list’s totals', async () => {
      const query = 'from=2026-11-01&to=2026-12-31';
      const list = (await get(lead, `/api/surveys?${query}&limit=200`)).json();
      const sheet = await exportSheet(lead, `/api/surveys/export?${query}`, '满意度评价');
      expect(rowValues(sheet, 1)).toEqual(['筛选条件', '开始日期：2026-11-01']);
      expect(rowValues(sheet, 2)).toEqual(['', '结束日期：2026-12-31']);
      expect(rowValues(sheet, 5)).toEqual([
        '来电编号',
        '主题',
        '诉求类型',
        '坐席',
        '满意度',
        '效率',
        '准确性',
        '意见',
        '评价方式',
        '评价时间',
      ]);
      expect(sheet.rowCount - 5).toBe(list.summary.responses);
      expect(rowValues(sheet, 6)[0]).toBe(list.items[0].contactNo);

      const unsatisfied = await exportSheet(
        lead,
        `/api/surveys/export?${query}&satisfaction=unsatisfied&method=ivr`,
        '满意度评价',
      );
      expect(rowValues(unsatisfied, 3)).toEqual(['', '满意度：不满意']);
      expect(rowValues(unsatisfied, 4)).toEqual(['', '评价方式：语音按键']);
      const filtered = (await get(lead, `/api/surveys?${query}&satisfaction=unsatisfied&method=ivr&limit=200`)).json();
      expect(filtered.items.length).toBeGreaterThanOrEqual(1);
      expect(unsatisfied.rowCount - 7).toBe(filtered.items.length);
      expect(rowValues(unsatisfied, 8)[4]).toBe('不满意');

      expect((await get(agent1, `/api/surveys/export?${query}`)).statusCode).toBe(403);
      expect((await get(lead, '/api/surveys/export?from=2026-12-01&to=2026-11-01')).statusCode).toBe(400);
    });
  });
});
