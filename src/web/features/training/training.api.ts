import type { z } from 'zod';
import type {
  Assessment,
  AssessmentInput,
  Course,
  CourseInput,
  coursePatchBody,
  FeedbackInput,
  generatedSessionsSchema,
  MakeUp,
  MakeUpDecision,
  MakeUpScheduleInput,
  MySession,
  PlanGates,
  PlanInput,
  SessionAttendance,
  SessionInput,
  SessionRuleInput,
  sessionPatchBody,
  TargetOptions,
  TrainingHours,
  TrainingPlan,
  TrainingPlanDetail,
  TrainingSession,
} from '../../../shared/training';
import { api } from '../../api';
import { uploadFile } from '../../components/upload';

export type {
  Assessment,
  Course,
  MakeUp,
  MySession,
  SessionAttendance,
  TargetOptions,
  TrainingHours,
  TrainingPlan,
  TrainingPlanDetail,
  TrainingSession,
};

export const listCourses = () => api.get<Course[]>('/api/training/courses', { includeInactive: true });
export const createCourse = (body: CourseInput) => api.post<Course>('/api/training/courses', body);
export const updateCourse = (id: number, body: z.input<typeof coursePatchBody>) =>
  api.patch<Course>(`/api/training/courses/${id}`, body);

export const fetchTargetOptions = () => api.get<TargetOptions>('/api/training/target-options');
export const listPlans = () => api.get<TrainingPlan[]>('/api/training/plans');
export const fetchPlan = (id: number) => api.get<TrainingPlanDetail>(`/api/training/plans/${id}`);
export const createPlan = (body: PlanInput) => api.post<TrainingPlanDetail>('/api/training/plans', body);
export const generateSessions = (planId: number, rule: SessionRuleInput) =>
  api.post<z.infer<typeof generatedSessionsSchema>>(`/api/training/plans/${planId}/sessions/generate`, rule);
export const addSession = (planId: number, body: SessionInput) =>
  api.post<TrainingSession>(`/api/training/plans/${planId}/sessions`, body);
export const updateSession = (planId: number, sessionId: number, body: z.input<typeof sessionPatchBody>) =>
  api.patch<TrainingSession>(`/api/training/plans/${planId}/sessions/${sessionId}`, body);
export const registerExportUrl = (planId: number) => `/api/training/plans/${planId}/register/export`;

export const fetchAttendance = (sessionId: number) =>
  api.get<SessionAttendance>(`/api/training/sessions/${sessionId}/attendance`);
export const recordAttendance = (sessionId: number, body: { userId: number; status: string; note?: string }) =>
  api.post<SessionAttendance>(`/api/training/sessions/${sessionId}/attendance`, body);
export const listAssessments = (sessionId: number) =>
  api.get<Assessment[]>(`/api/training/sessions/${sessionId}/assessments`);
export const recordAssessment = (sessionId: number, body: AssessmentInput) =>
  api.post<Assessment>(`/api/training/sessions/${sessionId}/assessments`, body);

export const listMySessions = () => api.get<MySession[]>('/api/training/me/sessions');
export const fetchMyHours = (year: number) => api.get<TrainingHours>('/api/training/me/hours', { year });
export const signIn = (sessionId: number, code: string) =>
  api.post<MySession>(`/api/training/me/sessions/${sessionId}/sign-in`, { code });
export const requestLeave = (sessionId: number, reason: string) =>
  api.post<MySession>(`/api/training/me/sessions/${sessionId}/leave`, { reason });
export const submitFeedback = (sessionId: number, body: FeedbackInput) =>
  api.post<MySession>(`/api/training/me/sessions/${sessionId}/feedback`, body);

export const fetchGates = (planId: number) => api.get<PlanGates>(`/api/training/plans/${planId}/gates`);
export const addGate = (planId: number, body: { stage: string; examId: number }) =>
  api.post<PlanGates>(`/api/training/plans/${planId}/gates`, body);
export const evaluateGate = (gateId: number) =>
  api.post<{ added: number; passed: number; failed: number }>(`/api/training/gates/${gateId}/evaluate`);
export const scheduleMakeUp = (gateId: number, body: MakeUpScheduleInput) =>
  api.post<{ sessionId: number; examId: number; makeUps: MakeUp[] }>(`/api/training/gates/${gateId}/make-ups`, body);
export const decideMakeUp = (makeUpId: number, body: { decision: MakeUpDecision; reason: string }) =>
  api.post<MakeUp>(`/api/training/make-ups/${makeUpId}/decision`, body);

export const uploadMaterial = (courseId: number, file: File) =>
  uploadFile<{ id: number; fileName: string; size: number }>(`/api/training/courses/${courseId}/materials`, file);
export const materialUrl = (id: number) => `/api/training/materials/${id}`;
export const listMakeUps = (status?: string) => api.get<MakeUp[]>('/api/training/make-ups', { status });
