import { Button, Descriptions, Popconfirm, Table, Tag, Typography } from 'antd';
import type { AgentResult, MetricScore } from '../../../shared/performance';
import { metricInfo } from '../../../shared/performance';
import { formatDateTime } from '../../dates';

const formatRaw = (m: MetricScore) => {
  const info = metricInfo[m.metric];
  if (!info.hasDataSource) return <Tag>暂无数据来源</Tag>;
  if (m.raw === null) return <Typography.Text type="secondary">无数据</Typography.Text>;
  return `${m.raw} ${info.unit}`;
};

/** One agent's score: each metric's raw value, normalised score, weight and contribution, then the bonus/penalty items. */
/** A metric's raw value beside its score, as the ranking shows it: "2 件 · 100 分", or 无数据. */
export function MetricCell({ metric }: { metric: MetricScore | undefined }) {
  if (!metric || metric.score === null) return <Typography.Text type="secondary">无数据</Typography.Text>;
  const info = metricInfo[metric.metric];
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {metric.raw} {info.unit}
      <Typography.Text type="secondary"> · {metric.score} 分</Typography.Text>
    </span>
  );
}

export function Breakdown({
  agent,
  agentCount,
  onRemoveAdjustment,
}: {
  agent: AgentResult;
  agentCount?: number;
  onRemoveAdjustment?: ((id: number) => void) | undefined;
}) {
  return (
    <>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 5 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="总分">
          <Typography.Text strong>{agent.total}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="加权得分">{agent.weightedScore}</Descriptions.Item>
        <Descriptions.Item label="加减分">{agent.adjustmentPoints}</Descriptions.Item>
        <Descriptions.Item label="全中心排名">
          {agent.centreRank}
          {agentCount ? ` / ${agentCount}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label="班组排名">
          {agent.teamRank}（{agent.teamName}）
        </Descriptions.Item>
      </Descriptions>
      <Table<MetricScore>
        size="small"
        rowKey="metric"
        pagination={false}
        dataSource={agent.metrics}
        columns={[
          {
            title: '指标',
            dataIndex: 'metric',
            render: (m: MetricScore['metric']) => (
              <span title={metricInfo[m].description}>
                {metricInfo[m].name}
                {metricInfo[m].direction === 'lower' ? <Tag style={{ marginLeft: 6 }}>越低越好</Tag> : null}
              </span>
            ),
          },
          { title: '原始值', key: 'raw', render: (_, m) => formatRaw(m) },
          {
            title: '标准化得分（0–100）',
            dataIndex: 'score',
            render: (score: number | null) =>
              score === null ? <Typography.Text type="secondary">无数据，不计分</Typography.Text> : score,
          },
          { title: '方案权重', dataIndex: 'weight' },
          {
            title: '实际权重',
            dataIndex: 'appliedWeight',
            render: (applied: number, m) => (
              <span title="无数据的指标不计入，其余指标的权重按比例折算为合计 100">
                {applied}
                {applied !== m.weight ? <Typography.Text type="secondary">（已折算）</Typography.Text> : null}
              </span>
            ),
          },
          { title: '贡献分', dataIndex: 'contribution' },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        加减分
      </Typography.Title>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={agent.adjustments}
        locale={{ emptyText: '本月没有加减分' }}
        columns={[
          {
            title: '分值',
            dataIndex: 'points',
            render: (p: number) => <Tag color={p > 0 ? 'green' : 'red'}>{p > 0 ? `+${p}` : p}</Tag>,
          },
          { title: '事由', dataIndex: 'reason' },
          { title: '录入人', dataIndex: 'createdBy' },
          { title: '录入时间', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          ...(onRemoveAdjustment
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  render: (_: unknown, a: { id: number }) => (
                    <Popconfirm title="撤销这条加减分？" onConfirm={() => onRemoveAdjustment(a.id)}>
                      <Button type="link" size="small" danger>
                        撤销
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}
