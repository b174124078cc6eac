/**
 * Performance review (绩效考核) and target responsibility (目标责任制): the metrics of the scoring
 * scheme and of the team goals, shared by the server (scoring, validation) and the web app (forms),
 * and the request and response schemas of its routes.
 */
import { z } from 'zod';
import { id, instant } from './schemas';

export const performanceMetrics = [
  'contactsHandled',
  'averageHandlingTime',
  'satisfactionRate',
  'qualityScore',
  'examScore',
  'overdueTransfers',
  'attendanceRate',
] as const;
export type PerformanceMetric = (typeof performanceMetrics)[number];
export type Weights = Record<PerformanceMetric, number>;

export interface MetricInfo {
  name: string;
  unit: string;
  /** `higher`: more is better; `lower`: less is better. */
  direction: 'higher' | 'lower';
  /** False while no module produces the figure: its weight must stay 0. */
  hasDataSource: boolean;
  description: string;
}

export const metricInfo = {
  contactsHandled: {
    name: '受理量',
    unit: '件',
    direction: 'higher',
    hasDataSource: true,
    description: '考核月内本人登记的来电（按开始时间，北京时间）',
  },
  averageHandlingTime: {
    name: '平均处理时长',
    unit: '秒',
    direction: 'lower',
    hasDataSource: true,
    description: '本人来电的平均处理时长，越短越好',
  },
  satisfactionRate: {
    name: '满意率',
    unit: '%',
    direction: 'higher',
    hasDataSource: true,
    description: '（满意 + 基本满意）÷ 评价数，按考核月内本人来电的满意度评价',
  },
  qualityScore: {
    name: '质检得分',
    unit: '分',
    direction: 'higher',
    hasDataSource: false,
    description: '暂无数据来源（质检模块尚未上线），权重须为 0',
  },
  examScore: {
    name: '考试成绩',
    unit: '分',
    direction: 'higher',
    hasDataSource: true,
    description: '考核月内已出成绩的考试得分率（百分制），按方案所选规则取平均或最近一次',
  },
  overdueTransfers: {
    name: '转办超期',
    unit: '件',
    direction: 'lower',
    hasDataSource: true,
    description: '考核月内本人来电生成的转办单中超期答复或超期未答复的件数（扣分项）',
  },
  attendanceRate: {
    name: '服务时段出勤率',
    unit: '%',
    direction: 'higher',
    hasDataSource: true,
    description: '有来电登记或接通通话的服务时段数 ÷ 考核月（截至当前）的服务时段总数',
  },
} as const satisfies Record<PerformanceMetric, MetricInfo>;

export const defaultWeights: Weights = {
  contactsHandled: 30,
  averageHandlingTime: 15,
  satisfactionRate: 25,
  qualityScore: 0,
  examScore: 0,
  overdueTransfers: 10,
  attendanceRate: 20,
};

export const goalMetrics = [
  'contactsHandled',
  'satisfactionRate',
  'transferOnTimeRate',
  'averageHandlingTime',
] as const;
export type GoalMetric = (typeof goalMetrics)[number];

export const goalMetricInfo = {
  contactsHandled: { name: '受理量', unit: '件', comparator: 'at_least' },
  satisfactionRate: { name: '满意率', unit: '%', comparator: 'at_least' },
  transferOnTimeRate: { name: '转办按期答复率', unit: '%', comparator: 'at_least' },
  averageHandlingTime: { name: '平均处理时长', unit: '秒', comparator: 'at_most' },
} as const satisfies Record<GoalMetric, { name: string; unit: string; comparator: 'at_least' | 'at_most' }>;

/** A review period: one month, `YYYY-MM`. */
export const periodPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

export const adjustmentLimits = { minPoints: -20, maxPoints: 20, reasonMax: 200 } as const;

// ---- requests ----

/** A review period in a path, query or body: `YYYY-MM`. */
export const periodSchema = z.string().regex(periodPattern, '考核月份格式须为 YYYY-MM');

/** A weight for every metric (checked further by the server: non-negative, sum 100). */
export const weightsSchema = z.strictObject(
  Object.fromEntries(performanceMetrics.map((m) => [m, z.number()])) as Record<PerformanceMetric, z.ZodNumber>,
);

const teamFields = {
  name: z.string().trim().min(1).max(40),
  leadUserId: id.nullable().optional(),
  memberIds: z.array(id).max(200).optional(),
};
export const createTeamSchema = z.strictObject({ orgUnitId: id, ...teamFields });
export const updateTeamSchema = z.strictObject({
  ...teamFields,
  name: teamFields.name.optional(),
  isActive: z.boolean().optional(),
});

export const periodQuerySchema = z.strictObject({ period: periodSchema.optional() });

/** How 考试成绩 takes an agent's graded exams of the month: their average, or the latest. */
export const examScoreRules = ['average', 'latest'] as const;
export type ExamScoreRule = (typeof examScoreRules)[number];
export const examScoreRuleNames = { average: '当月考试平均分', latest: '当月最近一次考试' } as const satisfies Record<
  ExamScoreRule,
  string
>;

export const schemeBodySchema = z.strictObject({
  weights: weightsSchema,
  examScoreRule: z.enum(examScoreRules).default('average'),
  /** Blank or missing is no note (`null`). */
  note: z
    .string()
    .trim()
    .max(500)
    .nullable()
    .optional()
    .transform((v) => v || null),
});

export const rankingQuerySchema = z.strictObject({ period: periodSchema.optional(), teamId: id.optional() });

export const adjustmentBodySchema = z.strictObject({
  period: periodSchema,
  userId: id,
  points: z
    .number()
    .min(adjustmentLimits.minPoints)
    .max(adjustmentLimits.maxPoints)
    .refine((v) => Math.round(v * 10) === v * 10, '最多一位小数'),
  reason: z.string().trim().min(2, '请填写事由').max(adjustmentLimits.reasonMax),
});

export const goalBodySchema = z.strictObject({
  teamId: id,
  period: periodSchema,
  metric: z.enum(goalMetrics),
  target: z.number(),
});

// ---- the results of a period, as the server computes them and the web shows them ----

export const metricScoreSchema = z.object({
  metric: z.enum(performanceMetrics),
  raw: z.number().nullable(),
  /** 0–100 normalised over the centre; null (无数据) when the agent has nothing to measure: it never scores. */
  score: z.number().nullable(),
  /** The scheme's weight. */
  weight: z.number(),
  /**
   * The weight applied: the scheme's weights of the metrics the agent has data for, scaled to add up to 100;
   * 0 for a metric without data.
   */
  appliedWeight: z.number(),
  /** appliedWeight × score ÷ 100: the points this metric adds to the total. */
  contribution: z.number(),
});
export type MetricScore = z.infer<typeof metricScoreSchema>;

export const adjustmentItemSchema = z.object({
  id: z.number(),
  points: z.number(),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: instant,
});
export type AdjustmentItem = z.infer<typeof adjustmentItemSchema>;

export const agentResultSchema = z.object({
  userId: z.number(),
  username: z.string(),
  name: z.string(),
  teamId: z.number(),
  teamName: z.string(),
  metrics: z.array(metricScoreSchema),
  weightedScore: z.number(),
  adjustments: z.array(adjustmentItemSchema),
  adjustmentPoints: z.number(),
  total: z.number(),
  centreRank: z.number(),
  teamRank: z.number(),
});
export type AgentResult = z.infer<typeof agentResultSchema>;

/** The scheme of a month: its weights, whether they are the defaults, and the metrics explained. */
export const schemeSchema = z.object({
  period: z.string(),
  weights: z.object(
    Object.fromEntries(performanceMetrics.map((m) => [m, z.number()])) as Record<PerformanceMetric, z.ZodNumber>,
  ),
  note: z.string().nullable(),
  examScoreRule: z.enum(examScoreRules),
  isDefault: z.boolean(),
  publishedAt: instant.nullable(),
  normalisation: z.literal('centre'),
  metrics: z.array(
    z.object({
      metric: z.enum(performanceMetrics),
      name: z.string(),
      unit: z.string(),
      direction: z.enum(['higher', 'lower']),
      hasDataSource: z.boolean(),
      description: z.string(),
    }),
  ),
});
export type Scheme = z.infer<typeof schemeSchema>;

export const rankingSchema = z.object({
  period: z.string(),
  scheme: schemeSchema,
  serviceSessions: z.number(),
  teams: z.array(
    z.object({ id: z.number(), name: z.string(), orgUnitName: z.string(), leadName: z.string().nullable() }),
  ),
  rows: z.array(agentResultSchema),
});
export type Ranking = z.infer<typeof rankingSchema>;

/** One agent's results of a month. */
export const breakdownSchema = z.object({
  period: z.string(),
  scheme: schemeSchema,
  serviceSessions: z.number(),
  agentCount: z.number(),
  agent: agentResultSchema,
});
export type Breakdown = z.infer<typeof breakdownSchema>;

/** A new bonus/penalty item as `POST /api/performance/adjustments` answers it. */
export const addedAdjustmentSchema = z.object({
  id: z.number(),
  period: z.string(),
  userId: z.number(),
  points: z.number(),
  reason: z.string(),
  teamId: z.number(),
  createdAt: instant,
});

/** A team's goals of a month with the actual figure and progress of each. */
export const teamGoalsSchema = z.object({
  teamId: z.number(),
  teamName: z.string(),
  goals: z.array(
    z.object({
      id: z.number(),
      metric: z.enum(goalMetrics),
      name: z.string(),
      unit: z.string(),
      comparator: z.enum(['at_least', 'at_most']),
      target: z.number(),
      actual: z.number().nullable(),
      percent: z.number(),
      isMet: z.boolean(),
    }),
  ),
});
export type TeamGoals = z.infer<typeof teamGoalsSchema>;

export const teamSchema = z.object({
  id: z.number(),
  name: z.string(),
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  leadUserId: z.number().nullable(),
  leadName: z.string().nullable(),
  isActive: z.boolean(),
  members: z.array(z.object({ userId: z.number(), username: z.string(), name: z.string() })),
});
export type Team = z.infer<typeof teamSchema>;

/** An agent or team lead who may be put in a team. */
export const teamCandidateSchema = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string(),
  orgUnitName: z.string(),
  teamId: z.number().nullable(),
  roles: z.array(z.string()),
});
export type TeamCandidate = z.infer<typeof teamCandidateSchema>;
