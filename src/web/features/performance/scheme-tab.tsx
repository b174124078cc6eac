import { Alert, Button, Input, InputNumber, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import {
  type ExamScoreRule,
  examScoreRuleNames,
  examScoreRules,
  type PerformanceMetric,
  performanceMetrics,
  type Weights,
} from '../../../shared/performance';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { getScheme, publishPeriod, type Scheme, saveScheme } from './performance.api';
import { PeriodPicker } from './period-picker';

interface SchemeDraft {
  period: string;
  weights: Weights;
  note: string;
  examScoreRule: ExamScoreRule;
}

/** 考核方案: the month's weights; the director edits them (sum 100) and publishes the finished month. */
export function SchemeTab({
  period,
  onPeriodChange,
  canManage,
}: {
  period: string;
  onPeriodChange: (p: string) => void;
  canManage: boolean;
}) {
  const loadScheme = useCallback(() => getScheme(period), [period]);
  const { data: scheme, setData: setScheme } = useLoaded(loadScheme, null as Scheme | null);
  // The director's edits of the month's scheme, shown over the server's until it answers a save.
  const [draft, setDraft] = useState<SchemeDraft | null>(null);
  const edited = draft?.period === period ? draft : null;
  const weights = edited?.weights ?? scheme?.weights ?? null;
  const note = edited?.note ?? scheme?.note ?? '';
  const examScoreRule = edited?.examScoreRule ?? scheme?.examScoreRule ?? 'average';
  const edit = (change: (current: SchemeDraft) => Partial<SchemeDraft>) => {
    if (!scheme) return;
    setDraft((current) => {
      const base =
        current?.period === period
          ? current
          : { period, weights: scheme.weights, note: scheme.note ?? '', examScoreRule: scheme.examScoreRule };
      return { ...base, ...change(base) };
    });
  };
  const showSaved = (saved: Scheme) => {
    setScheme(saved);
    setDraft(null);
  };

  const sum = weights ? performanceMetrics.reduce((s, m) => s + Math.round(weights[m] * 100), 0) / 100 : 0;
  const isEditable = canManage && !scheme?.publishedAt;

  const { submit: save, isSubmitting: isSaving } = useSubmit(
    (next: Weights) => saveScheme(period, { weights: next, note: note || null, examScoreRule }),
    { success: '考核方案已保存', onSuccess: showSaved },
  );

  const { submit: publish } = useSubmit(() => publishPeriod(period), {
    success: '考核结果已发布并存档',
    onSuccess: showSaved,
  });

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <PeriodPicker value={period} onChange={onPeriodChange} />
        {scheme?.isDefault ? <Tag>默认方案（尚未单独设置）</Tag> : null}
        {scheme?.publishedAt ? <Tag color="green">已于 {scheme.publishedAt.slice(0, 10)} 发布</Tag> : null}
      </Space>
      <Alert
        type="info"
        showIcon
        message="标准化与权重"
        description={
          <>
            每项指标在全中心范围内换算为 0–100 分：越高越好的指标以全中心最高值为 100 分（得分 = 本人值 ÷ 最高值 ×
            100）； 平均处理时长以最短者为 100 分（最短值 ÷ 本人值 × 100）；转办超期件数为扣分项（100 × (1 − 本人件数 ÷
            最多件数)）。 没有数据的指标（如本月无满意度评价）得 0 分。各项权重不能为负，合计须为 100。 服务时段出勤率 =
            有来电登记或接通通话的服务时段数 ÷ 本月（截至当前）工作日的服务时段总数（按工作日历和服务时间设置）。
          </>
        }
      />
      <Table<{ metric: PerformanceMetric }>
        rowKey="metric"
        pagination={false}
        dataSource={scheme?.metrics ?? []}
        columns={[
          { title: '指标', dataIndex: 'name' },
          {
            title: '说明',
            key: 'description',
            render: (_, m) => {
              const info = scheme?.metrics.find((x) => x.metric === m.metric);
              return (
                <Typography.Text type={info?.hasDataSource ? undefined : 'secondary'}>
                  {info?.hasDataSource ? null : <Tag color="orange">暂无数据来源</Tag>}
                  {info?.description}
                  {m.metric === 'examScore' && (
                    <Select
                      aria-label="考试成绩取值规则"
                      size="small"
                      style={{ marginLeft: 8, width: 170 }}
                      disabled={!isEditable}
                      value={examScoreRule}
                      onChange={(rule) => edit(() => ({ examScoreRule: rule }))}
                      options={examScoreRules.map((r) => ({ value: r, label: examScoreRuleNames[r] }))}
                    />
                  )}
                </Typography.Text>
              );
            },
          },
          {
            title: '权重',
            key: 'weight',
            width: 140,
            render: (_, m) => {
              const info = scheme?.metrics.find((x) => x.metric === m.metric);
              return (
                <InputNumber
                  aria-label={`${info?.name ?? m.metric}权重`}
                  min={0}
                  max={100}
                  precision={2}
                  disabled={!isEditable || !info?.hasDataSource}
                  value={weights?.[m.metric] ?? 0}
                  onChange={(v) => edit((d) => ({ weights: { ...d.weights, [m.metric]: v ?? 0 } }))}
                />
              );
            },
          },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={2}>
              合计
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2}>
              <Typography.Text type={sum === 100 ? 'success' : 'danger'}>{sum}</Typography.Text>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      <Input.TextArea
        rows={2}
        maxLength={500}
        placeholder="方案说明（可选）"
        value={note}
        disabled={!isEditable}
        onChange={(e) => edit(() => ({ note: e.target.value }))}
      />
      {canManage ? (
        <Space>
          <Button
            type="primary"
            loading={isSaving}
            disabled={!isEditable}
            onClick={() => weights && void save(weights)}
          >
            保存方案
          </Button>
          <Popconfirm
            title="发布后结果存档，方案和加减分不能再修改。确定发布？"
            onConfirm={() => void publish()}
            disabled={Boolean(scheme?.publishedAt)}
          >
            <Button disabled={Boolean(scheme?.publishedAt)}>发布该月考核结果</Button>
          </Popconfirm>
        </Space>
      ) : null}
    </Space>
  );
}
