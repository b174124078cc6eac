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

const coveredYears = new Map<number, boolean>();

/**
 * True when the `chinese-days` package holds the State Council's holiday and 调休 schedule for the
 * year (it names New Year's Day as a holiday in every year it covers; 1.5.7 covers up to 2026).
 */
export function isPackageScheduleKnown(year: number): boolean {
  let known = coveredYears.get(year);
  if (known === undefined) {
    known = chineseDays.getDayDetail(`${year}-01-01`).name.includes(',');
    coveredYears.set(year, known);
  }
  return known;
}

const festivalsByYear = new Map<number, ReadonlyMap<string, string>>();

/**
 * The statutory holidays (全体公民放假的节日) of 《全国年节及纪念日放假办法》 (国务院令第795号, in force
 * from 2025-01-01, 第二条): 元旦 1 January; 春节 除夕 and the first three days of the first lunar month;
 * 清明节 the day of the 清明 solar term; 劳动节 1–2 May; 端午节 the 5th of the fifth lunar month;
 * 中秋节 the 15th of the eighth; 国庆节 1–3 October. These are holidays whatever the State Council's
 * yearly 调休 arrangement later adds, so a year the package does not cover still skips them.
 */
export function statutoryFestivals(year: number): ReadonlyMap<string, string> {
  let festivals = festivalsByYear.get(year);
  if (!festivals) {
    const lunar = (monthDay: string) => chineseDays.getSolarDateFromLunar(`${year}-${monthDay}`).date;
    const springFestival = lunar('01-01');
    const qingming = chineseDays.getSolarTerms(`${year}-04-01`, `${year}-04-10`).find((t) => t.name === '清明');
    const entries: [string, string][] = [
      [`${year}-01-01`, '元旦'],
      [addDays(springFestival, -1), '春节'],
      [springFestival, '春节'],
      [addDays(springFestival, 1), '春节'],
      [addDays(springFestival, 2), '春节'],
      ...(qingming ? [[qingming.date, '清明节'] as [string, string]] : []),
      [`${year}-05-01`, '劳动节'],
      [`${year}-05-02`, '劳动节'],
      [lunar('05-05'), '端午节'],
      [lunar('08-15'), '中秋节'],
      [`${year}-10-01`, '国庆节'],
      [`${year}-10-02`, '国庆节'],
      [`${year}-10-03`, '国庆节'],
    ];
    festivals = new Map(entries);
    festivalsByYear.set(year, festivals);
  }
  return festivals;
}

/** What a date of a year without the State Council's schedule says about itself. */
export const provisionalHolidayNote =
  '按《全国年节及纪念日放假办法》推定的法定节日；国务院调休安排公布后请在工作日历录入';

/**
 * The State Council schedule for a date, as the `chinese-days` package holds it (holidays and 调休);
 * for a year the package does not cover yet, the statutory holidays of the 放假办法 on top of weekends.
 */
export function statutoryDay(date: string): Omit<DayInfo, 'isOverride'> {
  const year = Number(date.slice(0, 4));
  if (!isPackageScheduleKnown(year)) {
    const festival = statutoryFestivals(year).get(date);
    if (festival) return { date, isWorkingDay: false, kind: 'holiday', name: festival, note: provisionalHolidayNote };
  }
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

  /**
   * True when the year's State Council schedule (holidays and 调休) is known: the package has it, or an
   * administrator has entered it (New Year's Day set as a day off). Otherwise the calendar knows only
   * the statutory holidays and weekends, and deadlines may still move when the schedule is published.
   */
  isScheduleKnown(year: number): boolean {
    return isPackageScheduleKnown(year) || this.overrides.get(`${year}-01-01`)?.isWorkingDay === false;
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
