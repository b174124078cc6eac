import {
  Button,
  Card,
  Col,
  Empty,
  Form,
  InputNumber,
  Popconfirm,
  Progress,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useCallback } from 'react';
import { type GoalMetric, goalMetricInfo, goalMetrics } from '../../../shared/performance';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { listGoals, removeGoal, saveGoal, type TeamGoals } from './performance.api';
import { PeriodPicker } from './period-picker';

interface GoalValues {
  teamId: number;
  metric: GoalMetric;
  target: number;
}

const noGoals: TeamGoals[] = [];

/** 班组目标 (目标责任制): each team's goals for the month with progress from the same figures as the ranking. */
export function GoalsTab({
  period,
  onPeriodChange,
  canManage,
}: {
  period: string;
  onPeriodChange: (p: string) => void;
  canManage: boolean;
}) {
  const [form] = Form.useForm<GoalValues>();
  const loadGoals = useCallback(() => listGoals(period), [period]);
  const { data: teams, reload } = useLoaded(loadGoals, noGoals);

  const { submit: save } = useSubmit((values: GoalValues) => saveGoal({ ...values, period }), {
    form,
    success: '目标已保存',
    onSuccess: () => {
      form.resetFields(['target']);
      reload();
    },
  });

  const { submit: remove } = useSubmit(removeGoal, { onSuccess: reload });

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <PeriodPicker value={period} onChange={onPeriodChange} />
      {canManage ? (
        <Form form={form} layout="inline" onFinish={(v) => void save(v)}>
          <Form.Item name="teamId" rules={[{ required: true, message: '请选择班组' }]}>
            <Select
              placeholder="班组"
              style={{ width: 180 }}
              options={teams.map((t) => ({ value: t.teamId, label: t.teamName }))}
            />
          </Form.Item>
          <Form.Item name="metric" rules={[{ required: true, message: '请选择指标' }]}>
            <Select
              placeholder="指标"
              style={{ width: 180 }}
              options={goalMetrics.map((m) => ({ value: m, label: goalMetricInfo[m].name }))}
            />
          </Form.Item>
          <Form.Item name="target" rules={[{ required: true, message: '请填写目标值' }]}>
            <InputNumber placeholder="目标值" min={0} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              设置目标
            </Button>
          </Form.Item>
        </Form>
      ) : null}
      {teams.length === 0 ? <Empty description="没有可查看的班组" /> : null}
      <Row gutter={[16, 16]}>
        {teams.map((team) => (
          <Col key={team.teamId} xs={24} md={12} xl={8}>
            <Card title={team.teamName} size="small">
              {team.goals.length === 0 ? <Typography.Text type="secondary">本月尚未设定目标</Typography.Text> : null}
              {team.goals.map((g) => (
                <div key={g.id} style={{ marginBottom: 12 }}>
                  <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                    <span>
                      {g.name} {g.comparator === 'at_least' ? '≥' : '≤'} {g.target}
                      {g.unit}
                    </span>
                    <span>
                      实际 {g.actual === null ? '暂无数据' : `${g.actual}${g.unit}`}{' '}
                      {g.isMet ? <Tag color="green">已达成</Tag> : <Tag>未达成</Tag>}
                      {canManage ? (
                        <Popconfirm title="删除这个目标？" onConfirm={() => void remove(g.id)}>
                          <Button type="link" size="small" danger>
                            删除
                          </Button>
                        </Popconfirm>
                      ) : null}
                    </span>
                  </Space>
                  <Progress percent={g.percent} status={g.isMet ? 'success' : 'active'} />
                </div>
              ))}
            </Card>
          </Col>
        ))}
      </Row>
    </Space>
  );
}
