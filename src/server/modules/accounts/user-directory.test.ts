import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subtreeOf } from '../../platform/auth/scope';
import { buildUser, orgUnitIdOf } from '../../test/factories';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../../test/harness';
import { listUsersWithRoles } from './index';

const dialects = await testDialects();

describe.each(dialects)('the user directory on %s', (dialect) => {
  let t: TestApp;
  let both: Session;
  let retired: Session;
  const { post } = sessionRequests(() => t);
  const usernames = async (query: Parameters<typeof listUsersWithRoles>[1]) =>
    (await listUsersWithRoles(t.database.db, query)).map((u) => u.username);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    both = await buildUser(t, {
      username: 'lead_zs',
      name: '钟班长',
      roles: ['team_lead', 'agent'],
      orgUnit: 'SF-DC-ZS',
    });
    retired = await buildUser(t, { username: 'intake_old', name: '钱受理', roles: ['intake'], orgUnit: 'SF-DC' });
    const disabled = await post(await t.login('admin'), `/api/admin/users/${retired.userId}/disable`);
    expect(disabled.statusCode, disabled.body).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the active holders of any of the roles, by id', async () => {
    expect(await usernames({ roles: ['intake'] })).toEqual(['intake1', 'intake2']);
    expect(await usernames({ roles: ['intake', 'leader'] })).toEqual(['leader1', 'intake1', 'intake2']);
    expect(await usernames({ roles: [] })).toEqual([]);
  });

  it('narrows to a scope, to exact org units and to ids, and keeps disabled users when asked', async () => {
    const dc = await orgUnitIdOf(t.database.db, 'SF-DC');
    const dcPath = `/${await orgUnitIdOf(t.database.db, 'SF')}/${dc}/`;
    expect(await usernames({ roles: ['intake', 'agent'], scope: subtreeOf(dcPath) })).toEqual(['intake2', 'lead_zs']);
    expect(await usernames({ roles: ['intake', 'agent'], orgUnitIds: [dc] })).toEqual(['intake2']);
    expect(await usernames({ ids: [retired.userId] })).toEqual([]);
    const [found] = await listUsersWithRoles(t.database.db, { ids: [retired.userId], activeOnly: false });
    expect(found).toMatchObject({ username: 'intake_old', isDisabled: true, orgUnitId: dc, roles: ['intake'] });
  });

  it('gives every user all of their roles, whichever role found them', async () => {
    const [lead] = await listUsersWithRoles(t.database.db, { roles: ['team_lead'], ids: [both.userId] });
    expect(lead).toMatchObject({ username: 'lead_zs', orgUnitName: expect.any(String), roles: ['agent', 'team_lead'] });
  });

  it('narrows to the holders of an extension', async () => {
    expect(await usernames({ hasExtension: true })).toEqual(['lead1', 'agent1', 'agent2']);
    expect(await usernames({ roles: ['agent'], hasExtension: true })).toEqual(['agent1', 'agent2']);
    expect(await usernames({ roles: ['intake'], hasExtension: true })).toEqual([]);
  });

  it('orders by org unit when asked, and stops at the limit', async () => {
    const byUnit = await listUsersWithRoles(t.database.db, { roles: ['intake'], orderBy: 'orgUnit', limit: 1 });
    expect(byUnit.map((u) => u.username)).toEqual(['intake1']);
  });
});
