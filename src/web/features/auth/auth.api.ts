import type { Permission, Role } from '../../../shared/permissions';
import { api } from '../../api';

/** The signed-in user as login and /me return it. */
export interface CurrentUser {
  id: number;
  username: string;
  name: string;
  roles: Role[];
  permissions: Permission[];
  orgUnitId: number;
  orgUnitName: string;
  departmentId: number | null;
  departmentName: string | null;
}

export interface Session {
  user: CurrentUser;
  csrfToken: string;
}

export const fetchSession = () => api.get<Session>('/api/auth/me');

export const logIn = (input: { username: string; password: string }) => api.post<Session>('/api/auth/login', input);

export const logOut = () => api.post<void>('/api/auth/logout');

export const changeOwnPassword = (input: { currentPassword: string; newPassword: string }) =>
  api.post<void>('/api/auth/password', input);
