import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelSenders, jobs } from '../../jobs';
import { runJobSlot } from '../../platform/jobs';
import { dispatchOutbox } from '../../platform/outbox';
import { buildUser, FACTORY_PASSWORD } from '../../test/factories';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../../test/harness';
import { multipart } from '../lookups/upload.test-support';
import { remindTomorrowSessions } from './training.jobs';

const dialects = await testDialects();
const silentLog = { info: () => {}, error: () => {}, warn: () => {}, debug: () => {} } as never;

interface SessionShape {
  id: number;
  date: string;
  startTime: string;
  title: string;
  isFlagged: boolean;
  dayOffNote: string | null;
  hours: number;
}

describe.each(dialects)('training plans, sessions and attendance on %s', (dialect) => {
  let t: TestApp;
  let director: Session;
  let lead: Session;
  let agent1: Session;
  let agent2: Session;
  let trainer: Session;
  let outsider: Session;
  let teamId: number;
  let planId: number;
  let sessions: SessionShape[];
  let processCourseId: number;

  const { get, post, patch } = sessionRequests(() => t);

  /** Moves the clock (a day or more: sessions expire) and signs everyone in again. */
  async function at(iso: string) {
    t.clock.set(iso);
    director = await t.login('director');
    lead = await t.login('lead1');
    agent1 = await t.login('agent1');
    agent2 = await t.login('agent2');
    trainer = await t.login('trainer_vat', FACTORY_PASSWORD);
    outsider = await t.login('agent_dc', FACTORY_PASSWORD);
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-09-10T02:00:00Z' });
    director = await t.login('director');
    lead = await t.login('lead1');
    agent1 = await t.login('agent1');
    agent2 = await t.login('agent2');
    trainer = await buildUser(t, {
      username: 'trainer_vat',
      name: '赵讲师',
      roles: ['trainer'],
      orgUnit: 'SF',
      department: 'VAT',
    });
    outsider = await buildUser(t, { username: 'agent_dc', name: '东城坐席', roles: ['agent'], orgUnit: 'SF-DC' });
    const options = (await get(lead, '/api/training/target-options')).json();
    teamId = options.teams.find((team: { name: string }) => team.name === '咨询一班').id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps a course catalogue with internal and external lecturers, and checks what it links to', async () => {
    const internal = await post(director, '/api/training/courses', {
      title: '12366服务流程：接听、录音和记录、问题解决',
      area: 'service_process',
      hours: 4,
      lecturer: { userId: trainer.userId },
    });
    expect(internal.statusCode, internal.body).toBe(200);
    expect(internal.json().lecturer).toMatchObject({ userId: trainer.userId, name: '赵讲师', isExternal: false });
    processCourseId = internal.json().id;
    const external = await post(lead, '/api/training/courses', {
      title: '增值税法解读',
      area: 'business_knowledge',
      hours: 3,
      lecturer: { name: '钱教授', organisation: '示范省财经大学' },
    });
    expect(external.json().lecturer).toMatchObject({ userId: null, name: '钱教授', organisation: '示范省财经大学' });

    const badArticle = await post(lead, '/api/training/courses', {
      title: '个税政策',
      area: 'business_knowledge',
      hours: 2,
      lecturer: { name: '孙老师', organisation: '所得税处' },
      kbArticleIds: [987654],
    });
    expect(badArticle.statusCode).toBe(400);
    expect(badArticle.json().error).toMatchObject({ code: 'ARTICLE_NOT_FOUND' });
    expect(badArticle.json().error.details.fields[0].field).toBe('kbArticleIds');
    const badHours = await post(lead, '/api/training/courses', {
      title: 'x',
      area: 'business_knowledge',
      hours: 0.3,
      lecturer: { name: 'a', organisation: 'b' },
    });
    expect(badHours.statusCode).toBe(400);

    // A trainer sees the catalogue and may change only the courses they teach.
    const list = (await get(trainer, '/api/training/courses')).json();
    expect(list.map((c: { title: string }) => c.title)).toContain('增值税法解读');
    const own = await patch(trainer, `/api/training/courses/${processCourseId}`, { hours: 3.5 });
    expect(own.json().hours).toBe(3.5);
    const notOwn = await patch(trainer, `/api/training/courses/${external.json().id}`, { hours: 1 });
    expect(notOwn.statusCode).toBe(400);
    expect(notOwn.json().error.code).toBe('NOT_COURSE_LECTURER');
    expect((await post(agent1, '/api/training/courses', { title: 'x' })).statusCode).toBe(403);
  });

  it('generates the weekly sessions on the working-day calendar, moving the one on National Day', async () => {
    const created = await post(lead, '/api/training/plans', {
      title: '坐席培训计划',
      form: 'internal',
      periodFrom: '2026-09-14',
      periodTo: '2026-11-30',
      target: { teamIds: [teamId] },
    });
    expect(created.statusCode, created.body).toBe(200);
    planId = created.json().id;
    expect(
      created
        .json()
        .participants.map((p: { name: string }) => p.name)
        .sort(),
    ).toEqual(['刘志强', '李班长', '王晓燕'].sort());

    const generated = await post(lead, `/api/training/plans/${planId}/sessions/generate`, {
      startDate: '2026-09-16',
      weekdays: [3],
      weeks: 8,
      startTime: '14:00',
      endTime: '18:00',
      dayOff: 'move',
      courseIds: [processCourseId],
      location: '三楼培训室',
    });
    expect(generated.statusCode, generated.body).toBe(200);
    const body = generated.json();
    expect(body).toMatchObject({ created: 8, moved: 1, flagged: 0 });
    sessions = body.sessions;
    expect(sessions.map((s) => s.date)).toEqual([
      '2026-09-16',
      '2026-09-23',
      '2026-09-30',
      '2026-10-08',
      '2026-10-14',
      '2026-10-21',
      '2026-10-28',
      '2026-11-04',
    ]);
    const moved = sessions[3]!;
    expect(moved.dayOffNote).toContain('2026-10-07');
    expect(moved.dayOffNote).toContain('国庆节');
    expect(moved).toMatchObject({ startTime: '14:00', hours: 4, isFlagged: false });
  });

  it('flags instead of moving when the rule says so, and keeps the Saturdays a six-day rule names', async () => {
    const hall = await post(director, '/api/training/plans', {
      title: '纳税服务大厅培训计划',
      form: 'internal',
      periodFrom: '2026-09-14',
      periodTo: '2026-10-04',
      target: { userIds: [agent1.userId] },
    });
    const res = await post(director, `/api/training/plans/${hall.json().id}/sessions/generate`, {
      startDate: '2026-09-14',
      weekdays: [1, 2, 3, 4, 5, 6],
      weeks: 3,
      startTime: '09:00',
      endTime: '18:00',
      hours: 8,
      dayOff: 'flag',
      title: '窗口实务',
      area: 'window_skills',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 18, moved: 0, flagged: 5 });
    // 中秋 (Friday 25 September, and its Saturday) and the National Day days are flagged.
    const flagged = res.json().sessions.filter((s: SessionShape) => s.isFlagged);
    expect(flagged.map((s: SessionShape) => s.date)).toEqual([
      '2026-09-25',
      '2026-09-26',
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
    ]);
    expect(flagged[0].dayOffNote).toContain('中秋');
    const saturday = res.json().sessions.find((s: SessionShape) => s.date === '2026-09-19');
    expect(saturday).toMatchObject({ isFlagged: false, hours: 8 });

    const tooLong = await post(director, `/api/training/plans/${hall.json().id}/sessions/generate`, {
      startDate: '2026-09-28',
      weekdays: [1],
      weeks: 3,
      startTime: '09:00',
      endTime: '12:00',
      dayOff: 'move',
      title: '复习',
      area: 'tax_law',
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error).toMatchObject({ code: 'SESSION_OUTSIDE_PERIOD' });
    expect(tooLong.json().error.details.fields[0].field).toBe('weeks');
    const backwards = await post(director, `/api/training/plans/${hall.json().id}/sessions/generate`, {
      startDate: '2026-09-28',
      weekdays: [1],
      weeks: 1,
      startTime: '12:00',
      endTime: '09:00',
      dayOff: 'move',
      title: '复习',
      area: 'tax_law',
    });
    expect(backwards.json().error.details.fields[0].field).toBe('endTime');
    expect((await post(agent1, '/api/training/plans', {})).statusCode).toBe(403);
    // Another city's director does not see the plan at all.
    const dcDirector = await buildUser(t, {
      username: 'director_dc',
      name: '东城主任',
      roles: ['director'],
      orgUnit: 'SF-DC',
    });
    expect((await get(dcDirector, `/api/training/plans/${planId}`)).statusCode).toBe(404);
    expect((await get(dcDirector, '/api/training/plans')).json()).toEqual([]);
  });

  it('edits one session at a time: a move onto a holiday is flagged until confirmed, and it can be cancelled', async () => {
    const last = sessions[7]!;
    const onHoliday = await patch(lead, `/api/training/plans/${planId}/sessions/${last.id}`, { date: '2026-10-01' });
    expect(onHoliday.json()).toMatchObject({ date: '2026-10-01', isFlagged: true });
    const confirmed = await patch(lead, `/api/training/plans/${planId}/sessions/${last.id}`, { isFlagged: false });
    expect(confirmed.json().isFlagged).toBe(false);
    const back = await patch(lead, `/api/training/plans/${planId}/sessions/${last.id}`, {
      date: '2026-11-04',
      lecturerUserId: trainer.userId,
    });
    expect(back.json()).toMatchObject({ date: '2026-11-04', isFlagged: false, dayOffNote: null });
    expect(back.json().lecturer).toMatchObject({ name: '赵讲师' });
    const outside = await patch(lead, `/api/training/plans/${planId}/sessions/${last.id}`, { date: '2026-12-02' });
    expect(outside.json().error.code).toBe('SESSION_OUTSIDE_PERIOD');
    const extra = await post(lead, `/api/training/plans/${planId}/sessions`, {
      title: '系统操作演示',
      area: 'system_operation',
      date: '2026-11-11',
      startTime: '14:00',
      endTime: '16:00',
    });
    expect(extra.json()).toMatchObject({ hours: 2, isFlagged: false });
    const cancelled = await patch(lead, `/api/training/plans/${planId}/sessions/${extra.json().id}`, {
      status: 'cancelled',
    });
    expect(cancelled.json().status).toBe('cancelled');
    const audit = (await get(director, '/api/admin/audit?action=training.session_update')).json();
    expect(audit.total).toBe(4);
  });

  it('rings the bell the day before, once, however many slots and instances run the sweep', async () => {
    const job = jobs.find((j) => j.name === 'training.session_reminders')!;
    const db = t.database.db;
    // Tuesday 15 September, 10:00 in Shanghai: the first session is tomorrow.
    const ctx = (iso: string) => ({ db, now: new Date(iso), log: silentLog });
    // Monday: agent1's hall session of Tuesday. Tuesday: this weekly session (three people), the hall's
    // (agent1) and the demo data's own 坐席培训计划, which starts on Wednesday too (咨询一班, three people).
    expect(await runJobSlot(job, ctx('2026-09-14T02:00:00Z'))).toEqual({ sessions: 1, queued: 1 });
    expect(await runJobSlot(job, ctx('2026-09-15T02:00:00Z'))).toEqual({ sessions: 3, queued: 7 });
    expect(await runJobSlot(job, ctx('2026-09-15T02:05:00Z'))).toBeNull();
    // A second instance, or the next hour's slot, queues nothing new.
    await remindTomorrowSessions(db, new Date('2026-09-15T03:00:00Z'));
    await Promise.all([
      remindTomorrowSessions(db, new Date('2026-09-15T04:00:00Z')),
      remindTomorrowSessions(db, new Date('2026-09-15T04:00:00Z')),
    ]);
    await dispatchOutbox(db, channelSenders, new Date('2026-09-15T04:10:00Z'));
    await at('2026-09-15T04:10:00Z');
    const bell = (await get(agent1, '/api/notifications?limit=50')).json();
    const reminders = bell.items.filter(
      (n: { kind: string; link: string }) =>
        n.kind === 'training.session_tomorrow' && n.link === `/training/me?session=${sessions[0]!.id}`,
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0].title).toContain('明天 14:00');
    expect((await get(agent2, '/api/notifications?limit=50')).json().items).toHaveLength(2);
    const outsiderBell = (await get(outsider, '/api/notifications?limit=50')).json();
    expect(outsiderBell.items).toHaveLength(0);
  });

  it('signs in with the session code during the session, records leave and absence, and counts the hours', async () => {
    const first = sessions[0]!;
    // Before the session the code does not work yet; participants see the session in 我的培训.
    await at('2026-09-16T04:00:00Z');
    const mine = (await get(agent1, '/api/training/me/sessions')).json();
    expect(mine.map((s: SessionShape) => s.id)).toContain(first.id);
    expect(mine.find((s: { id: number }) => s.id === first.id)).toMatchObject({ canSignIn: false, attendance: null });
    const code = (await get(lead, `/api/training/sessions/${first.id}/attendance`)).json().signInCode as string;
    const early = await post(agent1, `/api/training/me/sessions/${first.id}/sign-in`, { code });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('SIGN_IN_CLOSED');
    const leave = await post(agent2, `/api/training/me/sessions/${first.id}/leave`, { reason: '轮值接听' });
    expect(leave.json().attendance).toBe('leave');

    await at('2026-09-16T06:05:00Z');
    const wrong = await post(agent1, `/api/training/me/sessions/${first.id}/sign-in`, {
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.fields[0].field).toBe('code');
    const signed = await post(agent1, `/api/training/me/sessions/${first.id}/sign-in`, { code });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ attendance: 'present', canSignIn: false });
    expect((await post(agent1, `/api/training/me/sessions/${first.id}/sign-in`, { code })).statusCode).toBe(200);
    // Someone the session is not for cannot even find it.
    expect((await post(outsider, `/api/training/me/sessions/${first.id}/sign-in`, { code })).statusCode).toBe(404);

    // The course's lecturer records the team lead as present; a trainer who does not teach it may not.
    const byLecturer = await post(trainer, `/api/training/sessions/${first.id}/attendance`, {
      userId: lead.userId,
      status: 'present',
    });
    expect(byLecturer.statusCode, byLecturer.body).toBe(200);
    const otherTrainer = await buildUser(t, {
      username: 'trainer_x',
      name: '钱讲师',
      roles: ['trainer'],
      orgUnit: 'SF',
    });
    const refused = await post(otherTrainer, `/api/training/sessions/${first.id}/attendance`, {
      userId: agent2.userId,
      status: 'absent',
    });
    expect(refused.statusCode).toBe(403);
    const notInvited = await post(lead, `/api/training/sessions/${first.id}/attendance`, {
      userId: outsider.userId,
      status: 'present',
    });
    expect(notInvited.json().error).toMatchObject({ code: 'NOT_PARTICIPANT' });
    const early2 = await post(lead, `/api/training/sessions/${sessions[1]!.id}/attendance`, {
      userId: agent2.userId,
      status: 'present',
    });
    expect(early2.json().error.code).toBe('SESSION_NOT_STARTED');

    const register = (await get(lead, `/api/training/sessions/${first.id}/attendance`)).json();
    const statusOf = (id: number) => register.rows.find((r: { userId: number }) => r.userId === id).status;
    expect([statusOf(agent1.userId), statusOf(agent2.userId), statusOf(lead.userId)]).toEqual([
      'present',
      'leave',
      'present',
    ]);

    // After the session: hours for those present, none for leave.
    await at('2026-09-24T02:00:00Z');
    const hours = (await get(agent1, '/api/training/me/hours?year=2026')).json();
    expect(hours.rows).toEqual([
      expect.objectContaining({ userId: agent1.userId, total: 4, byArea: { service_process: 4 } }),
    ]);
    const all = (await get(director, '/api/training/hours?year=2026')).json();
    expect(all.rows.map((r: { name: string }) => r.name).sort()).toEqual(['李班长', '王晓燕'].sort());
    expect((await get(director, '/api/training/hours?year=2025')).json().rows).toEqual([]);
    // The second session (23 Sep) has ended unrecorded: absent for agent1 in 我的培训.
    const mineLater = (await get(agent1, '/api/training/me/sessions')).json();
    expect(mineLater.find((s: { id: number }) => s.id === sessions[1]!.id).attendance).toBe('absent');
    expect((await get(agent1, '/api/training/hours?year=2026')).statusCode).toBe(403);
  });

  it('exports the plan’s register as .xlsx', async () => {
    const res = await get(lead, `/api/training/plans/${planId}/register/export`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('签到表')!;
    const row = (n: number) =>
      Array.from((sheet.getRow(n).values as unknown[]).slice(1), (v) =>
        v === null || v === undefined ? '' : String(v),
      );
    expect(row(1)).toEqual(['筛选条件', '培训计划：坐席培训计划']);
    const header = row(5);
    expect(header.slice(0, 3)).toEqual(['姓名', '所属单位', '09-16 14:00 12366服务流程：接听、录音和记录、问题解决']);
    expect(header.at(-1)).toBe('学时合计');
    const agentRow = [6, 7, 8].map(row).find((r) => r[0] === '王晓燕')!;
    expect(agentRow.slice(2, 5)).toEqual(['出勤', '缺勤', '未开课']);
    expect(agentRow.at(-1)).toBe('4');
    const leaveRow = [6, 7, 8].map(row).find((r) => r[0] === '刘志强')!;
    expect(leaveRow[2]).toBe('请假');
    expect((await get(agent1, `/api/training/plans/${planId}/register/export`)).statusCode).toBe(403);
  });

  it('takes the questionnaire from those who attended, once, and shows the averages on the plan', async () => {
    const first = sessions[0]!;
    const body = { content: 5, lecturer: 4, usefulness: 5, comment: '案例很实用' };
    const rated = await post(agent1, `/api/training/me/sessions/${first.id}/feedback`, body);
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json().hasFeedback).toBe(true);
    expect((await post(agent1, `/api/training/me/sessions/${first.id}/feedback`, body)).json().error.code).toBe(
      'FEEDBACK_EXISTS',
    );
    expect((await post(agent2, `/api/training/me/sessions/${first.id}/feedback`, body)).json().error.code).toBe(
      'FEEDBACK_NOT_ATTENDED',
    );
    const later = await post(agent1, `/api/training/me/sessions/${sessions[4]!.id}/feedback`, body);
    expect(later.json().error.code).toBe('FEEDBACK_NOT_OPEN');
    const bad = await post(lead, `/api/training/me/sessions/${first.id}/feedback`, { ...body, lecturer: 6 });
    expect(bad.statusCode).toBe(400);
    await post(lead, `/api/training/me/sessions/${first.id}/feedback`, { content: 4, lecturer: 3, usefulness: 4 });

    const plan = (await get(director, `/api/training/plans/${planId}`)).json();
    expect(plan.feedback).toEqual({ responses: 2, content: 4.5, lecturer: 3.5, usefulness: 4.5 });
    expect(plan.sessions[0].feedback.responses).toBe(2);
    expect(plan.sessions[1].feedback).toEqual({ responses: 0, content: null, lecturer: null, usefulness: null });
  });

  it('lets the lecturer fill in the practical assessment’s score form', async () => {
    const first = sessions[0]!;
    const scores = { greeting: 12, understanding: 16, accuracy: 20, communication: 15, closing: 10 };
    const res = await post(trainer, `/api/training/sessions/${first.id}/assessments`, {
      userId: agent1.userId,
      scores,
      comment: '政策解答基本准确',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ total: 73, passed: true, assessedBy: '赵讲师' });
    const failing = await post(trainer, `/api/training/sessions/${first.id}/assessments`, {
      userId: agent2.userId,
      scores: { ...scores, accuracy: 5, understanding: 5 },
    });
    expect(failing.json()).toMatchObject({ total: 47, passed: false });
    const over = await post(trainer, `/api/training/sessions/${first.id}/assessments`, {
      userId: agent1.userId,
      scores: { ...scores, accuracy: 31 },
    });
    expect(over.statusCode).toBe(400);
    const list = (await get(lead, `/api/training/sessions/${first.id}/assessments`)).json();
    expect(list).toHaveLength(2);
    expect((await get(agent1, `/api/training/sessions/${first.id}/assessments`)).statusCode).toBe(403);
  });

  it('seeds the demo’s 坐席培训计划 and 纳税服务大厅培训计划', async () => {
    const plans = (await get(director, '/api/training/plans')).json() as Array<{
      id: number;
      title: string;
      sessionCount: number;
    }>;
    const agentPlan = plans.find((p) => p.title === '坐席培训计划' && p.id !== planId)!;
    const hallPlan = plans.find((p) => p.title === '纳税服务大厅培训计划' && p.sessionCount === 12)!;
    const agentDetail = (await get(director, `/api/training/plans/${agentPlan.id}`)).json();
    expect(agentDetail.sessions).toHaveLength(8);
    expect(new Set(agentDetail.sessions.map((s: { area: string }) => s.area)).size).toBe(6);
    expect(agentDetail.participants).toHaveLength(3);
    const hall = (await get(director, `/api/training/plans/${hallPlan.id}`)).json();
    expect(hall.sessions.every((s: { hours: number }) => s.hours === 8)).toBe(true);
    expect(hall.sessions.filter((s: { stage: string }) => s.stage === '实操培训')).toHaveLength(6);
  });

  it('keeps a course’s materials as files, for its lecturer, managers and the people it is taught to', async () => {
    const upload = (who: Session, name: string, content: Buffer | string) => {
      const body = multipart({}, { name, content });
      return t.app.inject({
        method: 'POST',
        url: `/api/training/courses/${processCourseId}/materials`,
        headers: { ...who.writeHeaders, ...body.headers },
        payload: body.payload,
      });
    };
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const added = await upload(trainer, '服务流程讲义.pdf', pdf);
    expect(added.statusCode, added.body).toBe(200);
    const { id } = added.json();
    const wrongType = await upload(trainer, '讲义.pdf', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]));
    expect(wrongType.statusCode).toBeGreaterThanOrEqual(400);
    expect(wrongType.statusCode).toBeLessThan(500);
    const course = (await get(lead, '/api/training/courses'))
      .json()
      .find((c: { id: number }) => c.id === processCourseId);
    expect(course.materials).toEqual([{ id, fileName: '服务流程讲义.pdf', size: pdf.length }]);
    const download = await get(agent1, `/api/training/materials/${id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('application/pdf');
    expect(download.rawPayload.equals(pdf)).toBe(true);
    expect((await get(outsider, `/api/training/materials/${id}`)).statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/training/materials/${id}`, headers: agent1.writeHeaders }))
        .statusCode,
    ).toBe(403);
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/training/materials/${id}`,
      headers: trainer.writeHeaders,
    });
    expect(removed.statusCode).toBe(204);
    expect((await get(agent1, `/api/training/materials/${id}`)).statusCode).toBe(404);
  });
});
