import type {
  CurrentDeadline,
  DeadlineOverrideInput,
  FilingDeadline,
  YearDeadlines,
} from '../../../shared/filing-calendar';
import { api } from '../../api';

export type { CurrentDeadline, FilingDeadline, YearDeadlines };

export const fetchYearDeadlines = (year: number) => api.get<YearDeadlines>('/api/filing-calendar', { year });
export const fetchCurrentDeadline = () => api.get<CurrentDeadline>('/api/filing-calendar/current');
export const setDeadlineOverride = (periodKey: string, body: DeadlineOverrideInput) =>
  api.put<FilingDeadline>(`/api/filing-calendar/overrides/${encodeURIComponent(periodKey)}`, body);
export const removeDeadlineOverride = (periodKey: string) =>
  api.delete<void>(`/api/filing-calendar/overrides/${encodeURIComponent(periodKey)}`);
