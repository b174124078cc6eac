import type { AgentResult, GoalMetric, MetricInfo, PerformanceMetric, Weights } from '../../../shared/performance';

import { api, withQuery } from '../../api';

export interface Scheme {
  period: string;
  weights: Weights;
  note: string | null;
  isDefault: boolean;
  publishedAt: string | null;
  normalisation: 'centre';
  metrics: Array<MetricInfo & { metric: PerformanceMetric }>;
}

export interface Ranking {
  period: string;
  scheme: Scheme;
  serviceSessions: number;
  teams: Array<{ id: number; name: string; orgUnitName: string; leadName: string | null }>;
  rows: AgentResult[];
}

export interface Breakdown {
  period: string;
  scheme: Scheme;
  serviceSessions: number;
  agentCount: number;
  agent: AgentResult;
}

export interface TeamGoals {
  teamId: number;
  teamName: string;
  goals: Array<{
    id: number;
    metric: GoalMetric;
    name: string;
    unit: string;
    comparator: 'at_least' | 'at_most';
    target: number;
    actual: number | null;
    percent: number;
    isMet: boolean;
  }>;
}

export interface Team {
  id: number;
  name: string;
  orgUnitId: number;
  orgUnitName: string;
  leadUserId: number | null;
  leadName: string | null;
  isActive: boolean;
  members: Array<{ userId: number; username: string; name: string }>;
}

export interface TeamCandidate {
  id: number;
  username: string;
  name: string;
  orgUnitName: string;
  teamId: number | null;
  roles: string[];
}

export const getScheme = (period?: string) => api.get<Scheme>('/api/performance/scheme', { period });
export const saveScheme = (period: string, body: { weights: Weights; note: string | null }) =>
  api.put<Scheme>(`/api/performance/scheme/${period}`, body);
export const publishPeriod = (period: string) => api.post<Scheme>(`/api/performance/scheme/${period}/publish`);

export const getRanking = (period: string, teamId?: number) =>
  api.get<Ranking>('/api/performance/results', { period, teamId });
export const exportRankingUrl = (period: string, teamId?: number) =>
  withQuery('/api/performance/results/export', { period, teamId });
export const getMyPerformance = (period: string) => api.get<Breakdown>('/api/performance/me', { period });

export const addAdjustment = (body: { period: string; userId: number; points: number; reason: string }) =>
  api.post<{ id: number }>('/api/performance/adjustments', body);
export const removeAdjustment = (id: number) => api.delete<void>(`/api/performance/adjustments/${id}`);

export const listGoals = (period: string) => api.get<TeamGoals[]>('/api/performance/goals', { period });
export const saveGoal = (body: { teamId: number; period: string; metric: GoalMetric; target: number }) =>
  api.put<TeamGoals>('/api/performance/goals', body);
export const removeGoal = (id: number) => api.delete<void>(`/api/performance/goals/${id}`);

export const listTeams = () => api.get<Team[]>('/api/performance/teams');
export const listTeamCandidates = () => api.get<TeamCandidate[]>('/api/performance/team-candidates');
export const createTeam = (body: { orgUnitId: number; name: string; leadUserId: number | null; memberIds: number[] }) =>
  api.post<Team>('/api/performance/teams', body);
export const updateTeam = (
  id: number,
  body: { name?: string; leadUserId?: number | null; memberIds?: number[]; isActive?: boolean },
) => api.patch<Team>(`/api/performance/teams/${id}`, body);
