import type { CalendarDay, DayOverride, ServicePeriod, YearSchedule } from '../../../shared/calendar';
import { api } from '../../api';

export type { CalendarDay, DayKind, DayOverride, ServicePeriod } from '../../../shared/calendar';

/** The days from `from` to `to` inclusive (YYYY-MM-DD; at most 400 days). */
export const listCalendarDays = (from: string, to: string) =>
  api.get<CalendarDay[]>('/api/calendar/days', { from, to });

/** Whether the State Council's schedule of `year` is known, or only its statutory festivals and weekends. */
export const fetchYearSchedule = (year: number) => api.get<YearSchedule>(`/api/calendar/years/${year}`);

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
