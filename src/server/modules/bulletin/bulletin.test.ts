import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelSenders, jobs } from '../../jobs';
import { runJobSlot } from '../../platform/jobs';
import { dispatchOutbox } from '../../platform/outbox';
import { docxText } from '../../test/docx-text';
import { buildUser, orgUnitIdOf } from '../../test/factories';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../../test/harness';
import { firstWorkingDayOf } from './bulletin.jobs';

const run = promisify(execFile);
const dialects = await testDialects();
// Each test renders .docx and PDF through LibreOffice (and OCR): 30 s is not enough on a loaded 2-core machine.
vi.setConfig({ testTimeout: 120_000 });
const silentLog = { info: () => {}, error: () => {}, warn: () => {}, debug: () => {} } as never;
const USCC = '91350100M000100Y43';

/**
 * The fixed dataset, in Shanghai time. September: 2 consultations. October: 3 consultations answered on
 * the spot (one at 23:30 on the 31st), one consultation and one suggestion transferred to the VAT
 * department and answered the same day (the suggestion adopted), one complaint handed over to the
 * complaints workflow; two surveys (satisfied, unsatisfied). A consultation at 00:10 on 1 November
 * belongs to November, though its UTC date is 31 October.
 */
const expected = {
  contacts: 6,
  previous: 2,
  summary:
    '2026年10月，国家税务总局示范省税务局12366纳税服务热线本月共受理来电6件，环比增长200.0%（上月2件）。' +
    '其中咨询4件、投诉1件、举报0件、意见建议1件；当场答复3件，当场答复率50.0%；' +
    '转办2件，按时答复2件，超期0件，按时答复率100.0%；登记投诉举报案件1件；' +
    '收到满意度评价2件，满意率50.0%；收到意见建议1件，采纳1件、部分采纳0件。',
};

const headings = [
  '一、本月概况',
  '二、业务量',
  '三、热点问题',
  '四、转办及处室答复',
  '五、投诉举报',
  '六、满意度',
  '七、意见建议采纳',
];

describe.each(dialects)('monthly bulletin on %s', (dialect) => {
  let t: TestApp;
  let director: Session;
  let leader: Session;
  let agent: Session;
  let deptVat: Session;
  let vatId: number;

  const login = async () => {
    [director, leader, agent, deptVat] = await Promise.all([
      t.login('director'),
      t.login('leader1'),
      t.login('agent1'),
      t.login('dept_vat'),
    ]);
  };
  const at = async (iso: string) => {
    t.clock.set(iso);
    await login();
  };
  const { get, post, put } = sessionRequests(() => t);

  const contact = (extra: object) => ({
    channel: 'phone',
    type: 'consult',
    callerPhone: '13812345678',
    taxpayerId: USCC,
    taxpayerName: '福州示范贸易有限公司',
    subject: '小规模纳税人季度免税额度',
    content: '询问小规模纳税人季度销售额未超过30万元是否免征增值税',
    answer: '按现行政策免征增值税',
    outcome: 'answered',
    ...extra,
  });
  const register = async (extra: object = {}) => {
    const res = await post(agent, '/api/contacts', contact(extra));
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { id: number; transfers?: Array<{ id: number }> };
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await login();
    vatId = (await get(director, '/api/departments')).json().find((d: { code: string }) => d.code === 'VAT').id;

    await at('2026-09-15T02:00:00Z');
    await register();
    await register();

    await at('2026-10-09T02:00:00Z');
    const satisfied = await register();
    const unsatisfied = await register();
    for (const [c, satisfaction] of [
      [satisfied, 'satisfied'],
      [unsatisfied, 'unsatisfied'],
    ] as const) {
      const res = await post(agent, `/api/contacts/${c.id}/survey`, { satisfaction });
      expect(res.statusCode, res.body).toBe(200);
    }

    await at('2026-10-12T02:00:00Z');
    const consult = await register({ outcome: 'transfer', departmentId: vatId, answer: undefined });
    const suggestion = await register({
      type: 'suggestion',
      subject: '建议延长办税服务厅周末开放时间',
      content: '建议周六上午开放办税服务厅',
      outcome: 'transfer',
      departmentId: vatId,
      answer: undefined,
    });
    await at('2026-10-12T07:00:00Z');
    for (const [c, body] of [
      [consult, { answer: '按规定在项目所在地预缴' }],
      [suggestion, { answer: '自下月起周六上午开放', adoption: 'adopted' }],
    ] as const) {
      const res = await post(deptVat, `/api/transfers/${c.transfers![0]!.id}/answer`, body);
      expect(res.statusCode, res.body).toBe(200);
    }

    await at('2026-10-13T02:00:00Z');
    await register({
      type: 'complaint',
      subject: '办税服务厅窗口人员态度差',
      content: '10月12日在办税服务厅办理业务时窗口人员态度生硬',
      outcome: 'transfer',
      answer: undefined,
      named: false,
      subjectName: '示范区办税服务厅',
    });

    await at('2026-10-31T15:30:00Z');
    await register();
    await at('2026-10-31T16:10:00Z');
    await register();

    await at('2026-11-27T02:00:00Z');
  });
  afterAll(async () => {
    await t.close();
  });

  it('writes the summary from the month’s figures, with the change against the previous month', async () => {
    const res = await get(director, '/api/reports/bulletin?month=2026-10&format=docx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['x-bulletin-status']).toBe('preview');
    const text = await docxText(res.rawPayload);
    expect(text).toContain(expected.summary);
    // The four consultations asked the same question: the hot-question table lists it.
    expect(text.split('三、热点问题')[1]).toContain('小规模纳税人季度免税额度');
    for (const h of headings) expect(text).toContain(h);
    expect(text).toContain('12366信息专报');
    expect(text).toContain('2026年第10期');
    expect(text).toContain('（草稿）');
    expect(text).toContain('建议延长办税服务厅周末开放时间（采纳');
    // The paragraph's average answer time is the table's figure, not a rounded 0.0.
    const transfers = text.split('四、转办及处室答复')[1]!.split('五、投诉举报')[0]!;
    const average = /平均答复时长([\d.]+)小时/.exec(transfers)?.[1];
    expect(Number(average)).toBeGreaterThan(0);
    expect(transfers.split('\n')).toContain(average);
    // Charts are PNG images in the package.
    const zip = await JSZip.loadAsync(res.rawPayload);
    const images = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    expect(images.length).toBeGreaterThanOrEqual(3);
    const png = await zip.file(images[0]!)!.async('nodebuffer');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('says so when a month has no contacts and the previous one had some', async () => {
    const text = await docxText((await get(director, '/api/reports/bulletin?month=2026-11')).rawPayload);
    expect(text).toContain('本月共受理来电1件，环比下降83.3%（上月6件）');
    const august = await docxText((await get(director, '/api/reports/bulletin?month=2026-08')).rawPayload);
    expect(august).toContain('本月未受理来电（上月0件）');
    expect(august).toContain('（三）每日来电量\n本月无来电记录。');
    const september = await docxText((await get(director, '/api/reports/bulletin?month=2026-09')).rawPayload);
    expect(september).toContain('本月共受理来电2件，上月无记录，不计算环比（上月0件）');
  });

  it('rejects a bad month or format with 400 naming the field', async () => {
    for (const [url, field] of [
      ['/api/reports/bulletin?month=2026-13&format=docx', 'querystring.month'],
      ['/api/reports/bulletin?month=202610&format=docx', 'querystring.month'],
      ['/api/reports/bulletin?format=docx', 'querystring.month'],
      ['/api/reports/bulletin?month=2026-10&format=xls', 'querystring.format'],
    ] as const) {
      const res = await get(director, url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const future = await get(director, '/api/reports/bulletin?month=2027-01');
    expect(future.statusCode).toBe(400);
    expect(future.json().error).toMatchObject({ code: 'MONTH_IN_FUTURE', details: { fields: [{ field: 'month' }] } });
    const badBody = await post(director, '/api/bulletins', { month: '2026/10' });
    expect(badBody.statusCode).toBe(400);
    expect(badBody.json().error.details.fields[0].field).toBe('month');
  });

  it('lets only the bulletin roles read, and only the director generate and publish', async () => {
    expect((await get(agent, '/api/reports/bulletin?month=2026-10')).statusCode).toBe(403);
    expect((await get(deptVat, '/api/bulletins')).statusCode).toBe(403);
    expect((await post(leader, '/api/bulletins', { month: '2026-10' })).statusCode).toBe(403);
    expect((await get(leader, '/api/reports/bulletin?month=2026-10')).statusCode).toBe(200);
  });

  it('keeps versions: remarks on a draft, publish, regenerate, publish again; audited', async () => {
    const created = await post(director, '/api/bulletins', { month: '2026-10' });
    expect(created.statusCode, created.body).toBe(201);
    const v1 = created.json();
    expect(v1).toMatchObject({ month: '2026-10', issue: '2026年第10期', version: 1, status: 'draft' });
    expect(v1.summary).toContain(expected.summary);
    // A leader does not see drafts; the contract's download is still a preview.
    expect((await get(leader, '/api/bulletins?month=2026-10')).json()).toEqual([]);
    expect((await get(leader, `/api/bulletins/${v1.id}`)).statusCode).toBe(404);
    expect((await get(leader, '/api/reports/bulletin?month=2026-10')).headers['x-bulletin-status']).toBe('preview');

    const remarks = await put(director, `/api/bulletins/${v1.id}/remarks`, {
      foreword: '本月来电量\u0000明显上升。\r\n请各处室关注。\u202e',
      sections: { transfers: '增值税转办答复及时。' },
    });
    expect(remarks.statusCode, remarks.body).toBe(200);
    expect(remarks.json().remarks).toEqual({
      foreword: '本月来电量明显上升。\n请各处室关注。',
      sections: { transfers: '增值税转办答复及时。' },
    });
    const tooLong = await put(director, `/api/bulletins/${v1.id}/remarks`, { foreword: '长'.repeat(2001) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.details.fields[0].field).toBe('foreword');

    const published = await post(director, `/api/bulletins/${v1.id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', publishedBy: '陈主任' });
    expect((await put(director, `/api/bulletins/${v1.id}/remarks`, { foreword: 'x' })).json().error.code).toBe(
      'BULLETIN_NOT_DRAFT',
    );

    const download = await get(leader, '/api/reports/bulletin?month=2026-10&format=docx');
    expect(download.headers['x-bulletin-status']).toBe('published');
    expect(download.headers['x-bulletin-version']).toBe('1');
    const text = await docxText(download.rawPayload);
    expect(text).not.toContain('（草稿）');
    expect(text).toContain('请各处室关注。');
    expect(text).toContain('【按语】增值税转办答复及时。');
    expect(text).toContain(expected.summary);

    // A new contact of October changes a regenerated version, never the published one.
    await at('2026-10-20T02:00:00Z');
    await register();
    await at('2026-11-27T03:00:00Z');
    const v2 = (await post(director, '/api/bulletins', { month: '2026-10' })).json();
    expect(v2).toMatchObject({ version: 2, status: 'draft', remarks: remarks.json().remarks });
    expect(v2.summary).toContain('本月共受理来电7件');
    const stillV1 = await get(director, '/api/reports/bulletin?month=2026-10');
    expect(stillV1.headers['x-bulletin-version']).toBe('1');
    expect(await docxText(stillV1.rawPayload)).toContain(expected.summary);

    expect((await post(director, `/api/bulletins/${v2.id}/publish`)).statusCode).toBe(200);
    const list = (await get(leader, '/api/bulletins?month=2026-10')).json();
    expect(list.map((b: { version: number; status: string }) => [b.version, b.status])).toEqual([
      [2, 'published'],
      [1, 'superseded'],
    ]);
    const latest = await get(director, '/api/reports/bulletin?month=2026-10');
    expect(latest.headers['x-bulletin-version']).toBe('2');
    expect(await docxText(latest.rawPayload)).toContain('本月共受理来电7件');
    const old = await get(leader, `/api/bulletins/${v1.id}/file?format=docx`);
    expect(old.statusCode).toBe(200);
    expect(await docxText(old.rawPayload)).toContain(expected.summary);
    expect((await post(director, `/api/bulletins/${v1.id}/publish`)).json().error.code).toBe('BULLETIN_NOT_DRAFT');

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('entity_type', '=', 'bulletin')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'bulletin.generate',
      'bulletin.remarks',
      'bulletin.publish',
      'bulletin.generate',
      'bulletin.publish',
    ]);
  });

  it('refuses a bulletin of an org unit outside the caller’s own', async () => {
    const dc = await buildUser(t, { username: 'director_dc', name: '东城主任', roles: ['director'], orgUnit: 'SF-DC' });
    const root = await orgUnitIdOf(t.database.db, 'SF');
    const res = await get(dc, `/api/reports/bulletin?month=2026-10&orgUnitId=${root}`);
    expect(res.statusCode).toBe(403);
    expect((await get(dc, '/api/bulletins')).json()).toEqual([]);
    const own = await docxText((await get(dc, '/api/reports/bulletin?month=2026-10')).rawPayload);
    expect(own).toContain('本月未受理来电');
  });

  it('writes last month’s draft on the first working day and tells the director, once', async () => {
    const job = jobs.find((j) => j.name === 'bulletins.monthly_draft')!;
    const ctx = (iso: string) => ({ db: t.database.db, now: new Date(iso), log: silentLog });
    // The National Day holiday moves October's first working day to the 8th; 2026-12-01 is a Tuesday.
    expect(await firstWorkingDayOf(t.database.db, '2026-10')).toBe('2026-10-08');
    expect(await firstWorkingDayOf(t.database.db, '2026-12')).toBe('2026-12-01');
    expect(await runJobSlot(job, ctx('2026-11-30T01:00:00Z'))).toEqual({ generated: 0, notified: 0 });
    expect(await runJobSlot(job, ctx('2026-12-01T01:00:00Z'))).toEqual({ generated: 2, notified: 2 });
    expect(await runJobSlot(job, ctx('2026-12-01T01:05:00Z'))).toBeNull();
    expect(await runJobSlot(job, ctx('2026-12-01T02:00:00Z'))).toEqual({ generated: 0, notified: 0 });
    expect(await runJobSlot(job, ctx('2026-12-02T01:00:00Z'))).toEqual({ generated: 0, notified: 0 });

    await dispatchOutbox(t.database.db, channelSenders, new Date('2026-12-01T01:10:00Z'));
    await at('2026-12-01T01:10:00Z');
    const bell = (await get(director, '/api/notifications?limit=20')).json();
    const items = (bell.items ?? bell) as Array<{ kind: string; title: string; link: string }>;
    const note = items.find((n) => n.kind === 'bulletin.draft');
    expect(note?.title).toContain('2026年11月信息专报');
    const drafts = (await get(director, '/api/bulletins?month=2026-11')).json();
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ version: 1, status: 'draft', generatedBy: null });
    expect(drafts[0].summary).toContain('本月共受理来电1件');
  });

  it('opens in LibreOffice, and its rendered pages show the headings', async () => {
    await at('2026-11-27T04:00:00Z');
    const res = await get(leader, '/api/reports/bulletin?month=2026-10&format=pdf');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-bulletin-ocr-'));
    try {
      fs.writeFileSync(path.join(dir, 'b.pdf'), res.rawPayload);
      await run('pdftoppm', ['-png', '-r', '100', path.join(dir, 'b.pdf'), path.join(dir, 'page')]);
      const pages = fs.readdirSync(dir).filter((f) => f.endsWith('.png'));
      expect(pages.length).toBeGreaterThanOrEqual(3);
      // --psm 6: one block of text per page, which keeps short headings between tables and charts.
      const texts = await Promise.all(
        pages.sort().map((page) => run('tesseract', [path.join(dir, page), '-', '-l', 'chi_sim', '--psm', '6'])),
      );
      const seen = texts.map((r) => r.stdout.replace(/\s+/g, '')).join('');
      expect(seen).toContain('12366信息专报');
      for (const h of headings) expect(seen).toContain(h);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
