import type {
  AdminUser,
  Department,
  DepartmentChanges,
  NewDepartment,
  NewOrgUnit,
  NewUser,
  OrgUnit,
  OrgUnitChanges,
  UserChanges,
  UserQuery,
} from '../../../shared/accounts';
import type { AuditEntry, AuditQuery } from '../../../shared/audit';
import type { CountedPage } from '../../../shared/schemas';
import { api, withQuery } from '../../api';

export type { AdminUser, AuditEntry, AuditQuery, UserQuery };

/** A page of a list that counts its rows. */
export type Page<T> = CountedPage<T>;
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

export const createOrgUnit = (input: NewOrgUnit) => api.post<OrgUnit>('/api/admin/org-units', input);
export const updateOrgUnit = (id: number, changes: OrgUnitChanges) =>
  api.patch<OrgUnit>(`/api/admin/org-units/${id}`, changes);

/** Every department the user may manage, switched-off ones included (GET /api/departments lists active ones only). */
export const listAllDepartments = () => api.get<Department[]>('/api/admin/departments');
export const createDepartment = (input: NewDepartment) => api.post<Department>('/api/admin/departments', input);
export const updateDepartment = (id: number, changes: DepartmentChanges) =>
  api.patch<Department>(`/api/admin/departments/${id}`, changes);

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
