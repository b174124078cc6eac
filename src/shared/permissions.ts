/**
 * Roles and permissions, declared in one place for the server (authorization) and the web app (menus).
 * A permission names a capability; every API route states the one it needs.
 */

export const roles = [
  'admin',
  'director',
  'team_lead',
  'agent',
  'department',
  'leader',
  'intake',
  'investigator',
  'feedback',
] as const;
export type Role = (typeof roles)[number];

export const roleNames = {
  admin: '系统管理员',
  director: '中心主任',
  team_lead: '班长',
  agent: '坐席',
  department: '业务处室',
  leader: '领导',
  intake: '受理岗',
  investigator: '调查岗',
  feedback: '反馈岗',
} as const satisfies Record<Role, string>;

export const permissions = ['users.manage', 'org.manage', 'audit.read', 'calendar.read', 'calendar.manage'] as const;
export type Permission = (typeof permissions)[number];

export const permissionNames = {
  'users.manage': '管理用户',
  'org.manage': '管理组织机构和业务处室',
  'audit.read': '查看审计日志',
  'calendar.read': '查看工作日历',
  'calendar.manage': '维护工作日历和服务时间',
} as const satisfies Record<Permission, string>;

/**
 * What each role may do, and how far it sees: `all` sees every org unit,
 * `subtree` sees the user's own org unit and the units below it.
 */
export const roleGrants = {
  admin: {
    scope: 'all',
    permissions: ['users.manage', 'org.manage', 'audit.read', 'calendar.read', 'calendar.manage'],
  },
  director: { scope: 'subtree', permissions: ['audit.read', 'calendar.read'] },
  team_lead: { scope: 'subtree', permissions: ['calendar.read'] },
  agent: { scope: 'subtree', permissions: ['calendar.read'] },
  department: { scope: 'subtree', permissions: ['calendar.read'] },
  leader: { scope: 'subtree', permissions: ['calendar.read'] },
  intake: { scope: 'subtree', permissions: ['calendar.read'] },
  investigator: { scope: 'subtree', permissions: ['calendar.read'] },
  feedback: { scope: 'subtree', permissions: ['calendar.read'] },
} as const satisfies Record<Role, { scope: 'all' | 'subtree'; permissions: readonly Permission[] }>;

/** The union of the permissions of the given roles. */
export function permissionsOf(userRoles: readonly Role[]): Permission[] {
  const granted = new Set<Permission>();
  for (const role of userRoles) for (const p of roleGrants[role].permissions) granted.add(p);
  return permissions.filter((p) => granted.has(p));
}

/** True when one of the roles sees every org unit rather than its own subtree. */
export function seesAllOrgUnits(userRoles: readonly Role[]): boolean {
  return userRoles.some((role) => roleGrants[role].scope === 'all');
}

export const orgUnitLevels = ['province', 'city', 'district', 'station'] as const;
export type OrgUnitLevel = (typeof orgUnitLevels)[number];
export const orgUnitLevelNames = {
  province: '省局',
  city: '市局',
  district: '区县局',
  station: '税务所',
} as const satisfies Record<OrgUnitLevel, string>;
