import { App, Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { adjustmentLimits } from '../../../shared/performance';
import { useApiFeedback } from '../../components/use-api-feedback';
import { addAdjustment } from './performance.api';

interface Values {
  points: number;
  reason: string;
}

/** 录入加减分 for one agent of the lead's own team (the server checks the team again). */
export function AdjustmentModal({
  period,
  agent,
  onClose,
  onSaved,
}: {
  period: string;
  agent: { userId: number; name: string };
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const { showError } = useApiFeedback();
  const [form] = Form.useForm<Values>();
  const [isSaving, setIsSaving] = useState(false);

  const save = async () => {
    const values = await form.validateFields();
    setIsSaving(true);
    try {
      await addAdjustment({ period, userId: agent.userId, ...values });
      void message.success('加减分已录入');
      onSaved();
    } catch (error) {
      showError(error, form);
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <Modal
      open
      title={`录入加减分：${agent.name}（${period}）`}
      okText="录入"
      confirmLoading={isSaving}
      onOk={() => void save()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="points"
          label="分值（正数加分，负数减分）"
          rules={[
            { required: true, message: '请填写分值' },
            { validator: async (_, v) => (v === 0 ? Promise.reject(new Error('分值不能为 0')) : undefined) },
          ]}
        >
          <InputNumber min={adjustmentLimits.minPoints} max={adjustmentLimits.maxPoints} step={0.5} precision={1} />
        </Form.Item>
        <Form.Item
          name="reason"
          label="事由"
          rules={[{ required: true, min: 2, message: '请填写事由（至少 2 个字）' }]}
        >
          <Input.TextArea rows={3} maxLength={adjustmentLimits.reasonMax} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
