import { describe, expect, it } from 'vitest';
import { permissions, permissionsOf, roleGrants, roles, seesAllOrgUnits } from './permissions';

describe('permissions', () => {
  const foundation = ['users.manage', 'org.manage', 'audit.read', 'calendar.read', 'calendar.manage'] as const;

  it('gives the administrator every foundation permission', () => {
    expect(permissionsOf(['admin'])).toEqual(expect.arrayContaining([...foundation]));
  });

  it('keeps administration away from agents', () => {
    const agent = permissionsOf(['agent']);
    for (const p of ['users.manage', 'org.manage', 'audit.read', 'calendar.manage'] as const)
      expect(agent).not.toContain(p);
  });

  it('unites the permissions of several roles without duplicates', () => {
    const both = permissionsOf(['director', 'agent']);
    expect(new Set(both).size).toBe(both.length);
    expect(both).toEqual(
      expect.arrayContaining([...new Set([...permissionsOf(['director']), ...permissionsOf(['agent'])])]),
    );
    expect(both.every((p) => permissions.includes(p))).toBe(true);
  });

  it('lets only the administrator see every org unit', () => {
    expect(roles.filter((r) => roleGrants[r].scope === 'all')).toEqual(['admin']);
    expect(seesAllOrgUnits(['agent', 'leader'])).toBe(false);
    expect(seesAllOrgUnits(['agent', 'admin'])).toBe(true);
  });

  it('lets every role read the calendar', () => {
    for (const role of roles) expect(permissionsOf([role])).toContain('calendar.read');
  });
});
