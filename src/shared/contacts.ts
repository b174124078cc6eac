/**
 * Contacts and transfers: the enums and their Chinese names, shared by the server (validation) and the
 * web app (forms, tags). Code names follow ../../shared/glossary.md.
 */

export const channels = ['phone', 'walk_in', 'web', 'sms', 'fax', 'other'] as const;
export type Channel = (typeof channels)[number];
export const channelNames = {
  phone: '来电',
  walk_in: '现场',
  web: '网站',
  sms: '短信',
  fax: '传真',
  other: '其他',
} as const satisfies Record<Channel, string>;

export const contactTypes = ['consult', 'report', 'complaint', 'suggestion', 'review_request'] as const;
export type ContactType = (typeof contactTypes)[number];
export const contactTypeNames = {
  consult: '咨询',
  report: '举报',
  complaint: '投诉',
  suggestion: '意见建议',
  review_request: '行政复议口头申请',
} as const satisfies Record<ContactType, string>;

/** What the agent did with the contact at registration (the contract's `outcome`). */
export const outcomes = ['answered', 'transfer'] as const;
export type Outcome = (typeof outcomes)[number];
export const outcomeNames = { answered: '当场答复', transfer: '转办' } as const satisfies Record<Outcome, string>;

/**
 * Where a contact stands. `handed_over`: a report or complaint now lives in the complaints-and-reports
 * workflow; `returned`: the department sent the transfer back and the agent decides again.
 */
export const contactStatuses = ['closed', 'transferred', 'returned', 'awaiting_callback', 'handed_over'] as const;
export type ContactStatus = (typeof contactStatuses)[number];
export const contactStatusNames = {
  closed: '已办结',
  transferred: '转办中',
  returned: '已退回',
  awaiting_callback: '待回访',
  handed_over: '已移交投诉举报',
} as const satisfies Record<ContactStatus, string>;

export const transferStatuses = ['open', 'answered', 'returned', 'forwarded'] as const;
export type TransferStatus = (typeof transferStatuses)[number];
export const transferStatusNames = {
  open: '待答复',
  answered: '已答复',
  returned: '已退回',
  forwarded: '已转其他处室',
} as const satisfies Record<TransferStatus, string>;

/** How close an open transfer is to its due time: the colours of the inbox. */
export const dueStates = ['on_time', 'due_soon', 'overdue'] as const;
export type DueState = (typeof dueStates)[number];
export const dueStateNames = { on_time: '未到期', due_soon: '即将到期', overdue: '已超期' } as const satisfies Record<
  DueState,
  string
>;

export const urgeKinds = ['due_soon', 'overdue', 'manual'] as const;
export type UrgeKind = (typeof urgeKinds)[number];
export const urgeKindNames = {
  due_soon: '到期提醒',
  overdue: '超期通知',
  manual: '人工催办',
} as const satisfies Record<UrgeKind, string>;

export const callbackResults = ['reached', 'not_reached', 'closed'] as const;
export type CallbackResult = (typeof callbackResults)[number];
export const callbackResultNames = {
  reached: '已联系上',
  not_reached: '未联系上',
  closed: '结束回访',
} as const satisfies Record<CallbackResult, string>;

export const adoptions = ['adopted', 'partly_adopted', 'not_adopted'] as const;
export type Adoption = (typeof adoptions)[number];
export const adoptionNames = {
  adopted: '采纳',
  partly_adopted: '部分采纳',
  not_adopted: '不采纳',
} as const satisfies Record<Adoption, string>;

export const satisfactions = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof satisfactions)[number];
export const satisfactionNames = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
} as const satisfies Record<Satisfaction, string>;
/** The key a caller presses (IVR) or replies (SMS) for each rating. */
export const satisfactionKeys = { '1': 'satisfied', '2': 'basically_satisfied', '3': 'unsatisfied' } as const;

export const surveyMethods = ['ivr', 'sms', 'web', 'agent'] as const;
export type SurveyMethod = (typeof surveyMethods)[number];
export const surveyMethodNames = {
  ivr: '语音按键',
  sms: '短信回复',
  web: '网页评价',
  agent: '坐席录入',
} as const satisfies Record<SurveyMethod, string>;

/** Efficiency and accuracy are scored 1 (poor) to 5 (excellent). */
export const scoreNames = { 1: '很差', 2: '较差', 3: '一般', 4: '较好', 5: '很好' } as const;

export const callDirections = ['in', 'out'] as const;
export const callEvents = ['newCall', 'answer', 'hangup'] as const;
export type CallEvent = (typeof callEvents)[number];

export const integrationKinds = ['cti', 'sms'] as const;
export type IntegrationKind = (typeof integrationKinds)[number];
export const integrationKindNames = { cti: '电话交换机（CTI）', sms: '短信网关回复' } as const satisfies Record<
  IntegrationKind,
  string
>;

/** The tax kinds an agent picks from (glossary: tax kind); free text is allowed too. */
export const taxKinds = [
  '增值税',
  '消费税',
  '企业所得税',
  '个人所得税',
  '印花税',
  '房产税',
  '城镇土地使用税',
  '土地增值税',
  '契税',
  '车辆购置税',
  '车船税',
  '资源税',
  '环境保护税',
  '城市维护建设税',
  '教育费附加',
  '社会保险费',
  '发票',
  '纳税信用',
  '其他',
] as const;
