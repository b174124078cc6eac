/**
 * Performance review (绩效考核) and target responsibility (目标责任制): the metrics of the scoring
 * scheme and of the team goals, shared by the server (scoring, validation) and the web app (forms).
 */

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
    hasDataSource: false,
    description: '暂无数据来源（培训考试模块尚未上线），权重须为 0',
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

// The results of a period, as the server computes them and the web shows them.

export interface MetricScore {
  metric: PerformanceMetric;
  raw: number | null;
  score: number;
  weight: number;
  /** weight × score ÷ 100: the points this metric adds to the total. */
  contribution: number;
}

export interface AdjustmentItem {
  id: number;
  points: number;
  reason: string;
  createdBy: string;
  createdAt: string;
}

export interface AgentResult {
  userId: number;
  username: string;
  name: string;
  teamId: number;
  teamName: string;
  metrics: MetricScore[];
  weightedScore: number;
  adjustments: AdjustmentItem[];
  adjustmentPoints: number;
  total: number;
  centreRank: number;
  teamRank: number;
}
