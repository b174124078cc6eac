/**
 * Question bank (题库), exams (考试) and daily practice (每日一练): the reference lists and the request and
 * response schemas of /api/training/questions, /api/exams, /api/exam-attempts and /api/practice, shared by
 * the server and the web app. No Node imports.
 */
import { z } from 'zod';
import { taxKinds } from './kb';
import { bodyId, id, instant, optionalText, text } from './schemas';

export const questionTypes = ['single', 'multiple', 'true_false', 'fill_blank', 'short_answer'] as const;
export type QuestionType = (typeof questionTypes)[number];
export const questionTypeNames = {
  single: '单选题',
  multiple: '多选题',
  true_false: '判断题',
  fill_blank: '填空题',
  short_answer: '简答题',
} as const satisfies Record<QuestionType, string>;
/** Graded by the server at submission; a short answer is graded by a person. */
export const isObjective = (type: QuestionType) => type !== 'short_answer';

export const difficulties = ['easy', 'medium', 'hard'] as const;
export type Difficulty = (typeof difficulties)[number];
export const difficultyNames = { easy: '易', medium: '中', hard: '难' } as const satisfies Record<Difficulty, string>;

/** The content areas of the training plans (坐席培训计划, 纳税服务大厅培训计划表): the training module's codes. */
export const examAreas = [
  { code: 'department_intro', name: '部门及职责介绍' },
  { code: 'service_process', name: '12366服务流程' },
  { code: 'service_skills', name: '服务技巧' },
  { code: 'business_knowledge', name: '业务知识' },
  { code: 'service_attitude', name: '服务态度' },
  { code: 'system_operation', name: '系统操作' },
  { code: 'tax_law', name: '法律法规' },
  { code: 'window_skills', name: '排队叫号与窗口技能' },
] as const;
export type ExamAreaCode = (typeof examAreas)[number]['code'];

/** The knowledge base's tax kinds plus the subjects of questions that are about no single tax. */
export const examTaxKinds = [
  ...taxKinds,
  { code: 'collection', name: '税收征管' },
  { code: 'economic_law', name: '经济法' },
  { code: 'general', name: '综合' },
] as const;

const codeEnum = (list: readonly { code: string }[], message: string) =>
  z.enum(list.map((e) => e.code) as [string, ...string[]], message);
export const taxKindCode = codeEnum(examTaxKinds, '税种不正确');
export const areaCode = codeEnum(examAreas, '内容类别不正确');

export const attemptStatuses = ['in_progress', 'submitted', 'graded'] as const;
export type AttemptStatus = (typeof attemptStatuses)[number];
export const participantStatuses = ['not_started', ...attemptStatuses] as const;
export type ParticipantStatus = (typeof participantStatuses)[number];
export const participantStatusNames = {
  not_started: '未参加',
  in_progress: '答题中',
  submitted: '待阅卷',
  graded: '已出成绩',
} as const satisfies Record<ParticipantStatus, string>;

/** Option letters of choice questions, in stored order. */
export const optionKeys = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;

// ---- question bank ----

export const questionBody = z.strictObject({
  type: z.enum(questionTypes),
  stem: text(2000),
  options: z.array(text(500)).max(optionKeys.length).default([]),
  /** Option letters (`A`, `ACD`), `true`/`false`, blanks separated by `|`, or a reference answer. */
  answer: text(2000),
  explanation: optionalText(4000),
  taxKind: taxKindCode,
  area: areaCode,
  difficulty: z.enum(difficulties).default('medium'),
  articleIds: z.array(bodyId).max(10).default([]),
});
export type QuestionInput = z.input<typeof questionBody>;

export const questionListQuery = z.strictObject({
  q: optionalText(100),
  type: z.enum(questionTypes).optional(),
  taxKind: taxKindCode.optional(),
  area: areaCode.optional(),
  difficulty: z.enum(difficulties).optional(),
  state: z.enum(['active', 'retired', 'review']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** A question as the bank's editors see it, the answer included. */
export const questionSchema = z.object({
  id: z.number(),
  type: z.enum(questionTypes),
  stem: z.string(),
  options: z.array(z.string()),
  answer: z.string(),
  explanation: z.string().nullable(),
  taxKind: z.string(),
  area: z.string(),
  difficulty: z.enum(difficulties),
  source: z.string().nullable(),
  isRetired: z.boolean(),
  /** A cited article was revised, expired or made void since the question cited it. */
  needsReview: z.boolean(),
  articleIds: z.array(z.number()),
  updatedAt: instant,
});
export type Question = z.infer<typeof questionSchema>;
export const questionPage = z.object({ total: z.number(), items: z.array(questionSchema) });

export const importResultSchema = z.object({
  created: z.number(),
  failed: z.array(z.object({ line: z.number(), error: z.string() })),
});

// ---- exams ----

export const examRule = z.strictObject({
  count: z.number().int().min(1).max(200),
  points: z.number().int().min(1).max(100),
  taxKind: taxKindCode.optional(),
  area: areaCode.optional(),
  difficulty: z.enum(difficulties).optional(),
  type: z.enum(questionTypes).optional(),
});
export type ExamRule = z.infer<typeof examRule>;

const isoInstant = z.iso
  .datetime({ offset: true, message: '须为 ISO-8601 时间' })
  .transform((v) => new Date(v).toISOString());

export const createExamBody = z
  .strictObject({
    title: text(200),
    durationMinutes: z.number().int().min(1).max(600),
    opensAt: isoInstant,
    closesAt: isoInstant,
    passMark: z.number().int().min(0),
    maxAttempts: z.number().int().min(1).max(10).default(1),
    participants: z.strictObject({ userIds: z.array(bodyId).min(1, '至少选择一名考生').max(2000) }),
    graderIds: z.array(bodyId).max(50).default([]),
    /** A paper drawn by rules … */
    rules: z.array(examRule).max(20).default([]),
    /** … or of chosen questions. */
    questions: z
      .array(z.strictObject({ questionId: bodyId, points: z.number().int().min(1).max(100) }))
      .max(500)
      .default([]),
  })
  .superRefine((v, ctx) => {
    if (v.closesAt <= v.opensAt)
      ctx.addIssue({ code: 'custom', path: ['closesAt'], message: '结束时间须晚于开始时间' });
    if (v.rules.length === 0 && v.questions.length === 0)
      ctx.addIssue({ code: 'custom', path: ['rules'], message: '请按规则抽题或选择试题' });
    if (v.rules.length > 0 && v.questions.length > 0)
      ctx.addIssue({ code: 'custom', path: ['questions'], message: '按规则抽题与选择试题只能二选一' });
  });
export type CreateExamInput = z.input<typeof createExamBody>;
export type CreateExamValues = z.output<typeof createExamBody>;

export const examSummarySchema = z.object({
  id: z.number(),
  title: z.string(),
  durationMinutes: z.number(),
  opensAt: instant,
  closesAt: instant,
  passMark: z.number(),
  maxScore: z.number(),
  maxAttempts: z.number(),
  questionCount: z.number(),
  participantCount: z.number(),
  makeUpOf: z.number().nullable(),
  stage: z.string().nullable(),
  createdAt: instant,
});
export type ExamSummary = z.infer<typeof examSummarySchema>;

/** An exam in "我的考试": the person's own state. */
export const myExamSchema = examSummarySchema.extend({
  attemptsUsed: z.number(),
  openAttemptId: z.number().nullable(),
  bestScore: z.number().nullable(),
  passed: z.boolean().nullable(),
  status: z.enum(participantStatuses),
  lastAttemptId: z.number().nullable(),
});
export type MyExam = z.infer<typeof myExamSchema>;

export const attemptParams = z.strictObject({ attemptId: id });
export const answerParams = z.strictObject({ attemptId: id, questionId: id });
export const answerBody = z.strictObject({
  answer: z.union([z.string().max(4000, '答案过长'), z.array(z.string().max(10)).max(optionKeys.length)]),
});

export const attemptQuestionSchema = z.object({
  id: z.number(),
  type: z.enum(questionTypes),
  stem: z.string(),
  /** In this person's order; `key` is what an answer names. */
  options: z.array(z.object({ key: z.string(), text: z.string() })),
  points: z.number(),
});
export const reviewItemSchema = z.object({
  questionId: z.number(),
  correctAnswer: z.string(),
  explanation: z.string().nullable(),
  score: z.number().nullable(),
  comment: z.string().nullable(),
});
export const attemptSchema = z.object({
  attemptId: z.number(),
  examId: z.number(),
  title: z.string(),
  status: z.enum(attemptStatuses),
  startedAt: instant,
  endsAt: instant,
  /** The server's clock when answering: the countdown runs from it, never from the browser's. */
  serverNow: instant,
  submittedAt: instant.nullable(),
  questions: z.array(attemptQuestionSchema),
  /** Saved answers by question id. */
  answers: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  score: z.number().nullable(),
  maxScore: z.number(),
  passed: z.boolean().nullable(),
  /** Correct answers and explanations: only once the person may not sit the exam again. */
  review: z.array(reviewItemSchema).nullable(),
});
export type Attempt = z.infer<typeof attemptSchema>;
export const answerSavedSchema = z.object({ questionId: z.number(), savedAt: instant });
export const submitResultSchema = z.object({
  score: z.number(),
  maxScore: z.number(),
  /** null while short answers wait for a grader. */
  passed: z.boolean().nullable(),
  status: z.enum(attemptStatuses),
});

// ---- grading and results ----

export const gradeBody = z.strictObject({ score: z.number().int().min(0), comment: optionalText(1000) });
export const gradingItemSchema = z.object({
  attemptId: z.number(),
  questionId: z.number(),
  stem: z.string(),
  referenceAnswer: z.string(),
  answer: z.string(),
  points: z.number(),
  score: z.number().nullable(),
  comment: z.string().nullable(),
});
export const gradingListSchema = z.object({ examId: z.number(), title: z.string(), items: z.array(gradingItemSchema) });

export const resultRowSchema = z.object({
  userId: z.number(),
  name: z.string(),
  username: z.string(),
  status: z.enum(participantStatuses),
  attempts: z.number(),
  score: z.number().nullable(),
  maxScore: z.number(),
  passed: z.boolean().nullable(),
  submittedAt: instant.nullable(),
});
export const examResultsSchema = z.object({
  exam: examSummarySchema,
  participants: z.number(),
  graded: z.number(),
  passedCount: z.number(),
  /** Passed ÷ graded participants, 0–1; null before anyone is graded. */
  passRate: z.number().nullable(),
  averageScore: z.number().nullable(),
  /** Score bands of 10 % of the maximum: [0–10 %), … [90–100 %]. */
  distribution: z.array(z.object({ from: z.number(), to: z.number(), count: z.number() })),
  rows: z.array(resultRowSchema),
});
export type ExamResults = z.infer<typeof examResultsSchema>;

export const questionStatSchema = z.object({
  questionId: z.number(),
  position: z.number(),
  stem: z.string(),
  type: z.enum(questionTypes),
  answered: z.number(),
  /** Share of graded attempts scoring the question in full (难度, as the share answering right). */
  difficulty: z.number().nullable(),
  /** Share right in the top 27 % minus the share right in the bottom 27 % of attempts by score (区分度). */
  discrimination: z.number().nullable(),
});
export const questionStatsSchema = z.object({
  examId: z.number(),
  attempts: z.number(),
  questions: z.array(questionStatSchema),
});

// ---- daily practice ----

export const practiceQuestionSchema = attemptQuestionSchema.omit({ points: true }).extend({
  answer: z.union([z.string(), z.array(z.string())]).nullable(),
  isCorrect: z.boolean().nullable(),
  correctAnswer: z.string().nullable(),
  explanation: z.string().nullable(),
});
export const practiceSchema = z.object({
  date: z.string(),
  questions: z.array(practiceQuestionSchema),
  /** The last 30 days of practice: answered, right, and by tax kind. */
  progress: z.object({
    answered: z.number(),
    correct: z.number(),
    byTaxKind: z.array(z.object({ taxKind: z.string(), answered: z.number(), correct: z.number() })),
  }),
});
export type Practice = z.infer<typeof practiceSchema>;
