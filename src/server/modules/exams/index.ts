/** The question bank and exams' public face: other modules (training, performance) import only this. */

export { examsRoutes } from './exams.routes';
export {
  type CreateExamOptions,
  closeExpiredAttempts,
  createExam,
  type ExamOutcome,
  examScoresBetween,
  listExamOutcomes,
} from './exams.service';
export { loadDemoQuestions } from './exams-import';
