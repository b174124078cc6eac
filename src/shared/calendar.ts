/**
 * The working-day calendar (工作日历) and service hours: the request and response schemas of
 * /api/calendar, shared by the server and the web app.
 */
import { z } from 'zod';
import { date } from './schemas';

export const dayKinds = ['workday', 'weekend', 'holiday', 'makeup_workday'] as const;
export type DayKind = (typeof dayKinds)[number];

/** One date of the working-day calendar: the statutory schedule with the centre's overrides on top. */
export const calendarDaySchema = z.object({
  date: z.string(),
  isWorkingDay: z.boolean(),
  kind: z.enum(dayKinds),
  name: z.string().optional(),
  isOverride: z.boolean(),
  note: z.string().optional(),
});
export type CalendarDay = z.infer<typeof calendarDaySchema>;

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '须为 HH:mm 格式的时间');

/** A daily period (HH:mm – HH:mm) when agents are on duty. */
export const servicePeriodSchema = z.strictObject({ start: time, end: time });
export type ServicePeriod = z.infer<typeof servicePeriodSchema>;

export const serviceHoursBody = z.strictObject({ periods: z.array(servicePeriodSchema).min(1).max(6) });

/** The service hours as the server answers them. */
export const serviceHoursSchema = z.object({
  periods: z.array(z.object({ start: z.string(), end: z.string() })),
});

export const workingDaysAddQuery = z.strictObject({ from: date, days: z.coerce.number().int().min(0).max(366) });
export const workingDaysAddResult = z.object({ date: z.string() });

export const calendarRangeQuery = z.strictObject({ from: date, to: date });

export const dateParams = z.strictObject({ date });

export const yearParams = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });

/** Whether a year's State Council schedule (holidays and 调休) is known, or only its statutory festivals. */
export const yearScheduleSchema = z.object({ year: z.number(), isScheduleKnown: z.boolean() });
export type YearSchedule = z.infer<typeof yearScheduleSchema>;

export const dayOverrideBody = z.strictObject({
  isWorkingDay: z.boolean(),
  name: z.string().trim().min(1).max(40),
  note: z.string().trim().max(200).optional(),
});
export type DayOverride = z.infer<typeof dayOverrideBody>;
