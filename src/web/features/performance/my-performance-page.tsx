import { Alert, Card, Empty, Space, Spin, Typography } from 'antd';
import { useCallback } from 'react';
import type { ApiError } from '../../api';
import { useLoaded } from '../../components/use-loaded';
import { Breakdown } from './breakdown';
import { type Breakdown as BreakdownData, getMyPerformance } from './performance.api';
import { PeriodPicker, useCurrentPeriod } from './period-picker';

/** An agent in no team has no results: said on the page, not as an error. */
const isNotRanked = (error: ApiError) => error.code === 'AGENT_NOT_RANKED';

/** 我的绩效: the signed-in agent's own breakdown for a month. */
export function MyPerformancePage() {
  const [period, setPeriod] = useCurrentPeriod();
  return period ? <MyPerformance period={period} onPeriodChange={setPeriod} /> : <Spin />;
}

function MyPerformance({ period, onPeriodChange }: { period: string; onPeriodChange: (p: string) => void }) {
  const loadMine = useCallback(() => getMyPerformance(period), [period]);
  const loaded = useLoaded(loadMine, null as BreakdownData | null, { isExpected: isNotRanked });
  const { isLoading, failure } = loaded;
  const notRanked = failure !== null;
  // A month that failed to load shows no figures, not those of the month before.
  const data = !notRanked && loaded.data?.period === period ? loaded.data : null;

  return (
    <Card title="我的绩效" extra={<PeriodPicker value={period} onChange={onPeriodChange} />}>
      <Spin spinning={isLoading}>
        {data ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert
              type={data.scheme.publishedAt ? 'success' : 'info'}
              showIcon
              message={
                data.scheme.publishedAt
                  ? `${period} 的考核结果已发布（${data.scheme.publishedAt.slice(0, 10)}）`
                  : `${period} 的考核结果尚未发布，以下为按当前数据实时计算的结果`
              }
              description="各项指标在全中心范围内标准化：以全中心最优值为 100 分，乘以权重后相加，再加上班长录入的加减分。"
            />
            <Breakdown agent={data.agent} agentCount={data.agentCount} />
            <Typography.Text type="secondary">
              本月截至目前共 {data.serviceSessions} 个服务时段（工作日 ×
              每日服务时段），出勤率按有来电登记或接通通话的时段计算。
            </Typography.Text>
          </Space>
        ) : (
          <Empty description={notRanked ? '您尚未编入班组，暂无绩效考核结果' : '暂无数据'} />
        )}
      </Spin>
    </Card>
  );
}
