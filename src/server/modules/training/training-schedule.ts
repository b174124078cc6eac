/**
 * Sessions from a rule such as "every Wednesday 14:00–18:00 for 8 weeks", laid on the working-day
 * calendar (pure: no I/O). A session on a day off is moved to the next working day or kept and
 * flagged, as the rule says. A weekend day the rule itself names (a hall plan of six days a week
 * trains on Saturdays) is not a day off for the rule; a holiday on it still is.
 */
import type { DayOffPolicy } from '../../../shared/training';
import type { WorkingDayCalendar } from '../../platform/calendar/working-days';
import { addDays, dayOfWeek } from '../../platform/dates';

export interface SessionRule {
  startDate: string;
  /** 1 = Monday … 7 = Sunday. */
  weekdays: readonly number[];
  weeks: number;
  startTime: string;
  endTime: string;
  dayOff: DayOffPolicy;
}

export interface PlannedSession {
  /** The date the session takes place on. */
  date: string;
  /** The date the rule gave, when the session was moved off it. */
  plannedDate: string;
  isFlagged: boolean;
  dayOffNote: string | null;
}

/** The ISO weekday (1 = Monday … 7 = Sunday) of a date. */
export const isoWeekday = (date: string) => dayOfWeek(date) || 7;

/** The day's name as people read it in a note: 国庆节, 周六. */
function dayOffName(calendar: WorkingDayCalendar, date: string): string {
  const day = calendar.day(date);
  if (day.name) return day.name;
  return day.kind === 'weekend' ? `周${'日一二三四五六'[dayOfWeek(date)]}` : '休息日';
}

/** True when a session on `date` needs the rule's day-off policy. */
function isDayOffForRule(calendar: WorkingDayCalendar, rule: SessionRule, date: string): boolean {
  const day = calendar.day(date);
  if (day.isWorkingDay) return false;
  // A plain weekend day the rule names on purpose is a training day.
  return !(day.kind === 'weekend' && !day.isOverride && rule.weekdays.includes(isoWeekday(date)));
}

/**
 * The sessions of a rule, in date order: every chosen weekday of `weeks` weeks counted from the week
 * of `startDate` (days before `startDate` left out). Moving a session never lands on a day the rule
 * already uses or on a day off.
 */
export function planSessions(calendar: WorkingDayCalendar, rule: SessionRule): PlannedSession[] {
  const monday = addDays(rule.startDate, 1 - isoWeekday(rule.startDate));
  const ruleDates: string[] = [];
  for (let week = 0; week < rule.weeks; week++) {
    for (const weekday of [...new Set(rule.weekdays)].sort((a, b) => a - b)) {
      const date = addDays(monday, week * 7 + weekday - 1);
      if (date >= rule.startDate) ruleDates.push(date);
    }
  }
  const taken = new Set(ruleDates);
  const planned: PlannedSession[] = [];
  for (const date of ruleDates) {
    if (!isDayOffForRule(calendar, rule, date)) {
      planned.push({ date, plannedDate: date, isFlagged: false, dayOffNote: null });
      continue;
    }
    const name = dayOffName(calendar, date);
    if (rule.dayOff === 'flag') {
      planned.push({
        date,
        plannedDate: date,
        isFlagged: true,
        dayOffNote: `${date}（${name}）为休息日，请调整或确认`,
      });
      continue;
    }
    let moved = addDays(date, 1);
    while (!calendar.isWorkingDay(moved) || taken.has(moved)) moved = addDays(moved, 1);
    taken.add(moved);
    planned.push({
      date: moved,
      plannedDate: date,
      isFlagged: false,
      dayOffNote: `原定 ${date}（${name}），顺延至 ${moved}`,
    });
  }
  return planned.sort((a, b) => a.date.localeCompare(b.date));
}

/** Hours between two HH:mm times of one day, in half hours (a session's default 学时). */
export function hoursBetween(startTime: string, endTime: string): number {
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return Math.round(((minutes(endTime) - minutes(startTime)) / 60) * 2) / 2;
}
