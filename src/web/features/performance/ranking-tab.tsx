import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Drawer, Select, Space, Table, Tag } from 'antd';
import { useCallback, useState } from 'react';
import type { AgentResult } from '../../../shared/performance';
import { metricInfo, performanceMetrics } from '../../../shared/performance';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { AdjustmentModal } from './adjustment-modal';
import { Breakdown, MetricCell } from './breakdown';
import { exportRankingUrl, getRanking, type Ranking, removeAdjustment } from './performance.api';
import { PeriodPicker } from './period-picker';

const scoredMetrics = performanceMetrics.filter((m) => metricInfo[m].hasDataSource);

/** 绩效排名: the teams the user reviews, ranked, with each agent's breakdown, bonus/penalty entry and export. */
export function RankingTab({ period, onPeriodChange }: { period: string; onPeriodChange: (p: string) => void }) {
  const [teamId, setTeamId] = useState<number | undefined>();
  const loadRanking = useCallback(() => getRanking(period, teamId), [period, teamId]);
  const { data, isLoading, reload } = useLoaded(loadRanking, null as Ranking | null);
  const [adjusting, setAdjusting] = useState<AgentResult | null>(null);
  const [detailOf, setDetailOf] = useState<number | null>(null);
  const detail = data?.rows.find((r) => r.userId === detailOf);

  const isPublished = Boolean(data?.scheme.publishedAt);
  const { submit: remove } = useSubmit(removeAdjustment, { success: '已撤销', onSuccess: reload });

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <PeriodPicker value={period} onChange={onPeriodChange} />
        <Select<number>
          allowClear
          placeholder="全部可见班组"
          style={{ width: 220 }}
          value={teamId}
          onChange={setTeamId}
          options={(data?.teams ?? []).map((t) => ({ value: t.id, label: `${t.name}（${t.orgUnitName}）` }))}
          aria-label="班组"
        />
        <Button icon={<DownloadOutlined />} href={exportRankingUrl(period, teamId)}>
          导出 Excel
        </Button>
        {isPublished ? <Tag color="green">已发布</Tag> : <Tag>未发布（实时计算）</Tag>}
      </Space>
      <Alert
        type="info"
        showIcon
        message="评分口径"
        description={`各项指标在全中心范围内标准化（以全中心最优值为 100 分；平均处理时长、转办超期越低越好），乘以权重后相加，再加上加减分。某项指标无数据（如没有满意度评价、没有转办单）时不计分，其余指标的权重按比例折算为合计 100。质检得分暂无数据来源，权重为 0。各指标列显示“原始值 · 得分”。本月截至目前共 ${data?.serviceSessions ?? 0} 个服务时段。`}
      />
      <Table<AgentResult>
        rowKey="userId"
        loading={isLoading}
        dataSource={data?.rows ?? []}
        pagination={false}
        columns={[
          { title: '全中心排名', dataIndex: 'centreRank', width: 96 },
          { title: '班组排名', dataIndex: 'teamRank', width: 84 },
          { title: '坐席', dataIndex: 'name' },
          { title: '班组', dataIndex: 'teamName' },
          ...scoredMetrics.map((m) => ({
            title: metricInfo[m].name,
            key: m,
            render: (_: unknown, r: AgentResult) => <MetricCell metric={r.metrics.find((x) => x.metric === m)} />,
          })),
          { title: '加权得分', dataIndex: 'weightedScore' },
          { title: '加减分', dataIndex: 'adjustmentPoints' },
          { title: '总分', dataIndex: 'total', render: (v: number) => <strong>{v}</strong> },
          {
            title: '操作',
            key: 'actions',
            render: (_, r) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setDetailOf(r.userId)}>
                  明细
                </Button>
                <Button type="link" size="small" disabled={isPublished} onClick={() => setAdjusting(r)}>
                  加减分
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Drawer
        open={detail !== undefined}
        size={760}
        title={detail ? `${detail.name}（${detail.teamName}）${period} 绩效明细` : ''}
        onClose={() => setDetailOf(null)}
      >
        {detail ? (
          <Breakdown agent={detail} onRemoveAdjustment={isPublished ? undefined : (id) => void remove(id)} />
        ) : null}
      </Drawer>
      {adjusting ? (
        <AdjustmentModal
          period={period}
          agent={adjusting}
          onClose={() => setAdjusting(null)}
          onSaved={() => {
            setAdjusting(null);
            reload();
          }}
        />
      ) : null}
    </Space>
  );
}
