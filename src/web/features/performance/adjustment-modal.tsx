import { Form, Input, InputNumber, Modal } from 'antd';
import { adjustmentLimits } from '../../../shared/performance';
import { useSubmit } from '../../components/use-submit';
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
  const [form] = Form.useForm<Values>();
  const { submit: saveValues, isSubmitting: isSaving } = useSubmit(
    (values: Values) => addAdjustment({ period, userId: agent.userId, ...values }),
    { form, success: '加减分已录入', onSuccess: () => onSaved() },
  );
  const save = async () => saveValues(await form.validateFields());

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
