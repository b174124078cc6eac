/**
 * Contacts and transfers: the enums and their Chinese names, and the request and response schemas of
 * every route of the contacts module (contacts, transfers, inbox, surveys, follow-ups, CTI), shared by
 * the server (validation, serialisation, OpenAPI) and the web app (forms, tags, inferred types). Code
 * names follow ../../shared/glossary.md.
 */
import { z } from 'zod';
import { bodyId, date, id, instant, keysetPage, optionalText, text } from './schemas';

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

/** 处理方式 as people read it: a report or complaint handed over to its workflow was not transferred to a department. */
export function handlingNameOf(contact: { outcome: Outcome; status: string }): string {
  return contact.status === 'handed_over' ? '移交投诉举报' : outcomeNames[contact.outcome];
}

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

/** Where a web link or SMS survey request stands (`superseded`: the contact was rated another way first). */
export const surveyRequestStatuses = ['pending', 'answered', 'superseded'] as const;
export type SurveyRequestStatus = (typeof surveyRequestStatuses)[number];

/** A follow-up task of an unsatisfied rating: open until a team lead records what was done. */
export const followUpStatuses = ['open', 'done'] as const;
export type FollowUpStatus = (typeof followUpStatuses)[number];

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
export type CallDirection = (typeof callDirections)[number];
export const callEvents = [
  'newCall',
  'answer',
  'hangup',
  'queued',
  'ringing',
  'hold',
  'unhold',
  'abandon',
  'voicemail',
] as const;
export type CallEvent = (typeof callEvents)[number];
export const callEventNames = {
  newCall: '呼入/呼出',
  answer: '接听',
  hangup: '挂机',
  queued: '进入排队',
  ringing: '振铃',
  hold: '保持',
  unhold: '取消保持',
  abandon: '放弃',
  voicemail: '留言',
} as const satisfies Record<CallEvent, string>;
/** The events that may come more than once in a call, told apart by the PBX's time `at`. */
export const repeatableCallEvents: readonly CallEvent[] = ['hold', 'unhold'];
/** Where a caller hung up before reaching an agent: in the phone menu or waiting in a queue. */
export const abandonPlaces = ['ivr', 'queue'] as const;
export type AbandonPlace = (typeof abandonPlaces)[number];

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

// ---- requests ----

/** A phone number as callers give it; spaces, dashes and brackets are dropped so that lookups match. */
export const phone = z
  .string()
  .transform((v) => v.replace(/[\s\-()]/g, ''))
  .pipe(z.string().regex(/^\+?\d{3,20}$/, '电话号码须为 3–20 位数字'));

/** A satisfaction rating, by the agent or the taxpayer's web link. */
export const ratingBody = z.strictObject({
  satisfaction: z.enum(satisfactions),
  efficiency: z.number().int().min(1).max(5).optional(),
  accuracy: z.number().int().min(1).max(5).optional(),
  comment: optionalText(500),
});
/** A rating as it is sent (and, trimmed, as the server records it). */
export type Rating = z.input<typeof ratingBody>;

/** `POST /api/contacts`: the contract's registration, with the workspace's extra fields. */
export const contactBody = z.strictObject({
  channel: z.enum(channels),
  type: z.enum(contactTypes),
  callerPhone: phone,
  taxpayerId: optionalText(24),
  taxpayerName: optionalText(100),
  taxKind: optionalText(30),
  subject: text(200),
  content: text(4000),
  answer: optionalText(4000),
  outcome: z.enum(outcomes),
  departmentId: bodyId.optional(),
  transferNote: optionalText(1000),
  kbArticles: z
    .array(z.strictObject({ id: bodyId, title: text(300) }))
    .max(20)
    .optional(),
  callRecordId: bodyId.optional(),
  /** Seconds the agent has spent on the contact so far (the browser's clock is not trusted for instants). */
  handlingSeconds: z
    .number()
    .int()
    .min(0)
    .max(12 * 60 * 60)
    .optional(),
  named: z.boolean().optional(),
  reporterName: optionalText(60),
  subjectName: optionalText(200),
  complaintType: optionalText(60),
});
/** A registration as the workspace sends it (and, trimmed, as the server handles it). */
export type NewContact = z.input<typeof contactBody>;

/** The filters of the contact log, shared by the list and its export. */
export const contactLogQuery = z.strictObject({
  from: date.optional(),
  to: date.optional(),
  agentId: id.optional(),
  channel: z.enum(channels).optional(),
  type: z.enum(contactTypes).optional(),
  status: z.enum(contactStatuses).optional(),
  phone: phone.optional(),
  taxpayerId: optionalText(24),
  q: optionalText(100),
});
/** The contact log's filters, each optional. */
export type ContactLogFilters = Partial<z.infer<typeof contactLogQuery>>;

/** A keyset page's cursor and size. */
const cursorQuery = {
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
};

export const contactLogPageQuery = contactLogQuery.extend(cursorQuery);

export const callerHistoryQuery = z.strictObject({ phone: phone.optional(), taxpayerId: optionalText(24) });

export const transferContactBody = z.strictObject({ departmentId: bodyId, note: optionalText(1000) });
export const closeContactBody = z.strictObject({ answer: text(4000) });
export const callbackBody = z.strictObject({ result: z.enum(callbackResults), note: optionalText(1000) });

export const dueDaySettingsBody = z.strictObject({
  settings: z
    .array(z.strictObject({ type: z.enum(contactTypes), transferDueDays: z.number().int().min(1).max(60) }))
    .min(1)
    .max(contactTypes.length),
});

export const answerTransferBody = z.strictObject({ answer: text(4000), adoption: z.enum(adoptions).optional() });
export const returnTransferBody = z.strictObject({ reason: text(1000) });
/** A blank note is kept as sent (the forward then keeps the transfer's own note). */
export const forwardTransferBody = z.strictObject({
  departmentId: bodyId,
  note: z.string().trim().max(1000).optional(),
});
export const urgeTransferBody = z.strictObject({ note: text(500) });

export const overdueTransfersQuery = z.strictObject({
  includeDueSoon: z.enum(['true', 'false']).default('true'),
});
export const overdueRankingQuery = z.strictObject({ from: date.optional(), to: date.optional() });

/** The filters of the survey list, shared by the list and its export. */
export const surveyQuery = z.strictObject({
  from: date.optional(),
  to: date.optional(),
  satisfaction: z.enum(satisfactions).optional(),
  method: z.enum(surveyMethods).optional(),
});
export type SurveyFilters = z.infer<typeof surveyQuery>;
export const surveyPageQuery = surveyQuery.extend({
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

export const followUpQuery = z.strictObject({ status: z.enum(followUpStatuses).default('open') });
export const completeFollowUpBody = z.strictObject({ note: text(1000) });

/** The single-use token of a web survey link. */
export const surveyTokenParams = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '评价链接无效'),
});

/** A PBX field that may be left out; a blank one is kept as sent (the contract's shape). */
const pbxText = (max: number) => z.string().trim().max(max).optional();

/** `POST /api/cti/events`: the contract's CTI event. */
export const callEventBody = z
  .strictObject({
    event: z.enum(callEvents),
    callId: z.string().trim().min(1).max(128),
    from: z.string().trim().min(1).max(40),
    to: z.string().trim().min(1).max(40),
    direction: z.enum(callDirections),
    user: pbxText(64),
    queue: pbxText(64),
    cause: pbxText(128),
    recordingUrl: z
      .url({ protocol: /^https?$/ })
      .max(1000)
      .optional(),
    ivrPath: pbxText(200),
    /** The PBX's own time of the event (ISO with offset); the call-centre figures are computed from it. */
    at: z.iso.datetime({ offset: true, message: '须为带时区的 ISO 时间，如 2026-12-07T09:00:05+08:00' }).optional(),
    /** `abandon`: where the caller hung up. */
    where: z.enum(abandonPlaces).optional(),
  })
  .superRefine((body, ctx) => {
    const isOriginal = body.event === 'newCall' || body.event === 'answer' || body.event === 'hangup';
    // The events added after the first contract carry the PBX's time; the original three may omit it.
    if (!isOriginal && body.at === undefined)
      ctx.addIssue({ code: 'custom', path: ['at'], message: `${body.event} 事件须带 PBX 的事件时间 at` });
    if (body.event === 'abandon' && body.where === undefined)
      ctx.addIssue({ code: 'custom', path: ['where'], message: 'abandon 事件须说明放弃位置 where：ivr 或 queue' });
    if (body.event === 'voicemail' && body.recordingUrl === undefined)
      ctx.addIssue({ code: 'custom', path: ['recordingUrl'], message: 'voicemail 事件须带留言录音地址 recordingUrl' });
  });
export type CallEventInput = z.infer<typeof callEventBody>;

/** `POST /api/sms/inbound`: a reply the SMS gateway received. */
export const smsInboundBody = z.strictObject({
  messageId: z.string().trim().min(1).max(128),
  from: phone,
  text: z.string().trim().min(1).max(500),
});

export const integrationBody = z.strictObject({ name: text(60), kind: z.enum(integrationKinds) });

/** The filters of the call log, shared by the list and its export. */
export const callQuery = z.strictObject({
  from: date.optional(),
  to: date.optional(),
  agentId: id.optional(),
  phone: phone.optional(),
});
export type CallFilters = z.infer<typeof callQuery>;
export const callPageQuery = callQuery.extend(cursorQuery);

// ---- responses ----

/** A contact as lists show it (phone and taxpayer id masked unless it is the viewer's own). */
export const contactListItemSchema = z.object({
  id: z.number(),
  contactNo: z.string(),
  channel: z.enum(channels),
  type: z.enum(contactTypes),
  status: z.enum(contactStatuses),
  outcome: z.enum(outcomes),
  callerPhone: z.string(),
  taxpayerId: z.string().nullable(),
  taxpayerName: z.string().nullable(),
  taxKind: z.string().nullable(),
  subject: z.string(),
  agentId: z.number(),
  agentName: z.string().nullable(),
  ticketNo: z.string().nullable(),
  caseNo: z.string().nullable(),
  startedAt: instant,
  durationSeconds: z.number(),
});
export type ContactListItem = z.infer<typeof contactListItemSchema>;

export const transferSchema = z.object({
  id: z.number(),
  departmentId: z.number(),
  departmentName: z.string(),
  status: z.enum(transferStatuses),
  note: z.string().nullable(),
  dueAt: instant,
  createdAt: instant,
  createdBy: z.string().nullable(),
  answer: z.string().nullable(),
  adoption: z.enum(adoptions).nullable(),
  answeredAt: instant.nullable(),
  answeredBy: z.string().nullable(),
  returnReason: z.string().nullable(),
  returnedAt: instant.nullable(),
  returnedBy: z.string().nullable(),
  forwardedToId: z.number().nullable(),
  urgeCount: z.number(),
  /** Answered (sent back, forwarded) after its due time, or still open past it. */
  isOverdue: z.boolean(),
});
export type Transfer = z.infer<typeof transferSchema>;

/** A contact with everything about it, as the detail page shows it. */
export const contactDetailSchema = contactListItemSchema.extend({
  content: z.string(),
  answer: z.string().nullable(),
  kbArticles: z.array(z.object({ id: z.number(), title: z.string() })),
  orgUnitName: z.string(),
  caseId: z.number().nullable(),
  adoption: z.enum(adoptions).nullable(),
  callbackAttempts: z.number(),
  endedAt: instant,
  closedAt: instant.nullable(),
  /** The current transfer's due time, or the case's when the contact was just handed over. */
  dueAt: instant.nullable(),
  isMasked: z.boolean(),
  transfers: z.array(transferSchema),
  urges: z.array(
    z.object({
      id: z.number(),
      transferId: z.number(),
      kind: z.enum(urgeKinds),
      note: z.string().nullable(),
      at: instant,
      by: z.string(),
    }),
  ),
  callbacks: z.array(
    z.object({
      id: z.number(),
      result: z.enum(callbackResults),
      note: z.string().nullable(),
      at: instant,
      agentName: z.string(),
    }),
  ),
  survey: z
    .object({
      satisfaction: z.enum(satisfactions),
      efficiency: z.number().nullable(),
      accuracy: z.number().nullable(),
      comment: z.string().nullable(),
      method: z.enum(surveyMethods),
      collectedAt: instant,
    })
    .nullable(),
  call: z
    .object({
      id: z.number(),
      callId: z.string(),
      direction: z.enum(callDirections),
      queue: z.string().nullable(),
      ivrPath: z.string().nullable(),
      startedAt: instant,
      answeredAt: instant.nullable(),
      endedAt: instant.nullable(),
      durationSeconds: z.number().nullable(),
      recordingUrl: z.string().nullable(),
      cause: z.string().nullable(),
      events: z.array(z.object({ event: z.enum(callEvents), at: instant })),
    })
    .nullable(),
  history: z.array(z.object({ at: instant, actor: z.string().nullable(), action: z.string(), details: z.unknown() })),
});
export type ContactDetail = z.infer<typeof contactDetailSchema>;

export const revealedContactSchema = z.object({ callerPhone: z.string(), taxpayerId: z.string().nullable() });
export type RevealedContact = z.infer<typeof revealedContactSchema>;

/** The caller's earlier contacts and the ones still under way (首问责任制). */
export const callerHistorySchema = z.object({
  recent: z.array(contactListItemSchema.extend({ answer: z.string().nullable() })),
  open: z.array(contactListItemSchema),
});
export type CallerHistory = z.infer<typeof callerHistorySchema>;

export const contactPageSchema = keysetPage(contactListItemSchema);
export type ContactPage = z.infer<typeof contactPageSchema>;

/** An open transfer as the inbox and the transfer monitor list it, coloured by its due state. */
export const inboxTransferSchema = z.object({
  id: z.number(),
  contactId: z.number(),
  contactNo: z.string(),
  ticketNo: z.string().nullable(),
  type: z.enum(contactTypes),
  channel: z.enum(channels),
  subject: z.string(),
  taxpayerName: z.string().nullable(),
  departmentId: z.number(),
  departmentName: z.string(),
  agentName: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: instant,
  dueAt: instant,
  dueState: z.enum(dueStates),
  urgeCount: z.number(),
});
export type InboxTransfer = z.infer<typeof inboxTransferSchema>;

/** 待办事项: the department's transfers, the agent's callbacks and returned contacts, open follow-ups. */
export const inboxSchema = z.object({
  transfers: z.array(inboxTransferSchema),
  callbacks: z.array(contactListItemSchema.extend({ callbackAttempts: z.number(), since: instant })),
  returned: z.array(contactListItemSchema.extend({ since: instant })),
  openFollowUps: z.number(),
});
export type Inbox = z.infer<typeof inboxSchema>;

export const urgeResultSchema = z.object({ id: z.number(), urgeCount: z.number() });
export type UrgeResult = z.infer<typeof urgeResultSchema>;

export const rankingItemSchema = z.object({
  rank: z.number(),
  departmentId: z.number(),
  departmentName: z.string(),
  total: z.number(),
  overdue: z.number(),
  overdueOpen: z.number(),
  urges: z.number(),
  overdueRate: z.number(),
});
export type RankingItem = z.infer<typeof rankingItemSchema>;
export const overdueRankingSchema = z.object({ from: date, to: date, items: z.array(rankingItemSchema) });
export type OverdueRanking = z.infer<typeof overdueRankingSchema>;

export const dueDaySettingsSchema = z.array(
  z.object({ type: z.enum(contactTypes), name: z.string(), transferDueDays: z.number() }),
);
export type DueDaySetting = z.infer<typeof dueDaySettingsSchema>[number];

export const surveyRecordedSchema = z.object({ id: z.number() });
export type SurveyRecorded = z.infer<typeof surveyRecordedSchema>;
export const surveyLinkSchema = z.object({ token: z.string(), path: z.string(), expiresAt: instant });
export type SurveyLink = z.infer<typeof surveyLinkSchema>;
export const smsSurveySchema = z.object({ requestId: z.number(), expiresAt: instant });
export type SmsSurvey = z.infer<typeof smsSurveySchema>;

export const surveyItemSchema = z.object({
  id: z.number(),
  contactId: z.number(),
  contactNo: z.string(),
  subject: z.string(),
  type: z.enum(contactTypes),
  agentName: z.string(),
  satisfaction: z.enum(satisfactions),
  satisfactionName: z.string(),
  efficiency: z.number().nullable(),
  accuracy: z.number().nullable(),
  comment: z.string().nullable(),
  method: z.enum(surveyMethods),
  collectedAt: instant,
});

/** Surveys of a range with the counts and the rate of (basically) satisfied. */
export const surveyListSchema = z.object({
  summary: z.object({
    responses: z.number(),
    satisfied: z.number(),
    basicallySatisfied: z.number(),
    unsatisfied: z.number(),
    rate: z.number().nullable(),
  }),
  items: z.array(surveyItemSchema),
});
export type SurveyList = z.infer<typeof surveyListSchema>;

export const followUpSchema = z.object({
  id: z.number(),
  contactId: z.number(),
  contactNo: z.string(),
  subject: z.string(),
  agentName: z.string(),
  method: z.enum(surveyMethods),
  comment: z.string().nullable(),
  status: z.enum(followUpStatuses),
  note: z.string().nullable(),
  createdAt: instant,
  doneAt: instant.nullable(),
  doneBy: z.string().nullable(),
});
export type FollowUp = z.infer<typeof followUpSchema>;
export const followUpDoneSchema = z.object({ id: z.number(), status: z.literal('done') });
export type FollowUpDone = z.infer<typeof followUpDoneSchema>;

/** What the public survey page shows: no personal data, only which contact is being rated. */
export const publicSurveySchema = z.object({
  contactNo: z.string(),
  type: z.enum(contactTypes),
  date,
  state: z.enum(['pending', 'answered', 'expired']),
});
export const publicSurveyRecordedSchema = z.object({ recorded: z.boolean() });

/** The answer to a CTI event: `duplicate` when the same event of the same call came before. */
export const callEventResultSchema = z.object({
  status: z.enum(['recorded', 'duplicate']),
  callRecordId: z.number(),
});

export const smsInboundResultSchema = z.object({
  status: z.enum(['recorded', 'duplicate']),
  surveyRecorded: z.boolean(),
  reason: z.enum(['no_open_survey', 'not_a_rating', 'already_rated']).optional(),
});

export const integrationSchema = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(integrationKinds),
  tokenHint: z.string(),
  isActive: z.boolean(),
  createdAt: instant,
  createdBy: z.string().nullable(),
  revokedAt: instant.nullable(),
});
export type Integration = z.infer<typeof integrationSchema>;
export const integrationListSchema = z.object({
  defaultCtiConfigured: z.boolean(),
  items: z.array(integrationSchema),
});
export type IntegrationList = z.infer<typeof integrationListSchema>;
/** A new integration with its token, shown this once. */
export const createdIntegrationSchema = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(integrationKinds),
  token: z.string(),
});
export type CreatedIntegration = z.infer<typeof createdIntegrationSchema>;

export const extensionHolderSchema = z.object({
  userId: z.number(),
  username: z.string(),
  name: z.string(),
  extension: z.string().nullable(),
  orgUnitName: z.string(),
  isDisabled: z.boolean(),
});
export type ExtensionHolder = z.infer<typeof extensionHolderSchema>;

export const callItemSchema = z.object({
  id: z.number(),
  callId: z.string(),
  from: z.string(),
  to: z.string(),
  direction: z.enum(callDirections),
  agentId: z.number().nullable(),
  agentName: z.string().nullable(),
  agentExtension: z.string().nullable(),
  queue: z.string().nullable(),
  ivrPath: z.string().nullable(),
  cause: z.string().nullable(),
  recordingUrl: z.string().nullable(),
  startedAt: instant,
  answeredAt: instant.nullable(),
  endedAt: instant.nullable(),
  durationSeconds: z.number().nullable(),
  contactId: z.number().nullable(),
  contactNo: z.string().nullable(),
});
export type CallItem = z.infer<typeof callItemSchema>;
export const callPageSchema = keysetPage(callItemSchema);
export type CallPage = z.infer<typeof callPageSchema>;

/** What the server pushes (`call.incoming`) when a call is offered to this agent. */
export const incomingCallSchema = z.object({
  callRecordId: z.number(),
  callId: z.string(),
  from: z.string(),
  to: z.string(),
  queue: z.string().nullable(),
  ivrPath: z.string().nullable(),
  at: instant,
});
export type IncomingCall = z.infer<typeof incomingCallSchema>;
