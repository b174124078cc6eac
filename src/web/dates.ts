/**
 * Dates as the hotline centre sees them: Chinese locale, and times shown in Asia/Shanghai
 * whatever the time zone of the office PC.
 */
import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);
dayjs.locale('zh-cn');

export const SHANGHAI = 'Asia/Shanghai';
export const DATE_FORMAT = 'YYYY-MM-DD';
export const TIME_FORMAT = 'HH:mm';

/** Today's date in Shanghai, as the server counts working days. */
export function todayInShanghai(): string {
  return dayjs().tz(SHANGHAI).format(DATE_FORMAT);
}

/** An instant (ISO-8601) as `YYYY-MM-DD HH:mm:ss` Shanghai time. */
export function formatDateTime(instant: string): string {
  return dayjs(instant).tz(SHANGHAI).format('YYYY-MM-DD HH:mm:ss');
}

/** A date (YYYY-MM-DD) in words, e.g. 2026年11月27日 星期五. */
export function formatLongDate(date: string): string {
  return dayjs(date, DATE_FORMAT).format('YYYY年M月D日 dddd');
}

export function toDateString(value: Dayjs): string {
  return value.format(DATE_FORMAT);
}

/** A time of day written HH:mm, as a Dayjs for the time pickers. */
export function parseTimeOfDay(value: string): Dayjs {
  return dayjs(value, TIME_FORMAT);
}
