import dayjs from 'dayjs';
import { formatDateTime, SHANGHAI } from '../../dates';

/**
 * A due time as people read it: a deadline at 00:00 is the end of the day before, so it shows as
 * "2026-12-18 24:00" rather than "2026-12-19 00:00:00".
 */
export function formatDeadline(instant: string | null): string {
  if (!instant) return '—';
  const t = dayjs(instant).tz(SHANGHAI);
  if (t.hour() === 0 && t.minute() === 0 && t.second() === 0)
    return `${t.subtract(1, 'day').format('YYYY-MM-DD')} 24:00`;
  return t.format('YYYY-MM-DD HH:mm');
}

/** An instant as `YYYY-MM-DD HH:mm` Shanghai time. */
export function formatMinute(instant: string | null): string {
  return instant ? formatDateTime(instant).slice(0, 16) : '—';
}
