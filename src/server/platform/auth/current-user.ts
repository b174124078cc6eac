import {
  roles as knownRoles,
  type Permission,
  permissionsOf,
  type Role,
  seesAllOrgUnits,
} from '../../../shared/permissions';

/** The signed-in user as every route sees it. */
export interface CurrentUser {
  id: number;
  username: string;
  name: string;
  roles: Role[];
  permissions: Permission[];
  orgUnitId: number;
  orgUnitName: string;
  /** Materialised path of the user's org unit: what the user sees is `scopeOf(user)` (./scope.ts). */
  orgUnitPath: string;
  departmentId: number | null;
  departmentName: string | null;
  seesAllOrgUnits: boolean;
  sessionId: string;
  csrfToken: string;
}

export function toRoles(values: readonly string[]): Role[] {
  return values.filter((r): r is Role => (knownRoles as readonly string[]).includes(r));
}

export function buildCurrentUser(
  row: Omit<CurrentUser, 'roles' | 'permissions' | 'seesAllOrgUnits'>,
  roleValues: string[],
): CurrentUser {
  const roles = toRoles(roleValues);
  return { ...row, roles, permissions: permissionsOf(roles), seesAllOrgUnits: seesAllOrgUnits(roles) };
}

export function hasPermission(user: CurrentUser, permission: Permission): boolean {
  return user.permissions.includes(permission);
}

/** The public face of the user, as login and /me return it. */
export function publicUser(user: CurrentUser) {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    roles: user.roles,
    permissions: user.permissions,
    orgUnitId: user.orgUnitId,
    orgUnitName: user.orgUnitName,
    departmentId: user.departmentId,
    departmentName: user.departmentName,
  };
}
