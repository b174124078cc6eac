import chineseDays from 'chinese-days';
import type { CalendarDay, DayKind, ServicePeriod } from '../../../shared/calendar';
import { addDays, dayOfWeek, shanghaiDate, shanghaiMidnight, shanghaiTime } from '../dates';

export interface CalendarOverride {
  date: string;
  isWorkingDay: boolean;
  name: string;
  note: string | null;
}

/** One date of the calendar, as the API answers it. */
export type DayInfo = CalendarDay;
export type { DayKind, ServicePeriod };

export const defaultServiceHours: ServicePeriod[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

const isWeekend = (date: string) => {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
};

/** The State Council schedule for a date, as the `chinese-days` package holds it (holidays and 调休). */
export function statutoryDay(date: string): Omit<DayInfo, 'isOverride'> {
  const detail = chineseDays.getDayDetail(date);
  // Holiday and make-up entries are named "English,中文,days"; plain days carry the English weekday.
  const parts = detail.name.split(',');
  const festival = parts.length >= 2 ? parts[1] : undefined;
  if (detail.work) {
    return isWeekend(date)
      ? { date, isWorkingDay: true, kind: 'makeup_workday', ...(festival ? { name: `${festival}调休` } : {}) }
      : { date, isWorkingDay: true, kind: 'workday' };
  }
  if (festival) return { date, isWorkingDay: false, kind: 'holiday', name: festival };
  return { date, isWorkingDay: false, kind: isWeekend(date) ? 'weekend' : 'holiday' };
}

/**
 * Working days: the statutory schedule with the centre's own overrides on top
 * (a local closure, or next year's schedule before the package has it).
 */
export class WorkingDayCalendar {
  constructor(private readonly overrides: ReadonlyMap<string, CalendarOverride> = new Map()) {}

  day(date: string): DayInfo {
    const override = this.overrides.get(date);
    if (!override) return { ...statutoryDay(date), isOverride: false };
    const kind: DayKind = override.isWorkingDay ? (isWeekend(date) ? 'makeup_workday' : 'workday') : 'holiday';
    return {
      date,
      isWorkingDay: override.isWorkingDay,
      kind,
      name: override.name,
      isOverride: true,
      ...(override.note ? { note: override.note } : {}),
    };
  }

  isWorkingDay(date: string): boolean {
    return this.day(date).isWorkingDay;
  }

  /** The Nth working day after `from` (`from` itself is not counted); N = 0 gives `from`. */
  addWorkingDays(from: string, days: number): string {
    let date = from;
    for (let left = days; left > 0; ) {
      date = addDays(date, 1);
      if (this.isWorkingDay(date)) left -= 1;
    }
    return date;
  }

  /**
   * The end of an N-working-day limit whose clock starts at `start`: 24:00 Shanghai time of the
   * Nth working day after the day of `start` (that day itself is not counted).
   */
  deadline(start: Date, workingDays: number): Date {
    const lastDay = this.addWorkingDays(shanghaiDate(start), workingDays);
    return shanghaiMidnight(addDays(lastDay, 1));
  }

  /** True when agents are on duty at `instant`: a working day, inside one of the service periods. */
  isWithinServiceHours(instant: Date, periods: readonly ServicePeriod[]): boolean {
    if (!this.isWorkingDay(shanghaiDate(instant))) return false;
    const time = shanghaiTime(instant);
    return periods.some((p) => time >= p.start && time < p.end);
  }
}
