/**
 * Statistics (统计分析): the request schemas and the shapes of the dashboard, the contract summary and
 * the hot questions, shared by the server, the web app and the monthly bulletin.
 *
 * Periods are Shanghai calendar days, `from` and `to` inclusive. Rates are fractions 0…1 rounded to
 * 3 decimals, or null when there is nothing to divide by.
 */
import { z } from 'zod';

/** The longest period one dashboard covers. */
export const MAX_REPORT_DAYS = 366;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** The period of every report query; the server checks real dates, order and length. */
export const reportPeriodSchema = z.strictObject({ from: isoDate, to: isoDate });

/** A dashboard request: the period and, optionally, the org unit (its subtree) to report on. */
export const dashboardQuerySchema = reportPeriodSchema.extend({
  orgUnitId: z.coerce.number().int().positive().optional(),
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

export const hotQuestionsQuerySchema = dashboardQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(100).optional().default(20),
});
export type HotQuestionsQuery = z.infer<typeof hotQuestionsQuerySchema>;

/** A count under a code with its Chinese name. */
export interface NamedCount {
  key: string;
  name: string;
  count: number;
}

export interface DayCount {
  date: string;
  count: number;
}

export interface HourCount {
  /** 0…23, Shanghai time. */
  hour: number;
  count: number;
}

export interface TaxKindCount {
  /** The tax kind as registered; `未填写` when none was. */
  taxKind: string;
  count: number;
  /** The same contacts by contact type (业务类别). */
  byType: Record<string, number>;
}

export interface TransferFigures {
  /** Transfers created in the period. */
  total: number;
  /** Handled (answered, sent back or forwarded) on or before the due time. */
  onTime: number;
  /** Handled after the due time, or still open past it. */
  overdue: number;
  /** Not handled yet. */
  open: number;
  answered: number;
  onTimeRate: number | null;
  /** Average hours from transfer to the department's answer, over answered transfers. */
  averageAnswerHours: number | null;
}

export interface DepartmentTransfers extends TransferFigures {
  departmentId: number;
  name: string;
}

export interface SatisfactionFigures {
  responses: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
  /** (satisfied + basically satisfied) / responses, as the surveys page counts it. */
  rate: number | null;
}

export interface NamedSatisfaction extends SatisfactionFigures {
  key: string;
  name: string;
}

export interface ServiceLoadHour {
  hour: number;
  contacts: number;
  /** Agent-hours worked then: the (day, agent) pairs with at least one contact in that hour of the day. */
  agentHours: number;
  /** Contacts per agent per hour: contacts / agentHours, 2 decimals. */
  perAgent: number | null;
}

export interface Dashboard {
  scope: { orgUnitId: number | null; orgUnitName: string | null; from: string; to: string; days: number };
  contacts: {
    total: number;
    byDay: DayCount[];
    byHour: HourCount[];
    byChannel: NamedCount[];
    byType: NamedCount[];
    byTaxKind: TaxKindCount[];
  };
  /** Contacts answered on the spot (当场答复) against all contacts of the period. */
  onTheSpot: { total: number; answered: number; rate: number | null };
  transfers: TransferFigures & { byDepartment: DepartmentTransfers[] };
  cases: {
    total: number;
    byCategory: NamedCount[];
    byStage: NamedCount[];
    /** By the first level of the three-level classification; `未分类` until accepted. */
    byClassification: NamedCount[];
  };
  satisfaction: SatisfactionFigures & {
    byAgent: NamedSatisfaction[];
    byDepartment: NamedSatisfaction[];
    byType: NamedSatisfaction[];
  };
  serviceLoad: ServiceLoadHour[];
}

/** The contract's `GET /api/reports/summary` answer. */
export interface ReportSummary {
  contacts: number;
  byType: Record<string, number>;
  byChannel: Record<string, number>;
  transfers: { total: number; onTime: number; overdue: number; open: number };
  satisfaction: { responses: number; satisfied: number; rate: number | null };
}

export interface HotQuestionArticle {
  id: number;
  title: string;
  /** Contacts of this topic that used the article. */
  count: number;
}

/** One hot topic (热点问题): near-identical questions grouped under their shared key terms. */
export interface HotQuestion {
  rank: number;
  /** The key terms the questions share, e.g. ['个人所得税', '汇算清缴', '退税']. */
  terms: string[];
  /** The most frequent subject of the topic, as people asked it. */
  question: string;
  count: number;
  previousCount: number;
  /** (count − previous) / previous; null when the topic was not asked before. */
  change: number | null;
  /** Flagged 上升明显: at least doubled (or new) with a count worth noticing. */
  isRising: boolean;
  taxKinds: string[];
  /** Up to three other subjects of the topic. */
  examples: string[];
  articles: HotQuestionArticle[];
}

export interface HotQuestionsResult {
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  /** Contacts of the period that were analysed. */
  contacts: number;
  items: HotQuestion[];
}

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
