import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelSenders } from '../../jobs';
import { dispatchOutbox } from '../../platform/outbox';
import { createTestApp, type TestApp, testDialects } from '../../test/harness';
import { type CaseSessions, caseClient, complaintClassification, reportClassification } from './test-support';

const dialects = await testDialects();

/** The steps a history went through, in order, as `action:toStep`. */
const trail = (history: Array<{ action: string; toStep: string | null }>) =>
  history.filter((h) => !['claim', 'reveal_reporter'].includes(h.action)).map((h) => `${h.action}:${h.toStep}`);

describe.each(dialects)('the paths of the operations manual on %s', (dialect) => {
  let t: TestApp;
  let c: ReturnType<typeof caseClient>;
  let s: CaseSessions;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    c = caseClient(t);
    s = await c.logins();
  });
  afterAll(async () => {
    await t.close();
  });

  it('registers a case in the contract shape, waiting in intake with its period on working days', async () => {
    const res = await c.post(s.agent, '/api/cases', {
      category: 'complaint',
      source: 'phone',
      named: true,
      reporterName: '张三',
      reporterPhone: '13812345678',
      subjectName: '示范市某办税服务厅',
      content: '窗口人员态度生硬。',
      complaintType: 'conduct',
    });
    expect(res.statusCode, res.body).toBe(200);
    const created = res.json();
    // Registered Friday 2026-11-27 10:00: 15 working days end with Friday 2026-12-18.
    expect(created).toEqual({
      id: expect.any(Number),
      caseNo: expect.stringMatching(/^TS20261127\d{4}$/),
      step: 'intake',
      dueAt: '2026-12-19T00:00:00+08:00',
    });
    const view = await c.read(s.intake, created.id);
    expect(view).toMatchObject({
      caseNo: created.caseNo,
      step: 'intake',
      holder: null,
      dueAt: '2026-12-19T00:00:00+08:00',
      // The intake step has one working day: Monday 2026-11-30.
      stepDueAt: '2026-12-01T00:00:00+08:00',
      process: { key: 'complaint', version: 1 },
      registeredBy: { username: 'agent1' },
    });
    expect(view.history).toEqual([
      expect.objectContaining({
        action: 'register',
        actor: expect.objectContaining({ username: 'agent1' }),
        toStep: 'intake',
      }),
    ]);
  });

  it('accept → leader → investigation → finish → feedback → leader close', async () => {
    const id = await c.register(s.agent);
    let view = await c.claimAndAct(s.intake, id, { action: 'accept', classification: complaintClassification });
    expect(view).toMatchObject({ step: 'leader_review', decision: 'accepted', holder: null });
    expect(view.classification.map((x: { name: string }) => x.name)).toEqual([
      '服务言行',
      '服务态度',
      '态度生硬、言语不文明',
    ]);
    view = await c.claimAndAct(s.leader, id, { action: 'to_handling', comment: '同意受理，转调查' });
    expect(view).toMatchObject({ step: 'investigation', needsAcceptance: false });
    await c.claimAndAct(s.investigator, id, { action: 'record_findings', findings: '调阅监控，核实属实。' });
    view = await c.read(s.investigator, id);
    expect(view).toMatchObject({ step: 'investigation', holder: { username: 'investigator1' } });
    const finished = await c.act(s.investigator, id, { action: 'finish', result: '对相关人员批评教育。' });
    expect(finished.statusCode, finished.body).toBe(200);
    expect(finished.json()).toMatchObject({ step: 'feedback', result: '对相关人员批评教育。' });
    view = await c.claimAndAct(s.feedback, id, {
      action: 'give_feedback',
      method: 'phone',
      content: '已电话告知处理结果，纳税人表示满意。',
    });
    expect(view).toMatchObject({ step: 'leader_review', decision: 'fed_back' });
    view = await c.claimAndAct(s.leader, id, { action: 'close' });
    expect(view).toMatchObject({ step: 'closed', holder: null, stepDueAt: null, closedAt: expect.any(String) });
    expect(trail(view.history)).toEqual([
      'register:intake',
      'accept:leader_review',
      'to_handling:investigation',
      'record_findings:investigation',
      'finish:feedback',
      'give_feedback:leader_review',
      'close:closed',
    ]);
    // The timeline answers who had it, when, and what they decided.
    const finish = view.history.find((h: { action: string }) => h.action === 'finish');
    expect(finish).toMatchObject({
      actor: { username: 'investigator1', name: '冯涛' },
      at: '2026-11-27T10:00:00+08:00',
      fromStep: 'investigation',
      fields: { result: '对相关人员批评教育。' },
    });
    const claims = view.history.filter((h: { action: string }) => h.action === 'claim');
    expect(claims.map((h: { actor: { username: string } }) => h.actor.username)).toEqual([
      'intake1',
      'leader1',
      'investigator1',
      'feedback1',
      'leader1',
    ]);
    // The registrant hears that it is closed.
    await dispatchOutbox(t.database.db, channelSenders, t.clock.now());
    const bell = (await c.get(s.agent, '/api/notifications')).json();
    expect(bell.items.map((n: { title: string }) => n.title)).toContain(`您登记的案件 ${view.caseNo} 已办结`);
  });

  it('reject → leader to_feedback → feedback → leader close', async () => {
    const id = await c.register(s.agent);
    let view = await c.claimAndAct(s.intake, id, { action: 'reject', reason: 'not_in_scope', comment: '属于咨询事项' });
    expect(view).toMatchObject({
      step: 'leader_review',
      decision: 'rejected',
      rejectionReason: '不属于投诉举报受理范围',
    });
    view = await c.claimAndAct(s.leader, id, { action: 'to_feedback' });
    expect(view.step).toBe('feedback');
    view = await c.claimAndAct(s.feedback, id, {
      action: 'give_feedback',
      method: 'sms',
      content: '您反映的事项不属于投诉受理范围，已告知咨询渠道。',
      date: '2026-11-27',
    });
    view = await c.claimAndAct(s.leader, id, { action: 'close', comment: '同意办结' });
    expect(view.step).toBe('closed');
    expect(trail(view.history)).toEqual([
      'register:intake',
      'reject:leader_review',
      'to_feedback:feedback',
      'give_feedback:leader_review',
      'close:closed',
    ]);
    const reject = view.history.find((h: { action: string }) => h.action === 'reject');
    expect(reject.fields).toEqual({
      reason: 'not_in_scope',
      comment: '属于咨询事项',
      reasonName: '不属于投诉举报受理范围',
    });
  });

  it('forwards to another tax office, where the case lands in that office’s queue', async () => {
    const dongcheng = await c.orgUnitId(s.intake, 'SF-DC');
    const id = await c.register(s.agent, {
      category: 'report',
      complaintType: undefined,
      subjectName: '东城市某商贸公司',
    });
    expect((await c.get(s.intake2, `/api/cases/${id}`)).statusCode).toBe(404);

    let view = await c.claimAndAct(s.intake, id, { action: 'forward', orgUnitId: dongcheng, comment: '属地管辖' });
    expect(view).toMatchObject({ step: 'leader_review', decision: 'forwarded', forwardOrgUnit: { id: dongcheng } });
    view = await c.claimAndAct(s.leader, id, { action: 'to_handling' });
    expect(view).toMatchObject({ step: 'investigation', needsAcceptance: true, orgUnit: { id: dongcheng } });

    // The Dongcheng intake sees it in its own office's queue and decides acceptance there.
    const inbox = (await c.get(s.intake2, '/api/cases/inbox?ownOffice=true')).json();
    expect(inbox.items.map((i: { id: number }) => i.id)).toContain(id);
    view = await c.claimAndAct(s.intake2, id, { action: 'accept', classification: reportClassification });
    expect(view).toMatchObject({ step: 'leader_review', decision: 'accepted', orgUnit: { id: dongcheng } });
    view = await c.claimAndAct(s.leader, id, { action: 'to_handling' });
    expect(view).toMatchObject({ step: 'investigation', needsAcceptance: false, orgUnit: { id: dongcheng } });
    expect(view.history.find((h: { action: string }) => h.action === 'accept').actor.username).toBe('intake2');
  });

  it('forward down, then the receiving office sends it back up to the province, which handles it to the end', async () => {
    const dongcheng = await c.orgUnitId(s.intake, 'SF-DC');
    const province = await c.orgUnitId(s.intake, 'SF');
    const id = await c.register(s.agent, { category: 'report', complaintType: undefined });
    await c.claimAndAct(s.intake, id, { action: 'forward', orgUnitId: dongcheng });
    await c.claimAndAct(s.leader, id, { action: 'to_handling' });
    expect((await c.claim(s.intake2, id)).statusCode).toBe(200);
    const toOwn = await c.act(s.intake2, id, { action: 'forward', orgUnitId: dongcheng });
    expect(toOwn.statusCode).toBe(400);
    expect(toOwn.json().error).toMatchObject({
      code: 'FORWARD_TO_OWN_OFFICE',
      details: { fields: [{ field: 'orgUnitId' }] },
    });
    const up = await c.act(s.intake2, id, { action: 'forward', orgUnitId: province, comment: '涉及跨市，报省局' });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json()).toMatchObject({ step: 'leader_review', decision: 'forwarded', orgUnit: { id: dongcheng } });
    let view = await c.claimAndAct(s.leader, id, { action: 'to_handling' });
    expect(view).toMatchObject({ step: 'investigation', needsAcceptance: true, orgUnit: { id: province } });
    expect((await c.get(s.intake2, `/api/cases/${id}`)).statusCode).toBe(404);
    view = await c.claimAndAct(s.investigator, id, { action: 'accept', classification: reportClassification });
    expect(view).toMatchObject({ step: 'leader_review', decision: 'accepted' });
    view = await c.claimAndAct(s.leader, id, { action: 'to_handling' });
    expect(view).toMatchObject({ step: 'investigation', needsAcceptance: false });
    view = await c.claimAndAct(s.investigator, id, { action: 'finish', result: '移交稽查局立案检查。' });
    view = await c.claimAndAct(s.feedback, id, {
      action: 'give_feedback',
      method: 'letter',
      content: '已书面告知受理情况。',
    });
    view = await c.claimAndAct(s.leader, id, { action: 'close' });
    expect(trail(view.history)).toEqual([
      'register:intake',
      'forward:leader_review',
      'to_handling:investigation',
      'forward:leader_review',
      'to_handling:investigation',
      'accept:leader_review',
      'to_handling:investigation',
      'finish:feedback',
      'give_feedback:leader_review',
      'close:closed',
    ]);
    // Each entry names the office the case belonged to after it.
    const offices = view.history
      .filter((h: { action: string }) => h.action !== 'claim')
      .map((h: { orgUnit: { id: number } }) => h.orgUnit.id);
    expect(offices.slice(0, 5)).toEqual([province, province, dongcheng, dongcheng, province]);
  });

  it('terminate → leader close', async () => {
    const id = await c.register(s.agent);
    await c.claimAndAct(s.intake, id, { action: 'accept', classification: complaintClassification });
    await c.claimAndAct(s.leader, id, { action: 'to_handling' });
    let view = await c.claimAndAct(s.investigator, id, { action: 'terminate', reason: '投诉人撤回投诉。' });
    expect(view).toMatchObject({ step: 'leader_review', decision: 'terminated' });
    view = await c.claimAndAct(s.leader, id, { action: 'close' });
    expect(trail(view.history)).toEqual([
      'register:intake',
      'accept:leader_review',
      'to_handling:investigation',
      'terminate:leader_review',
      'close:closed',
    ]);
  });

  it('an approved extension moves both due times on working days; a denied one moves nothing; both show on the case', async () => {
    const id = await c.register(s.agent);
    await c.claimAndAct(s.intake, id, { action: 'accept', classification: complaintClassification });
    let view = await c.claimAndAct(s.leader, id, { action: 'to_handling' });
    // Entered Friday 2026-11-27: 10 working days end on Friday 2026-12-11.
    expect(view.stepDueAt).toBe('2026-12-12T00:00:00+08:00');
    expect(view.dueAt).toBe('2026-12-19T00:00:00+08:00');

    view = await c.claimAndAct(s.investigator, id, {
      action: 'request_extension',
      workingDays: 3,
      reason: '需调取监控录像',
    });
    expect(view).toMatchObject({ step: 'leader_review', decision: 'extension_requested' });
    expect(view.extensions).toEqual([
      expect.objectContaining({ status: 'pending', workingDays: 3, reason: '需调取监控录像' }),
    ]);
    view = await c.claimAndAct(s.leader, id, { action: 'approve_extension', comment: '同意延期' });
    // Three working days after Friday 12-11 is Wednesday 12-16; after Friday 12-18 it is Wednesday 12-23.
    expect(view).toMatchObject({
      step: 'investigation',
      stepDueAt: '2026-12-17T00:00:00+08:00',
      dueAt: '2026-12-24T00:00:00+08:00',
    });
    expect(view.extensions[0]).toMatchObject({
      status: 'approved',
      dueBefore: '2026-12-19T00:00:00+08:00',
      dueAfter: '2026-12-24T00:00:00+08:00',
      decidedByName: '周处长',
    });

    view = await c.claimAndAct(s.investigator, id, { action: 'request_extension', workingDays: 5, reason: '再次延期' });
    view = await c.claimAndAct(s.leader, id, { action: 'deny_extension', comment: '不同意' });
    expect(view).toMatchObject({
      step: 'investigation',
      stepDueAt: '2026-12-17T00:00:00+08:00',
      dueAt: '2026-12-24T00:00:00+08:00',
    });
    expect(view.extensions.map((x: { status: string }) => x.status)).toEqual(['approved', 'denied']);

    await dispatchOutbox(t.database.db, channelSenders, t.clock.now());
    const bell = (await c.get(s.investigator, '/api/notifications')).json();
    expect(bell.items.map((n: { kind: string }) => n.kind)).toEqual(
      expect.arrayContaining(['case.approve_extension', 'case.deny_extension']),
    );
  });

  it('send back returns the case to the step it came from, whose holder hears of it', async () => {
    const id = await c.register(s.agent);
    await c.claimAndAct(s.intake, id, { action: 'accept', classification: complaintClassification });
    expect((await c.claim(s.leader, id)).statusCode).toBe(200);
    const noComment = await c.act(s.leader, id, { action: 'send_back' });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().error.details.fields).toEqual([{ field: 'comment', message: '请填写意见' }]);
    const back = await c.act(s.leader, id, { action: 'send_back', comment: '分类不准确，请重新核定' });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ step: 'intake', holder: null, decision: null });
    await dispatchOutbox(t.database.db, channelSenders, t.clock.now());
    const bell = (await c.get(s.intake, '/api/notifications')).json();
    expect(bell.items[0]).toMatchObject({ kind: 'case.send_back', body: '分类不准确，请重新核定' });
    const view = await c.claimAndAct(s.intake, id, { action: 'reject', reason: '没有明确的被投诉举报对象或具体事项' });
    expect(view).toMatchObject({ step: 'leader_review', decision: 'rejected' });
  });

  it('an anonymous report records that no feedback is possible', async () => {
    const id = await c.register(s.agent, {
      category: 'report',
      named: false,
      reporterName: undefined,
      reporterPhone: undefined,
      complaintType: undefined,
    });
    expect((await c.read(s.intake, id)).canRevealReporter).toBe(false);
    await c.claimAndAct(s.intake, id, { action: 'accept', classification: reportClassification });
    await c.claimAndAct(s.leader, id, { action: 'to_handling' });
    await c.claimAndAct(s.investigator, id, { action: 'finish', result: '经查属实，已依法处理。' });
    expect((await c.claim(s.feedback, id)).statusCode).toBe(200);
    const feedback = await c.act(s.feedback, id, { action: 'give_feedback', method: 'phone', content: '告知结果' });
    expect(feedback.statusCode).toBe(409);
    const view = (await c.act(s.feedback, id, { action: 'record_no_feedback' })).json();
    expect(view).toMatchObject({ step: 'leader_review', decision: 'fed_back' });
    const closed = await c.claimAndAct(s.leader, id, { action: 'close' });
    const entry = closed.history.find((h: { action: string }) => h.action === 'record_no_feedback');
    expect(entry).toMatchObject({ actionName: '无法反馈', fields: { note: '匿名投诉举报，无法反馈' } });
  });
});
