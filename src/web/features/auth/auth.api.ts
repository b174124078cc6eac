import type { LoginInput, PasswordChange, Session } from '../../../shared/auth';
import { api } from '../../api';

export const fetchSession = () => api.get<Session>('/api/auth/me');

export const logIn = (input: LoginInput) => api.post<Session>('/api/auth/login', input);

export const logOut = () => api.post<void>('/api/auth/logout');

export const changeOwnPassword = (input: PasswordChange) => api.post<void>('/api/auth/password', input);
