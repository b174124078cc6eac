/**
 * The user directory: the one read of users by role, org unit and scope that other modules use
 * (exported by the module's index) to find the people to notify, to assign or to check.
 */
import type { Role } from '../../../shared/permissions';
import type { DbOrTx } from '../../db/connection';
import { toRoles } from '../../platform/auth/current-user';
import { inOrgScope, type OrgScope } from '../../platform/auth/scope';

export interface DirectoryQuery {
  /** Users holding at least one of these roles; any user when absent (none for an empty list). */
  roles?: readonly Role[] | undefined;
  /** Only these users. */
  ids?: readonly number[] | undefined;
  /** Only users whose org unit lies within this scope. */
  scope?: OrgScope | undefined;
  /** Only users of exactly these org units. */
  orgUnitIds?: readonly number[] | undefined;
  /** Only users with an extension number (the CTI's extension mapping). */
  hasExtension?: boolean | undefined;
  /** Leave disabled accounts out (the default); false to check a user whatever their state. */
  activeOnly?: boolean | undefined;
  /** `id` (the default), `name` then id, or `orgUnit` (the unit's id) then id. */
  orderBy?: 'id' | 'name' | 'orgUnit' | undefined;
  limit?: number | undefined;
}

export interface DirectoryUser {
  id: number;
  username: string;
  name: string;
  extension: string | null;
  orgUnitId: number;
  orgUnitName: string;
  orgUnitPath: string;
  isDisabled: boolean;
  /** Every role the user holds, in alphabetical order. */
  roles: Role[];
}

/** The users matching every condition of `query`, each with all of their roles. */
export async function listUsersWithRoles(db: DbOrTx, query: DirectoryQuery): Promise<DirectoryUser[]> {
  const { roles, ids, scope, orgUnitIds } = query;
  if (roles?.length === 0 || ids?.length === 0 || orgUnitIds?.length === 0) return [];
  let q = db
    .selectFrom('users as u')
    .innerJoin('org_units as o', 'o.id', 'u.org_unit_id')
    .select([
      'u.id',
      'u.username',
      'u.name',
      'u.extension',
      'u.org_unit_id as orgUnitId',
      'o.name as orgUnitName',
      'o.path as orgUnitPath',
      'u.is_disabled as isDisabled',
    ]);
  if (query.activeOnly !== false) q = q.where('u.is_disabled', '=', 0);
  if (ids) q = q.where('u.id', 'in', ids);
  if (orgUnitIds) q = q.where('u.org_unit_id', 'in', orgUnitIds);
  if (query.hasExtension) q = q.where('u.extension', 'is not', null);
  if (scope) q = q.where((eb) => inOrgScope(eb, scope, 'u.org_unit_id'));
  if (roles) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_roles as r')
          .select('r.user_id')
          .whereRef('r.user_id', '=', 'u.id')
          .where('r.role', 'in', roles),
      ),
    );
  }
  if (query.orderBy === 'name') q = q.orderBy('u.name');
  if (query.orderBy === 'orgUnit') q = q.orderBy('u.org_unit_id');
  q = q.orderBy('u.id');
  if (query.limit !== undefined) q = q.limit(query.limit);
  const users = await q.execute();
  if (users.length === 0) return [];
  const held = await db
    .selectFrom('user_roles')
    .select(['user_id', 'role'])
    .where(
      'user_id',
      'in',
      users.map((u) => u.id),
    )
    .orderBy('role')
    .execute();
  const rolesOf = new Map<number, string[]>();
  for (const r of held) rolesOf.set(r.user_id, [...(rolesOf.get(r.user_id) ?? []), r.role]);
  return users.map((u) => ({ ...u, isDisabled: u.isDisabled === 1, roles: toRoles(rolesOf.get(u.id) ?? []) }));
}
