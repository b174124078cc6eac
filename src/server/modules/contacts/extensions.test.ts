import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../test/factories';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../../test/harness';

const dialects = await testDialects();

describe.each(dialects)('the extension mapping on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  const { get, patch, post } = sessionRequests(() => t);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    const newAgent = await buildUser(t, { username: 'agent_new', name: '新坐席', roles: ['agent'], orgUnit: 'SF' });
    const intake = await buildUser(t, { username: 'intake_ext', name: '受理分机', roles: ['intake'], orgUnit: 'SF' });
    const gone = await buildUser(t, { username: 'agent_gone', name: '离岗坐席', roles: ['agent'], orgUnit: 'SF' });
    await buildUser(t, { username: 'leader_none', name: '无分机领导', roles: ['leader'], orgUnit: 'SF' });
    for (const [session, extension] of [
      [intake, '8100'],
      [gone, '8050'],
    ] as const) {
      const changed = await patch(admin, `/api/admin/users/${session.userId}`, { extension });
      expect(changed.statusCode, changed.body).toBe(200);
    }
    const disabled = await post(admin, `/api/admin/users/${gone.userId}/disable`);
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(newAgent.userId).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists agents and team leads with or without an extension and anyone holding one, disabled ones included', async () => {
    const res = await get(admin, '/api/cti/extensions');
    expect(res.statusCode, res.body).toBe(200);
    const rows: Array<{ username: string; extension: string | null; isDisabled: boolean; orgUnitName: string }> =
      res.json();
    expect(rows.map((r) => [r.username, r.extension])).toEqual([
      ['agent_new', null],
      ['lead1', '8000'],
      ['agent1', '8001'],
      ['agent2', '8002'],
      ['agent_gone', '8050'],
      ['intake_ext', '8100'],
    ]);
    expect(rows.find((r) => r.username === 'agent_gone')).toMatchObject({ isDisabled: true });
    expect(rows.find((r) => r.username === 'agent1')).toMatchObject({
      isDisabled: false,
      orgUnitName: expect.any(String),
    });
  });

  it('is for those who manage the CTI only', async () => {
    expect((await get(await t.login('agent1'), '/api/cti/extensions')).statusCode).toBe(403);
  });
});
