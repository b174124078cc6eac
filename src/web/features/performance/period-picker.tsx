import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { todayInShanghai } from '../../dates';
import { getScheme } from './performance.api';

/**
 * The review period to start with: the server's current month (its clock may be set for a demo), or
 * this month in Shanghai when the server cannot say; null until then, so that nothing loads twice.
 */
export function useCurrentPeriod(): [string | null, (period: string) => void] {
  const [period, setPeriod] = useState<string | null>(null);
  useEffect(() => {
    let isCurrent = true;
    getScheme().then(
      (s) => {
        if (isCurrent) setPeriod(s.period);
      },
      () => {
        if (isCurrent) setPeriod(todayInShanghai().slice(0, 7));
      },
    );
    return () => {
      isCurrent = false;
    };
  }, []);
  return [period, setPeriod];
}

/** A month picker whose value is the review period `YYYY-MM`. */
export function PeriodPicker({ value, onChange }: { value: string; onChange: (period: string) => void }) {
  return (
    <DatePicker
      picker="month"
      allowClear={false}
      value={dayjs(`${value}-01`)}
      format="YYYY年M月"
      onChange={(d) => {
        if (d) onChange(d.format('YYYY-MM'));
      }}
      aria-label="考核月份"
    />
  );
}
