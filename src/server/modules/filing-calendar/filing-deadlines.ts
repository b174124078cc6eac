/**
 * Filing deadlines (征期) by the rule of 《税收征收管理法实施细则》第一百零九条: "期限的最后一日是法定休假日的，
 * 以休假日期满的次日为期限的最后一日；在期限内有连续3日以上法定休假日的，按休假日天数顺延。"
 *
 * As the State Taxation Administration applies it to the monthly period (the 1st to the 15th):
 * every run of 3 or more consecutive days off that lies inside the period (days of the run outside
 * the period do not count) extends the deadline by as many working days as the run has days, counted
 * from the 15th; with no such run, a 15th that is a day off moves to the next working day. This
 * reproduces every deadline the STA announced for 2024 and 2025 (e.g. 2024-02-23, 2024-06-19,
 * 2024-09-18, 2024-10-24, 2025-10-27). The STA's annual notice wins where it differs: an override.
 */

import { type FilingKind, filingKinds } from '../../../shared/filing-calendar';
import type { WorkingDayCalendar } from '../../platform/calendar/working-days';
import { addDays, daysBetween } from '../../platform/dates';

export { type FilingKind, filingKinds };

export const filingKindNames: Record<FilingKind, string> = {
  monthly: '月度（季度）申报',
  cit_annual: '企业所得税年度汇算清缴',
  iit_annual: '个人所得税综合所得年度汇算',
};

/** A run of consecutive days off, clipped to the filing period. */
export interface HolidayRun {
  from: string;
  to: string;
  days: number;
  /** The holiday's name, when the calendar names one of its days. */
  name?: string;
}

export interface ComputedDeadline {
  periodKey: string;
  kind: FilingKind;
  year: number;
  /** 1–12 for monthly deadlines; the month the period ends in for annual ones. */
  month: number;
  /** Quarterly filers file in the months after a quarter: January, April, July, October. */
  isQuarterMonth: boolean;
  periodStart: string;
  statutoryLastDay: string;
  /** Runs of 3+ days off inside the period (monthly deadlines only). */
  holidayRuns: HolidayRun[];
  extensionDays: number;
  deadline: string;
  /** Why the deadline is where it is, for the agent to read out. */
  reason: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** The key of a filing period: `monthly:2026-11`, `cit_annual:2026`, `iit_annual:2026`. */
export function periodKeyOf(kind: FilingKind, year: number, month?: number): string {
  return kind === 'monthly' ? `monthly:${year}-${pad(month ?? 1)}` : `${kind}:${year}`;
}

/** Parses a period key back; null when it is not one. */
export function parsePeriodKey(key: string): { kind: FilingKind; year: number; month?: number } | null {
  const monthly = /^monthly:(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (monthly) return { kind: 'monthly', year: Number(monthly[1]), month: Number(monthly[2]) };
  const annual = /^(cit_annual|iit_annual):(\d{4})$/.exec(key);
  if (annual) return { kind: annual[1] === 'cit_annual' ? 'cit_annual' : 'iit_annual', year: Number(annual[2]) };
  return null;
}

/** Runs of consecutive days off between `from` and `to` inclusive, clipped to that range. */
export function daysOffRuns(calendar: WorkingDayCalendar, from: string, to: string): HolidayRun[] {
  const runs: HolidayRun[] = [];
  let current: HolidayRun | null = null;
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const day = calendar.day(date);
    if (day.isWorkingDay) {
      current = null;
      continue;
    }
    if (!current) {
      current = { from: date, to: date, days: 0 };
      runs.push(current);
    }
    current.to = date;
    current.days += 1;
    if (!current.name && day.kind === 'holiday' && day.name) current.name = day.name;
  }
  return runs;
}

/** The first working day on or after `date`. */
function firstWorkingDayFrom(calendar: WorkingDayCalendar, date: string): string {
  return calendar.isWorkingDay(date) ? date : calendar.addWorkingDays(date, 1);
}

/** The monthly (and quarterly) deadline of a month by 第一百零九条 on the working-day calendar. */
export function computeMonthlyDeadline(calendar: WorkingDayCalendar, year: number, month: number): ComputedDeadline {
  const periodStart = `${year}-${pad(month)}-01`;
  const statutoryLastDay = `${year}-${pad(month)}-15`;
  const holidayRuns = daysOffRuns(calendar, periodStart, statutoryLastDay).filter((r) => r.days >= 3);
  const extensionDays = holidayRuns.reduce((n, r) => n + r.days, 0);
  const base = {
    periodKey: periodKeyOf('monthly', year, month),
    kind: 'monthly' as const,
    year,
    month,
    isQuarterMonth: month % 3 === 1,
    periodStart,
    statutoryLastDay,
    holidayRuns,
    extensionDays,
  };
  if (extensionDays > 0) {
    const described = holidayRuns
      .map((r) => `${monthDay(r.from)}至${monthDay(r.to)}${r.name ? `（${r.name}）` : ''}连续休息${r.days}天`)
      .join('，');
    const deadline = calendar.addWorkingDays(statutoryLastDay, extensionDays);
    return {
      ...base,
      deadline,
      reason: `申报期内${described}，按休假日天数顺延${extensionDays}个工作日，截止到${monthDay(deadline)}`,
    };
  }
  const deadline = firstWorkingDayFrom(calendar, statutoryLastDay);
  return {
    ...base,
    deadline,
    reason:
      deadline === statutoryLastDay
        ? `申报期限为每月1日至15日，截止到${monthDay(deadline)}`
        : `${monthDay(statutoryLastDay)}为休息日，以休假日期满的次日${monthDay(deadline)}为期限的最后一日`,
  };
}

const annualPeriods: Record<Exclude<FilingKind, 'monthly'>, { start: string; last: string; month: number }> = {
  // 《企业所得税法》第五十四条: 年度终了之日起五个月内汇算清缴.
  cit_annual: { start: '01-01', last: '05-31', month: 5 },
  // 《个人所得税法》第十一条: 取得所得的次年三月一日至六月三十日内办理汇算清缴.
  iit_annual: { start: '03-01', last: '06-30', month: 6 },
};

/**
 * An annual deadline: only the first half of 第一百零九条 applies (a last day off moves to the next
 * working day); the STA does not extend a months-long period for holidays inside it.
 */
export function computeAnnualDeadline(
  calendar: WorkingDayCalendar,
  kind: Exclude<FilingKind, 'monthly'>,
  year: number,
): ComputedDeadline {
  const p = annualPeriods[kind];
  const statutoryLastDay = `${year}-${p.last}`;
  const deadline = firstWorkingDayFrom(calendar, statutoryLastDay);
  return {
    periodKey: periodKeyOf(kind, year),
    kind,
    year,
    month: p.month,
    isQuarterMonth: false,
    periodStart: `${year}-${p.start}`,
    statutoryLastDay,
    holidayRuns: [],
    extensionDays: 0,
    deadline,
    reason:
      deadline === statutoryLastDay
        ? `${filingKindNames[kind]}期限为${monthDay(`${year}-${p.start}`)}至${monthDay(statutoryLastDay)}`
        : `${monthDay(statutoryLastDay)}为休息日，顺延至${monthDay(deadline)}`,
  };
}

/** Every deadline of a year: twelve monthly ones, then the two annual reconciliations (for the previous tax year). */
export function computeYearDeadlines(calendar: WorkingDayCalendar, year: number): ComputedDeadline[] {
  return [
    ...Array.from({ length: 12 }, (_, i) => computeMonthlyDeadline(calendar, year, i + 1)),
    computeAnnualDeadline(calendar, 'cit_annual', year),
    computeAnnualDeadline(calendar, 'iit_annual', year),
  ];
}

/** Working days from `date` (not counted) up to and including `deadline`; 0 when it has passed or is today. */
export function workingDaysUntil(calendar: WorkingDayCalendar, date: string, deadline: string): number {
  let count = 0;
  for (let d = addDays(date, 1); d <= deadline && daysBetween(date, d) <= 62; d = addDays(d, 1)) {
    if (calendar.isWorkingDay(d)) count += 1;
  }
  return count;
}
