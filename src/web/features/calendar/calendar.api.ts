import { api } from '../../api';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

/** One date of the working-day calendar: the statutory schedule with the centre's overrides on top. */
export interface CalendarDay {
  date: string;
  isWorkingDay: boolean;
  kind: DayKind;
  name?: string;
  isOverride: boolean;
  note?: string;
}

/** A daily period (HH:mm – HH:mm) when agents are on duty. */
export interface ServicePeriod {
  start: string;
  end: string;
}

export interface DayOverride {
  isWorkingDay: boolean;
  name: string;
  note?: string;
}

/** The days from `from` to `to` inclusive (YYYY-MM-DD; at most 400 days). */
export const listCalendarDays = (from: string, to: string) =>
  api.get<CalendarDay[]>('/api/calendar/days', { from, to });

/** The date that lies `days` working days after `from`. */
export const addWorkingDays = (from: string, days: number) =>
  api.get<{ date: string }>('/api/calendar/working-days/add', { from, days });

export const setDayOverride = (date: string, override: DayOverride) =>
  api.put<CalendarDay>(`/api/calendar/overrides/${encodeURIComponent(date)}`, override);

export const removeDayOverride = (date: string) =>
  api.delete<void>(`/api/calendar/overrides/${encodeURIComponent(date)}`);

export const fetchServiceHours = () => api.get<{ periods: ServicePeriod[] }>('/api/calendar/service-hours');

export const saveServiceHours = (periods: ServicePeriod[]) =>
  api.put<{ periods: ServicePeriod[] }>('/api/calendar/service-hours', { periods });
