/**
 * The filing calendar (征期日历): the request and response schemas of /api/filing-calendar, shared by
 * the server and the web app.
 */
import { z } from 'zod';
import { date } from './schemas';

export const filingKinds = ['monthly', 'cit_annual', 'iit_annual'] as const;
export type FilingKind = (typeof filingKinds)[number];

export const filingYearQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export const filingDateQuery = z.strictObject({ date: date.optional() });

export const periodKeyParams = z.strictObject({
  periodKey: z.string().regex(/^(monthly:\d{4}-(0[1-9]|1[0-2])|(cit_annual|iit_annual):\d{4})$/, '申报期格式不正确'),
});

/** Text that is stored as `null` when blank or missing. */
const textOrNull = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || null);

export const deadlineOverrideBody = z.strictObject({
  deadline: date,
  document: textOrNull(100),
  note: textOrNull(300),
});
export type DeadlineOverrideInput = z.input<typeof deadlineOverrideBody>;

/** One filing deadline: computed by 第一百零九条, with the announced override on top. */
export const filingDeadlineSchema = z.object({
  periodKey: z.string(),
  kind: z.enum(filingKinds),
  name: z.string(),
  year: z.number(),
  month: z.number(),
  isQuarterMonth: z.boolean(),
  periodStart: z.string(),
  statutoryLastDay: z.string(),
  holidayRuns: z.array(z.object({ from: z.string(), to: z.string(), days: z.number(), name: z.string().optional() })),
  extensionDays: z.number(),
  computedDeadline: z.string(),
  deadline: z.string(),
  reason: z.string(),
  override: z
    .object({
      deadline: z.string(),
      document: z.string().nullable(),
      note: z.string().nullable(),
      updatedAt: z.string(),
    })
    .nullable(),
});
export type FilingDeadline = z.infer<typeof filingDeadlineSchema>;

export const yearDeadlinesSchema = z.object({
  year: z.number(),
  isScheduleKnown: z.boolean(),
  deadlines: z.array(filingDeadlineSchema),
});
export type YearDeadlines = z.infer<typeof yearDeadlinesSchema>;

export const currentDeadlineSchema = z.object({
  date: z.string(),
  current: filingDeadlineSchema,
  hasPassed: z.boolean(),
  next: filingDeadlineSchema,
  daysLeft: z.number(),
  workingDaysLeft: z.number(),
  isScheduleKnown: z.boolean(),
});
export type CurrentDeadline = z.infer<typeof currentDeadlineSchema>;
