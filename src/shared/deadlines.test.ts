import { describe, expect, it } from 'vitest';
import { deadlineParts, formatDeadline, formatDeadlineInWords, formatLastDayInWords } from './deadlines';

describe('deadlines as people read them', () => {
  // A transfer due at the end of Tue 2026-12-08 is stored as 00:00 of Wed 2026-12-09, Shanghai time.
  const endOfTuesday = '2026-12-08T16:00:00.000Z';

  it('writes a deadline at midnight as 24:00 of the day before, never as 00:00 of the next day', () => {
    expect(formatDeadline(endOfTuesday)).toBe('2026-12-08 24:00');
    expect(formatDeadline('2026-12-09T00:00:00+08:00')).toBe('2026-12-08 24:00');
    expect(formatDeadline(new Date(endOfTuesday))).toBe('2026-12-08 24:00');
    expect(formatDeadlineInWords(endOfTuesday)).toBe('12月8日（周二）当日24:00前');
    expect(formatDeadlineInWords(endOfTuesday, { withYear: true })).toBe('2026年12月8日（周二）当日24:00前');
  });

  it('keeps a deadline within a day at its minute, in Shanghai time', () => {
    expect(formatDeadline('2026-12-08T09:30:00Z')).toBe('2026-12-08 17:30');
    expect(formatDeadlineInWords('2026-12-08T09:30:00Z')).toBe('12月8日（周二）17:30前');
  });

  it('names the weekday of the last day across a month and a year end', () => {
    expect(deadlineParts('2027-01-01T00:00:00+08:00')).toEqual({ date: '2026-12-31', time: '24:00', weekday: '周四' });
    expect(formatDeadlineInWords('2026-12-26T00:00:00+08:00')).toBe('12月25日（周五）当日24:00前');
  });

  it('writes a last day for SMS templates with its weekday and 24:00', () => {
    expect(formatLastDayInWords('2026-12-15')).toBe('2026年12月15日（周二）24:00');
    expect(formatLastDayInWords('2026-12-31')).toBe('2026年12月31日（周四）24:00');
  });

  it('shows a dash for no deadline or a value that is not a time', () => {
    expect(formatDeadline(null)).toBe('—');
    expect(formatDeadline(undefined)).toBe('—');
    expect(formatDeadline('not a date')).toBe('—');
    expect(formatDeadlineInWords('')).toBe('—');
  });
});
