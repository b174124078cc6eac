import { Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { useCallback } from 'react';
import { type AssessmentInput, type AssessmentItem, assessmentItems } from '../../../shared/training';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { fetchAttendance, recordAssessment, type SessionAttendance, type TrainingSession } from './training.api';

type Values = { userId: number; comment?: string } & Record<AssessmentItem, number>;
const items = Object.entries(assessmentItems) as Array<[AssessmentItem, { name: string; max: number }]>;

/** 实操考核评分表: the trainer scores one participant's role-play call, item by item (pass: 60 of 100). */
export function AssessmentModal({ session, onClose }: { session: TrainingSession; onClose: () => void }) {
  const load = useCallback(() => fetchAttendance(session.id), [session.id]);
  const people = useLoaded<SessionAttendance | null>(load, null);
  const [form] = Form.useForm<Values>();
  const { submit, isSubmitting } = useSubmit(
    (v: Values) => {
      const body: AssessmentInput = {
        userId: v.userId,
        comment: v.comment,
        scores: Object.fromEntries(items.map(([key]) => [key, v[key]])) as AssessmentInput['scores'],
      };
      return recordAssessment(session.id, body);
    },
    {
      form,
      success: (r) => `已评分：${r.name} ${r.total} 分（${r.passed ? '合格' : '不合格'}）`,
      onSuccess: () => form.resetFields(),
    },
  );
  return (
    <Modal
      open
      title={`实操考核评分：${session.date} ${session.title}`}
      okText="保存评分"
      confirmLoading={isSubmitting}
      onOk={async () => submit(await form.validateFields())}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="userId" label="学员" rules={[{ required: true, message: '请选择学员' }]}>
          <Select options={(people.data?.rows ?? []).map((r) => ({ value: r.userId, label: r.name }))} />
        </Form.Item>
        <Space wrap>
          {items.map(([key, item]) => (
            <Form.Item
              key={key}
              name={key}
              label={`${item.name}（${item.max}）`}
              rules={[{ required: true, message: '请评分' }]}
            >
              <InputNumber min={0} max={item.max} step={0.5} />
            </Form.Item>
          ))}
        </Space>
        <Form.Item name="comment" label="评语">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
