import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Satisfaction } from '../../../shared/contacts';
import { defaultWeights } from '../../../shared/performance';
import { preambleRowCount } from '../../platform/xlsx';
import {
  buildCall,
  buildContact,
  buildSurvey,
  buildTransfer,
  buildUser,
  departmentIdOf,
  orgUnitIdOf,
} from '../../test/factories';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../../test/harness';
import { listUsersWithRoles } from '../accounts';

const dialects = await testDialects();

/**
 * The fixed dataset (October 2026, Asia/Shanghai; 18 working days → 36 service sessions):
 * - agent1 (team 咨询一班): 4 contacts of 300 s in two sessions of 12 Oct; surveys 满意 + 基本满意;
 *   one transfer answered after its due time (overdue).
 * - agent2 (咨询一班): 3 contacts of 150 s — one at 00:10 on 1 Oct Shanghai (30 Sep UTC), two in the
 *   morning session of 13 Oct; surveys 满意 + 不满意; one transfer answered on time.
 * - agent3 (咨询二班, led by lead2): 1 contact of 600 s (14 Oct morning), a call answered on 15 Oct
 *   afternoon, no survey; one transfer still open past its due time.
 * - outside the month: agent1 at 23:50 on 30 Sep Shanghai, agent2 at 00:30 on 1 Nov Shanghai.
 */
describe.each(dialects)('performance review on %s', (dialect) => {
  let t: TestApp;
  let director: Session;
  let lead1: Session;
  let lead2: Session;
  let agent1: Session;
  let agent2: Session;
  let agent3Id: number;
  let teamBId: number;
  let teamAId: number;

  const { get, send } = sessionRequests(() => t);

  /** Where and when each inserted contact ended: its survey is collected then. */
  const contactEnds = new Map<number, { orgUnitId: number; endedAt: string }>();
  async function insertContact(agentId: number, startedAt: string, seconds: number): Promise<number> {
    const [agent] = await listUsersWithRoles(t.database.db, { ids: [agentId], activeOnly: false });
    const ended = new Date(Date.parse(startedAt) + seconds * 1000).toISOString();
    const id = await buildContact(t.database.db, {
      caller_phone: '13800001234',
      agent_id: agentId,
      org_unit_id: agent!.orgUnitId,
      started_at: startedAt,
      ended_at: ended,
      duration_seconds: seconds,
      created_at: ended,
      updated_at: ended,
    });
    contactEnds.set(id, { orgUnitId: agent!.orgUnitId, endedAt: ended });
    return id;
  }
  async function insertSurvey(contactId: number, satisfaction: Satisfaction) {
    const contact = contactEnds.get(contactId)!;
    await buildSurvey(t.database.db, {
      contactId,
      orgUnitId: contact.orgUnitId,
      satisfaction,
      collectedAt: contact.endedAt,
    });
  }
  async function insertTransfer(
    contactId: number,
    createdBy: number,
    times: { created: string; due: string; handled: string | null },
  ) {
    await buildTransfer(t.database.db, {
      contact_id: contactId,
      department_id: await departmentIdOf(t.database.db, 'VAT'),
      status: times.handled ? 'answered' : 'open',
      due_at: times.due,
      created_at: times.created,
      created_by: createdBy,
      answered_at: times.handled,
      handled_at: times.handled,
    });
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-11-27T02:00:00Z' });
    director = await t.login('director');
    lead1 = await t.login('lead1');
    agent1 = await t.login('agent1');
    agent2 = await t.login('agent2');
    const sf = await orgUnitIdOf(t.database.db, 'SF');
    lead2 = await buildUser(t, {
      username: 'lead2',
      name: '钱班长',
      roles: ['team_lead'],
      orgUnit: 'SF',
      password: 'Passw0rd-2026',
    });
    agent3Id = (
      await buildUser(t, {
        username: 'agent3',
        name: '张敏',
        roles: ['agent'],
        orgUnit: 'SF',
        password: 'Passw0rd-2026',
      })
    ).userId;

    const teams = (await get(director, '/api/performance/teams')).json() as Array<{ id: number; name: string }>;
    teamAId = teams.find((x) => x.name === '咨询一班')!.id;
    const teamB = await send(director, 'POST', '/api/performance/teams', {
      orgUnitId: sf,
      name: '咨询二班',
      leadUserId: lead2.userId,
      memberIds: [agent3Id],
    });
    expect(teamB.statusCode).toBe(200);
    teamBId = teamB.json().id;

    const a1 = agent1.userId;
    const a2 = agent2.userId;
    const a1c = [
      await insertContact(a1, '2026-10-12T02:00:00.000Z', 300),
      await insertContact(a1, '2026-10-12T02:10:00.000Z', 300),
      await insertContact(a1, '2026-10-12T06:00:00.000Z', 300),
      await insertContact(a1, '2026-10-12T06:20:00.000Z', 300),
    ];
    await insertContact(a1, '2026-09-30T15:50:00.000Z', 900);
    const a2c = [
      await insertContact(a2, '2026-09-30T16:10:00.000Z', 150),
      await insertContact(a2, '2026-10-13T02:30:00.000Z', 150),
      await insertContact(a2, '2026-10-13T02:40:00.000Z', 150),
    ];
    await insertContact(a2, '2026-10-31T16:30:00.000Z', 900);
    const a3c = await insertContact(agent3Id, '2026-10-14T03:00:00.000Z', 600);
    await insertSurvey(a1c[0]!, 'satisfied');
    await insertSurvey(a1c[1]!, 'basically_satisfied');
    await insertSurvey(a2c[1]!, 'satisfied');
    await insertSurvey(a2c[2]!, 'unsatisfied');
    await insertTransfer(a1c[0]!, a1, {
      created: '2026-10-12T02:05:00.000Z',
      due: '2026-10-14T16:00:00.000Z',
      handled: '2026-10-15T01:00:00.000Z',
    });
    await insertTransfer(a2c[1]!, a2, {
      created: '2026-10-13T02:35:00.000Z',
      due: '2026-10-15T16:00:00.000Z',
      handled: '2026-10-14T03:00:00.000Z',
    });
    await insertTransfer(a3c, agent3Id, {
      created: '2026-10-14T03:10:00.000Z',
      due: '2026-10-16T16:00:00.000Z',
      handled: null,
    });
    await buildCall(t.database.db, {
      call_id: 'perf-call-1',
      agent_id: agent3Id,
      started_at: '2026-10-15T06:59:40.000Z',
      answered_at: '2026-10-15T07:00:00.000Z',
      ended_at: '2026-10-15T07:05:00.000Z',
      duration_seconds: 300,
    });
  });
  afterAll(async () => {
    await t.close();
  });

  type Row = {
    userId: number;
    username: string;
    total: number;
    weightedScore: number;
    centreRank: number;
    teamRank: number;
    metrics: Array<{
      metric: string;
      raw: number | null;
      score: number | null;
      weight: number;
      appliedWeight: number;
      contribution: number;
    }>;
  };
  const ranking = async (s: Session, query = '') => {
    const res = await get(s, `/api/performance/results?period=2026-10${query}`);
    expect(res.statusCode).toBe(200);
    return res.json() as { rows: Row[]; serviceSessions: number; scheme: { weights: Record<string, number> } };
  };

  it('computes every metric, normalised over the centre, as worked out by hand', async () => {
    const body = await ranking(director);
    expect(body.serviceSessions).toBe(36);
    expect(body.scheme.weights).toEqual(defaultWeights);
    expect(body.rows.map((r) => [r.username, r.total, r.centreRank])).toEqual([
      ['agent1', 82.5, 1],
      ['agent2', 70, 2],
      // No survey: 满意率 is left out (无数据) and the other weights scaled to 100 (30, 15, 10, 20 of 75).
      ['agent3', 41.67, 3],
    ]);
    const byMetric = (username: string) =>
      Object.fromEntries(
        body.rows
          .find((r) => r.username === username)!
          .metrics.map((m) => [m.metric, [m.raw, m.score, m.contribution]]),
      );
    expect(byMetric('agent1')).toEqual({
      contactsHandled: [4, 100, 30],
      averageHandlingTime: [300, 50, 7.5],
      satisfactionRate: [100, 100, 25],
      qualityScore: [null, null, 0],
      examScore: [null, null, 0],
      overdueTransfers: [1, 0, 0],
      attendanceRate: [5.56, 100, 20],
    });
    expect(byMetric('agent2')).toEqual({
      contactsHandled: [3, 75, 22.5],
      averageHandlingTime: [150, 100, 15],
      satisfactionRate: [50, 50, 12.5],
      qualityScore: [null, null, 0],
      examScore: [null, null, 0],
      overdueTransfers: [0, 100, 10],
      attendanceRate: [2.78, 50, 10],
    });
    expect(byMetric('agent3')).toEqual({
      contactsHandled: [1, 25, 10],
      averageHandlingTime: [600, 25, 5],
      satisfactionRate: [null, null, 0],
      qualityScore: [null, null, 0],
      examScore: [null, null, 0],
      overdueTransfers: [1, 0, 0],
      attendanceRate: [5.56, 100, 26.67],
    });
    const agent3 = body.rows.find((r) => r.username === 'agent3')!;
    expect(Object.fromEntries(agent3.metrics.map((m) => [m.metric, [m.weight, m.appliedWeight]]))).toMatchObject({
      contactsHandled: [30, 40],
      satisfactionRate: [25, 0],
      attendanceRate: [20, 26.67],
    });
  });

  it('changes the ranking when the director changes the weights', async () => {
    const weights = { ...defaultWeights, contactsHandled: 0, satisfactionRate: 0, attendanceRate: 0 };
    weights.averageHandlingTime = 50;
    weights.overdueTransfers = 50;
    const res = await send(director, 'PUT', '/api/performance/scheme/2026-10', { weights, note: '本月侧重效率和时限' });
    expect(res.statusCode).toBe(200);
    const body = await ranking(director);
    expect(body.rows.map((r) => [r.username, r.total])).toEqual([
      ['agent2', 100],
      ['agent1', 25],
      ['agent3', 12.5],
    ]);
    const audit = (await get(director, '/api/admin/audit?action=performance.scheme_set')).json();
    expect(audit.items[0]).toMatchObject({ entityId: '2026-10', actorUsername: 'director' });
    const back = await send(director, 'PUT', '/api/performance/scheme/2026-10', { weights: defaultWeights });
    expect(back.statusCode).toBe(200);
    expect((await ranking(director)).rows.map((r) => r.username)).toEqual(['agent1', 'agent2', 'agent3']);
  });

  it('rejects bad weights with a 400 naming the field', async () => {
    const cases: Array<[Record<string, number>, string, string]> = [
      [{ ...defaultWeights, contactsHandled: 20 }, 'WEIGHTS_SUM_NOT_100', 'weights'],
      [{ ...defaultWeights, contactsHandled: -10, attendanceRate: 60 }, 'WEIGHT_NEGATIVE', 'weights.contactsHandled'],
      [
        { ...defaultWeights, qualityScore: 10, contactsHandled: 20 },
        'METRIC_HAS_NO_DATA_SOURCE',
        'weights.qualityScore',
      ],
    ];
    for (const [weights, code, field] of cases) {
      const res = await send(director, 'PUT', '/api/performance/scheme/2026-10', { weights });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.details.fields[0].field).toBe(field);
    }
    const missing = await send(director, 'PUT', '/api/performance/scheme/2026-10', {
      weights: { contactsHandled: 100 },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details.fields[0].field).toMatch(/^weights\./);
    const byAgent = await send(agent1, 'PUT', '/api/performance/scheme/2026-10', { weights: defaultWeights });
    expect(byAgent.statusCode).toBe(403);
  });

  it('shows each agent their own breakdown only', async () => {
    const mine = await get(agent1, '/api/performance/me?period=2026-10');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().agent).toMatchObject({ username: 'agent1', total: 82.5, centreRank: 1, teamRank: 1 });
    const own = await get(agent1, `/api/performance/agents/${agent1.userId}?period=2026-10`);
    expect(own.statusCode).toBe(200);
    const other = await get(agent1, `/api/performance/agents/${agent2.userId}?period=2026-10`);
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('PERFORMANCE_NOT_VISIBLE');
    expect(other.body).not.toContain('刘志强');
    expect((await get(agent1, '/api/performance/results?period=2026-10')).statusCode).toBe(403);
  });

  it('shows a team lead their own team only, with ranks in the team and in the centre', async () => {
    const body = await ranking(lead2);
    expect(body.rows.map((r) => [r.username, r.teamRank, r.centreRank])).toEqual([['agent3', 1, 3]]);
    const led1 = await ranking(lead1);
    expect(led1.rows.map((r) => r.username)).toEqual(['agent1', 'agent2']);
    expect((await get(lead1, `/api/performance/results?period=2026-10&teamId=${teamBId}`)).statusCode).toBe(403);
    expect((await get(lead1, `/api/performance/agents/${agent3Id}?period=2026-10`)).statusCode).toBe(403);
    expect((await get(lead1, `/api/performance/agents/${agent2.userId}?period=2026-10`)).statusCode).toBe(200);
  });

  it('lets a team lead add bonus/penalty items for their own team only, audited', async () => {
    const foreign = await send(lead1, 'POST', '/api/performance/adjustments', {
      period: '2026-10',
      userId: agent3Id,
      points: 3,
      reason: '协助其他班组',
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('NOT_OWN_TEAM');
    const zero = await send(lead1, 'POST', '/api/performance/adjustments', {
      period: '2026-10',
      userId: agent1.userId,
      points: 0,
      reason: '分值为零的记录',
    });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().error.details.fields[0].field).toBe('points');

    const added = await send(lead1, 'POST', '/api/performance/adjustments', {
      period: '2026-10',
      userId: agent2.userId,
      points: 15,
      reason: '带教新人，受表扬一次',
    });
    expect(added.statusCode).toBe(200);
    const audit = (await get(director, '/api/admin/audit?action=performance.adjustment_add')).json();
    expect(audit.items[0]).toMatchObject({ entityId: String(added.json().id), actorUsername: 'lead1' });
    expect(audit.items[0].after).toMatchObject({ userId: agent2.userId, points: 15, reason: '带教新人，受表扬一次' });

    const body = await ranking(director);
    expect(body.rows.map((r) => [r.username, r.total])).toEqual([
      ['agent2', 85],
      ['agent1', 82.5],
      ['agent3', 41.67],
    ]);
    const breakdown = (await get(agent2, '/api/performance/me?period=2026-10')).json().agent;
    expect(breakdown).toMatchObject({ weightedScore: 70, adjustmentPoints: 15, total: 85 });
    expect(breakdown.adjustments).toEqual([expect.objectContaining({ points: 15, createdBy: '李班长' })]);

    expect((await send(lead2, 'DELETE', `/api/performance/adjustments/${added.json().id}`)).statusCode).toBe(404);
    expect((await send(lead1, 'DELETE', `/api/performance/adjustments/${added.json().id}`)).statusCode).toBe(204);
    const removed = (await get(director, '/api/admin/audit?action=performance.adjustment_remove')).json();
    expect(removed.items[0]).toMatchObject({ entityId: String(added.json().id), actorUsername: 'lead1' });
  });

  it('tracks team goals from the same figures', async () => {
    for (const [metric, target] of [
      ['contactsHandled', 10],
      ['satisfactionRate', 70],
      ['transferOnTimeRate', 90],
    ] as const) {
      const res = await send(director, 'PUT', '/api/performance/goals', {
        teamId: teamAId,
        period: '2026-10',
        metric,
        target,
      });
      expect(res.statusCode).toBe(200);
    }
    const bad = await send(director, 'PUT', '/api/performance/goals', {
      teamId: teamAId,
      period: '2026-10',
      metric: 'satisfactionRate',
      target: 120,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('target');
    expect(
      (
        await send(lead1, 'PUT', '/api/performance/goals', {
          teamId: teamAId,
          period: '2026-10',
          metric: 'contactsHandled',
          target: 5,
        })
      ).statusCode,
    ).toBe(403);

    const goals = (await get(lead1, '/api/performance/goals?period=2026-10')).json();
    expect(goals).toHaveLength(1);
    expect(
      goals[0].goals.map((g: { metric: string; actual: number; percent: number; isMet: boolean }) => [
        g.metric,
        g.actual,
        g.percent,
        g.isMet,
      ]),
    ).toEqual([
      ['contactsHandled', 7, 70, false],
      ['satisfactionRate', 75, 100, true],
      ['transferOnTimeRate', 50, 55.56, false],
    ]);
  });

  it('exports the ranking and the breakdown as .xlsx with the filters shown', async () => {
    const res = await get(director, '/api/performance/results/export?period=2026-10');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('绩效排名')!;
    expect(String(sheet.getRow(1).getCell(2).value)).toBe('考核月份：2026-10');
    const first = preambleRowCount([1, 2, 3, 4].map(() => ({ label: '', value: '' }))) + 2;
    const names = [0, 1, 2].map((i) => String(sheet.getRow(first + i).getCell(4).value));
    expect(names).toEqual(['王晓燕', '刘志强', '张敏']);
    const detail = workbook.getWorksheet('得分明细')!;
    expect(detail.rowCount).toBeGreaterThanOrEqual(first - 1 + 3 * 7);
  });

  it('freezes a published month: stored results, no more changes', async () => {
    expect((await send(director, 'POST', '/api/performance/scheme/2026-11/publish')).statusCode).toBe(409);
    const published = await send(director, 'POST', '/api/performance/scheme/2026-10/publish');
    expect(published.statusCode).toBe(200);
    expect(published.json().publishedAt).toBeTruthy();
    await insertContact(agent3Id, '2026-10-20T02:00:00.000Z', 100);
    const body = await ranking(director);
    expect(body.rows.map((r) => [r.username, r.total])).toEqual([
      ['agent1', 82.5],
      ['agent2', 70],
      ['agent3', 41.67],
    ]);
    const late = await send(lead1, 'POST', '/api/performance/adjustments', {
      period: '2026-10',
      userId: agent1.userId,
      points: 2,
      reason: '补录加分',
    });
    expect(late.statusCode).toBe(409);
    expect(
      (await send(director, 'PUT', '/api/performance/scheme/2026-10', { weights: defaultWeights })).statusCode,
    ).toBe(409);
  });

  it('keeps teams to agents of the org unit and lets the director move an agent', async () => {
    const notAgent = await send(director, 'PATCH', `/api/performance/teams/${teamBId}`, { memberIds: [lead1.userId] });
    expect(notAgent.statusCode).toBe(400);
    expect(notAgent.json().error).toMatchObject({
      code: 'MEMBER_NOT_AGENT',
      details: { fields: [{ field: 'memberIds.0' }] },
    });
    const moved = await send(director, 'PATCH', `/api/performance/teams/${teamBId}`, {
      memberIds: [agent3Id, agent2.userId],
    });
    expect(moved.statusCode).toBe(200);
    const teams = (await get(director, '/api/performance/teams')).json() as Array<{
      id: number;
      members: Array<{ userId: number }>;
    }>;
    expect(teams.find((x) => x.id === teamAId)!.members.map((m) => m.userId)).toEqual([agent1.userId]);
    expect((await send(lead1, 'PATCH', `/api/performance/teams/${teamBId}`, { name: '改名' })).statusCode).toBe(403);
  });
});
