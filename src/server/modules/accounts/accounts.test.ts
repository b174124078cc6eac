import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../../test/harness';

const dialects = await testDialects();

describe.each(dialects)('users, org tree and departments on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let orgUnits: Array<{ id: number; parentId: number | null; code: string; level: string; name: string }>;
  const orgId = (code: string) => orgUnits.find((o) => o.code === code)!.id;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    orgUnits = (await get(admin, '/api/org-units')).json();
  });
  afterAll(async () => {
    await t.close();
  });

  const { get, post, patch } = sessionRequests(() => t);

  it('has the demo org tree: a province, two cities and their districts', () => {
    const byLevel = (level: string) => orgUnits.filter((o) => o.level === level);
    expect(byLevel('province')).toHaveLength(1);
    expect(byLevel('city')).toHaveLength(2);
    expect(byLevel('district').length).toBeGreaterThanOrEqual(4);
    for (const city of byLevel('city')) {
      expect(orgUnits.some((o) => o.parentId === city.id && o.level === 'district')).toBe(true);
    }
  });

  it('lists the departments in the contract shape', async () => {
    const res = await get(admin, '/api/departments');
    expect(res.statusCode).toBe(200);
    const names = (res.json() as Array<{ id: number; name: string; code: string }>).map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['货物和劳务税处', '所得税处', '征管和科技发展处', '纳税服务处']));
  });

  it('creates a user who then logs in, and audits it with the change', async () => {
    const res = await post(admin, '/api/admin/users', {
      username: 'agent9',
      name: '新坐席',
      password: 'Welcome2026',
      roles: ['agent'],
      orgUnitId: orgId('SF'),
      extension: '8009',
    });
    expect(res.statusCode).toBe(200);
    const user = res.json();
    expect(user).toMatchObject({ username: 'agent9', roles: ['agent'], extension: '8009', isDisabled: false });
    expect(user).not.toHaveProperty('passwordHash');
    const s = await t.login('agent9', 'Welcome2026');
    expect(s.userId).toBe(user.id);
    const audit = await get(admin, `/api/admin/audit?action=user.create&entityId=${user.id}`);
    expect(audit.json().items).toHaveLength(1);
    expect(audit.json().items[0]).toMatchObject({
      actorUsername: 'admin',
      entityType: 'user',
      after: { username: 'agent9' },
    });
  });

  it('exports the filtered audit log to .xlsx with its filters, and records the export', async () => {
    const created = (await get(admin, '/api/admin/audit?action=user.create&limit=200')).json();
    expect(created.total).toBeGreaterThan(0);
    const res = await get(admin, '/api/admin/audit/export?action=user.create');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('审计日志'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('审计日志')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('筛选条件');
    // The export names actions in Chinese, as the audit page does (src/shared/audit-names.ts).
    expect(sheet.getRow(1).getCell(2).value).toBe('操作：新建用户');
    expect(sheet.getRow(4).getCell(1).value).toBe('时间');
    expect(sheet.rowCount - 4).toBe(created.total);
    const actions = new Set<unknown>();
    for (let r = 5; r <= sheet.rowCount; r++) actions.add(sheet.getRow(r).getCell(3).value);
    expect([...actions]).toEqual(['新建用户']);

    const recorded = (await get(admin, '/api/admin/audit?action=audit.export')).json();
    expect(recorded.items[0]).toMatchObject({ actorUsername: 'admin', after: { filter: { action: 'user.create' } } });
    const agent = await t.login('agent1');
    expect((await get(agent, '/api/admin/audit/export')).statusCode).toBe(403);
    const bad = await get(admin, '/api/admin/audit/export?from=2026-02-30');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('querystring.from');
  });

  it('rejects a bad user and writes nothing', async () => {
    const before = (await get(admin, '/api/admin/users?limit=200')).json().total;
    const auditBefore = (await get(admin, '/api/admin/audit?limit=1')).json().total;
    const cases: Array<[object, string]> = [
      [{ username: 'admin', name: 'x', password: 'Welcome2026', roles: ['agent'], orgUnitId: orgId('SF') }, 'username'],
      [{ username: 'weakling', name: 'x', password: 'short', roles: ['agent'], orgUnitId: orgId('SF') }, 'password'],
      [{ username: 'norole', name: 'x', password: 'Welcome2026', roles: [], orgUnitId: orgId('SF') }, 'roles'],
      [{ username: 'badrole', name: 'x', password: 'Welcome2026', roles: ['king'], orgUnitId: orgId('SF') }, 'roles.0'],
      [{ username: 'noorg', name: 'x', password: 'Welcome2026', roles: ['agent'], orgUnitId: 99999 }, 'orgUnitId'],
      [
        {
          username: 'dupext',
          name: 'x',
          password: 'Welcome2026',
          roles: ['agent'],
          orgUnitId: orgId('SF'),
          extension: '8001',
        },
        'extension',
      ],
    ];
    for (const [payload, field] of cases) {
      const res = await post(admin, '/api/admin/users', payload);
      expect(res.statusCode, field).toBe(400);
      expect(res.json().error.details.fields[0].field, JSON.stringify(res.json())).toBe(field);
    }
    const departments = (await get(admin, '/api/admin/departments')).json() as Array<{ id: number; orgUnitId: number }>;
    const cityDept = departments.find((d) => d.orgUnitId === orgId('SF-DC'))!;
    const wrongDept = await post(admin, '/api/admin/users', {
      username: 'wrongdept',
      name: 'x',
      password: 'Welcome2026',
      roles: ['department'],
      orgUnitId: orgId('SF'),
      departmentId: cityDept.id,
    });
    expect(wrongDept.statusCode).toBe(400);
    expect(wrongDept.json().error.code).toBe('DEPARTMENT_NOT_IN_ORG_UNIT');
    expect((await get(admin, '/api/admin/users?limit=200')).json().total).toBe(before);
    expect((await get(admin, '/api/admin/audit?limit=1')).json().total).toBe(auditBefore);
  });

  it('disabling a user ends their session at once and blocks login; enabling restores it', async () => {
    const s = await t.login('agent2');
    const users = (await get(admin, '/api/admin/users?q=agent2')).json();
    const id = users.items[0].id;
    expect((await post(admin, `/api/admin/users/${id}/disable`, {})).json().isDisabled).toBe(true);
    expect((await get(s, '/api/auth/me')).statusCode).toBe(401);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'agent2', password: 'demo-pass-2026' },
    });
    expect(login.statusCode).toBe(403);
    expect(login.json().error.code).toBe('ACCOUNT_DISABLED');
    expect((await post(admin, `/api/admin/users/${id}/enable`, {})).json().isDisabled).toBe(false);
    await t.login('agent2');
  });

  it('does not let the administrator disable their own account', async () => {
    const res = await post(admin, `/api/admin/users/${admin.userId}/disable`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CANNOT_DISABLE_SELF');
  });

  it('updates roles and resets a password, ending the user’s sessions', async () => {
    const users = (await get(admin, '/api/admin/users?q=lead1')).json();
    const id = users.items[0].id;
    const s = await t.login('lead1');
    const updated = await patch(admin, `/api/admin/users/${id}`, {
      roles: ['team_lead', 'agent'],
      phone: '13800001111',
    });
    expect(updated.json()).toMatchObject({ roles: ['agent', 'team_lead'], phone: '13800001111' });
    const reset = await post(admin, `/api/admin/users/${id}/reset-password`, { newPassword: 'Reset2026x' });
    expect(reset.statusCode).toBe(204);
    expect((await get(s, '/api/auth/me')).statusCode).toBe(401);
    await t.login('lead1', 'Reset2026x');
  });

  it('filters users by role and org unit', async () => {
    const agents = (await get(admin, '/api/admin/users?role=agent&limit=200')).json();
    expect(agents.items.every((u: { roles: string[] }) => u.roles.includes('agent'))).toBe(true);
    const city = (await get(admin, `/api/admin/users?orgUnitId=${orgId('SF-DC')}`)).json();
    expect(city.items.map((u: { username: string }) => u.username)).toEqual(['intake2']);
  });

  it('adds org units only one level below their parent', async () => {
    const ok = await post(admin, '/api/admin/org-units', {
      parentId: orgId('SF-DC-BJ'),
      name: '国家税务总局东城市滨江区税务局第一税务所',
      level: 'station',
      code: 'SF-DC-BJ-01',
      address: '滨江区江南大道 301 号',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ parentId: orgId('SF-DC-BJ'), level: 'station' });
    const wrongLevel = await post(admin, '/api/admin/org-units', {
      parentId: orgId('SF'),
      name: '某所',
      level: 'station',
      code: 'X-1',
    });
    expect(wrongLevel.statusCode).toBe(400);
    expect(wrongLevel.json().error.details.fields[0].field).toBe('level');
    const duplicate = await post(admin, '/api/admin/org-units', {
      parentId: orgId('SF'),
      name: '某市',
      level: 'city',
      code: 'SF-DC',
    });
    expect(duplicate.json().error.code).toBe('DUPLICATE_CODE');
    const renamed = await patch(admin, `/api/admin/org-units/${ok.json().id}`, { phone: '0571-87009999' });
    expect(renamed.json().phone).toBe('0571-87009999');
  });

  it('creates, renames and deactivates a department', async () => {
    const created = await post(admin, '/api/admin/departments', {
      orgUnitId: orgId('SF'),
      name: '税收经济分析处',
      code: 'ANALYSIS',
    });
    expect(created.statusCode).toBe(200);
    const id = created.json().id;
    const off = await patch(admin, `/api/admin/departments/${id}`, { isActive: false });
    expect(off.json().isActive).toBe(false);
    const active = (await get(admin, '/api/departments')).json() as Array<{ id: number }>;
    expect(active.some((d) => d.id === id)).toBe(false);
    const all = (await get(admin, '/api/admin/departments')).json() as Array<{ id: number }>;
    expect(all.some((d) => d.id === id)).toBe(true);
  });

  it('forbids the admin pages to roles without the permission', async () => {
    for (const username of ['agent1', 'director', 'dept_vat', 'leader1']) {
      const s = await t.login(username);
      const res = await get(s, '/api/admin/users');
      expect(res.statusCode, username).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
      const write = await post(s, '/api/admin/departments', { orgUnitId: orgId('SF'), name: '非法', code: 'NOPE' });
      expect(write.statusCode, username).toBe(403);
    }
  });

  it('exports the filtered user list to .xlsx with its filters, without any password', async () => {
    const listed = (await get(admin, '/api/admin/users?role=agent&limit=200')).json();
    expect(listed.total).toBeGreaterThan(1);
    const res = await get(admin, '/api/admin/users/export?role=agent');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('用户'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('用户')!;
    const rowOf = (n: number) =>
      Array.from((sheet.getRow(n).values as unknown[]).slice(1), (v) =>
        v === null || v === undefined ? '' : String(v),
      );
    expect(rowOf(1)).toEqual(['筛选条件', '角色：坐席']);
    expect(rowOf(2)[0]).toBe('导出时间');
    expect(rowOf(4)).toEqual([
      '用户名',
      '姓名',
      '角色',
      '所属机构',
      '业务处室',
      '手机号码',
      '分机号',
      '状态',
      '创建时间',
    ]);
    expect(sheet.rowCount - 4).toBe(listed.total);
    const rows = Array.from({ length: listed.total }, (_, i) => rowOf(5 + i));
    expect(rows.map((r) => r[0])).toEqual(listed.items.map((u: { username: string }) => u.username));
    expect(rows.every((r) => r[2]!.includes('坐席'))).toBe(true);
    // No password or hash reaches the file, whatever the column.
    expect(rows.flat().some((v) => v.startsWith('scrypt$') || v.includes('Welcome2026'))).toBe(false);

    const byName = await get(admin, `/api/admin/users/export?q=agent&orgUnitId=${orgId('SF')}`);
    const filtered = new ExcelJS.Workbook();
    await filtered.xlsx.load(byName.rawPayload as unknown as ArrayBuffer);
    const head = filtered.getWorksheet('用户')!;
    expect(head.getRow(1).getCell(2).value).toBe('关键词：agent');
    expect(String(head.getRow(2).getCell(2).value)).toMatch(/^所属机构：/);

    expect((await get(await t.login('agent1'), '/api/admin/users/export')).statusCode).toBe(403);
    const audit = await get(admin, '/api/admin/audit?action=user.export');
    expect(audit.json().total).toBe(2);
  });

  it('shows the audit log to the director but not to an agent', async () => {
    expect((await get(await t.login('director'), '/api/admin/audit')).statusCode).toBe(200);
    expect((await get(await t.login('agent1'), '/api/admin/audit')).statusCode).toBe(403);
  });

  it('shows a district user only the departments of their own unit, above and below', async () => {
    await post(admin, '/api/admin/users', {
      username: 'xcagent',
      name: '西城坐席',
      password: 'Welcome2026',
      roles: ['agent'],
      orgUnitId: orgId('SF-XC-CG'),
    });
    const s = await t.login('xcagent', 'Welcome2026');
    const departments = (await get(s, '/api/departments')).json() as Array<{ code: string }>;
    const codes = departments.map((d) => d.code);
    expect(codes).toContain('VAT');
    expect(codes).not.toContain('DC-VAT');
  });
});
