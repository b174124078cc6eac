/**
 * The demo volume the page check looks at: a month of contacts (1–27 November 2026, the test clock's
 * month) with transfers open, answered and overdue, surveys and calls, and complaints and reports in
 * every step of their workflow. Bulk rows go in through the factories (the repositories' own
 * statements); a few of each kind go through the API, so that their history, audit rows, notifications
 * and ticket numbers are what the application itself writes.
 */
import { expect } from 'vitest';
import { caseClient, complaintClassification, reportClassification } from '../src/server/modules/cases/test-support';
import {
  buildCall,
  buildContact,
  buildSurvey,
  buildTransfer,
  departmentIdOf,
  orgUnitIdOf,
  userIdOf,
} from '../src/server/test/factories';
import { sessionRequests, type TestApp } from '../src/server/test/harness';
import type { Channel, ContactType, Satisfaction } from '../src/shared/contacts';

const subjects = [
  ['增值税', '小规模纳税人季度免税额度'],
  ['个人所得税', '个税汇算清缴退税进度查询'],
  ['个人所得税', '专项附加扣除填报口径'],
  ['企业所得税', '研发费用加计扣除比例'],
  ['增值税', '全电发票开具额度调整'],
  ['社会保险费', '灵活就业人员社保缴费基数'],
  ['印花税', '购销合同印花税计税依据'],
  ['房产税', '出租房屋房产税从租计征'],
] as const;
const channels: Channel[] = ['phone', 'phone', 'phone', 'web', 'sms', 'walk_in'];
const satisfactions: Satisfaction[] = ['satisfied', 'satisfied', 'basically_satisfied', 'unsatisfied'];

/** Loads the month; a few seconds on SQLite. */
export async function loadDemoVolume(t: TestApp): Promise<void> {
  const db = t.database.db;
  const sf = await orgUnitIdOf(db, 'SF');
  const agents = [await userIdOf(db, 'agent1'), await userIdOf(db, 'agent2'), await userIdOf(db, 'lead1')];
  const departments = [await departmentIdOf(db, 'VAT'), await departmentIdOf(db, 'INCOME')];

  // Twelve contacts on each day of the month so far, during service hours, with a survey for most.
  let n = 0;
  for (let day = 1; day <= 26; day++) {
    for (let k = 0; k < 12; k++, n++) {
      const started = new Date(Date.UTC(2026, 10, day, 0, 30 + k * 35));
      const [taxKind, subject] = subjects[n % subjects.length]!;
      const type: ContactType = n % 23 === 0 ? 'suggestion' : 'consult';
      const isTransfer = n % 9 === 0;
      const contactId = await buildContact(db, {
        agent_id: agents[n % agents.length]!,
        org_unit_id: sf,
        channel: channels[n % channels.length]!,
        type,
        tax_kind: taxKind,
        subject,
        content: `纳税人来电咨询${subject}的具体规定和办理流程。`,
        answer: isTransfer ? null : '已按现行政策口径答复，并告知可通过电子税务局办理。',
        outcome: isTransfer ? 'transfer' : 'answered',
        status: isTransfer && n % 2 !== 0 ? 'transferred' : 'closed',
        ticket_no: isTransfer ? `GD202611${String(day).padStart(2, '0')}${String(9000 + k)}` : null,
        caller_phone: `138${String(10_000_000 + n * 7919).slice(0, 8)}`,
        started_at: started.toISOString(),
        ended_at: new Date(started.getTime() + (90 + (n % 7) * 40) * 1000).toISOString(),
        duration_seconds: 90 + (n % 7) * 40,
      });
      if (isTransfer) {
        const createdAt = new Date(started.getTime() + 120_000);
        const dueAt = new Date(createdAt.getTime() + 3 * 86_400_000);
        const isAnswered = n % 2 === 0;
        await buildTransfer(db, {
          contact_id: contactId,
          department_id: departments[n % departments.length]!,
          created_by: agents[n % agents.length]!,
          created_at: createdAt.toISOString(),
          due_at: dueAt.toISOString(),
          ...(isAnswered
            ? {
                status: 'answered',
                answer: '经核实，按规定可以办理，已告知纳税人所需资料。',
                answered_at: new Date(createdAt.getTime() + (n % 4) * 86_400_000).toISOString(),
                handled_at: new Date(createdAt.getTime() + (n % 4) * 86_400_000).toISOString(),
              }
            : {}),
        });
      } else if (n % 3 !== 0) {
        await buildSurvey(db, {
          contactId,
          orgUnitId: sf,
          satisfaction: satisfactions[n % satisfactions.length]!,
          collectedAt: new Date(started.getTime() + 300_000).toISOString(),
        });
      }
      if (k % 2 === 0) {
        await buildCall(db, {
          started_at: started.toISOString(),
          answered_at: new Date(started.getTime() + 8000).toISOString(),
          ended_at: new Date(started.getTime() + 200_000).toISOString(),
          duration_seconds: 192,
          agent_id: agents[n % agents.length]!,
          from_number: caller(n),
        });
      }
    }
  }
  await loadThroughTheApi(t, departments);
}

function caller(n: number): string {
  return `139${String(20_000_000 + n * 4447).slice(0, 8)}`;
}

/** Transfers, a callback and cases in every step, made as staff make them. */
async function loadThroughTheApi(t: TestApp, departments: number[]): Promise<void> {
  const { post } = sessionRequests(() => t);
  const agent = await t.login('agent1');
  const deptVat = await t.login('dept_vat');
  const transferIds: number[] = [];
  for (const [i, [taxKind, subject]] of subjects.slice(0, 4).entries()) {
    const res = await post(agent, '/api/contacts', {
      channel: 'phone',
      type: 'consult',
      callerPhone: caller(900 + i),
      taxKind,
      subject,
      content: `纳税人询问${subject}，需业务处室确认口径。`,
      outcome: 'transfer',
      departmentId: departments[0],
      transferNote: '请答复具体口径',
    });
    expect(res.statusCode, res.body).toBe(200);
    transferIds.push(res.json().transfers[0].id);
  }
  const answered = await post(deptVat, `/api/transfers/${transferIds[0]}/answer`, {
    answer: '符合条件的可以享受，已告知需要准备的资料。',
  });
  expect(answered.statusCode, answered.body).toBe(200);

  const c = caseClient(t);
  const s = await c.logins();
  const complaint = { category: 'complaint' };
  const report = {
    category: 'report',
    named: false,
    reporterName: undefined,
    reporterPhone: undefined,
    subjectName: '示范市某商贸有限公司',
    content: '该公司长期对外虚开增值税专用发票。',
    complaintType: undefined,
  };
  // One case left in each step: intake, leader review, investigation, feedback, closed.
  await c.register(s.agent, complaint);
  await c.register(s.agent, report);
  const review = await c.register(s.agent, complaint);
  await c.claimAndAct(s.intake, review, { action: 'accept', classification: complaintClassification });
  const investigation = await c.register(s.agent, report);
  await c.claimAndAct(s.intake, investigation, { action: 'accept', classification: reportClassification });
  await c.claimAndAct(s.leader, investigation, { action: 'to_handling', comment: '同意受理，转调查' });
  const feedback = await c.register(s.agent, complaint);
  await c.claimAndAct(s.intake, feedback, { action: 'accept', classification: complaintClassification });
  await c.claimAndAct(s.leader, feedback, { action: 'to_handling', comment: '同意受理，转调查' });
  await c.claimAndAct(s.investigator, feedback, { action: 'finish', result: '对相关人员批评教育。' });
  const closed = await c.register(s.agent, complaint);
  await c.claimAndAct(s.intake, closed, { action: 'accept', classification: complaintClassification });
  await c.claimAndAct(s.leader, closed, { action: 'to_handling', comment: '同意受理，转调查' });
  await c.claimAndAct(s.investigator, closed, { action: 'finish', result: '对相关人员批评教育。' });
  await c.claimAndAct(s.feedback, closed, {
    action: 'give_feedback',
    method: 'phone',
    content: '已电话告知处理结果。',
  });
  await c.claimAndAct(s.leader, closed, { action: 'close' });
}
