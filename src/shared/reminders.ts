/**
 * The reminder service (提醒服务): its kinds, channels and statuses, and the request and response
 * schemas of its routes, shared by the server and the web page.
 */
import { z } from 'zod';
import { date, id, instant } from './schemas';

export const reminderKinds = ['filing_reminder', 'overdue_notice'] as const;
export type ReminderKind = (typeof reminderKinds)[number];
export const reminderKindNames: Record<ReminderKind, string> = {
  filing_reminder: '申报提醒',
  overdue_notice: '催报催缴',
};

export const reminderChannels = ['sms', 'callback'] as const;
export type ReminderChannel = (typeof reminderChannels)[number];
export const reminderChannelNames: Record<ReminderChannel, string> = { sms: '短信', callback: '坐席回访' };

export const listSegments = ['unfiled', 'unpaid', 'segment'] as const;
export type ListSegment = (typeof listSegments)[number];
export const listSegmentNames: Record<ListSegment, string> = {
  unfiled: '未申报户',
  unpaid: '未缴款户',
  segment: '指定纳税人群体',
};

/** A reminder list is `importing` until its file is read; only a `ready` one can be used. */
export const reminderListStatuses = ['importing', 'ready', 'failed'] as const;
export type ReminderListStatus = (typeof reminderListStatuses)[number];

export const campaignStatuses = ['queuing', 'active', 'completed', 'cancelled'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

export const smsStatuses = ['queued', 'sending', 'sent', 'delivered', 'failed', 'opted_out', 'cancelled'] as const;
export type SmsStatus = (typeof smsStatuses)[number];
export const smsStatusNames: Record<SmsStatus, string> = {
  queued: '排队中',
  sending: '发送中',
  sent: '已提交网关',
  delivered: '已送达',
  failed: '发送失败',
  opted_out: '已退订',
  cancelled: '已取消',
};

export const callbackResults = ['reached', 'filed', 'refused', 'wrong_number', 'unreachable'] as const;
export type CallbackResult = (typeof callbackResults)[number];
export const callbackResultNames: Record<CallbackResult, string> = {
  reached: '已联系',
  filed: '已申报缴款',
  refused: '拒绝',
  wrong_number: '号码错误',
  unreachable: '无法接通',
};

/** An agent's callback task: `pending` until a final result, `cancelled` with its campaign. */
export const callbackTaskStatuses = ['pending', 'done', 'cancelled'] as const;
export type CallbackTaskStatus = (typeof callbackTaskStatuses)[number];

/** Where SMS go: a file beside the database (demo), the server's log, or an HTTP gateway. */
export const smsGateways = ['file', 'console', 'http'] as const;
export type SmsGatewayKind = (typeof smsGateways)[number];

export const templatePlaceholders = ['纳税人名称', '纳税人识别号', '所属期', '截止日期', '欠缴金额'] as const;

export const defaultTemplates: Record<ReminderKind, string> = {
  filing_reminder:
    '尊敬的{纳税人名称}：您{所属期}的税费申报期限截止到{截止日期}，请及时办理申报缴纳。如有疑问请拨打12366。回复TD退订',
  overdue_notice:
    '尊敬的{纳税人名称}（{纳税人识别号}）：您{所属期}的税费尚未申报或缴纳{欠缴金额}，请于{截止日期}前尽快办理，逾期将按规定加收滞纳金。咨询请拨打12366。回复TD退订',
};

// ---- requests ----

/** A time of day, HH:mm (Shanghai). */
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '须为 HH:mm 格式的时间');

/** The tax period a reminder is about, YYYY-MM. */
const reminderPeriod = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '所属期须写作 YYYY-MM');

/** A note: blank or missing is stored as no note (`null`). */
const noteOrNull = z
  .string()
  .trim()
  .max(300)
  .optional()
  .transform((v) => v || null);

/** The multipart fields of a list import (beside the file). */
export const reminderListFieldsSchema = z.object({
  name: z.string().trim().min(1, '请填写名单名称').max(60),
  segment: z.enum(listSegments, { error: '名单类型须为 未申报户、未缴款户 或 指定群体' }),
});
export type ReminderListFields = z.infer<typeof reminderListFieldsSchema>;

export const createCampaignSchema = z.strictObject({
  name: z.string().trim().min(1).max(60),
  kind: z.enum(reminderKinds),
  channel: z.enum(reminderChannels),
  listId: id,
  period: reminderPeriod,
  deadline: date.optional(),
  template: z.string().trim().max(300).optional(),
  agentIds: z.array(id).max(200).optional(),
});
export type CreateCampaignInput = z.infer<typeof createCampaignSchema>;

/** What a campaign's recipients can be filtered by: an SMS status, a callback result or a task status. */
export const recipientStatuses = [...smsStatuses, ...callbackResults, 'pending', 'done', 'cancelled'] as const;
export type RecipientStatus = (typeof recipientStatuses)[number];
export const isRecipientStatus = (value: string): value is RecipientStatus =>
  (recipientStatuses as readonly string[]).includes(value);

/** The filter of a campaign's recipients, shared by the list and its export. */
export const recipientQuerySchema = z.strictObject({ status: z.enum(recipientStatuses).optional() });

export type RecipientFilter = z.infer<typeof recipientQuerySchema>;

export const recipientPageQuerySchema = recipientQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

export const myTasksQuerySchema = z.strictObject({ status: z.enum(['pending', 'done']).default('pending') });

export const callResultSchema = z.strictObject({ result: z.enum(callbackResults), note: noteOrNull });

/**
 * The file gateway's file: a name inside each server instance's data directory, never a path, so an
 * administrator cannot make the server write anywhere else on the host.
 */
export const smsGatewayFileName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.jsonl$/, '须为数据目录中的文件名（如 sms-gateway.jsonl），不能含路径');

export const smsSettingsPatchSchema = z.strictObject({
  gateway: z.enum(smsGateways).optional(),
  filePath: smsGatewayFileName.optional(),
  httpUrl: z.string().trim().max(500).nullable().optional(),
  httpBodyTemplate: z.string().max(2000).optional(),
  httpToken: z.string().max(500).nullable().optional(),
  callbackToken: z.string().min(16, '回执令牌至少 16 个字符').max(200).nullable().optional(),
  signature: z.string().trim().min(2).max(20).optional(),
  ratePerSecond: z.number().int().min(1).max(20_000).optional(),
  quietStart: clockTime.optional(),
  quietEnd: clockTime.optional(),
  maxAttempts: z.number().int().min(1).max(20).optional(),
});

export const optOutQuerySchema = z.strictObject({ phone: z.string().trim().max(20).optional() });

export const optOutBodySchema = z.strictObject({ phone: z.string().trim().min(1).max(20), note: noteOrNull });

export const optOutParamsSchema = z.strictObject({ phone: z.string().max(20) });

/** The gateway's delivery reports: `sms-<id>` delivered or failed at the handset. */
export const deliveryReportsSchema = z.strictObject({
  reports: z
    .array(
      z.object({
        messageId: z.string().max(40),
        status: z.enum(['delivered', 'failed']),
        error: z.string().max(300).optional(),
      }),
    )
    .min(1)
    .max(1000),
});

/** A reply from a handset. */
export const smsReplySchema = z.object({ phone: z.string().max(20), text: z.string().max(500) });

// ---- responses ----

const rowErrorSchema = z.object({ line: z.number(), error: z.string() });

/** What a list import did: the rows loaded, and the first refused rows with their line and reason. */
export const reminderListImportSchema = z.object({
  listId: z.number(),
  status: z.enum(reminderListStatuses),
  totalRows: z.number(),
  loaded: z.number(),
  failed: z.number(),
  errors: z.array(rowErrorSchema),
});
export type ReminderListImport = z.infer<typeof reminderListImportSchema>;

export const reminderListSchema = z.object({
  id: z.number(),
  name: z.string(),
  segment: z.enum(listSegments),
  segmentName: z.string(),
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  status: z.enum(reminderListStatuses),
  fileName: z.string(),
  totalRows: z.number(),
  loadedRows: z.number(),
  failedRows: z.number(),
  createdByName: z.string().nullable(),
  createdAt: instant,
  finishedAt: instant.nullable(),
});
export type ReminderList = z.infer<typeof reminderListSchema>;

/** A list with the first bad rows of its file. */
export const reminderListDetailSchema = reminderListSchema.extend({ errors: z.array(rowErrorSchema) });

/** The SMS templates, their placeholders and the deadline a new campaign suggests. */
export const reminderDefaultsSchema = z.object({
  templates: z.object({ filing_reminder: z.string(), overdue_notice: z.string() } satisfies Record<
    ReminderKind,
    unknown
  >),
  placeholders: z.array(z.string()),
  suggestedDeadline: z.string(),
});
export type ReminderDefaults = z.infer<typeof reminderDefaultsSchema>;

/** An agent who may be given callback tasks. */
export const callbackAgentSchema = z.object({
  id: z.number(),
  name: z.string(),
  username: z.string(),
  extension: z.string().nullable(),
  orgUnitName: z.string(),
});
export type CallbackAgent = z.infer<typeof callbackAgentSchema>;

export const campaignSchema = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(reminderKinds),
  kindName: z.string(),
  channel: z.enum(reminderChannels),
  channelName: z.string(),
  listId: z.number(),
  listName: z.string(),
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  period: z.string(),
  deadline: z.string().nullable(),
  template: z.string(),
  status: z.enum(campaignStatuses),
  total: z.number(),
  queued: z.number(),
  skippedOptOut: z.number(),
  skippedDuplicate: z.number(),
  createdByName: z.string().nullable(),
  createdAt: instant,
  startedAt: instant.nullable(),
  completedAt: instant.nullable(),
});
export type Campaign = z.infer<typeof campaignSchema>;

const namedCount = z.object({ name: z.string(), count: z.number() });

/** A campaign with its progress: SMS by status, or callback tasks by result and by agent. */
export const campaignDetailSchema = campaignSchema.extend({
  progress: z.object({
    done: z.number(),
    total: z.number(),
    /** SMS campaigns. */
    byStatus: z.record(z.string(), namedCount).optional(),
    /** Callback campaigns. */
    byResult: z.record(z.string(), namedCount).optional(),
    byAgent: z
      .array(z.object({ agentId: z.number(), agentName: z.string(), pending: z.number(), done: z.number() }))
      .optional(),
  }),
});
export type CampaignDetail = z.infer<typeof campaignDetailSchema>;

/** A recipient of a campaign (phone masked): an SMS and its delivery, or a callback task and its result. */
export const recipientSchema = z.object({
  id: z.number(),
  taxpayerId: z.string(),
  taxpayerName: z.string(),
  phone: z.string(),
  status: z.union([z.enum(smsStatuses), z.enum(callbackTaskStatuses)]),
  attempts: z.number(),
  /** SMS: the status's name, the times and the gateway's error. */
  statusName: z.string().optional(),
  sentAt: instant.nullable().optional(),
  deliveredAt: instant.nullable().optional(),
  lastError: z.string().nullable().optional(),
  /** Callback: the agent, the result and the note. */
  agentName: z.string().optional(),
  result: z.enum(callbackResults).nullable().optional(),
  resultName: z.string().nullable().optional(),
  note: z.string().nullable().optional(),
  doneAt: instant.nullable().optional(),
});
export type Recipient = z.infer<typeof recipientSchema>;

export const recipientPageSchema = z.object({ total: z.number(), items: z.array(recipientSchema) });

/** One of the caller's callback tasks, with the full phone number to call. */
export const callbackTaskSchema = z.object({
  id: z.number(),
  campaignId: z.number(),
  campaignName: z.string(),
  kind: z.enum(reminderKinds),
  kindName: z.string(),
  period: z.string(),
  deadline: z.string().nullable(),
  script: z.string(),
  taxpayerId: z.string(),
  taxpayerName: z.string(),
  phone: z.string(),
  amountDueFen: z.number().nullable(),
  status: z.enum(callbackTaskStatuses),
  result: z.enum(callbackResults).nullable(),
  resultName: z.string().nullable(),
  note: z.string().nullable(),
  attempts: z.number(),
  updatedAt: instant,
});
export type CallbackTask = z.infer<typeof callbackTaskSchema>;

export const callResultRecordedSchema = z.object({
  id: z.number(),
  status: z.enum(callbackTaskStatuses),
  result: z.enum(callbackResults),
  resultName: z.string(),
  attempts: z.number(),
});

/** The SMS settings as the API shows them: secrets replaced by whether they are set. */
export const smsSettingsViewSchema = z.object({
  gateway: z.enum(smsGateways),
  filePath: z.string(),
  httpUrl: z.string().nullable(),
  httpBodyTemplate: z.string(),
  signature: z.string(),
  ratePerSecond: z.number(),
  quietStart: z.string(),
  quietEnd: z.string(),
  maxAttempts: z.number(),
  hasHttpToken: z.boolean(),
  hasCallbackToken: z.boolean(),
});
export type SmsSettingsView = z.infer<typeof smsSettingsViewSchema>;

export const optOutSchema = z.object({
  phone: z.string(),
  /** `manual` (entered on the page) or `sms_reply` (an opt-out word replied). */
  source: z.string(),
  note: z.string().nullable(),
  createdAt: instant,
});
export type OptOut = z.infer<typeof optOutSchema>;

export const optOutAddedSchema = z.object({ phone: z.string() });

export const deliveryReportsResultSchema = z.object({ updated: z.number(), unknown: z.number() });

export const smsReplyResultSchema = z.object({ optedOut: z.boolean() });
