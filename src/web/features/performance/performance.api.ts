import type { z } from 'zod';
import type {
  addedAdjustmentSchema,
  adjustmentBodySchema,
  Breakdown,
  createTeamSchema,
  goalBodySchema,
  Ranking,
  Scheme,
  schemeBodySchema,
  Team,
  TeamCandidate,
  TeamGoals,
  updateTeamSchema,
} from '../../../shared/performance';
import { api, withQuery } from '../../api';

export type { Breakdown, Ranking, Scheme, Team, TeamCandidate, TeamGoals };

export const getScheme = (period?: string) => api.get<Scheme>('/api/performance/scheme', { period });
export const saveScheme = (period: string, body: z.input<typeof schemeBodySchema>) =>
  api.put<Scheme>(`/api/performance/scheme/${period}`, body);
export const publishPeriod = (period: string) => api.post<Scheme>(`/api/performance/scheme/${period}/publish`);

export const getRanking = (period: string, teamId?: number) =>
  api.get<Ranking>('/api/performance/results', { period, teamId });
export const exportRankingUrl = (period: string, teamId?: number) =>
  withQuery('/api/performance/results/export', { period, teamId });
export const getMyPerformance = (period: string) => api.get<Breakdown>('/api/performance/me', { period });

export const addAdjustment = (body: z.infer<typeof adjustmentBodySchema>) =>
  api.post<z.infer<typeof addedAdjustmentSchema>>('/api/performance/adjustments', body);
export const removeAdjustment = (id: number) => api.delete<void>(`/api/performance/adjustments/${id}`);

export const listGoals = (period: string) => api.get<TeamGoals[]>('/api/performance/goals', { period });
export const saveGoal = (body: z.infer<typeof goalBodySchema>) => api.put<TeamGoals>('/api/performance/goals', body);
export const removeGoal = (id: number) => api.delete<void>(`/api/performance/goals/${id}`);

export const listTeams = () => api.get<Team[]>('/api/performance/teams');
export const listTeamCandidates = () => api.get<TeamCandidate[]>('/api/performance/team-candidates');
export const createTeam = (body: z.infer<typeof createTeamSchema>) => api.post<Team>('/api/performance/teams', body);
export const updateTeam = (id: number, body: z.infer<typeof updateTeamSchema>) =>
  api.patch<Team>(`/api/performance/teams/${id}`, body);
