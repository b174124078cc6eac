import type { OrgUnitLevel, Role } from '../../../shared/permissions';
import { api, withQuery } from '../../api';
import type { Department, OrgUnit } from '../../reference-data';

export interface Page<T> {
  total: number;
  items: T[];
}

/** A user as 用户管理 lists and edits them. */
export interface AdminUser {
  id: number;
  username: string;
  name: string;
  roles: Role[];
  orgUnitId: number;
  orgUnitName: string;
  departmentId: number | null;
  departmentName: string | null;
  phone: string | null;
  extension: string | null;
  isDisabled: boolean;
  createdAt: string;
}

export interface UserQuery {
  q?: string;
  orgUnitId?: number;
  role?: Role;
  limit: number;
  offset: number;
}

export interface NewUser {
  username: string;
  name: string;
  password: string;
  roles: Role[];
  orgUnitId: number;
  departmentId?: number;
  phone?: string;
  extension?: string;
}

export interface UserChanges {
  name?: string;
  roles?: Role[];
  orgUnitId?: number;
  departmentId?: number | null;
  phone?: string | null;
  extension?: string | null;
}

export const listUsers = (query: UserQuery) => api.get<Page<AdminUser>>('/api/admin/users', { ...query });
/** The .xlsx download of the user list under these filters (the filters are written into the file). */
export const usersExportUrl = (filters: Omit<UserQuery, 'limit' | 'offset'>) =>
  withQuery('/api/admin/users/export', { ...filters });
export const createUser = (input: NewUser) => api.post<AdminUser>('/api/admin/users', input);
export const updateUser = (id: number, changes: UserChanges) => api.patch<AdminUser>(`/api/admin/users/${id}`, changes);
export const disableUser = (id: number) => api.post<AdminUser>(`/api/admin/users/${id}/disable`);
export const enableUser = (id: number) => api.post<AdminUser>(`/api/admin/users/${id}/enable`);
export const resetUserPassword = (id: number, newPassword: string) =>
  api.post<void>(`/api/admin/users/${id}/reset-password`, { newPassword });

export interface NewOrgUnit {
  parentId: number;
  name: string;
  level: OrgUnitLevel;
  code: string;
  address?: string;
  phone?: string;
  serviceHours?: string;
}

export interface OrgUnitChanges {
  name?: string;
  code?: string;
  address?: string | null;
  phone?: string | null;
  serviceHours?: string | null;
}

export const createOrgUnit = (input: NewOrgUnit) => api.post<OrgUnit>('/api/admin/org-units', input);
export const updateOrgUnit = (id: number, changes: OrgUnitChanges) =>
  api.patch<OrgUnit>(`/api/admin/org-units/${id}`, changes);

export interface NewDepartment {
  orgUnitId: number;
  name: string;
  code: string;
}

export interface DepartmentChanges {
  name?: string;
  code?: string;
  isActive?: boolean;
}

/** Every department the user may manage, switched-off ones included (GET /api/departments lists active ones only). */
export const listAllDepartments = () => api.get<Department[]>('/api/admin/departments');
export const createDepartment = (input: NewDepartment) => api.post<Department>('/api/admin/departments', input);
export const updateDepartment = (id: number, changes: DepartmentChanges) =>
  api.patch<Department>(`/api/admin/departments/${id}`, changes);

/** One row of the audit log: who changed what, with the entity before and after. */
export interface AuditEntry {
  id: number;
  at: string;
  actorUsername: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
}

export interface AuditQuery {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  limit: number;
  offset: number;
}

export const listAuditEntries = (query: AuditQuery) => api.get<Page<AuditEntry>>('/api/admin/audit', { ...query });

/** The .xlsx download of the audit log under these filters (the filters are written into the file). */
export const auditExportUrl = (filters: Omit<AuditQuery, 'limit' | 'offset'>) =>
  withQuery('/api/admin/audit/export', { ...filters });

/** Trims a text field; an empty one becomes undefined, so that it is left out of a new record. */
export function optionalText(value: string | undefined | null): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

/** Trims a text field; an empty one becomes null, so that an edit clears it. */
export function nullableText(value: string | undefined | null): string | null {
  return optionalText(value) ?? null;
}
