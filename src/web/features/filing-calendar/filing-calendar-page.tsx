import {
  Alert,
  Button,
  Calendar,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { formatLongDate, toDateString } from '../../dates';
import { hasPermission, useCurrentUser } from '../auth/auth-context';
import {
  type CurrentDeadline,
  type FilingDeadline,
  fetchCurrentDeadline,
  fetchYearDeadlines,
  removeDeadlineOverride,
  setDeadlineOverride,
  type YearDeadlines,
} from './filing-calendar.api';

/** The answer to "这个月申报截止到哪天". */
function CurrentCard() {
  const { data, isLoading } = useLoaded(fetchCurrentDeadline, null as CurrentDeadline | null);
  return (
    <Card loading={isLoading} title="本月申报期限" data-testid="current-deadline">
      {data && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Statistic title={`${data.next.name}截止日期`} value={formatLongDate(data.next.deadline)} />
          <Typography.Text>
            距截止还有 {data.daysLeft} 天（含今天在内 {data.workingDaysLeft} 个工作日）
          </Typography.Text>
          {data.hasPassed && (
            <Typography.Text type="secondary">
              本月（{data.current.name}）已于 {formatLongDate(data.current.deadline)} 截止。
            </Typography.Text>
          )}
          <Typography.Text type="secondary">{data.next.reason}</Typography.Text>
          {!data.isScheduleKnown && (
            <Alert
              type="warning"
              showIcon
              title="该年度国务院调休安排尚未收录，期限按法定节日和周末推算，公布后可能变化。"
            />
          )}
        </Space>
      )}
    </Card>
  );
}

interface OverrideForm {
  deadline: Dayjs;
  document?: string;
  note?: string;
}

function OverrideModal({
  deadline,
  onClose,
  onSaved,
}: {
  deadline: FilingDeadline;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<OverrideForm>();
  const { submit: save, isSubmitting: isSaving } = useSubmit(
    async (v: OverrideForm) => {
      await setDeadlineOverride(deadline.periodKey, {
        deadline: toDateString(v.deadline),
        ...(v.document ? { document: v.document } : {}),
        ...(v.note ? { note: v.note } : {}),
      });
      onSaved();
    },
    { form },
  );
  return (
    <Modal
      open
      title={`按公告设置截止日：${deadline.name}`}
      okText="保存"
      confirmLoading={isSaving}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          deadline: dayjs(deadline.deadline),
          document: deadline.override?.document ?? '',
          note: deadline.override?.note ?? '',
        }}
        onFinish={(v) => void save(v)}
      >
        <Typography.Paragraph type="secondary">按规则计算的截止日为 {deadline.computedDeadline}。</Typography.Paragraph>
        <Form.Item name="deadline" label="公告截止日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="document" label="公告文号">
          <Input maxLength={100} placeholder="例如 税总办征科函〔2025〕…号" />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea maxLength={300} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 征期日历: the deadlines of a year by 第一百零九条, with the announced ones set by managers. */
export function FilingCalendarPage() {
  const user = useCurrentUser();
  const canManage = hasPermission(user, 'filing_calendar.manage');
  const [year, setYear] = useState(() => dayjs().year());
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const [editing, setEditing] = useState<FilingDeadline | null>(null);
  const load = useCallback(() => fetchYearDeadlines(year), [year]);
  const { data, isLoading, reload } = useLoaded(load, null as YearDeadlines | null);
  const { submit: removeOverride } = useSubmit(removeDeadlineOverride, { onSuccess: reload });
  const byDate = new Map((data?.deadlines ?? []).map((d) => [d.deadline, d]));

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={8}>
        <CurrentCard />
      </Col>
      <Col xs={24} xl={16}>
        <Card
          title="申报截止日一览"
          extra={<InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} prefix="年度" />}
        >
          {data && !data.isScheduleKnown && (
            <Alert
              style={{ marginBottom: 12 }}
              type="warning"
              showIcon
              title="该年度国务院调休安排尚未收录，截止日按法定节日和周末推算，公布后可能变化。"
            />
          )}
          <Table
            size="small"
            rowKey="periodKey"
            loading={isLoading}
            dataSource={data?.deadlines ?? []}
            pagination={false}
            columns={[
              {
                title: '申报期',
                dataIndex: 'name',
                render: (name: string, d: FilingDeadline) => (
                  <Space>
                    {name}
                    {d.isQuarterMonth && <Tag color="blue">季</Tag>}
                  </Space>
                ),
              },
              {
                title: '截止日期',
                dataIndex: 'deadline',
                width: 170,
                render: (date: string, d: FilingDeadline) => (
                  <Space style={{ whiteSpace: 'nowrap' }}>
                    <Typography.Text strong>{date}</Typography.Text>
                    {d.override ? (
                      <Tag color="purple">公告</Tag>
                    ) : (
                      d.deadline !== d.statutoryLastDay && <Tag color="orange">顺延</Tag>
                    )}
                  </Space>
                ),
              },
              { title: '说明', dataIndex: 'reason', ellipsis: true },
              ...(canManage
                ? [
                    {
                      title: '操作',
                      key: 'actions',
                      width: 150,
                      render: (_: unknown, d: FilingDeadline) => (
                        <Space>
                          <Button size="small" onClick={() => setEditing(d)}>
                            按公告设置
                          </Button>
                          {d.override && (
                            <Popconfirm
                              title="取消公告截止日，恢复按规则计算？"
                              onConfirm={() => removeOverride(d.periodKey)}
                            >
                              <Button size="small" danger>
                                取消
                              </Button>
                            </Popconfirm>
                          )}
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      </Col>
      <Col span={24}>
        <Card title="日历视图">
          <Calendar
            value={month}
            onPanelChange={(value) => {
              setMonth(value);
              if (value.year() !== year) setYear(value.year());
            }}
            onChange={setMonth}
            cellRender={(date, info) => {
              if (info.type !== 'date') return null;
              const d = byDate.get(toDateString(date));
              return d ? <Tag color="red">{d.kind === 'monthly' ? `${d.month}月申报截止` : d.name}</Tag> : null;
            }}
          />
        </Card>
      </Col>
      {editing && (
        <OverrideModal
          deadline={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </Row>
  );
}
