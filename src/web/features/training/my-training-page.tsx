import { Button, Card, Form, Input, Modal, Rate, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { attendanceStatusNames, type FeedbackInput, trainingAreaNames } from '../../../shared/training';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { todayInShanghai } from '../../dates';
import {
  fetchMyHours,
  listMySessions,
  type MySession,
  requestLeave,
  signIn,
  submitFeedback,
  type TrainingHours,
} from './training.api';

const noSessions: MySession[] = [];

function SignInModal({ session, onClose, onDone }: { session: MySession; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<{ code: string }>();
  const { submit, isSubmitting } = useSubmit((v: { code: string }) => signIn(session.id, v.code), {
    form,
    success: '签到成功',
    onSuccess: onDone,
  });
  return (
    <Modal
      open
      title={`签到：${session.title}`}
      okText="签到"
      confirmLoading={isSubmitting}
      onOk={async () => submit(await form.validateFields())}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="code"
          label="签到码（讲师公布的 6 位数字）"
          rules={[{ required: true, len: 6, message: '请输入 6 位签到码' }]}
        >
          <Input maxLength={6} inputMode="numeric" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function LeaveModal({ session, onClose, onDone }: { session: MySession; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const { submit, isSubmitting } = useSubmit((v: { reason: string }) => requestLeave(session.id, v.reason), {
    form,
    success: '已请假',
    onSuccess: onDone,
  });
  return (
    <Modal
      open
      title={`请假：${session.date} ${session.title}`}
      okText="提交"
      confirmLoading={isSubmitting}
      onOk={async () => submit(await form.validateFields())}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label="请假事由" rules={[{ required: true, message: '请填写事由' }]}>
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function FeedbackModal({ session, onClose, onDone }: { session: MySession; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<FeedbackInput>();
  const { submit, isSubmitting } = useSubmit((v: FeedbackInput) => submitFeedback(session.id, v), {
    form,
    success: '感谢您的评价',
    onSuccess: onDone,
  });
  const rated = { required: true, message: '请评分' };
  return (
    <Modal
      open
      title={`培训评价：${session.title}`}
      okText="提交"
      confirmLoading={isSubmitting}
      onOk={async () => submit(await form.validateFields())}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="content" label="课程内容" rules={[rated]}>
          <Rate />
        </Form.Item>
        <Form.Item name="lecturer" label="讲师授课" rules={[rated]}>
          <Rate />
        </Form.Item>
        <Form.Item name="usefulness" label="对工作的帮助" rules={[rated]}>
          <Rate />
        </Form.Item>
        <Form.Item name="comment" label="意见和建议">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function HoursCard() {
  const year = Number(todayInShanghai().slice(0, 4));
  const load = useCallback(() => fetchMyHours(year), [year]);
  const hours = useLoaded<TrainingHours | null>(load, null);
  const row = hours.data?.rows[0];
  return (
    <Card size="small" title={`${year} 年学时`}>
      {row ? (
        <Space wrap>
          <Tag color="blue">合计 {row.total} 学时</Tag>
          {Object.entries(row.byArea).map(([area, h]) => (
            <Tag key={area}>
              {trainingAreaNames[area as keyof typeof trainingAreaNames] ?? area} {h}
            </Tag>
          ))}
        </Space>
      ) : (
        <Typography.Text type="secondary">今年还没有学时</Typography.Text>
      )}
    </Card>
  );
}

type Dialog = { kind: 'signIn' | 'leave' | 'feedback'; session: MySession } | null;

/** 我的培训: the sessions I am invited to, signing in, leave, the questionnaire, and my hours. */
export function MyTrainingPage() {
  const sessions = useLoaded(listMySessions, noSessions);
  const [dialog, setDialog] = useState<Dialog>(null);
  const done = () => {
    setDialog(null);
    sessions.reload();
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <HoursCard />
      <Card title="我的培训">
        <Table
          size="small"
          rowKey="id"
          loading={sessions.isLoading}
          dataSource={sessions.data}
          pagination={false}
          columns={[
            { title: '日期', dataIndex: 'date' },
            { title: '时间', key: 'time', render: (_: unknown, s: MySession) => `${s.startTime}–${s.endTime}` },
            {
              title: '课次',
              key: 'title',
              render: (_: unknown, s: MySession) => (
                <Space>
                  {s.title}
                  {s.isMakeUp && <Tag color="orange">补训</Tag>}
                </Space>
              ),
            },
            { title: '培训计划', dataIndex: 'planTitle' },
            { title: '地点', dataIndex: 'location' },
            { title: '学时', dataIndex: 'hours' },
            {
              title: '出勤',
              key: 'attendance',
              render: (_: unknown, s: MySession) =>
                s.status === 'cancelled' ? <Tag>已取消</Tag> : s.attendance ? attendanceStatusNames[s.attendance] : '',
            },
            {
              title: '操作',
              key: 'actions',
              render: (_: unknown, s: MySession) =>
                s.status === 'cancelled' ? null : (
                  <Space size={0}>
                    {s.canSignIn && (
                      <Button size="small" type="link" onClick={() => setDialog({ kind: 'signIn', session: s })}>
                        签到
                      </Button>
                    )}
                    {!s.hasEnded && s.attendance !== 'present' && s.attendance !== 'leave' && (
                      <Button size="small" type="link" onClick={() => setDialog({ kind: 'leave', session: s })}>
                        请假
                      </Button>
                    )}
                    {s.hasEnded && s.attendance === 'present' && !s.hasFeedback && (
                      <Button size="small" type="link" onClick={() => setDialog({ kind: 'feedback', session: s })}>
                        评价
                      </Button>
                    )}
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      {dialog?.kind === 'signIn' && (
        <SignInModal session={dialog.session} onClose={() => setDialog(null)} onDone={done} />
      )}
      {dialog?.kind === 'leave' && (
        <LeaveModal session={dialog.session} onClose={() => setDialog(null)} onDone={done} />
      )}
      {dialog?.kind === 'feedback' && (
        <FeedbackModal session={dialog.session} onClose={() => setDialog(null)} onDone={done} />
      )}
    </Space>
  );
}
