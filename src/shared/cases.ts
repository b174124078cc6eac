/**
 * Complaints and reports (投诉举报): the enums of the workflow and their Chinese names, and the
 * catalogue of action fields with their zod rules, shared by the server (validation) and the web app
 * (forms, the process diagram). Code names follow ../../shared/glossary.md.
 */
import { z } from 'zod';
import { roles } from './permissions';
import { bodyId, countedPage, date, id, text } from './schemas';

export const caseCategories = ['complaint', 'report'] as const;
export type CaseCategory = (typeof caseCategories)[number];
export const caseCategoryNames = { complaint: '投诉', report: '举报' } as const satisfies Record<CaseCategory, string>;

/** Where a case was registered from: 来电登记 / 现场受理 / 网站来源登记 / 其他来源登记. */
export const caseSources = ['phone', 'walk_in', 'web', 'other'] as const;
export type CaseSource = (typeof caseSources)[number];
export const caseSourceNames = {
  phone: '来电',
  walk_in: '现场',
  web: '网站',
  other: '其他',
} as const satisfies Record<CaseSource, string>;

export const caseSteps = ['intake', 'leader_review', 'investigation', 'feedback', 'closed'] as const;
export type CaseStep = (typeof caseSteps)[number];
export const caseStepNames = {
  intake: '受理岗',
  leader_review: '领导审核岗',
  investigation: '调查岗',
  feedback: '反馈岗',
  closed: '办结',
} as const satisfies Record<CaseStep, string>;

/** Every action a process may offer. The contract's names, plus set_period, record_findings and record_no_feedback. */
export const caseActions = [
  'accept',
  'reject',
  'forward',
  'set_period',
  'record_findings',
  'terminate',
  'request_extension',
  'finish',
  'to_feedback',
  'to_handling',
  'close',
  'send_back',
  'approve_extension',
  'deny_extension',
  'give_feedback',
  'record_no_feedback',
] as const;
export type CaseAction = (typeof caseActions)[number];
export const caseActionNames = {
  accept: '受理',
  reject: '不予受理',
  forward: '转其他税务机关',
  set_period: '修改办理期限',
  record_findings: '记录调查情况',
  terminate: '终止调查',
  request_extension: '延期申请',
  finish: '调查完毕',
  to_feedback: '转反馈岗',
  to_handling: '转办理',
  close: '办结',
  send_back: '退回',
  approve_extension: '批准延期',
  deny_extension: '不批准延期',
  give_feedback: '反馈',
  record_no_feedback: '无法反馈',
} as const satisfies Record<CaseAction, string>;

/** What a step decided, for leader review to approve (the case's `decision` while it waits there). */
export const caseDecisions = [
  'accepted',
  'rejected',
  'forwarded',
  'terminated',
  'extension_requested',
  'fed_back',
] as const;
export type CaseDecision = (typeof caseDecisions)[number];
export const caseDecisionNames = {
  accepted: '拟受理',
  rejected: '拟不予受理',
  forwarded: '拟转其他税务机关',
  terminated: '终止调查',
  extension_requested: '申请延期',
  fed_back: '已反馈',
} as const satisfies Record<CaseDecision, string>;

/** Case events that are not workflow actions: they change no step. */
export const caseEventKinds = [
  'register',
  'claim',
  'release',
  'reassign',
  'reveal_reporter',
  'attach',
  'detach',
] as const;
export type CaseEventKind = (typeof caseEventKinds)[number];
export const caseEventNames = {
  register: '登记',
  claim: '签收',
  release: '退回待办',
  reassign: '改派',
  reveal_reporter: '查看举报人信息',
  attach: '上传附件',
  detach: '撤回附件',
} as const satisfies Record<CaseEventKind, string>;

/** How the taxpayer was told the outcome (反馈方式). */
export const feedbackMethods = ['phone', 'sms', 'letter', 'in_person', 'email', 'web'] as const;
export type FeedbackMethod = (typeof feedbackMethods)[number];
export const feedbackMethodNames = {
  phone: '电话',
  sms: '短信',
  letter: '书面',
  in_person: '当面',
  email: '电子邮件',
  web: '网站',
} as const satisfies Record<FeedbackMethod, string>;

export const extensionStatuses = ['pending', 'approved', 'denied'] as const;
export type ExtensionStatus = (typeof extensionStatuses)[number];
export const extensionStatusNames = {
  pending: '待审批',
  approved: '已批准',
  denied: '未批准',
} as const satisfies Record<ExtensionStatus, string>;

/** The configurable lists of the module (admin pages). */
export const caseOptionKinds = ['rejection_reason', 'complaint_type', 'classification'] as const;
export type CaseOptionKind = (typeof caseOptionKinds)[number];
export const caseOptionKindNames = {
  rejection_reason: '不受理原因',
  complaint_type: '投诉类型',
  classification: '三级分类',
} as const satisfies Record<CaseOptionKind, string>;

/**
 * Every field a workflow action may carry, with its Chinese label and its zod rule. Process
 * definitions name these fields per action (required or optional); the stored definitions of
 * running cases refer to them by name, so a field is only ever added here, never changed in meaning.
 */
export const caseFields = {
  classification: {
    label: '三级分类',
    schema: z.array(z.string().trim().min(1).max(64)).length(3, '须依次选择一、二、三级分类'),
  },
  reason: { label: '原因', schema: text(1000) },
  orgUnitId: { label: '转往税务机关', schema: bodyId },
  comment: { label: '意见', schema: text(2000) },
  findings: { label: '调查情况', schema: text(5000) },
  workingDays: {
    label: '延期工作日数',
    schema: z.number().int().min(1, '至少 1 个工作日').max(60, '最多 60 个工作日'),
  },
  result: { label: '调查结果', schema: text(5000) },
  method: { label: '反馈方式', schema: z.enum(feedbackMethods) },
  content: { label: '反馈内容', schema: text(5000) },
  date: { label: '反馈日期', schema: date },
  periodEnd: { label: '办理期限截止日期', schema: date },
} as const;

export type CaseField = keyof typeof caseFields;
export const caseFieldKeys = Object.keys(caseFields) as CaseField[];

/** The parsed values of an action's fields. */
export type ActionFields = { [K in CaseField]?: z.infer<(typeof caseFields)[K]['schema']> };

const reporterPhone = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{3,20}$/, '电话号码格式不正确');

/** The registration of a case (POST /api/cases), shared with the web form. */
export const caseRegistrationSchema = z.strictObject({
  category: z.enum(caseCategories),
  source: z.enum(caseSources),
  named: z.boolean(),
  reporterName: z.string().trim().min(1).max(60).optional(),
  reporterPhone: reporterPhone.optional(),
  subjectName: z.string().trim().min(1).max(200),
  content: z.string().trim().min(1).max(5000),
  complaintType: z.string().trim().min(1).max(64).optional(),
});

export type CaseRegistrationInput = z.input<typeof caseRegistrationSchema>;

/** The answer of POST /api/cases. */
export const caseRegisteredSchema = z.object({
  id: z.number(),
  caseNo: z.string(),
  step: z.literal('intake'),
  dueAt: z.string(),
});
export type CaseRegistered = z.infer<typeof caseRegisteredSchema>;

/** The filters of the case search, shared by the list and its export. */
export const caseListQuery = z.strictObject({
  caseNo: z.string().trim().max(32).optional(),
  category: z.enum(caseCategories).optional(),
  step: z.enum(caseSteps).optional(),
  orgUnitId: id.optional(),
  from: date.optional(),
  to: date.optional(),
  q: z.string().trim().max(60).optional(),
  overdue: z.enum(['true', 'false']).optional(),
});
export type CaseListQuery = z.infer<typeof caseListQuery>;

export const casePageQuery = caseListQuery.extend({
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

export const caseInboxQuery = z.strictObject({ ownOffice: z.enum(['true', 'false']).default('false') });
export const casePeriodPreviewQuery = z.strictObject({ category: z.enum(caseCategories) });
export const casePeriodPreviewSchema = z.object({ startAt: z.string(), dueAt: z.string(), workingDays: z.number() });
export type PeriodPreview = z.infer<typeof casePeriodPreviewSchema>;
export const caseAttachmentParams = z.strictObject({ id, attachmentId: id });
export const caseReassignBody = z.strictObject({ userId: bodyId });
export const caseActionBody = z.looseObject({ action: z.string().min(1).max(64) });

export const dueStates = ['on_time', 'due_soon', 'overdue'] as const;
export type DueState = (typeof dueStates)[number];

const personSchema = z.object({ id: z.number(), username: z.string(), name: z.string() });
export type Person = z.infer<typeof personSchema>;
const namedRef = z.object({ id: z.number(), name: z.string() });

/** A case as lists show it; the reporter is always masked here. */
export const caseSummarySchema = z.object({
  id: z.number(),
  caseNo: z.string(),
  category: z.enum(caseCategories),
  step: z.enum(caseSteps),
  decision: z.enum(caseDecisions).nullable(),
  needsAcceptance: z.boolean(),
  subjectName: z.string(),
  source: z.enum(caseSources),
  named: z.boolean(),
  reporterName: z.string().nullable(),
  orgUnit: namedRef,
  holder: personSchema.nullable(),
  isMine: z.boolean(),
  registeredAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  stepDueAt: z.string().nullable(),
  dueState: z.enum(dueStates).nullable(),
  closedAt: z.string().nullable(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const casePageSchema = countedPage(caseSummarySchema);

const fieldRequirements = z.partialRecord(
  z.enum(caseFieldKeys as [CaseField, ...CaseField[]]),
  z.enum(['required', 'optional']),
);
const actionTarget = z.union([z.enum(caseSteps), z.literal('previous')]);

export const offeredActionSchema = z.object({
  action: z.enum(caseActions),
  name: z.string(),
  fields: fieldRequirements,
  to: actionTarget.nullable(),
});
export type OfferedAction = z.infer<typeof offeredActionSchema>;

export const caseHistoryEntrySchema = z.object({
  id: z.number(),
  at: z.string().nullable(),
  actor: personSchema.nullable(),
  action: z.string(),
  actionName: z.string(),
  fromStep: z.enum(caseSteps).nullable(),
  toStep: z.enum(caseSteps).nullable(),
  orgUnit: namedRef,
  holder: personSchema.nullable(),
  fields: z.record(z.string(), z.unknown()),
  stepDueAt: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof caseHistoryEntrySchema>;

export const caseExtensionSchema = z.object({
  id: z.number(),
  status: z.enum(extensionStatuses),
  workingDays: z.number(),
  reason: z.string(),
  requestedAt: z.string().nullable(),
  requestedByName: z.string(),
  stepDueBefore: z.string().nullable(),
  dueBefore: z.string().nullable(),
  stepDueAfter: z.string().nullable(),
  dueAfter: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decidedByName: z.string().nullable(),
  comment: z.string().nullable(),
});
export type Extension = z.infer<typeof caseExtensionSchema>;

/** An evidence file as POST /api/cases/:id/attachments answers it. */
export const caseAttachmentUploadedSchema = z.object({
  id: z.number(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
});
export type AttachmentUploaded = z.infer<typeof caseAttachmentUploadedSchema>;

export const caseAttachmentSchema = caseAttachmentUploadedSchema.extend({
  uploadedAt: z.string().nullable(),
  uploadedByName: z.string(),
  /** The caller may withdraw it (its uploader, the case's holder, those who manage claims). */
  canWithdraw: z.boolean(),
});
export type Attachment = z.infer<typeof caseAttachmentSchema>;

/** GET /api/cases/:id, and the answer of every action on a case. */
export const caseDetailSchema = caseSummarySchema.extend({
  registeredOrgUnit: namedRef,
  reporterPhone: z.string().nullable(),
  canRevealReporter: z.boolean(),
  content: z.string(),
  complaintType: z.string().nullable(),
  complaintTypeName: z.string().nullable(),
  contactId: z.number().nullable(),
  classification: z.array(z.object({ code: z.string(), name: z.string() })).nullable(),
  rejectionReason: z.string().nullable(),
  forwardOrgUnit: namedRef.nullable(),
  result: z.string().nullable(),
  registeredBy: personSchema,
  claimedAt: z.string().nullable(),
  stepEnteredAt: z.string().nullable(),
  isStepOverdue: z.boolean(),
  isOverdue: z.boolean(),
  process: z.object({ id: z.number(), key: z.string(), version: z.number(), name: z.string() }),
  availableActions: z.array(offeredActionSchema),
  offeredActions: z.array(z.enum(caseActions)),
  canClaim: z.boolean(),
  canRelease: z.boolean(),
  canReassign: z.boolean(),
  canAttach: z.boolean(),
  extensions: z.array(caseExtensionSchema),
  attachments: z.array(caseAttachmentSchema),
  history: z.array(caseHistoryEntrySchema),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

export const caseAssigneeSchema = personSchema.extend({ orgUnitName: z.string() });
export type CaseAssignee = z.infer<typeof caseAssigneeSchema>;

export const revealedReporterSchema = z.object({
  reporterName: z.string().nullable(),
  reporterPhone: z.string().nullable(),
});
export type RevealedReporter = z.infer<typeof revealedReporterSchema>;

/** One action of a process definition (see src/server/modules/cases/workflow.ts). */
export const actionDefinitionSchema = z.object({
  action: z.enum(caseActions),
  roles: z.array(z.enum(roles)).readonly(),
  fields: fieldRequirements,
  when: z
    .object({
      decisions: z.array(z.enum(caseDecisions)).readonly().optional(),
      acceptancePending: z.boolean().optional(),
      named: z.boolean().optional(),
    })
    .optional(),
  to: actionTarget.optional(),
  decision: z.enum(caseDecisions).optional(),
});
export type ActionDefinitionView = z.infer<typeof actionDefinitionSchema>;

/** A process definition as the server stores it. */
export const processDefinitionSchema = z.object({
  key: z.enum(caseCategories),
  version: z.number(),
  name: z.string(),
  periodWorkingDays: z.number(),
  steps: z
    .array(
      z.object({
        step: z.enum(caseSteps),
        workingDays: z.number().nullable(),
        actions: z.array(actionDefinitionSchema).readonly(),
      }),
    )
    .readonly(),
});
export type ProcessDefinitionView = z.infer<typeof processDefinitionSchema>;

export const processVersionSchema = z.object({
  id: z.number(),
  key: z.string(),
  version: z.number(),
  name: z.string(),
  createdAt: z.string(),
  openCases: z.number(),
});
export type ProcessVersion = z.infer<typeof processVersionSchema>;

export const processListSchema = z.object({
  current: z.array(processDefinitionSchema),
  versions: z.array(processVersionSchema),
});

export const caseOptionKindQuery = z.strictObject({ kind: z.enum(caseOptionKinds) });

export const caseOptionSchema = z.object({
  id: z.number(),
  kind: z.enum(caseOptionKinds),
  category: z.enum(caseCategories).nullable(),
  parentId: z.number().nullable(),
  level: z.number(),
  code: z.string(),
  name: z.string(),
  sortOrder: z.number(),
  isActive: z.boolean(),
});
export type CaseOption = z.infer<typeof caseOptionSchema>;

const optionCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{2,64}$/, '须为 2–64 位字母、数字、点、下划线或连字符');

export const caseOptionCreateBody = z.strictObject({
  kind: z.enum(caseOptionKinds),
  category: z.enum(caseCategories).optional(),
  parentId: bodyId.optional(),
  code: optionCode,
  name: z.string().trim().min(1).max(100),
  sortOrder: z.number().int().min(0).max(9999).optional(),
});
export type NewCaseOption = z.input<typeof caseOptionCreateBody>;

export const caseOptionUpdateBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  sortOrder: z.number().int().min(0).max(9999).optional(),
  isActive: z.boolean().optional(),
});
export type CaseOptionChanges = z.input<typeof caseOptionUpdateBody>;

export const timeLimitKeys = ['period', ...caseSteps] as const;
export type TimeLimitKey = (typeof timeLimitKeys)[number];

export const timeLimitBody = z.strictObject({
  processKey: z.enum(caseCategories),
  key: z.enum(timeLimitKeys),
  workingDays: z.number().int().min(1).max(365).nullable(),
});
export type TimeLimitInput = z.input<typeof timeLimitBody>;

export const timeLimitsSchema = z.object({
  processKey: z.enum(caseCategories),
  processName: z.string(),
  limits: z.array(
    z.object({
      key: z.enum(timeLimitKeys),
      name: z.string(),
      defaultWorkingDays: z.number().nullable(),
      workingDays: z.number().nullable(),
      isOverride: z.boolean(),
    }),
  ),
});
export type TimeLimits = z.infer<typeof timeLimitsSchema>;
