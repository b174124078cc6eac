import type { Generated } from 'kysely';
import type { GoalMetric } from '../../../shared/performance';

/** The tables of the performance module: teams, members, schemes, bonus/penalty items, team goals. */
export interface PerformanceTables {
  teams: TeamTable;
  team_members: TeamMemberTable;
  performance_schemes: PerformanceSchemeTable;
  performance_adjustments: PerformanceAdjustmentTable;
  team_goals: TeamGoalTable;
}

export interface TeamTable {
  id: Generated<number>;
  org_unit_id: number;
  name: string;
  lead_user_id: number | null;
  is_active: number;
  created_at: string;
  updated_at: string;
}

export interface TeamMemberTable {
  user_id: number;
  team_id: number;
  added_at: string;
}

export interface PerformanceSchemeTable {
  /** The month, `YYYY-MM` (Asia/Shanghai). */
  period: string;
  /** JSON `{metric: weight}`; the weights add up to 100. */
  weights: string;
  note: string | null;
  /** How 考试成绩 takes the month's exams: `average` (null) or `latest` (migration 2026-12-06-0820-exams). */
  exam_score_rule: string | null;
  updated_by: number | null;
  updated_at: string;
  published_at: string | null;
  published_by: number | null;
  /** JSON of the computed results, stored when the period is published; frozen from then on. */
  results: string | null;
}

export interface PerformanceAdjustmentTable {
  id: Generated<number>;
  period: string;
  user_id: number;
  team_id: number;
  /** Positive: bonus (加分); negative: penalty (减分). */
  points: number;
  reason: string;
  created_by: number;
  created_at: string;
}

export interface TeamGoalTable {
  id: Generated<number>;
  team_id: number;
  period: string;
  metric: GoalMetric;
  target: number;
  updated_by: number | null;
  updated_at: string;
}
