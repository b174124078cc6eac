import { Alert, Calendar, Card, Col, Row, Space, Spin, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import { useLoaded } from '../../components/use-loaded';
import { DATE_FORMAT, toDateString } from '../../dates';
import { hasPermission, useCurrentUser } from '../auth/auth-context';
import { type CalendarDay, fetchYearSchedule, listCalendarDays } from './calendar.api';
import { DayCell } from './day-cell';
import { DayOverrideModal } from './day-override-modal';
import { ServiceHoursCard } from './service-hours-card';
import { WorkingDaysCard } from './working-days-card';

/**
 * The dates the month view may show: it starts up to 6 days before the 1st and runs 6 weeks,
 * so a week either side of the month covers it.
 */
function visibleRange(month: string): { from: string; to: string } {
  const first = dayjs(`${month}-01`, DATE_FORMAT);
  return { from: toDateString(first.subtract(7, 'day')), to: toDateString(first.endOf('month').add(14, 'day')) };
}

interface MonthDays {
  days: ReadonlyMap<string, CalendarDay>;
  /** False when the State Council's schedule of the month's year is not yet in the calendar. */
  isScheduleKnown: boolean;
}

const noDays: MonthDays = { days: new Map(), isScheduleKnown: true };

/** 工作日历: the month with holidays, make-up workdays and the centre's overrides; managers set days here. */
export function CalendarPage() {
  const user = useCurrentUser();
  const canManage = hasPermission(user, 'calendar.manage');
  const [value, setValue] = useState<Dayjs>(() => dayjs());
  const [editingDate, setEditingDate] = useState<string | null>(null);
  const month = value.format('YYYY-MM');
  const loadDays = useCallback(async (): Promise<MonthDays> => {
    const { from, to } = visibleRange(month);
    const [list, schedule] = await Promise.all([
      listCalendarDays(from, to),
      fetchYearSchedule(Number(month.slice(0, 4))),
    ]);
    return { days: new Map(list.map((d) => [d.date, d])), isScheduleKnown: schedule.isScheduleKnown };
  }, [month]);
  const {
    data: { days, isScheduleKnown },
    isLoading,
    reload,
  } = useLoaded(loadDays, noDays);

  const onSaved = () => {
    setEditingDate(null);
    reload();
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={17}>
        <Card
          title="工作日历"
          extra={
            <Space size={4} wrap>
              <Tag color="red">休</Tag>
              <Typography.Text type="secondary">法定节假日</Typography.Text>
              <Tag color="orange">班</Tag>
              <Typography.Text type="secondary">调休上班</Typography.Text>
              <Tag color="blue">调整</Tag>
              <Typography.Text type="secondary">本中心调整</Typography.Text>
            </Space>
          }
        >
          {!isScheduleKnown && (
            <Alert
              style={{ marginBottom: 12 }}
              type="warning"
              showIcon
              title={`${month.slice(0, 4)}年国务院节假日调休安排尚未收录`}
              description="已按《全国年节及纪念日放假办法》计入元旦、春节等法定节日；连休与调休上班日公布后，请点击日期录入，期限会随之调整。"
            />
          )}
          <Spin spinning={isLoading}>
            <Calendar
              value={value}
              onChange={setValue}
              onSelect={(date, { source }) => {
                if (canManage && source === 'date') setEditingDate(toDateString(date));
              }}
              cellRender={(date, info) => {
                if (info.type !== 'date') return null;
                const key = toDateString(date);
                return <DayCell date={key} day={days.get(key)} />;
              }}
            />
          </Spin>
          {canManage && (
            <Typography.Text type="secondary">点击日期可将其设为工作日或休息日，或恢复默认。</Typography.Text>
          )}
        </Card>
      </Col>
      <Col xs={24} xl={7}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <WorkingDaysCard />
          <ServiceHoursCard canManage={canManage} />
        </Space>
      </Col>
      {editingDate && (
        <DayOverrideModal
          date={editingDate}
          day={days.get(editingDate)}
          onClose={() => setEditingDate(null)}
          onSaved={onSaved}
        />
      )}
    </Row>
  );
}
