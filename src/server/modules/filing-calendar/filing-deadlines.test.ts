import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CalendarOverride, WorkingDayCalendar } from '../../platform/calendar/working-days';
import { addDays, dayOfWeek } from '../../platform/dates';
import {
  computeAnnualDeadline,
  computeMonthlyDeadline,
  computeYearDeadlines,
  parsePeriodKey,
  workingDaysUntil,
} from './filing-deadlines';

interface HolidayCnFile {
  days: Array<{ name: string; date: string; isOffDay: boolean }>;
}

const holidayDir = path.resolve(import.meta.dirname, '../../../../resources/holiday-cn');

/**
 * A calendar made only from resources/holiday-cn (the State Council notices): every day of the years
 * is an override, so the package the platform uses plays no part.
 */
function holidayCnCalendar(years: number[]): WorkingDayCalendar {
  const overrides = new Map<string, CalendarOverride>();
  for (const year of years) {
    const file = JSON.parse(fs.readFileSync(path.join(holidayDir, `${year}.json`), 'utf8')) as HolidayCnFile;
    const special = new Map(file.days.map((d) => [d.date, d]));
    for (let date = `${year}-01-01`; date <= `${year}-12-31`; date = addDays(date, 1)) {
      const entry = special.get(date);
      const isWeekend = dayOfWeek(date) === 0 || dayOfWeek(date) === 6;
      const isWorkingDay = entry ? !entry.isOffDay : !isWeekend;
      overrides.set(date, { date, isWorkingDay, name: entry?.name ?? (isWeekend ? '周末' : '工作日'), note: null });
    }
  }
  return new WorkingDayCalendar(overrides);
}

// Expected deadlines by the rule. 2024 and 2025 are also the deadlines the STA announced
// (国家税务总局办公厅关于2024年、2025年申报纳税期限安排的通知): 2024 — 2月23日, 4月18日, 5月22日, 6月19日,
// 9月18日, 10月24日, 12月16日, the rest the 15th.
const expected: Record<number, string[]> = {
  2024: ['01-15', '02-23', '03-15', '04-18', '05-22', '06-19', '07-15', '08-15', '09-18', '10-24', '11-15', '12-16'],
  2025: ['01-15', '02-20', '03-17', '04-18', '05-22', '06-16', '07-15', '08-15', '09-15', '10-27', '11-17', '12-15'],
  2026: ['01-20', '02-24', '03-16', '04-20', '05-22', '06-15', '07-15', '08-17', '09-15', '10-26', '11-16', '12-15'],
};

describe('monthly filing deadlines by 《税收征收管理法实施细则》第一百零九条', () => {
  const fromHolidayData = holidayCnCalendar([2024, 2025, 2026]);
  const platform = new WorkingDayCalendar();

  for (const year of [2024, 2025, 2026]) {
    it(`computes every month of ${year} from the holiday data in resources/holiday-cn`, () => {
      const deadlines = Array.from({ length: 12 }, (_, i) => computeMonthlyDeadline(fromHolidayData, year, i + 1));
      expect(deadlines.map((d) => d.deadline)).toEqual(expected[year]!.map((md) => `${year}-${md}`));
    });

    it(`gets the same ${year} deadlines from the platform working-day calendar`, () => {
      expect(computeYearDeadlines(platform, year).map((d) => d.deadline)).toEqual(
        computeYearDeadlines(fromHolidayData, year).map((d) => d.deadline),
      );
    });
  }

  it('extends by the days of a run inside the period, counted as working days from the 15th', () => {
    // 2024-05-01..05 off (5 days): 16, 17, 20, 21, 22 May are the 5 working days after Wednesday 15 May.
    const may = computeMonthlyDeadline(fromHolidayData, 2024, 5);
    expect(may.holidayRuns).toEqual([{ from: '2024-05-01', to: '2024-05-05', days: 5, name: '劳动节' }]);
    expect(may.extensionDays).toBe(5);
    expect(may.reason).toContain('顺延5个工作日');
  });

  it('counts only the part of a run inside the period (2024-02-10..17 → 6 days to the 15th)', () => {
    const feb = computeMonthlyDeadline(fromHolidayData, 2024, 2);
    expect([feb.extensionDays, feb.deadline]).toEqual([6, '2024-02-23']);
  });

  it('does not extend for a run with fewer than 3 days inside the period, only moves a 15th off', () => {
    // 2024-09-15..17 (中秋): only the 15th lies inside the period → the day after the holiday.
    const sep = computeMonthlyDeadline(fromHolidayData, 2024, 9);
    expect([sep.extensionDays, sep.deadline]).toEqual([0, '2024-09-18']);
    expect(sep.reason).toContain('休假日期满的次日');
    // 2025-01-01 is a single day off inside the period.
    expect(computeMonthlyDeadline(fromHolidayData, 2025, 1).extensionDays).toBe(0);
  });

  it('follows a local closure set on the working-day calendar', () => {
    const overrides = new Map<string, CalendarOverride>([
      ['2026-07-13', { date: '2026-07-13', isWorkingDay: false, name: '台风停工', note: null }],
      ['2026-07-14', { date: '2026-07-14', isWorkingDay: false, name: '台风停工', note: null }],
    ]);
    // Saturday 11 to Tuesday 14 July: 4 days off inside the period → 4 working days after 15 July.
    const july = computeMonthlyDeadline(new WorkingDayCalendar(overrides), 2026, 7);
    expect([july.extensionDays, july.deadline]).toEqual([4, '2026-07-21']);
  });

  it('moves an annual deadline only when its last day is off', () => {
    expect(computeAnnualDeadline(fromHolidayData, 'cit_annual', 2025).deadline).toBe('2025-06-03');
    expect(computeAnnualDeadline(fromHolidayData, 'cit_annual', 2026).deadline).toBe('2026-06-01');
    expect(computeAnnualDeadline(fromHolidayData, 'iit_annual', 2024).deadline).toBe('2024-07-01');
    expect(computeAnnualDeadline(fromHolidayData, 'iit_annual', 2026).deadline).toBe('2026-06-30');
  });

  it('counts the working days left and knows which years have a published schedule', () => {
    expect(workingDaysUntil(platform, '2026-12-01', '2026-12-15')).toBe(10);
    expect(workingDaysUntil(platform, '2026-12-15', '2026-12-15')).toBe(0);
    expect(platform.isScheduleKnown(2026)).toBe(true);
    expect(platform.isScheduleKnown(2030)).toBe(false);
    expect(parsePeriodKey('monthly:2026-11')).toEqual({ kind: 'monthly', year: 2026, month: 11 });
    expect(parsePeriodKey('monthly:2026-13')).toBeNull();
  });
});
