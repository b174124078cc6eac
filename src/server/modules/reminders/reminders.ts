/**
 * Reminder service rules: the campaign's transitions, SMS rendering, phone numbers, quiet hours. Pure,
 * no I/O. The kinds, channels, statuses and templates are in src/shared/reminders.ts.
 */
import { formatLastDayInWords } from '../../../shared/deadlines';
import { type CampaignStatus, templatePlaceholders } from '../../../shared/reminders';
import { shanghaiTime } from '../../platform/dates';

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

/** An unreachable taxpayer is tried again, up to this many calls. */
export const MAX_CALL_ATTEMPTS = 3;

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
const dateText = (date: string | null) => (date ? formatLastDayInWords(date) : '申报期限届满');

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
