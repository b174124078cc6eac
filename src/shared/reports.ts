/**
 * Statistics (统计分析): the request schemas and the shapes of the dashboard, the contract summary and
 * the hot questions, shared by the server, the web app and the monthly bulletin.
 *
 * Periods are Shanghai calendar days, `from` and `to` inclusive. Rates are fractions 0…1 rounded to
 * 3 decimals, or null when there is nothing to divide by.
 */
import { z } from 'zod';
import { id } from './schemas';

/** The longest period one dashboard covers. */
export const MAX_REPORT_DAYS = 366;

/**
 * A date's format only: the service checks that it is a real date, in order and not too long, and
 * answers with its own codes (INVALID_DATE, INVALID_RANGE, RANGE_TOO_LONG) naming the field.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** The period of every report query; the server checks real dates, order and length. */
export const reportPeriodSchema = z.strictObject({ from: isoDate, to: isoDate });

/** A dashboard request: the period and, optionally, the org unit (its subtree) to report on. */
export const dashboardQuerySchema = reportPeriodSchema.extend({
  orgUnitId: id.optional(),
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

export const hotQuestionsQuerySchema = dashboardQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(100).optional().default(20),
});
export type HotQuestionsQuery = z.infer<typeof hotQuestionsQuerySchema>;

/** A count under a code with its Chinese name. */
export const namedCountSchema = z.object({ key: z.string(), name: z.string(), count: z.number() });
export type NamedCount = z.infer<typeof namedCountSchema>;

export const dayCountSchema = z.object({ date: z.string(), count: z.number() });
export type DayCount = z.infer<typeof dayCountSchema>;

export const hourCountSchema = z.object({
  /** 0…23, Shanghai time. */
  hour: z.number(),
  count: z.number(),
});
export type HourCount = z.infer<typeof hourCountSchema>;

export const taxKindCountSchema = z.object({
  /** The tax kind as registered; `未填写` when none was. */
  taxKind: z.string(),
  count: z.number(),
  /** The same contacts by contact type (业务类别). */
  byType: z.record(z.string(), z.number()),
});
export type TaxKindCount = z.infer<typeof taxKindCountSchema>;

export const transferFiguresSchema = z.object({
  /** Transfers created in the period. */
  total: z.number(),
  /** Handled (answered, sent back or forwarded) on or before the due time. */
  onTime: z.number(),
  /** Handled after the due time, or still open past it. */
  overdue: z.number(),
  /** Not handled yet. */
  open: z.number(),
  answered: z.number(),
  onTimeRate: z.number().nullable(),
  /** Average hours from transfer to the department's answer, over answered transfers. */
  averageAnswerHours: z.number().nullable(),
});
export type TransferFigures = z.infer<typeof transferFiguresSchema>;

export const departmentTransfersSchema = transferFiguresSchema.extend({ departmentId: z.number(), name: z.string() });
export type DepartmentTransfers = z.infer<typeof departmentTransfersSchema>;

export const satisfactionFiguresSchema = z.object({
  responses: z.number(),
  satisfied: z.number(),
  basicallySatisfied: z.number(),
  unsatisfied: z.number(),
  /** (satisfied + basically satisfied) / responses, as the surveys page counts it. */
  rate: z.number().nullable(),
});
export type SatisfactionFigures = z.infer<typeof satisfactionFiguresSchema>;

export const namedSatisfactionSchema = satisfactionFiguresSchema.extend({ key: z.string(), name: z.string() });
export type NamedSatisfaction = z.infer<typeof namedSatisfactionSchema>;

export const serviceLoadHourSchema = z.object({
  hour: z.number(),
  contacts: z.number(),
  /** Agent-hours worked then: the (day, agent) pairs with at least one contact in that hour of the day. */
  agentHours: z.number(),
  /** Contacts per agent per hour: contacts / agentHours, 2 decimals. */
  perAgent: z.number().nullable(),
});
export type ServiceLoadHour = z.infer<typeof serviceLoadHourSchema>;

/** The answer of `GET /api/reports/dashboard`. */
export const dashboardSchema = z.object({
  scope: z.object({
    orgUnitId: z.number().nullable(),
    orgUnitName: z.string().nullable(),
    from: z.string(),
    to: z.string(),
    days: z.number(),
  }),
  contacts: z.object({
    total: z.number(),
    byDay: z.array(dayCountSchema),
    byHour: z.array(hourCountSchema),
    byChannel: z.array(namedCountSchema),
    byType: z.array(namedCountSchema),
    byTaxKind: z.array(taxKindCountSchema),
  }),
  /** Contacts answered on the spot (当场答复) against all contacts of the period. */
  onTheSpot: z.object({ total: z.number(), answered: z.number(), rate: z.number().nullable() }),
  transfers: transferFiguresSchema.extend({ byDepartment: z.array(departmentTransfersSchema) }),
  cases: z.object({
    total: z.number(),
    byCategory: z.array(namedCountSchema),
    byStage: z.array(namedCountSchema),
    /** By the first level of the three-level classification; `未分类` until accepted. */
    byClassification: z.array(namedCountSchema),
  }),
  satisfaction: satisfactionFiguresSchema.extend({
    byAgent: z.array(namedSatisfactionSchema),
    byDepartment: z.array(namedSatisfactionSchema),
    byType: z.array(namedSatisfactionSchema),
  }),
  serviceLoad: z.array(serviceLoadHourSchema),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

/** The contract's `GET /api/reports/summary` answer. */
export const reportSummarySchema = z.object({
  contacts: z.number(),
  byType: z.record(z.string(), z.number()),
  byChannel: z.record(z.string(), z.number()),
  transfers: z.object({ total: z.number(), onTime: z.number(), overdue: z.number(), open: z.number() }),
  satisfaction: z.object({ responses: z.number(), satisfied: z.number(), rate: z.number().nullable() }),
});
export type ReportSummary = z.infer<typeof reportSummarySchema>;

export const hotQuestionArticleSchema = z.object({
  id: z.number(),
  title: z.string(),
  /** Contacts of this topic that used the article. */
  count: z.number(),
});
export type HotQuestionArticle = z.infer<typeof hotQuestionArticleSchema>;

/** One hot topic (热点问题): near-identical questions grouped under their shared key terms. */
export const hotQuestionSchema = z.object({
  rank: z.number(),
  /** The key terms the questions share, e.g. ['个人所得税', '汇算清缴', '退税']. */
  terms: z.array(z.string()),
  /** The most frequent subject of the topic, as people asked it. */
  question: z.string(),
  count: z.number(),
  previousCount: z.number(),
  /** (count − previous) / previous; null when the topic was not asked before. */
  change: z.number().nullable(),
  /** Flagged 上升明显: at least doubled (or new) with a count worth noticing. */
  isRising: z.boolean(),
  taxKinds: z.array(z.string()),
  /** Up to three other subjects of the topic. */
  examples: z.array(z.string()),
  articles: z.array(hotQuestionArticleSchema),
});
export type HotQuestion = z.infer<typeof hotQuestionSchema>;

/** The answer of `GET /api/reports/hot-questions`. */
export const hotQuestionsResultSchema = z.object({
  from: z.string(),
  to: z.string(),
  previousFrom: z.string(),
  previousTo: z.string(),
  /** Contacts of the period that were analysed. */
  contacts: z.number(),
  items: z.array(hotQuestionSchema),
});
export type HotQuestionsResult = z.infer<typeof hotQuestionsResultSchema>;

/** The charts of the dashboard, each downloadable as PNG and its data as .xlsx. */
export const dashboardCharts = [
  'contactsByDay',
  'contactsByHour',
  'contactsByChannel',
  'contactsByType',
  'contactsByTaxKind',
  'onTheSpot',
  'transfersByDepartment',
  'casesByStage',
  'casesByClassification',
  'satisfactionByAgent',
  'satisfactionByDepartment',
  'satisfactionByType',
  'serviceLoad',
] as const;
export type DashboardChart = (typeof dashboardCharts)[number];

/** Service level (服务水平): the share of calls queued for an agent that were answered within this many seconds. */
export const SERVICE_LEVEL_SECONDS = 20;

/**
 * The call-centre figures (话务指标) of a period, from the PBX's own event times: offered (呼入量,
 * inbound calls), queued (转人工, entered an agent queue), answered (人工接听), abandoned in the IVR
 * and in a queue (放弃), answer rate (接通率 = answered / queued), service level (answered within
 * SERVICE_LEVEL_SECONDS of queueing / queued), average speed of answer (平均应答时长, queue to answer)
 * and average handling time (平均通话时长, answer to hang-up, holds included). Rates are null
 * without calls to divide by.
 */
export const callCentreFiguresSchema = z.object({
  offered: z.number(),
  queued: z.number(),
  answered: z.number(),
  abandonedInIvr: z.number(),
  abandonedInQueue: z.number(),
  answerRate: z.number().nullable(),
  serviceLevel: z.number().nullable(),
  avgSpeedOfAnswerSeconds: z.number().nullable(),
  avgHandleSeconds: z.number().nullable(),
  holdSeconds: z.number(),
});
export type CallCentreFigures = z.infer<typeof callCentreFiguresSchema>;

/** `GET /api/reports/call-centre`: the period and the previous one of the same length, per hour and per agent. */
export const callCentreReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  previousFrom: z.string(),
  previousTo: z.string(),
  serviceLevelSeconds: z.number(),
  current: callCentreFiguresSchema,
  previous: callCentreFiguresSchema,
  /** Shanghai hours 0–23, summed over the period's days; hours without calls are left out. */
  byHour: z.array(callCentreFiguresSchema.extend({ hour: z.number() })),
  /** Agents who answered or were given a call, busiest first. */
  byAgent: z.array(callCentreFiguresSchema.extend({ agentId: z.number(), name: z.string() })),
});
export type CallCentreReport = z.infer<typeof callCentreReportSchema>;
