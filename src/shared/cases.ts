/**
 * Complaints and reports (投诉举报): the enums of the workflow and their Chinese names, and the
 * catalogue of action fields with their zod rules, shared by the server (validation) and the web app
 * (forms, the process diagram). Code names follow ../../shared/glossary.md.
 */
import { z } from 'zod';

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
export const caseEventKinds = ['register', 'claim', 'release', 'reassign', 'reveal_reporter', 'attach'] as const;
export type CaseEventKind = (typeof caseEventKinds)[number];
export const caseEventNames = {
  register: '登记',
  claim: '签收',
  release: '退回待办',
  reassign: '改派',
  reveal_reporter: '查看举报人信息',
  attach: '上传附件',
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

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (value: string) => {
  if (!isoDate.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
};

const text = (max: number) => z.string().trim().min(1, '不能为空').max(max, `不能超过 ${max} 个字`);
const date = z.string().refine(isRealDate, '须为有效日期，格式 YYYY-MM-DD');

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
  orgUnitId: { label: '转往税务机关', schema: z.number().int().positive() },
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
