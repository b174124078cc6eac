import { describe, expect, it } from 'vitest';
import { permissions, permissionsOf, roleGrants, roles, seesAllOrgUnits } from './permissions';

describe('permissions', () => {
  it('gives the administrator every foundation permission', () => {
    expect(permissionsOf(['admin'])).toEqual([...permissions]);
  });

  it('gives an agent only what an agent needs', () => {
    expect(permissionsOf(['agent'])).toEqual(['calendar.read']);
  });

  it('unites the permissions of several roles without duplicates', () => {
    expect(permissionsOf(['director', 'agent'])).toEqual(['audit.read', 'calendar.read']);
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
