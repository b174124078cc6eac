import { codeRule, usernameRule } from '../../../shared/account-rules';
import { type OrgUnitLevel, orgUnitLevels, type Role, roleNames } from '../../../shared/permissions';
import type { Db, DbOrTx } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import { deleteSessionsOfUser, updatePasswordHash } from '../../platform/auth/auth.repository';
import type { CurrentUser } from '../../platform/auth/current-user';
import { hashPassword, passwordProblem } from '../../platform/auth/password';
import { isInOrgScope, scopeOf, subtreeOf } from '../../platform/auth/scope';
import { toShanghaiIso } from '../../platform/dates';
import { conflict, invalidField, notFound } from '../../platform/errors';
import type { RequestContext, SystemContext } from '../../platform/request-context';
import { streamXlsx, type XlsxFilter } from '../../platform/xlsx';
import * as repo from './accounts.repository';

// ---- org units ----

export function publicOrgUnit(o: repo.OrgUnitRow) {
  const { path: _path, ...rest } = o;
  return rest;
}

/** The org tree: every unit, flat and ordered by path (the directory of tax offices is public within taxline). */
export async function listOrgUnits(db: Db) {
  return (await repo.findOrgUnits(db)).map(publicOrgUnit);
}

async function requireVisibleOrgUnit(
  db: DbOrTx,
  user: CurrentUser,
  id: number,
  field: string,
): Promise<repo.OrgUnitRow> {
  const unit = await repo.findOrgUnit(db, id);
  if (!unit) throw invalidField(field, 'ORG_UNIT_NOT_FOUND', '所选机构不存在');
  if (!isInOrgScope(scopeOf(user), unit.path))
    throw invalidField(field, 'ORG_UNIT_OUT_OF_SCOPE', '所选机构不在您的管辖范围内');
  return unit;
}

export interface OrgUnitInput {
  parentId: number;
  name: string;
  level: OrgUnitLevel;
  code: string;
  address?: string | null | undefined;
  phone?: string | null | undefined;
  serviceHours?: string | null | undefined;
}

export async function createOrgUnit({ db, user, actor, now }: RequestContext, input: OrgUnitInput) {
  return db.transaction().execute(async (trx) => {
    const parent = await requireVisibleOrgUnit(trx, user, input.parentId, 'parentId');
    const expectedLevel = orgUnitLevels[orgUnitLevels.indexOf(parent.level) + 1];
    if (input.level !== expectedLevel) {
      throw invalidField(
        'level',
        'INVALID_ORG_LEVEL',
        expectedLevel ? '下级机构的层级与上级不匹配' : '税务所下不能再设机构',
      );
    }
    if (await repo.findOrgUnitByCode(trx, input.code)) throw invalidField('code', 'DUPLICATE_CODE', '机构代码已存在');
    const id = await repo.insertOrgUnit(trx, {
      parentId: parent.id,
      parentPath: parent.path,
      name: input.name,
      level: input.level,
      code: input.code,
      address: input.address ?? null,
      phone: input.phone ?? null,
      serviceHours: input.serviceHours ?? null,
      now,
    });
    const created = publicOrgUnit((await repo.findOrgUnit(trx, id))!);
    await writeAudit(trx, actor, now, {
      action: 'org_unit.create',
      entityType: 'org_unit',
      entityId: id,
      after: created,
    });
    return created;
  });
}

export async function updateOrgUnit(
  { db, user, actor, now }: RequestContext,
  id: number,
  patch: Partial<Pick<OrgUnitInput, 'name' | 'code' | 'address' | 'phone' | 'serviceHours'>>,
) {
  return db.transaction().execute(async (trx) => {
    const unit = await repo.findOrgUnit(trx, id);
    if (!unit || !isInOrgScope(scopeOf(user), unit.path)) throw notFound('ORG_UNIT_NOT_FOUND', '机构不存在');
    if (patch.code && patch.code !== unit.code && (await repo.findOrgUnitByCode(trx, patch.code))) {
      throw invalidField('code', 'DUPLICATE_CODE', '机构代码已存在');
    }
    await repo.updateOrgUnit(trx, id, patch);
    const after = publicOrgUnit((await repo.findOrgUnit(trx, id))!);
    await writeAudit(trx, actor, now, {
      action: 'org_unit.update',
      entityType: 'org_unit',
      entityId: id,
      before: publicOrgUnit(unit),
      after,
    });
    return after;
  });
}

// ---- departments ----

export function publicDepartment(d: repo.DepartmentRow) {
  const { orgUnitPath: _path, ...rest } = d;
  return rest;
}

/**
 * The departments a user may send work to or read: those of the user's own org unit, the units above
 * it and the units below it (everything for a role that sees all units).
 */
export async function listDepartmentsFor(db: Db, user: CurrentUser, options: { activeOnly: boolean }) {
  const all = await repo.findDepartments(db);
  const scope = scopeOf(user);
  return all
    .filter((d) => !options.activeOnly || d.isActive)
    .filter((d) => isInOrgScope(scope, d.orgUnitPath) || isInOrgScope(subtreeOf(d.orgUnitPath), user.orgUnitPath))
    .map(publicDepartment);
}

export async function createDepartment(
  { db, user, actor, now }: RequestContext,
  input: { orgUnitId: number; name: string; code: string },
) {
  return db.transaction().execute(async (trx) => {
    await requireVisibleOrgUnit(trx, user, input.orgUnitId, 'orgUnitId');
    if (await repo.findDepartmentByCode(trx, input.code))
      throw invalidField('code', 'DUPLICATE_CODE', '处室代码已存在');
    const id = await repo.insertDepartment(trx, { ...input, now });
    const created = publicDepartment((await repo.findDepartment(trx, id))!);
    await writeAudit(trx, actor, now, {
      action: 'department.create',
      entityType: 'department',
      entityId: id,
      after: created,
    });
    return created;
  });
}

export async function updateDepartment(
  { db, user, actor, now }: RequestContext,
  id: number,
  patch: { name?: string | undefined; code?: string | undefined; isActive?: boolean | undefined },
) {
  return db.transaction().execute(async (trx) => {
    const before = await repo.findDepartment(trx, id);
    if (!before || !isInOrgScope(scopeOf(user), before.orgUnitPath))
      throw notFound('DEPARTMENT_NOT_FOUND', '业务处室不存在');
    if (patch.code && patch.code !== before.code && (await repo.findDepartmentByCode(trx, patch.code))) {
      throw invalidField('code', 'DUPLICATE_CODE', '处室代码已存在');
    }
    await repo.updateDepartment(trx, id, patch);
    const after = publicDepartment((await repo.findDepartment(trx, id))!);
    await writeAudit(trx, actor, now, {
      action: 'department.update',
      entityType: 'department',
      entityId: id,
      before: publicDepartment(before),
      after,
    });
    return after;
  });
}

// ---- users ----

export function publicUserRow(u: repo.UserRow) {
  const { orgUnitPath: _path, ...rest } = u;
  return rest;
}

export interface UserListFilter {
  keyword?: string | undefined;
  orgUnitId?: number | undefined;
  role?: Role | undefined;
}

/** The list's filter within what the user may see (their org unit and below unless they see all). */
function scopedUserFilter(user: CurrentUser, filter: UserListFilter): repo.UserFilter {
  return {
    scope: scopeOf(user),
    ...(filter.keyword ? { keyword: filter.keyword } : {}),
    ...(filter.orgUnitId ? { orgUnitId: filter.orgUnitId } : {}),
    ...(filter.role ? { role: filter.role } : {}),
  };
}

export async function listUsers(
  db: Db,
  user: CurrentUser,
  filter: UserListFilter,
  page: { limit: number; offset: number },
) {
  const scoped = scopedUserFilter(user, filter);
  const [total, items] = await Promise.all([repo.countUsers(db, scoped), repo.findUsers(db, scoped, page)]);
  return { total, items: items.map(publicUserRow) };
}

const USER_EXPORT_BATCH = 250;

/**
 * 用户管理 as an .xlsx stream: the filtered users within the user's scope, read in keyset batches by id
 * as the list orders them. Account facts only: no password or hash is ever read. The export is audited.
 */
export async function exportUsers({ db, user, actor, now }: RequestContext, filter: UserListFilter) {
  await db
    .transaction()
    .execute((trx) =>
      writeAudit(trx, actor, now, { action: 'user.export', entityType: 'user', entityId: 'export', after: { filter } }),
    );
  const scoped = scopedUserFilter(user, filter);
  const filters: XlsxFilter[] = [];
  if (filter.keyword) filters.push({ label: '关键词', value: filter.keyword });
  if (filter.orgUnitId) {
    const unit = await repo.findOrgUnit(db, filter.orgUnitId);
    filters.push({ label: '所属机构', value: unit?.name ?? String(filter.orgUnitId) });
  }
  if (filter.role) filters.push({ label: '角色', value: roleNames[filter.role] });
  async function* rows() {
    let afterId: number | null = null;
    for (;;) {
      const batch = await repo.findUserBatch(db, scoped, afterId, USER_EXPORT_BATCH);
      for (const u of batch) {
        yield {
          username: u.username,
          name: u.name,
          roles: u.roles.map((r) => roleNames[r] ?? r).join('、'),
          orgUnitName: u.orgUnitName,
          departmentName: u.departmentName ?? '',
          phone: u.phone ?? '',
          extension: u.extension ?? '',
          status: u.isDisabled ? '已停用' : '正常',
          createdAt: toShanghaiIso(new Date(u.createdAt)).slice(0, 19).replace('T', ' '),
        };
      }
      if (batch.length < USER_EXPORT_BATCH) return;
      afterId = batch.at(-1)!.id;
    }
  }
  return streamXlsx({
    exportedAt: now,
    sheets: [
      {
        name: '用户',
        filters,
        columns: [
          { header: '用户名', key: 'username', width: 14 },
          { header: '姓名', key: 'name', width: 10 },
          { header: '角色', key: 'roles', width: 30 },
          { header: '所属机构', key: 'orgUnitName', width: 24 },
          { header: '业务处室', key: 'departmentName', width: 16 },
          { header: '手机号码', key: 'phone', width: 14 },
          { header: '分机号', key: 'extension', width: 8 },
          { header: '状态', key: 'status', width: 8 },
          { header: '创建时间', key: 'createdAt', width: 20 },
        ],
        rows: rows(),
      },
    ],
  });
}

async function requireVisibleUser(db: DbOrTx, user: CurrentUser, id: number): Promise<repo.UserRow> {
  const found = await repo.findUser(db, id);
  if (!found || !isInOrgScope(scopeOf(user), found.orgUnitPath)) throw notFound('USER_NOT_FOUND', '用户不存在');
  return found;
}

async function checkDepartment(db: DbOrTx, departmentId: number | null | undefined, orgUnitId: number) {
  if (departmentId === null || departmentId === undefined) return;
  const department = await repo.findDepartment(db, departmentId);
  if (!department) throw invalidField('departmentId', 'DEPARTMENT_NOT_FOUND', '所选业务处室不存在');
  if (department.orgUnitId !== orgUnitId) {
    throw invalidField('departmentId', 'DEPARTMENT_NOT_IN_ORG_UNIT', '所选业务处室不属于该用户的所属机构');
  }
}

async function checkExtension(db: DbOrTx, extension: string | null | undefined, userId?: number) {
  if (!extension) return;
  const holder = await repo.findUserIdByExtension(db, extension);
  if (holder && holder.id !== userId)
    throw invalidField('extension', 'DUPLICATE_EXTENSION', '该分机号已分配给其他用户');
}

export interface UserInput {
  username: string;
  name: string;
  password: string;
  roles: Role[];
  orgUnitId: number;
  departmentId?: number | null | undefined;
  phone?: string | null | undefined;
  extension?: string | null | undefined;
}

export async function createUser({ db, user, actor, now }: RequestContext, input: UserInput) {
  const problem = passwordProblem(input.password);
  if (problem) throw invalidField('password', 'WEAK_PASSWORD', problem);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    await requireVisibleOrgUnit(trx, user, input.orgUnitId, 'orgUnitId');
    if (await repo.findUserIdByUsername(trx, input.username))
      throw invalidField('username', 'DUPLICATE_USERNAME', '用户名已存在');
    await checkDepartment(trx, input.departmentId, input.orgUnitId);
    await checkExtension(trx, input.extension);
    const id = await repo.insertUser(trx, {
      username: input.username,
      name: input.name,
      passwordHash,
      hasDemoPassword: false,
      orgUnitId: input.orgUnitId,
      departmentId: input.departmentId ?? null,
      phone: input.phone ?? null,
      extension: input.extension ?? null,
      roles: input.roles,
      now,
    });
    const created = publicUserRow((await repo.findUser(trx, id))!);
    await writeAudit(trx, actor, now, { action: 'user.create', entityType: 'user', entityId: id, after: created });
    return created;
  });
}

export async function updateUser(
  { db, user, actor, now }: RequestContext,
  id: number,
  patch: Partial<Omit<UserInput, 'username' | 'password'>>,
) {
  return db.transaction().execute(async (trx) => {
    const before = await requireVisibleUser(trx, user, id);
    const orgUnitId = patch.orgUnitId ?? before.orgUnitId;
    if (patch.orgUnitId !== undefined) await requireVisibleOrgUnit(trx, user, patch.orgUnitId, 'orgUnitId');
    const departmentId = patch.departmentId !== undefined ? patch.departmentId : before.departmentId;
    await checkDepartment(trx, departmentId, orgUnitId);
    await checkExtension(trx, patch.extension, id);
    if (id === user.id && patch.roles && before.roles.includes('admin') && !patch.roles.includes('admin')) {
      throw invalidField('roles', 'CANNOT_DROP_OWN_ADMIN', '不能取消自己的系统管理员角色');
    }
    await repo.updateUser(trx, id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.orgUnitId !== undefined ? { orgUnitId: patch.orgUnitId } : {}),
      ...(patch.departmentId !== undefined || patch.orgUnitId !== undefined ? { departmentId } : {}),
      ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
      ...(patch.extension !== undefined ? { extension: patch.extension || null } : {}),
      now,
    });
    if (patch.roles) await repo.replaceRoles(trx, id, patch.roles);
    const after = publicUserRow((await repo.findUser(trx, id))!);
    await writeAudit(trx, actor, now, {
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      before: publicUserRow(before),
      after,
    });
    return after;
  });
}

/** Disables or enables a user; disabling ends the user's sessions at once. */
export async function setUserDisabled({ db, user, actor, now }: RequestContext, id: number, isDisabled: boolean) {
  if (id === user.id && isDisabled) throw conflict('CANNOT_DISABLE_SELF', '不能停用自己的账号');
  return db.transaction().execute(async (trx) => {
    const before = await requireVisibleUser(trx, user, id);
    await repo.updateUser(trx, id, { isDisabled, now });
    if (isDisabled) await deleteSessionsOfUser(trx, id);
    const after = publicUserRow((await repo.findUser(trx, id))!);
    await writeAudit(trx, actor, now, {
      action: isDisabled ? 'user.disable' : 'user.enable',
      entityType: 'user',
      entityId: id,
      before: { isDisabled: before.isDisabled },
      after: { isDisabled },
    });
    return after;
  });
}

/** An administrator sets a new password for a user; the user's sessions end. */
export async function resetUserPassword({ db, user, actor, now }: RequestContext, id: number, newPassword: string) {
  const problem = passwordProblem(newPassword);
  if (problem) throw invalidField('newPassword', 'WEAK_PASSWORD', problem);
  const hash = await hashPassword(newPassword);
  await db.transaction().execute(async (trx) => {
    await requireVisibleUser(trx, user, id);
    await updatePasswordHash(trx, id, hash, { isDemo: false, now });
    await deleteSessionsOfUser(trx, id);
    await writeAudit(trx, actor, now, { action: 'user.password_reset', entityType: 'user', entityId: id });
  });
}

export interface FirstAdministratorInput {
  username: string;
  name: string;
  password: string;
  /** The org unit to create when the database has none (a production database starts empty). */
  orgUnit: { name: string; code: string; level: OrgUnitLevel };
}

/**
 * Creates the first system administrator of a fresh installation (and its org unit when the database
 * has none), for the `create-admin` command: production never seeds demo accounts, so without it
 * nobody could sign in. Refuses when the username exists; one transaction with its audit rows.
 */
export async function createFirstAdministrator({ db, actor, now }: SystemContext, input: FirstAdministratorInput) {
  if (!usernameRule.pattern.test(input.username))
    throw invalidField('username', 'INVALID_USERNAME', usernameRule.message);
  if (input.name.trim() === '') throw invalidField('name', 'REQUIRED', '请填写姓名');
  const problem = passwordProblem(input.password);
  if (problem) throw invalidField('password', 'WEAK_PASSWORD', problem);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    if (await repo.findUserIdByUsername(trx, input.username))
      throw invalidField('username', 'DUPLICATE_USERNAME', '用户名已存在');
    let orgUnit = (await repo.findOrgUnits(trx)).find((o) => o.parentId === null);
    let createdOrgUnit = false;
    if (!orgUnit) {
      if (!codeRule.pattern.test(input.orgUnit.code))
        throw invalidField('orgUnitCode', 'INVALID_CODE', `机构代码${codeRule.message}`);
      const id = await repo.insertOrgUnit(trx, {
        parentId: null,
        parentPath: '/',
        name: input.orgUnit.name,
        level: input.orgUnit.level,
        code: input.orgUnit.code,
        address: null,
        phone: null,
        serviceHours: null,
        now,
      });
      orgUnit = (await repo.findOrgUnit(trx, id))!;
      createdOrgUnit = true;
      await writeAudit(trx, actor, now, {
        action: 'org_unit.create',
        entityType: 'org_unit',
        entityId: id,
        after: publicOrgUnit(orgUnit),
      });
    }
    const id = await repo.insertUser(trx, {
      username: input.username,
      name: input.name,
      passwordHash,
      hasDemoPassword: false,
      orgUnitId: orgUnit.id,
      departmentId: null,
      phone: null,
      extension: null,
      roles: ['admin'],
      now,
    });
    const created = publicUserRow((await repo.findUser(trx, id))!);
    await writeAudit(trx, actor, now, {
      action: 'user.create',
      entityType: 'user',
      entityId: id,
      after: created,
    });
    return { user: created, orgUnit: publicOrgUnit(orgUnit), createdOrgUnit };
  });
}
