import { Card, Spin, Tabs } from 'antd';
import { hasPermission, useCurrentUser } from '../auth/auth-context';
import { GoalsTab } from './goals-tab';
import { useCurrentPeriod } from './period-picker';
import { RankingTab } from './ranking-tab';
import { SchemeTab } from './scheme-tab';

/** 绩效考核: ranking per team with drill-down and bonus/penalty entry, the scheme, and team goals. */
export function PerformancePage() {
  const user = useCurrentUser();
  const canManage = hasPermission(user, 'performance.manage');
  const [period, setPeriod] = useCurrentPeriod();
  if (!period) return <Spin />;
  return (
    <Card title="绩效考核">
      <Tabs
        destroyOnHidden
        items={[
          {
            key: 'ranking',
            label: '绩效排名',
            children: <RankingTab period={period} onPeriodChange={setPeriod} />,
          },
          {
            key: 'scheme',
            label: '考核方案',
            children: <SchemeTab period={period} onPeriodChange={setPeriod} canManage={canManage} />,
          },
          {
            key: 'goals',
            label: '班组目标',
            children: <GoalsTab period={period} onPeriodChange={setPeriod} canManage={canManage} />,
          },
        ]}
      />
    </Card>
  );
}
