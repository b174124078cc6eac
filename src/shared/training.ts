/**
 * Training (培训): the course catalogue, training plans and their sessions, attendance and hours (学时),
 * the feedback questionnaire, the practical assessment and the make-up path. The request and response
 * schemas of /api/training, shared by the server and the web app.
 */
import { z } from 'zod';
import { examRule } from './exams';
import { bodyId, date, id, instant, optionalText, text } from './schemas';

/** Content areas (培训内容) of the 坐席培训计划 and the 纳税服务大厅培训计划表. */
export const trainingAreas = [
  'department_intro',
  'service_process',
  'service_skills',
  'business_knowledge',
  'service_attitude',
  'system_operation',
  'tax_law',
  'window_skills',
] as const;
export type TrainingArea = (typeof trainingAreas)[number];
export const trainingAreaNames = {
  department_intro: '部门及职责介绍',
  service_process: '12366服务流程',
  service_skills: '服务技巧',
  business_knowledge: '业务知识',
  service_attitude: '服务态度',
  system_operation: '系统操作',
  tax_law: '法律法规',
  window_skills: '排队叫号与窗口技能',
} as const satisfies Record<TrainingArea, string>;

export const trainingForms = ['internal', 'external'] as const;
export type TrainingForm = (typeof trainingForms)[number];
export const trainingFormNames = { internal: '内部培训', external: '外部培训' } as const satisfies Record<
  TrainingForm,
  string
>;

/** What happens to a generated session that falls on a day off: moved to the next working day, or kept and flagged. */
export const dayOffPolicies = ['move', 'flag'] as const;
export type DayOffPolicy = (typeof dayOffPolicies)[number];

export const attendanceStatuses = ['present', 'leave', 'absent'] as const;
export type AttendanceStatus = (typeof attendanceStatuses)[number];
export const attendanceStatusNames = {
  present: '出勤',
  leave: '请假',
  absent: '缺勤',
} as const satisfies Record<AttendanceStatus, string>;

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '须为 HH:mm 格式的时间');
const hours = z.number().min(0.5, '学时至少 0.5').max(24, '学时不能超过 24').multipleOf(0.5, '学时以 0.5 为单位');

// ---- courses ----

export const lecturerInput = z.union([
  z.strictObject({ userId: bodyId }),
  z.strictObject({ name: text(50), organisation: text(100) }),
]);

export const courseBody = z.strictObject({
  title: text(100),
  area: z.enum(trainingAreas),
  hours,
  lecturer: lecturerInput,
  description: optionalText(2000),
  kbArticleIds: z.array(bodyId).max(20).default([]),
});
export type CourseInput = z.input<typeof courseBody>;
export const coursePatchBody = courseBody.partial().extend({ isActive: z.boolean().optional() }).strict();

export const lecturerSchema = z.object({
  userId: z.number().nullable(),
  name: z.string(),
  organisation: z.string().nullable(),
  isExternal: z.boolean(),
});

export const courseSchema = z.object({
  id: z.number(),
  title: z.string(),
  area: z.enum(trainingAreas),
  hours: z.number(),
  lecturer: lecturerSchema,
  description: z.string().nullable(),
  isActive: z.boolean(),
  articles: z.array(z.object({ id: z.number(), title: z.string() })),
  materials: z.array(z.object({ id: z.number(), fileName: z.string(), size: z.number() })),
  updatedAt: instant,
});
export type Course = z.infer<typeof courseSchema>;
export const addedMaterialSchema = z.object({ id: z.number(), fileName: z.string(), size: z.number() });
export const courseListQuery = z.strictObject({
  area: z.enum(trainingAreas).optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
});

// ---- plans ----

export const targetGroupSchema = z.strictObject({
  orgUnitIds: z.array(bodyId).max(50).default([]),
  teamIds: z.array(bodyId).max(50).default([]),
  roles: z
    .array(z.enum(['agent', 'team_lead']))
    .max(2)
    .default([]),
  userIds: z.array(bodyId).max(500).default([]),
});
export type TargetGroupInput = z.input<typeof targetGroupSchema>;

export const planBody = z.strictObject({
  title: text(100),
  description: optionalText(2000),
  form: z.enum(trainingForms),
  periodFrom: date,
  periodTo: date,
  target: targetGroupSchema,
});
export type PlanInput = z.input<typeof planBody>;
export const planPatchBody = planBody.partial().strict();

/** "Every Wednesday 14:00–18:00 for 8 weeks": weekdays 1 (Monday) … 7 (Sunday). */
export const sessionRuleBody = z.strictObject({
  startDate: date,
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  weeks: z.number().int().min(1).max(52),
  startTime: time,
  endTime: time,
  /** 学时 of each session; by default its length in hours. */
  hours: hours.optional(),
  dayOff: z.enum(dayOffPolicies),
  /** The courses taught in turn, one a session; without any, sessions are titled by `title`. */
  courseIds: z.array(bodyId).max(100).default([]),
  title: optionalText(100),
  area: z.enum(trainingAreas).optional(),
  stage: optionalText(30),
  location: optionalText(100),
});
export type SessionRuleInput = z.input<typeof sessionRuleBody>;

export const sessionBody = z.strictObject({
  courseId: bodyId.nullable().optional(),
  title: optionalText(100),
  area: z.enum(trainingAreas).optional(),
  date,
  startTime: time,
  endTime: time,
  hours: hours.optional(),
  stage: optionalText(30),
  location: optionalText(100),
  lecturerUserId: bodyId.nullable().optional(),
});
export type SessionInput = z.input<typeof sessionBody>;
export const sessionPatchBody = z
  .strictObject({
    courseId: bodyId.nullable(),
    title: text(100),
    area: z.enum(trainingAreas),
    date,
    startTime: time,
    endTime: time,
    hours,
    stage: z.string().trim().max(30).nullable(),
    location: z.string().trim().max(100).nullable(),
    lecturerUserId: bodyId.nullable(),
    status: z.enum(['scheduled', 'cancelled']),
    /** false: the manager confirms a session flagged for a day off. */
    isFlagged: z.literal(false),
  })
  .partial();

export const sessionSchema = z.object({
  id: z.number(),
  planId: z.number(),
  planTitle: z.string(),
  courseId: z.number().nullable(),
  title: z.string(),
  area: z.enum(trainingAreas),
  startsAt: instant,
  endsAt: instant,
  date: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  hours: z.number(),
  stage: z.string().nullable(),
  location: z.string().nullable(),
  lecturer: lecturerSchema.nullable(),
  status: z.enum(['scheduled', 'cancelled']),
  isMakeUp: z.boolean(),
  /** Why the session needs a look: it falls on a day off (rule `flag`), or it was moved off one (`move`). */
  dayOffNote: z.string().nullable(),
  isFlagged: z.boolean(),
});
export type TrainingSession = z.infer<typeof sessionSchema>;

export const planSchema = z.object({
  id: z.number(),
  title: z.string(),
  description: z.string().nullable(),
  form: z.enum(trainingForms),
  periodFrom: z.string(),
  periodTo: z.string(),
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  target: z.object({
    orgUnitIds: z.array(z.number()),
    teamIds: z.array(z.number()),
    roles: z.array(z.string()),
    userIds: z.array(z.number()),
  }),
  participantCount: z.number(),
  sessionCount: z.number(),
  createdAt: instant,
});
export type TrainingPlan = z.infer<typeof planSchema>;

export const feedbackAveragesSchema = z.object({
  responses: z.number(),
  content: z.number().nullable(),
  lecturer: z.number().nullable(),
  usefulness: z.number().nullable(),
});
export type FeedbackAverages = z.infer<typeof feedbackAveragesSchema>;

export const planDetailSchema = planSchema.extend({
  participants: z.array(z.object({ id: z.number(), name: z.string(), orgUnitName: z.string() })),
  sessions: z.array(sessionSchema.extend({ feedback: feedbackAveragesSchema })),
  feedback: feedbackAveragesSchema,
  canManage: z.boolean(),
});
export type TrainingPlanDetail = z.infer<typeof planDetailSchema>;

export const generatedSessionsSchema = z.object({
  created: z.number(),
  moved: z.number(),
  flagged: z.number(),
  sessions: z.array(sessionSchema),
});

// ---- attendance, hours, feedback, practical assessment ----

export const attendanceBody = z.strictObject({
  userId: bodyId,
  status: z.enum(attendanceStatuses),
  note: optionalText(200),
});
export const signInBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '签到码为 6 位数字'),
});
export const leaveBody = z.strictObject({ reason: text(200) });

export const attendanceRowSchema = z.object({
  userId: z.number(),
  name: z.string(),
  orgUnitName: z.string(),
  /** null: nothing recorded yet (缺勤 once the session has ended). */
  status: z.enum(attendanceStatuses).nullable(),
  method: z.string().nullable(),
  note: z.string().nullable(),
  recordedAt: instant.nullable(),
});
export const sessionAttendanceSchema = z.object({
  session: sessionSchema,
  signInCode: z.string(),
  hasEnded: z.boolean(),
  rows: z.array(attendanceRowSchema),
});
export type SessionAttendance = z.infer<typeof sessionAttendanceSchema>;

export const mySessionSchema = sessionSchema.extend({
  attendance: z.enum(attendanceStatuses).nullable(),
  hasEnded: z.boolean(),
  canSignIn: z.boolean(),
  hasFeedback: z.boolean(),
  /** A session of a gated stage the person has not passed the exam for (通过理论考核方可参加). */
  isLocked: z.boolean(),
});
export type MySession = z.infer<typeof mySessionSchema>;
export const mySessionsQuery = z.strictObject({ from: date.optional(), to: date.optional() });

export const hoursQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100),
  userId: id.optional(),
});
export const hoursRowSchema = z.object({
  userId: z.number(),
  name: z.string(),
  orgUnitName: z.string(),
  byArea: z.record(z.string(), z.number()),
  total: z.number(),
});
export const hoursSchema = z.object({ year: z.number(), rows: z.array(hoursRowSchema) });
export type TrainingHours = z.infer<typeof hoursSchema>;

const rating = z.number().int().min(1, '评分为 1–5').max(5, '评分为 1–5');
export const feedbackBody = z.strictObject({
  content: rating,
  lecturer: rating,
  usefulness: rating,
  comment: optionalText(500),
});
export type FeedbackInput = z.input<typeof feedbackBody>;

/** The practical assessment's score form (实操考核评分表) for a role-play call: item → the most points. */
export const assessmentItems = {
  greeting: { name: '开头语与服务规范', max: 15 },
  understanding: { name: '准确理解诉求', max: 20 },
  accuracy: { name: '政策解答准确', max: 30 },
  communication: { name: '沟通技巧与服务态度', max: 20 },
  closing: { name: '结束语与邀请评价', max: 15 },
} as const;
export type AssessmentItem = keyof typeof assessmentItems;
export const ASSESSMENT_PASS_MARK = 60;

const score = (max: number) => z.number().min(0).max(max, `不能超过 ${max} 分`).multipleOf(0.5);
export const assessmentBody = z.strictObject({
  userId: bodyId,
  scores: z.strictObject({
    greeting: score(assessmentItems.greeting.max),
    understanding: score(assessmentItems.understanding.max),
    accuracy: score(assessmentItems.accuracy.max),
    communication: score(assessmentItems.communication.max),
    closing: score(assessmentItems.closing.max),
  }),
  comment: optionalText(500),
});
export type AssessmentInput = z.input<typeof assessmentBody>;
export const assessmentSchema = z.object({
  id: z.number(),
  sessionId: z.number(),
  userId: z.number(),
  name: z.string(),
  scores: z.record(z.string(), z.number()),
  total: z.number(),
  passed: z.boolean(),
  comment: z.string().nullable(),
  assessedBy: z.string(),
  assessedAt: instant,
});
export type Assessment = z.infer<typeof assessmentSchema>;

export const sessionParams = z.strictObject({ id });
export const planSessionParams = z.strictObject({ id, sessionId: id });
export const peopleQuery = z.strictObject({ q: optionalText(50) });
export const personSchema = z.object({
  id: z.number(),
  name: z.string(),
  username: z.string(),
  orgUnitName: z.string(),
});
export const teamOptionSchema = z.object({ id: z.number(), name: z.string() });
export const targetOptionsSchema = z.object({
  people: z.array(personSchema),
  teams: z.array(teamOptionSchema),
  orgUnits: z.array(z.object({ id: z.number(), name: z.string() })),
});
export type TargetOptions = z.infer<typeof targetOptionsSchema>;

// ---- gating and make-up training (补充培训) ----

export const gateBody = z.strictObject({
  /** The sessions of this stage (e.g. 实操培训) are only for those who passed the exam. */
  stage: text(30),
  examId: bodyId,
});

const examInstant = z.iso
  .datetime({ offset: true, message: '须为 ISO-8601 时间' })
  .transform((v) => new Date(v).toISOString());

/** A make-up session for the people on the make-up list, and their make-up exam (补考). */
export const makeUpScheduleBody = z.strictObject({
  userIds: z.array(bodyId).max(500).optional(),
  title: optionalText(100),
  area: z.enum(trainingAreas).default('business_knowledge'),
  date,
  startTime: time,
  endTime: time,
  location: optionalText(100),
  exam: z.strictObject({
    title: optionalText(200),
    durationMinutes: z.number().int().min(1).max(600),
    opensAt: examInstant,
    closesAt: examInstant,
    passMark: z.number().int().min(0),
    rules: z.array(examRule).min(1).max(20),
  }),
});
export type MakeUpScheduleInput = z.input<typeof makeUpScheduleBody>;

export const makeUpDecisions = ['reassign', 'another_round'] as const;
export type MakeUpDecision = (typeof makeUpDecisions)[number];
export const makeUpDecisionNames = {
  reassign: '重新安排岗位',
  another_round: '再补训一轮',
} as const satisfies Record<MakeUpDecision, string>;
export const makeUpDecisionBody = z.strictObject({ decision: z.enum(makeUpDecisions), reason: text(500) });

export const makeUpStatuses = ['pending', 'scheduled', 'passed', 'failed', 'decided'] as const;
export type MakeUpStatus = (typeof makeUpStatuses)[number];
export const makeUpStatusNames = {
  pending: '待安排补训',
  scheduled: '已安排补训补考',
  passed: '补考通过',
  failed: '补考未通过，待主任决定',
  decided: '主任已决定',
} as const satisfies Record<MakeUpStatus, string>;

export const makeUpSchema = z.object({
  id: z.number(),
  gateId: z.number(),
  planId: z.number(),
  planTitle: z.string(),
  stage: z.string(),
  userId: z.number(),
  name: z.string(),
  round: z.number(),
  status: z.enum(makeUpStatuses),
  failedExamId: z.number(),
  sessionId: z.number().nullable(),
  examId: z.number().nullable(),
  decision: z.enum(makeUpDecisions).nullable(),
  decisionReason: z.string().nullable(),
  decidedAt: instant.nullable(),
});
export type MakeUp = z.infer<typeof makeUpSchema>;

export const gateSchema = z.object({
  id: z.number(),
  planId: z.number(),
  stage: z.string(),
  examId: z.number(),
  passed: z.number(),
  failed: z.number(),
  waiting: z.number(),
});
export const planGatesSchema = z.object({ gates: z.array(gateSchema), makeUps: z.array(makeUpSchema) });
export type PlanGates = z.infer<typeof planGatesSchema>;
export const makeUpListQuery = z.strictObject({ status: z.enum(makeUpStatuses).optional() });
export const evaluationSchema = z.object({ added: z.number(), passed: z.number(), failed: z.number() });
