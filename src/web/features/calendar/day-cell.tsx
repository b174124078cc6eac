import { Tag, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import type { CalendarDay } from './calendar.api';

/**
 * The marks inside one day of the calendar: 休 (holiday, red) or 班 (make-up workday, orange) with
 * the day's name, weekends in grey, and 调整 on the centre's own overrides. The element carries
 * `data-date` so that tests and people's tools can find a given day.
 */
export function DayCell({ date, day }: { date: string; day: CalendarDay | undefined }) {
  return (
    <div
      data-date={date}
      title={day?.note}
      style={{
        height: '100%',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'flex-start',
        gap: 2,
      }}
    >
      {day && <DayMarks day={day} />}
    </div>
  );
}

function DayMarks({ day }: { day: CalendarDay }) {
  const { token } = theme.useToken();
  let mark: ReactNode = null;
  let nameColor: string | undefined;
  if (day.kind === 'holiday') {
    mark = <Tag color="red">休</Tag>;
    nameColor = token.colorError;
  } else if (day.kind === 'makeup_workday') {
    mark = <Tag color="orange">班</Tag>;
    nameColor = token.colorWarning;
  } else if (day.kind === 'weekend') {
    mark = <Typography.Text type="secondary">周末</Typography.Text>;
  }
  return (
    <>
      <span>
        {mark}
        {day.isOverride && <Tag color="blue">调整</Tag>}
      </span>
      {day.name && (
        <Typography.Text ellipsis style={{ color: nameColor, fontSize: token.fontSizeSM, maxWidth: '100%' }}>
          {day.name}
        </Typography.Text>
      )}
    </>
  );
}
