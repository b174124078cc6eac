import type {
  Attempt,
  CreateExamInput,
  ExamResults,
  ExamSummary,
  MyExam,
  Practice,
  Question,
  QuestionInput,
} from '../../../shared/exams';
import { api, type Query } from '../../api';
import { uploadFile } from '../../components/upload';

export type { Attempt, ExamResults, ExamSummary, MyExam, Practice, Question };

export type AnswerValue = string | string[];

export interface QuestionPage {
  total: number;
  items: Question[];
}
export interface ImportedQuestions {
  created: number;
  failed: Array<{ line: number; error: string }>;
}
export interface SubmitResult {
  score: number;
  maxScore: number;
  passed: boolean | null;
  status: Attempt['status'];
}
export interface GradingItem {
  attemptId: number;
  questionId: number;
  stem: string;
  referenceAnswer: string;
  answer: string;
  points: number;
  score: number | null;
  comment: string | null;
}
export interface QuestionStats {
  examId: number;
  attempts: number;
  questions: Array<{
    questionId: number;
    position: number;
    stem: string;
    type: Question['type'];
    answered: number;
    difficulty: number | null;
    discrimination: number | null;
  }>;
}
export interface Candidate {
  id: number;
  name: string;
  username: string;
}

export const listQuestions = (query: Query) => api.get<QuestionPage>('/api/training/questions', query);
export const createQuestion = (body: QuestionInput) => api.post<Question>('/api/training/questions', body);
export const setQuestionRetired = (id: number, isRetired: boolean) =>
  api.post<Question>(`/api/training/questions/${id}/${isRetired ? 'retire' : 'restore'}`);
export const importQuestions = (file: File) => uploadFile<ImportedQuestions>('/api/training/questions/import', file);

export const listExams = () => api.get<ExamSummary[]>('/api/exams');
export const listCandidates = () => api.get<Candidate[]>('/api/exams/candidates');
export const createExam = (body: CreateExamInput) => api.post<{ id: number }>('/api/exams', body);
export const listMyExams = () => api.get<MyExam[]>('/api/exams/mine');
export const startAttempt = (examId: number) => api.post<Attempt>(`/api/exams/${examId}/attempts`);
export const getAttempt = (attemptId: number) => api.get<Attempt>(`/api/exam-attempts/${attemptId}`);
export const saveAnswer = (attemptId: number, questionId: number, answer: AnswerValue) =>
  api.put<{ questionId: number; savedAt: string }>(`/api/exam-attempts/${attemptId}/answers/${questionId}`, { answer });
export const submitAttempt = (attemptId: number) => api.post<SubmitResult>(`/api/exam-attempts/${attemptId}/submit`);

export const listGrading = (examId: number) =>
  api.get<{ examId: number; title: string; items: GradingItem[] }>(`/api/exams/${examId}/grading`);
export const gradeAnswer = (attemptId: number, questionId: number, body: { score: number; comment?: string }) =>
  api.put<SubmitResult>(`/api/exam-attempts/${attemptId}/answers/${questionId}/grade`, body);
export const getResults = (examId: number) => api.get<ExamResults>(`/api/exams/${examId}/results`);
export const getQuestionStats = (examId: number) => api.get<QuestionStats>(`/api/exams/${examId}/question-stats`);

export const getPractice = () => api.get<Practice>('/api/practice');
export const answerPractice = (questionId: number, answer: AnswerValue) =>
  api.put<Practice>(`/api/practice/answers/${questionId}`, { answer });
