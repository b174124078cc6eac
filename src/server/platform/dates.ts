/**
 * Dates in Asia/Shanghai, whatever the server's TZ. China has kept UTC+8 without daylight saving
 * since 1991, so a fixed offset is exact for every date taxline handles.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

export { isValidDate } from '../../shared/schemas';

/** The calendar date (YYYY-MM-DD) of an instant in Shanghai. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The time of day (HH:mm) of an instant in Shanghai. */
export function shanghaiTime(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(11, 16);
}

/** The instant of 00:00 Shanghai time on a date. */
export function shanghaiMidnight(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

/** An instant as ISO-8601 with the +08:00 offset, the form the API shows people. */
export function toShanghaiIso(instant: Date): string {
  return `${new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
