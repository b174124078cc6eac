import { Card, Col, Row, Statistic, Table, Tabs, Typography } from 'antd';
import type { CallCentreFigures, CallCentreReport } from '../../../shared/reports';

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const seconds = (value: number | null) => (value === null ? '—' : `${value} 秒`);

/** The headline figures, each with the previous period's value beside it. */
const headline: Array<{ title: string; show: (f: CallCentreFigures) => string | number }> = [
  { title: '呼入量', show: (f) => f.offered },
  { title: '转人工', show: (f) => f.queued },
  { title: '人工接听', show: (f) => f.answered },
  { title: '接通率', show: (f) => percent(f.answerRate) },
  { title: '服务水平', show: (f) => percent(f.serviceLevel) },
  { title: '平均应答时长', show: (f) => seconds(f.avgSpeedOfAnswerSeconds) },
  { title: '平均通话时长', show: (f) => seconds(f.avgHandleSeconds) },
  { title: 'IVR 放弃', show: (f) => f.abandonedInIvr },
  { title: '排队放弃', show: (f) => f.abandonedInQueue },
];

const figureColumns = [
  { title: '呼入', dataIndex: 'offered', align: 'right' as const },
  { title: '接听', dataIndex: 'answered', align: 'right' as const },
  {
    title: '放弃',
    key: 'abandoned',
    align: 'right' as const,
    render: (_: unknown, f: CallCentreFigures) => f.abandonedInIvr + f.abandonedInQueue,
  },
  {
    title: '接通率',
    key: 'answerRate',
    align: 'right' as const,
    render: (_: unknown, f: CallCentreFigures) => percent(f.answerRate),
  },
  {
    title: '服务水平',
    key: 'serviceLevel',
    align: 'right' as const,
    render: (_: unknown, f: CallCentreFigures) => percent(f.serviceLevel),
  },
  {
    title: '平均应答',
    key: 'asa',
    align: 'right' as const,
    render: (_: unknown, f: CallCentreFigures) => seconds(f.avgSpeedOfAnswerSeconds),
  },
  {
    title: '平均通话',
    key: 'aht',
    align: 'right' as const,
    render: (_: unknown, f: CallCentreFigures) => seconds(f.avgHandleSeconds),
  },
];

/** 话务指标: the call-centre figures from the PBX's events, beside the previous period, by agent and by hour. */
export function CallCentreCard({ report }: { report: CallCentreReport | null }) {
  if (!report) return null;
  const { current, previous } = report;
  return (
    <Card size="small" title="话务指标" data-testid="call-centre">
      <Typography.Paragraph type="secondary">
        服务水平为转人工后 {report.serviceLevelSeconds} 秒内接听的比例；接通率 = 人工接听 / 转人工。上期：
        {report.previousFrom} 至 {report.previousTo}。
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {headline.map((figure) => (
          <Col key={figure.title} flex="1 0 120px">
            <Statistic title={figure.title} value={figure.show(current)} />
            <Typography.Text type="secondary">上期 {figure.show(previous)}</Typography.Text>
          </Col>
        ))}
      </Row>
      <Tabs
        items={[
          {
            key: 'agents',
            label: '按坐席',
            children: (
              <Table
                size="small"
                rowKey="agentId"
                pagination={false}
                dataSource={report.byAgent}
                locale={{ emptyText: '本期没有坐席接听的来电' }}
                columns={[{ title: '坐席', dataIndex: 'name' }, ...figureColumns]}
              />
            ),
          },
          {
            key: 'hours',
            label: '按时段',
            children: (
              <Table
                size="small"
                rowKey="hour"
                pagination={false}
                dataSource={report.byHour}
                locale={{ emptyText: '本期没有来电' }}
                columns={[
                  {
                    title: '时段',
                    dataIndex: 'hour',
                    render: (hour: number) =>
                      `${String(hour).padStart(2, '0')}:00–${String(hour + 1).padStart(2, '0')}:00`,
                  },
                  ...figureColumns,
                ]}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
