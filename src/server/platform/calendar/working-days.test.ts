import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays, dayOfWeek } from '../dates';
import { provisionalHolidayNote, statutoryDay, statutoryFestivals, WorkingDayCalendar } from './working-days';

interface HolidayCnFile {
  year: number;
  papers: string[];
  days: Array<{ name: string; date: string; isOffDay: boolean }>;
}

const holidayDir = path.resolve(import.meta.dirname, '../../../../resources/holiday-cn');
const schedule = (year: number) =>
  JSON.parse(fs.readFileSync(path.join(holidayDir, `${year}.json`), 'utf8')) as HolidayCnFile;

describe('statutory schedule', () => {
  for (const year of [2023, 2024, 2025, 2026]) {
    it(`agrees with the State Council schedule on every day of ${year}`, () => {
      const special = new Map(schedule(year).days.map((d) => [d.date, d]));
      const mismatches: string[] = [];
      for (let date = `${year}-01-01`; date <= `${year}-12-31`; date = addDays(date, 1)) {
        const entry = special.get(date);
        const dow = dayOfWeek(date);
        const expected = entry ? !entry.isOffDay : dow !== 0 && dow !== 6;
        const actual = statutoryDay(date);
        if (actual.isWorkingDay !== expected)
          mismatches.push(`${date}: expected ${expected}, got ${actual.isWorkingDay}`);
        // The two sources word festival names differently (清明 / 清明节): a special day just needs one.
        if (entry && !actual.name) mismatches.push(`${date}: no name for ${entry.name}`);
      }
      expect(mismatches).toEqual([]);
    });
  }

  // 《全国年节及纪念日放假办法》(国务院令第795号) 第二条, in force from 2025: the dates computed from the
  // lunar calendar and the solar terms must be days off in the schedules the State Council published.
  for (const year of [2025, 2026]) {
    it(`computes the 放假办法 第二条 festivals of ${year} as days off of the published schedule`, () => {
      const offDays = new Set(
        schedule(year)
          .days.filter((d) => d.isOffDay)
          .map((d) => d.date),
      );
      const festivals = [...statutoryFestivals(year)];
      expect(festivals).toHaveLength(13);
      expect(festivals.filter(([date]) => !offDays.has(date))).toEqual([]);
    });
  }

  it('skips the 放假办法 第二条 festivals of a year whose 调休 schedule is not published, and says so', () => {
    const calendar = new WorkingDayCalendar();
    expect(calendar.isScheduleKnown(2026)).toBe(true);
    expect(calendar.isScheduleKnown(2027)).toBe(false);
    expect(calendar.day('2027-01-01')).toMatchObject({
      isWorkingDay: false,
      kind: 'holiday',
      name: '元旦',
      note: provisionalHolidayNote,
    });
    // 2027: 除夕 is Friday 5 February, 初一 to 初三 Saturday 6 to Monday 8 February.
    expect(['2027-02-05', '2027-02-08'].map((d) => calendar.isWorkingDay(d))).toEqual([false, false]);
    expect(calendar.isWorkingDay('2027-02-09')).toBe(true);
    expect(calendar.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    expect(calendar.addWorkingDays('2027-02-04', 1)).toBe('2027-02-09');
    // Once an administrator enters the published schedule (New Year's Day off), the year counts as known.
    const entered = new WorkingDayCalendar(
      new Map([['2027-01-01', { date: '2027-01-01', isWorkingDay: false, name: '元旦', note: null }]]),
    );
    expect(entered.isScheduleKnown(2027)).toBe(true);
  });

  it('names holidays and make-up workdays in Chinese', () => {
    expect(statutoryDay('2026-10-01')).toMatchObject({ isWorkingDay: false, kind: 'holiday', name: '国庆节' });
    expect(statutoryDay('2026-10-10')).toMatchObject({
      isWorkingDay: true,
      kind: 'makeup_workday',
      name: '国庆节调休',
    });
    expect(statutoryDay('2026-11-28')).toMatchObject({ isWorkingDay: false, kind: 'weekend' });
    expect(statutoryDay('2026-11-27')).toMatchObject({ isWorkingDay: true, kind: 'workday' });
  });
});

describe('WorkingDayCalendar', () => {
  const calendar = new WorkingDayCalendar();

  it('skips the National Day holiday: 2 working days after 2026-09-30 is 2026-10-09', () => {
    expect(calendar.addWorkingDays('2026-09-30', 2)).toBe('2026-10-09');
  });

  it('counts a make-up Saturday: 1 working day after 2026-10-09 is Saturday 2026-10-10', () => {
    expect(calendar.addWorkingDays('2026-10-09', 1)).toBe('2026-10-10');
  });

  it('does not count the starting day and returns it for zero days', () => {
    expect(calendar.addWorkingDays('2026-11-27', 0)).toBe('2026-11-27');
    expect(calendar.addWorkingDays('2026-11-27', 1)).toBe('2026-11-30');
  });

  it('crosses the 2024 Spring Festival and its make-up Sunday', () => {
    // 2024-02-10..17 off, 2024-02-04 (Sun) and 2024-02-18 (Sun) make-up workdays.
    expect(calendar.addWorkingDays('2024-02-08', 1)).toBe('2024-02-09');
    expect(calendar.addWorkingDays('2024-02-09', 1)).toBe('2024-02-18');
    expect(calendar.addWorkingDays('2024-02-09', 2)).toBe('2024-02-19');
  });

  it('crosses the 2025 Spring Festival (2025-01-28..02-04 off, 01-26 and 02-08 make-up)', () => {
    expect(calendar.addWorkingDays('2025-01-24', 1)).toBe('2025-01-26');
    expect(calendar.addWorkingDays('2025-01-26', 1)).toBe('2025-01-27');
    expect(calendar.addWorkingDays('2025-01-27', 1)).toBe('2025-02-05');
    expect(calendar.addWorkingDays('2025-02-07', 1)).toBe('2025-02-08');
  });

  it('ends an N-working-day limit at 24:00 Shanghai time of the Nth working day', () => {
    // Friday 2026-11-27 10:00 in Shanghai; 2 working days → Tuesday 2026-12-01 24:00 = 2026-12-01T16:00Z.
    expect(calendar.deadline(new Date('2026-11-27T02:00:00Z'), 2).toISOString()).toBe('2026-12-01T16:00:00.000Z');
    // 23:30 on Thursday 2026-11-26 in Shanghai is still that day, whatever the UTC date.
    expect(calendar.deadline(new Date('2026-11-26T15:30:00Z'), 1).toISOString()).toBe('2026-11-27T16:00:00.000Z');
    // 00:30 on Friday 2026-11-27 in Shanghai is already Friday although UTC says Thursday.
    expect(calendar.deadline(new Date('2026-11-26T16:30:00Z'), 1).toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });

  it('applies overrides on top of the statutory schedule', () => {
    const withClosure = new WorkingDayCalendar(
      new Map([
        ['2026-11-30', { date: '2026-11-30', isWorkingDay: false, name: '本地闭馆', note: null }],
        ['2026-11-28', { date: '2026-11-28', isWorkingDay: true, name: '加班', note: null }],
      ]),
    );
    expect(withClosure.day('2026-11-30')).toMatchObject({
      isWorkingDay: false,
      kind: 'holiday',
      isOverride: true,
      name: '本地闭馆',
    });
    expect(withClosure.addWorkingDays('2026-11-27', 1)).toBe('2026-11-28');
    expect(withClosure.addWorkingDays('2026-11-27', 2)).toBe('2026-12-01');
  });

  it('knows the service hours on working days only', () => {
    const periods = [
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: '17:30' },
    ];
    expect(calendar.isWithinServiceHours(new Date('2026-11-27T01:00:00Z'), periods)).toBe(true); // 09:00
    expect(calendar.isWithinServiceHours(new Date('2026-11-27T04:30:00Z'), periods)).toBe(false); // 12:30
    expect(calendar.isWithinServiceHours(new Date('2026-11-27T09:30:00Z'), periods)).toBe(false); // 17:30
    expect(calendar.isWithinServiceHours(new Date('2026-11-28T02:00:00Z'), periods)).toBe(false); // Saturday
    expect(calendar.isWithinServiceHours(new Date('2026-10-10T02:00:00Z'), periods)).toBe(true); // make-up Saturday
  });
});
