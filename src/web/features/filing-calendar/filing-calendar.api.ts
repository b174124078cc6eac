import { api } from '../../api';

export interface FilingDeadline {
  periodKey: string;
  kind: 'monthly' | 'cit_annual' | 'iit_annual';
  name: string;
  year: number;
  month: number;
  isQuarterMonth: boolean;
  periodStart: string;
  statutoryLastDay: string;
  holidayRuns: Array<{ from: string; to: string; days: number; name?: string }>;
  extensionDays: number;
  computedDeadline: string;
  deadline: string;
  reason: string;
  override: { deadline: string; document: string | null; note: string | null; updatedAt: string } | null;
}

export interface YearDeadlines {
  year: number;
  isScheduleKnown: boolean;
  deadlines: FilingDeadline[];
}

export interface CurrentDeadline {
  date: string;
  current: FilingDeadline;
  hasPassed: boolean;
  next: FilingDeadline;
  daysLeft: number;
  workingDaysLeft: number;
  isScheduleKnown: boolean;
}

export const fetchYearDeadlines = (year: number) => api.get<YearDeadlines>('/api/filing-calendar', { year });
export const fetchCurrentDeadline = () => api.get<CurrentDeadline>('/api/filing-calendar/current');
export const setDeadlineOverride = (periodKey: string, body: { deadline: string; document?: string; note?: string }) =>
  api.put<FilingDeadline>(`/api/filing-calendar/overrides/${encodeURIComponent(periodKey)}`, body);
export const removeDeadlineOverride = (periodKey: string) =>
  api.delete<void>(`/api/filing-calendar/overrides/${encodeURIComponent(periodKey)}`);
