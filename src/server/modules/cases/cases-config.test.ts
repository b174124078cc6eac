import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelSenders, jobs } from '../../jobs';
import { dispatchOutbox } from '../../platform/outbox';
import { createTestApp, type Session, type TestApp, testDialects } from '../../test/harness';
import { flagOverdueCases, warnCasesDueSoon } from './cases.jobs';
import { type CaseSessions, caseClient, complaintClassification } from './test-support';

const dialects = await testDialects();

/** A 1×1 PNG. */
const png = Buffer.from(
  '89504E470D0A1A0A0000000D49484452000000010000000108060000001F15C4890000000D4944415478DA63F8FFFF3F0005FE02FEA7A6A0A90000000049454E44AE426082',
  'hex',
);

/** A multipart/form-data body with one file field named `file`. */
function multipart(fileName: string, content: Buffer, contentType = 'application/octet-stream') {
  const boundary = `----taxline${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe.each(dialects)('configuration, attachments and deadline sweeps on %s', (dialect) => {
  let t: TestApp;
  let c: ReturnType<typeof caseClient>;
  let s: CaseSessions;
  let admin: Session;
  let director: Session;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    c = caseClient(t);
    s = await c.logins();
    admin = await t.login('admin');
    director = await t.login('director');
  });
  afterAll(async () => {
    await t.close();
  });

  const upload = (session: Session, id: number, fileName: string, content: Buffer, type?: string) => {
    const body = multipart(fileName, content, type);
    return t.app.inject({
      method: 'POST',
      url: `/api/cases/${id}/attachments`,
      headers: { ...session.writeHeaders, 'content-type': body.contentType },
      payload: body.payload,
    });
  };

  it('lets an administrator add and switch off rejection reasons, which intake then can or cannot use', async () => {
    expect(
      (await c.post(s.intake, '/api/admin/case-options', { kind: 'rejection_reason', code: 'x1', name: 'x' }))
        .statusCode,
    ).toBe(403);
    const created = await c.post(admin, '/api/admin/case-options', {
      kind: 'rejection_reason',
      code: 'anonymous_no_clue',
      name: '匿名且无具体线索',
    });
    expect(created.statusCode, created.body).toBe(200);
    const reasons = (await c.get(s.intake, '/api/case-options?kind=rejection_reason')).json();
    expect(reasons.map((r: { code: string }) => r.code)).toContain('anonymous_no_clue');
    const duplicate = await c.post(admin, '/api/admin/case-options', {
      kind: 'rejection_reason',
      code: 'anonymous_no_clue',
      name: 'y',
    });
    expect(duplicate.json().error.details.fields[0].field).toBe('code');

    const first = await c.register(s.agent);
    const used = await c.claimAndAct(s.intake, first, { action: 'reject', reason: '匿名且无具体线索' });
    expect(used.rejectionReason).toBe('匿名且无具体线索');

    const off = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/case-options/${created.json().id}`,
      headers: director.writeHeaders,
      payload: { isActive: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    const second = await c.register(s.agent);
    expect((await c.claim(s.intake, second)).statusCode).toBe(200);
    const refused = await c.act(s.intake, second, { action: 'reject', reason: 'anonymous_no_clue' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.fields[0].field).toBe('reason');
  });

  it('keeps the classification to three levels under the right category', async () => {
    const top = await c.post(admin, '/api/admin/case-options', {
      kind: 'classification',
      category: 'complaint',
      code: 'c.guidance',
      name: '办税指引',
    });
    expect(top.statusCode, top.body).toBe(200);
    expect(top.json()).toMatchObject({ level: 1, category: 'complaint' });
    const mid = (
      await c.post(admin, '/api/admin/case-options', {
        kind: 'classification',
        parentId: top.json().id,
        code: 'c.guidance.web',
        name: '网站指引',
      })
    ).json();
    const leaf = (
      await c.post(admin, '/api/admin/case-options', {
        kind: 'classification',
        parentId: mid.id,
        code: 'c.guidance.web.wrong',
        name: '指引内容错误',
      })
    ).json();
    expect([mid.level, leaf.level]).toEqual([2, 3]);
    const tooDeep = await c.post(admin, '/api/admin/case-options', {
      kind: 'classification',
      parentId: leaf.id,
      code: 'c.four',
      name: '四级',
    });
    expect(tooDeep.json().error).toMatchObject({ code: 'TOO_DEEP', details: { fields: [{ field: 'parentId' }] } });
    const noCategory = await c.post(admin, '/api/admin/case-options', {
      kind: 'classification',
      code: 'c.none',
      name: '无类别',
    });
    expect(noCategory.json().error.details.fields[0].field).toBe('category');

    const id = await c.register(s.agent);
    const view = await c.claimAndAct(s.intake, id, {
      action: 'accept',
      classification: ['办税指引', '网站指引', '指引内容错误'],
    });
    expect(view.classification.map((x: { code: string }) => x.code)).toEqual([
      'c.guidance',
      'c.guidance.web',
      'c.guidance.web.wrong',
    ]);
  });

  it('applies a changed time limit to cases registered afterwards, and resets it', async () => {
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/admin/case-time-limits', headers: s.intake.headers })).statusCode,
    ).toBe(403);
    const set = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/case-time-limits',
      headers: admin.writeHeaders,
      payload: { processKey: 'complaint', key: 'period', workingDays: 20 },
    });
    expect(set.statusCode, set.body).toBe(200);
    const complaint = set.json().find((p: { processKey: string }) => p.processKey === 'complaint');
    expect(complaint.limits[0]).toMatchObject({
      key: 'period',
      defaultWorkingDays: 15,
      workingDays: 20,
      isOverride: true,
    });
    const preview = (await c.get(s.agent, '/api/cases/period-preview?category=complaint')).json();
    // 20 working days from Friday 2026-11-27 end with Friday 2026-12-25.
    expect(preview).toMatchObject({ workingDays: 20, dueAt: '2026-12-26T00:00:00+08:00' });
    const res = await c.post(s.agent, '/api/cases', {
      category: 'complaint',
      source: 'walk_in',
      named: false,
      subjectName: '某税务所',
      content: '排队时间过长',
    });
    expect(res.json().dueAt).toBe('2026-12-26T00:00:00+08:00');
    const reset = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/case-time-limits',
      headers: admin.writeHeaders,
      payload: { processKey: 'complaint', key: 'period', workingDays: null },
    });
    expect(reset.json()[0].limits[0]).toMatchObject({ workingDays: 15, isOverride: false });
    const closedLimit = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/case-time-limits',
      headers: admin.writeHeaders,
      payload: { processKey: 'complaint', key: 'closed', workingDays: 3 },
    });
    expect(closedLimit.statusCode).toBe(400);
  });

  it('stores evidence checked by its content and serves it only as a download', async () => {
    const id = await c.register(s.agent);
    const ok = await upload(s.agent, id, '现场照片.png', png, 'image/png');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ fileName: '现场照片.png', contentType: 'image/png', size: png.length });

    const html = await upload(
      s.intake,
      id,
      'evidence.png',
      Buffer.from('<html><script>alert(1)</script></html>'),
      'image/png',
    );
    expect(html.statusCode).toBe(415);
    expect(html.json().error.code).toBe('FILE_TYPE_NOT_ALLOWED');
    const huge = await upload(
      s.intake,
      id,
      'big.pdf',
      Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024)]),
    );
    expect(huge.statusCode).toBe(400);
    expect(huge.json().error.code).toBe('FILE_TOO_LARGE');
    const notMultipart = await c.post(s.intake, `/api/cases/${id}/attachments`, { file: 'x' });
    expect(notMultipart.statusCode).toBe(415);
    const dept = await t.login('dept_vat');
    expect((await upload(dept, id, 'a.png', png)).statusCode).toBe(403);

    const view = await c.read(s.investigator, id);
    expect(view.attachments).toEqual([expect.objectContaining({ fileName: '现场照片.png', uploadedByName: '王晓燕' })]);
    expect(view.history.map((h: { action: string }) => h.action)).toEqual(['register', 'attach']);
    const download = await c.get(s.investigator, `/api/cases/${id}/attachments/${ok.json().id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('现场照片.png')}`,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.rawPayload.equals(png)).toBe(true);
    expect((await c.get(s.intake2, `/api/cases/${id}/attachments/${ok.json().id}`)).statusCode).toBe(404);
  });

  it('takes evidence only from those in the case’s workflow, and lets only whoever may withdraw it', async () => {
    const id = await c.register(s.agent);
    const outsider = await t.login('agent2');
    expect((await c.read(outsider, id)).canAttach).toBe(false);
    expect((await c.read(s.agent, id)).canAttach).toBe(true);
    // An agent who sees the case but has no part in it can neither add evidence nor fill the quota.
    const refused = await upload(outsider, id, 'a.png', png);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('NOT_IN_CASE_WORKFLOW');
    expect((await c.read(s.agent, id)).attachments).toEqual([]);
    // The step's own role (intake may claim it now) and the registering agent may.
    const byIntake = await upload(s.intake, id, '受理材料.png', png);
    expect(byIntake.statusCode, byIntake.body).toBe(200);
    const byAgent = await upload(s.agent, id, '来电记录.png', png);
    expect(byAgent.statusCode, byAgent.body).toBe(200);
    // In leader review the investigator sees the case but has no part in it yet.
    await c.claimAndAct(s.intake, id, { action: 'accept', classification: complaintClassification });
    expect((await c.read(s.investigator, id)).step).toBe('leader_review');
    expect((await upload(s.investigator, id, 'b.png', png)).statusCode).toBe(403);

    const withdraw = (session: Session, attachmentId: number) =>
      t.app.inject({
        method: 'DELETE',
        url: `/api/cases/${id}/attachments/${attachmentId}`,
        headers: session.writeHeaders,
      });
    const canWithdraw = async (session: Session) =>
      (await c.read(session, id)).attachments.map((a: { canWithdraw: boolean }) => a.canWithdraw);
    expect(await canWithdraw(s.agent)).toEqual([false, true]);
    expect(await canWithdraw(outsider)).toEqual([false, false]);
    const outsiderWithdraws = await withdraw(outsider, byAgent.json().id);
    expect(outsiderWithdraws.statusCode).toBe(403);
    expect(outsiderWithdraws.json().error.code).toBe('CANNOT_WITHDRAW_ATTACHMENT');
    expect((await withdraw(s.intake, byAgent.json().id)).statusCode).toBe(403);
    expect((await withdraw(s.agent, byAgent.json().id)).statusCode).toBe(204);
    expect((await withdraw(s.agent, byAgent.json().id)).statusCode).toBe(404);
    const view = await c.read(s.leader, id);
    expect(view.attachments.map((a: { fileName: string }) => a.fileName)).toEqual(['受理材料.png']);
    expect(view.history.map((h: { action: string }) => h.action)).toContain('detach');
    expect((await c.get(s.leader, `/api/cases/${id}/attachments/${byAgent.json().id}`)).statusCode).toBe(404);
  });

  it('warns before a step is due and flags it once overdue, each once, telling the holder and the leaders', async () => {
    expect(jobs.map((j) => j.name)).toEqual(expect.arrayContaining(['cases.due_soon', 'cases.overdue']));
    const id = await c.register(s.agent);
    expect((await c.claim(s.intake, id)).statusCode).toBe(200);
    await dispatchOutbox(t.database.db, channelSenders, t.clock.now());
    // The intake step (1 working day) ends with Monday 2026-11-30; its last day starts the warnings.
    t.clock.set('2026-11-29T12:00:00Z');
    expect((await warnCasesDueSoon(t.database.db, t.clock.now())).warned).toBe(0);
    t.clock.set('2026-11-30T01:00:00Z');
    expect((await warnCasesDueSoon(t.database.db, t.clock.now())).warned).toBeGreaterThan(0);
    expect((await warnCasesDueSoon(t.database.db, t.clock.now())).warned).toBe(0);
    expect((await c.read(await t.login('intake1'), id)).dueState).toBe('due_soon');

    t.clock.set('2026-12-01T01:00:00Z');
    // Sessions idle out across days: sign in again at the new time.
    const intake = await t.login('intake1');
    const leader = await t.login('leader1');
    const flagged = await flagOverdueCases(t.database.db, t.clock.now());
    expect(flagged.stepOverdue).toBeGreaterThan(0);
    expect((await flagOverdueCases(t.database.db, t.clock.now())).stepOverdue).toBe(0);
    const view = await c.read(intake, id);
    expect(view).toMatchObject({ isStepOverdue: true, dueState: 'overdue', isOverdue: false });
    const overdueList = (await c.get(leader, '/api/cases?overdue=true&limit=200')).json();
    expect(overdueList.items.map((i: { id: number }) => i.id)).toContain(id);

    await dispatchOutbox(t.database.db, channelSenders, t.clock.now());
    const holderBell = (await c.get(intake, '/api/notifications?limit=100')).json();
    const mine = holderBell.items.filter((n: { link: string }) => n.link === `/cases?id=${id}`);
    expect(mine.map((n: { kind: string }) => n.kind).sort()).toEqual([
      'case.due_soon',
      'case.step_overdue',
      'case.waiting',
    ]);
    const leaderBell = (await c.get(leader, '/api/notifications?limit=100')).json();
    expect(
      leaderBell.items
        .filter((n: { link: string; kind: string }) => n.link === `/cases?id=${id}`)
        .map((n: { kind: string }) => n.kind),
    ).toEqual(['case.step_overdue']);

    // Moving on to the next step starts its own clock: no flag carried over.
    const next = await c.act(intake, id, { action: 'accept', classification: complaintClassification });
    expect(next.json()).toMatchObject({ step: 'leader_review', isStepOverdue: false, dueState: 'on_time' });
    t.clock.set('2026-11-27T02:00:00Z');
  });
});
