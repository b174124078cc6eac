import { sql } from 'kysely';
import type { OrgUnitLevel, Role } from '../../../shared/permissions';
import type { DbOrTx } from '../../db/connection';
import { toRoles } from '../../platform/auth/current-user';
import { inOrgScope, type OrgScope } from '../../platform/auth/scope';

export interface OrgUnitRow {
  id: number;
  parentId: number | null;
  name: string;
  level: OrgUnitLevel;
  code: string;
  path: string;
  address: string | null;
  phone: string | null;
  serviceHours: string | null;
}

const orgUnitColumns = [
  'id',
  'parent_id as parentId',
  'name',
  'level',
  'code',
  'path',
  'address',
  'phone',
  'service_hours as serviceHours',
] as const;

export async function findOrgUnits(db: DbOrTx): Promise<OrgUnitRow[]> {
  return db.selectFrom('org_units').select(orgUnitColumns).orderBy('path').execute();
}

export async function findOrgUnit(db: DbOrTx, id: number): Promise<OrgUnitRow | undefined> {
  return db.selectFrom('org_units').select(orgUnitColumns).where('id', '=', id).executeTakeFirst();
}

export async function insertOrgUnit(
  db: DbOrTx,
  row: Omit<OrgUnitRow, 'id' | 'path'> & { parentPath: string; now: Date },
): Promise<number> {
  const inserted = await db
    .insertInto('org_units')
    .values({
      parent_id: row.parentId,
      name: row.name,
      level: row.level,
      code: row.code,
      path: '',
      address: row.address,
      phone: row.phone,
      service_hours: row.serviceHours,
      created_at: row.now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('org_units')
    .set({ path: `${row.parentPath}${inserted.id}/` })
    .where('id', '=', inserted.id)
    .execute();
  return inserted.id;
}

export async function updateOrgUnit(
  db: DbOrTx,
  id: number,
  patch: Partial<Pick<OrgUnitRow, 'name' | 'code' | 'address' | 'phone' | 'serviceHours'>>,
): Promise<void> {
  const { serviceHours, ...rest } = patch;
  await db
    .updateTable('org_units')
    .set({ ...rest, ...(serviceHours !== undefined ? { service_hours: serviceHours } : {}) })
    .where('id', '=', id)
    .execute();
}

export async function findOrgUnitByCode(db: DbOrTx, code: string) {
  return db.selectFrom('org_units').select('id').where('code', '=', code).executeTakeFirst();
}

export interface DepartmentRow {
  id: number;
  orgUnitId: number;
  orgUnitName: string;
  orgUnitPath: string;
  name: string;
  code: string;
  isActive: boolean;
}

function departmentsQuery(db: DbOrTx) {
  return db
    .selectFrom('departments as d')
    .innerJoin('org_units as o', 'o.id', 'd.org_unit_id')
    .select([
      'd.id',
      'd.org_unit_id as orgUnitId',
      'o.name as orgUnitName',
      'o.path as orgUnitPath',
      'd.name',
      'd.code',
      'd.is_active as isActive',
    ]);
}

const toDepartment = (r: Omit<DepartmentRow, 'isActive'> & { isActive: number }): DepartmentRow => ({
  ...r,
  isActive: r.isActive === 1,
});

export async function findDepartments(db: DbOrTx): Promise<DepartmentRow[]> {
  const rows = await departmentsQuery(db).orderBy('o.path').orderBy('d.id').execute();
  return rows.map(toDepartment);
}

export async function findDepartment(db: DbOrTx, id: number): Promise<DepartmentRow | undefined> {
  const row = await departmentsQuery(db).where('d.id', '=', id).executeTakeFirst();
  return row && toDepartment(row);
}

export async function findDepartmentByCode(db: DbOrTx, code: string) {
  return db.selectFrom('departments').select('id').where('code', '=', code).executeTakeFirst();
}

export async function insertDepartment(
  db: DbOrTx,
  row: { orgUnitId: number; name: string; code: string; now: Date },
): Promise<number> {
  const inserted = await db
    .insertInto('departments')
    .values({
      org_unit_id: row.orgUnitId,
      name: row.name,
      code: row.code,
      is_active: 1,
      created_at: row.now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateDepartment(
  db: DbOrTx,
  id: number,
  patch: { name?: string; code?: string; isActive?: boolean },
): Promise<void> {
  const { isActive, ...rest } = patch;
  await db
    .updateTable('departments')
    .set({ ...rest, ...(isActive !== undefined ? { is_active: isActive ? 1 : 0 } : {}) })
    .where('id', '=', id)
    .execute();
}

export interface UserRow {
  id: number;
  username: string;
  name: string;
  orgUnitId: number;
  orgUnitName: string;
  orgUnitPath: string;
  departmentId: number | null;
  departmentName: string | null;
  phone: string | null;
  extension: string | null;
  isDisabled: boolean;
  createdAt: string;
  roles: Role[];
}

function usersQuery(db: DbOrTx) {
  return db
    .selectFrom('users as u')
    .innerJoin('org_units as o', 'o.id', 'u.org_unit_id')
    .leftJoin('departments as d', 'd.id', 'u.department_id')
    .select([
      'u.id',
      'u.username',
      'u.name',
      'u.org_unit_id as orgUnitId',
      'o.name as orgUnitName',
      'o.path as orgUnitPath',
      'u.department_id as departmentId',
      'd.name as departmentName',
      'u.phone',
      'u.extension',
      'u.is_disabled as isDisabled',
      'u.created_at as createdAt',
    ]);
}

export interface UserFilter {
  /** Only users whose org unit lies within this scope. */
  scope: OrgScope;
  keyword?: string;
  orgUnitId?: number;
  role?: Role;
}

function applyUserFilter<Q extends ReturnType<typeof usersQuery>>(q: Q, filter: UserFilter): Q {
  let out = q.where((eb) => inOrgScope(eb, filter.scope, 'u.org_unit_id')) as Q;
  if (filter.orgUnitId) out = out.where('u.org_unit_id', '=', filter.orgUnitId) as Q;
  if (filter.keyword) {
    const like = `%${filter.keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    out = out.where((eb) =>
      eb.or([
        eb('u.username', 'like', sql<string>`${like} escape '\\'`),
        eb('u.name', 'like', sql<string>`${like} escape '\\'`),
      ]),
    ) as Q;
  }
  if (filter.role) {
    const role = filter.role;
    out = out.where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_roles as r')
          .select('r.user_id')
          .whereRef('r.user_id', '=', 'u.id')
          .where('r.role', '=', role),
      ),
    ) as Q;
  }
  return out;
}

export async function countUsers(db: DbOrTx, filter: UserFilter): Promise<number> {
  const row = await applyUserFilter(usersQuery(db), filter)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function findUsers(
  db: DbOrTx,
  filter: UserFilter,
  page: { limit: number; offset: number },
): Promise<UserRow[]> {
  const rows = await applyUserFilter(usersQuery(db), filter)
    .orderBy('u.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return withRoles(db, rows);
}

/** The next batch of users after an id (by id, as the list), for the export's keyset reading. */
export async function findUserBatch(
  db: DbOrTx,
  filter: UserFilter,
  afterId: number | null,
  limit: number,
): Promise<UserRow[]> {
  let q = applyUserFilter(usersQuery(db), filter);
  if (afterId !== null) q = q.where('u.id', '>', afterId);
  return withRoles(db, await q.orderBy('u.id').limit(limit).execute());
}

export async function findUser(db: DbOrTx, id: number): Promise<UserRow | undefined> {
  const row = await usersQuery(db).where('u.id', '=', id).executeTakeFirst();
  return row && (await withRoles(db, [row]))[0];
}

async function withRoles(
  db: DbOrTx,
  rows: Array<Omit<UserRow, 'roles' | 'isDisabled'> & { isDisabled: number }>,
): Promise<UserRow[]> {
  if (rows.length === 0) return [];
  const roleRows = await db
    .selectFrom('user_roles')
    .select(['user_id', 'role'])
    .where(
      'user_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('role')
    .execute();
  return rows.map((r) => ({
    ...r,
    isDisabled: r.isDisabled === 1,
    roles: toRoles(roleRows.filter((x) => x.user_id === r.id).map((x) => x.role)),
  }));
}

export async function findUserIdByUsername(db: DbOrTx, username: string) {
  return db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
}

export async function findUserIdByExtension(db: DbOrTx, extension: string) {
  return db.selectFrom('users').select('id').where('extension', '=', extension).executeTakeFirst();
}

export async function insertUser(
  db: DbOrTx,
  row: {
    username: string;
    name: string;
    passwordHash: string;
    hasDemoPassword: boolean;
    orgUnitId: number;
    departmentId: number | null;
    phone: string | null;
    extension: string | null;
    roles: readonly Role[];
    now: Date;
  },
): Promise<number> {
  const inserted = await db
    .insertInto('users')
    .values({
      username: row.username,
      name: row.name,
      password_hash: row.passwordHash,
      has_demo_password: row.hasDemoPassword ? 1 : 0,
      org_unit_id: row.orgUnitId,
      department_id: row.departmentId,
      phone: row.phone,
      extension: row.extension,
      is_disabled: 0,
      created_at: row.now.toISOString(),
      updated_at: row.now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceRoles(db, inserted.id, row.roles);
  return inserted.id;
}

export async function replaceRoles(db: DbOrTx, userId: number, roles: readonly Role[]): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (roles.length > 0) {
    await db
      .insertInto('user_roles')
      .values(roles.map((role) => ({ user_id: userId, role })))
      .execute();
  }
}

export async function updateUser(
  db: DbOrTx,
  id: number,
  patch: {
    name?: string;
    orgUnitId?: number;
    departmentId?: number | null;
    phone?: string | null;
    extension?: string | null;
    isDisabled?: boolean;
    now: Date;
  },
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.orgUnitId !== undefined ? { org_unit_id: patch.orgUnitId } : {}),
      ...(patch.departmentId !== undefined ? { department_id: patch.departmentId } : {}),
      ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
      ...(patch.extension !== undefined ? { extension: patch.extension } : {}),
      ...(patch.isDisabled !== undefined ? { is_disabled: patch.isDisabled ? 1 : 0 } : {}),
      updated_at: patch.now.toISOString(),
    })
    .where('id', '=', id)
    .execute();
}

export async function countUsersWithDemoPassword(db: DbOrTx): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('has_demo_password', '=', 1)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function countOrgUnits(db: DbOrTx): Promise<number> {
  const row = await db
    .selectFrom('org_units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function hasAnyUser(db: DbOrTx): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}
