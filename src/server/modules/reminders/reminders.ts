/** Reminder service rules: kinds, channels, statuses, SMS templates, quiet hours. Pure, no I/O. */
import { shanghaiTime } from '../../platform/dates';

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

export const campaignStatuses = ['queuing', 'active', 'completed', 'cancelled'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

/** A campaign moves only along these edges. */
export const campaignTransitions = {
  queuing: ['active', 'cancelled'],
  active: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
} as const satisfies Record<CampaignStatus, readonly CampaignStatus[]>;

export function canMoveCampaign(from: CampaignStatus, to: CampaignStatus): boolean {
  return (campaignTransitions[from] as readonly CampaignStatus[]).includes(to);
}

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
/** An unreachable taxpayer is tried again, up to this many calls. */
export const MAX_CALL_ATTEMPTS = 3;

export const templatePlaceholders = ['纳税人名称', '纳税人识别号', '所属期', '截止日期', '欠缴金额'] as const;

export const defaultTemplates: Record<ReminderKind, string> = {
  filing_reminder:
    '尊敬的{纳税人名称}：您{所属期}的税费申报期限截止到{截止日期}，请及时办理申报缴纳。如有疑问请拨打12366。回复TD退订',
  overdue_notice:
    '尊敬的{纳税人名称}（{纳税人识别号}）：您{所属期}的税费尚未申报或缴纳{欠缴金额}，请于{截止日期}前尽快办理，逾期将按规定加收滞纳金。咨询请拨打12366。回复TD退订',
};

/** The placeholders a template uses that are not known; empty when the template is fine. */
export function unknownPlaceholders(template: string): string[] {
  const used = [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '');
  return [...new Set(used.filter((p) => !(templatePlaceholders as readonly string[]).includes(p)))];
}

export interface TemplateValues {
  taxpayerName: string;
  taxpayerId: string;
  period: string;
  deadline: string | null;
  amountDueFen: number | null;
}

const periodText = (period: string) =>
  /^\d{4}-\d{2}$/.test(period) ? `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月` : period;
const dateText = (date: string | null) =>
  date ? `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日` : '申报期限届满';

/** The text of one SMS, with the signature in front as Chinese SMS rules require. */
export function renderSms(signature: string, template: string, v: TemplateValues): string {
  const values: Record<(typeof templatePlaceholders)[number], string> = {
    纳税人名称: v.taxpayerName,
    纳税人识别号: v.taxpayerId,
    所属期: periodText(v.period),
    截止日期: dateText(v.deadline),
    欠缴金额: v.amountDueFen === null ? '' : `${(v.amountDueFen / 100).toFixed(2)}元`,
  };
  const body = template.replace(/\{([^{}]*)\}/g, (whole, name: string) => values[name as keyof typeof values] ?? whole);
  return `${signature}${body}`;
}

/** A mainland mobile number, digits only, without +86; null when it is not one. */
export function normaliseMobile(text: string): string | null {
  const digits = text.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/** True when `instant` falls in the quiet hours (Shanghai time), which may run over midnight. */
export function isQuietHour(instant: Date, quietStart: string, quietEnd: string): boolean {
  if (quietStart === quietEnd) return false;
  const time = shanghaiTime(instant);
  return quietStart < quietEnd ? time >= quietStart && time < quietEnd : time >= quietStart || time < quietEnd;
}

/** An opt-out reply: 退订, TD, T, N, 0000 and the like, as carriers' rules list them. */
export function isOptOutReply(text: string): boolean {
  return /^\s*(td|t|n|退订|取消|0000|unsubscribe)\s*$/i.test(text);
}
