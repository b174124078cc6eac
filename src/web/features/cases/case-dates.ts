import { formatDateTime } from '../../dates';

/** A due time as people read it (the end of a working day is "2026-12-18 24:00"): the one shared rule. */
export { formatDeadline } from '../../../shared/deadlines';

/** An instant as `YYYY-MM-DD HH:mm` Shanghai time. */
export function formatMinute(instant: string | null): string {
  return instant ? formatDateTime(instant).slice(0, 16) : '—';
}
