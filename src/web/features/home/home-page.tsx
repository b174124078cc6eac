import { Card, Descriptions, type DescriptionsProps, Skeleton, Space, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { RoleTags } from '../../components/role-tags';
import { useLoaded } from '../../components/use-loaded';
import { formatLongDate, todayInShanghai } from '../../dates';
import { hasPermission, useCurrentUser } from '../auth/auth-context';
import { type CalendarDay, fetchServiceHours, listCalendarDays, type ServicePeriod } from '../calendar/calendar.api';

interface Today {
  day: CalendarDay | undefined;
  periods: ServicePeriod[];
}

/** How a day stands, in words: 工作日, 休息日, with its holiday or make-up name. */
function DayStatus({ day }: { day: CalendarDay }) {
  return (
    <Space size={4}>
      {day.isWorkingDay ? <Tag color="green">工作日</Tag> : <Tag color="red">休息日</Tag>}
      {day.name && <span>{day.name}</span>}
    </Space>
  );
}

/** 工作台: who the user is and what kind of day today is. */
export function HomePage() {
  const user = useCurrentUser();
  const canReadCalendar = hasPermission(user, 'calendar.read');
  const [today] = useState(todayInShanghai);
  const loadToday = useCallback(async (): Promise<Today | null> => {
    if (!canReadCalendar) return null;
    const [days, hours] = await Promise.all([listCalendarDays(today, today), fetchServiceHours()]);
    return { day: days.find((d) => d.date === today), periods: hours.periods };
  }, [canReadCalendar, today]);
  const { data: todayInfo } = useLoaded(loadToday, null);

  const userItems: DescriptionsProps['items'] = [
    { key: 'name', label: '姓名', children: user.name },
    { key: 'username', label: '用户名', children: user.username },
    { key: 'roles', label: '角色', children: <RoleTags roles={user.roles} /> },
    { key: 'orgUnit', label: '所属机构', children: user.orgUnitName },
    ...(user.departmentName ? [{ key: 'department', label: '业务处室', children: user.departmentName }] : []),
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={`欢迎，${user.name}`}>
        <Descriptions column={{ xs: 1, md: 2 }} items={userItems} />
      </Card>
      <Card title="今天">
        <Space orientation="vertical">
          <Typography.Text strong>{formatLongDate(today)}</Typography.Text>
          {canReadCalendar &&
            (todayInfo ? (
              <>
                {todayInfo.day && <DayStatus day={todayInfo.day} />}
                <Typography.Text type="secondary">
                  服务时间：
                  {todayInfo.periods.length > 0
                    ? todayInfo.periods.map((p) => `${p.start}–${p.end}`).join('，')
                    : '未设置'}
                </Typography.Text>
              </>
            ) : (
              <Skeleton active paragraph={false} />
            ))}
        </Space>
      </Card>
    </Space>
  );
}
