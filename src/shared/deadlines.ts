/**
 * One way to write a deadline everywhere people read one: pages, exports, notifications, SMS.
 *
 * A working-day limit ends at 24:00 of its last day, which is stored as 00:00 of the next day. Written
 * as "2026-12-09 00:00" people read the wrong day, so a deadline at midnight is written as the end of the
 * day before: "2026-12-08 24:00", or in words "12月8日（周二）当日24:00前". Shanghai time (UTC+8 without
 * daylight saving since 1991) whatever the time zone of the computer.
 */

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const weekdayNames = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const;

interface DeadlineParts {
  /** The deadline's last day, YYYY-MM-DD. */
  date: string;
  /** HH:mm; "24:00" for the end of the day. */
  time: string;
  /** 周一 … 周日 of that day. */
  weekday: string;
}

/** The last day and time of a deadline (an ISO-8601 instant or a Date), Shanghai time; null when there is none or it is not a time. */
export function deadlineParts(instant: string | Date | null | undefined): DeadlineParts | null {
  if (instant === null || instant === undefined || instant === '') return null;
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) return null;
  const local = new Date(ms + SHANGHAI_OFFSET_MS);
  const atMidnight = local.getUTCHours() === 0 && local.getUTCMinutes() === 0 && local.getUTCSeconds() === 0;
  const day = atMidnight ? new Date(local.getTime() - 1) : local;
  return {
    date: day.toISOString().slice(0, 10),
    time: atMidnight ? '24:00' : local.toISOString().slice(11, 16),
    weekday: weekdayNames[day.getUTCDay()] ?? '',
  };
}

/** A deadline for tables and exports: "2026-12-08 24:00" (the end of 8 December); "—" when there is none. */
export function formatDeadline(instant: string | Date | null | undefined): string {
  const parts = deadlineParts(instant);
  return parts ? `${parts.date} ${parts.time}` : '—';
}

/**
 * A deadline in words, for notifications, SMS and the places people read a sentence:
 * "12月8日（周二）当日24:00前", or "12月8日（周二）17:30前" for a deadline within a day.
 * `withYear` writes the year too ("2026年12月8日（周二）…"); "—" when there is none.
 */
export function formatDeadlineInWords(
  instant: string | Date | null | undefined,
  options: { withYear?: boolean } = {},
): string {
  const parts = deadlineParts(instant);
  if (!parts) return '—';
  const [year, month, day] = parts.date.split('-');
  const date = `${options.withYear ? `${year}年` : ''}${Number(month)}月${Number(day)}日（${parts.weekday}）`;
  return parts.time === '24:00' ? `${date}当日24:00前` : `${date}${parts.time}前`;
}

/**
 * A last day (YYYY-MM-DD) that runs to its end, in words for SMS templates: "2026年12月15日（周二）24:00",
 * so that "截止到…" and "请于…前" both name the day itself.
 */
export function formatLastDayInWords(date: string): string {
  const parts = deadlineParts(new Date(Date.parse(`${date}T00:00:00+08:00`) + 24 * 60 * 60 * 1000));
  if (!parts) return '—';
  const [year, month, day] = parts.date.split('-');
  return `${year}年${Number(month)}月${Number(day)}日（${parts.weekday}）24:00`;
}
