import { Form, Input, InputNumber, Modal, Radio, Space } from 'antd';
import {
  type Adoption,
  adoptionNames,
  adoptions,
  type CallbackResult,
  callbackResultNames,
  callbackResults,
  type Rating,
  satisfactionNames,
  satisfactions,
} from '../../../shared/contacts';
import { useSubmit } from '../../components/use-submit';
import { useDepartments } from '../../reference-data';
import { ContactContext } from './contact-context';
import { recordCallback, recordSurvey } from './contacts.api';
import { DepartmentSelect } from './department-select';

/** A modal asking for one text (a reason, a note, an answer) and running `onSubmit` with it. */
export function TextPromptModal({
  title,
  label,
  okText = '确定',
  maxLength = 1000,
  onSubmit,
  onClose,
}: {
  title: string;
  label: string;
  okText?: string;
  maxLength?: number;
  onSubmit: (text: string) => Promise<void>;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ text: string }>();
  const { submit, isSubmitting: isSaving } = useSubmit(
    async ({ text }: { text: string }) => {
      await onSubmit(text.trim());
      onClose();
    },
    { form },
  );
  return (
    <Modal open title={title} okText={okText} confirmLoading={isSaving} onOk={() => form.submit()} onCancel={onClose}>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item label={label} name="text" rules={[{ required: true, whitespace: true, message: `请填写${label}` }]}>
          <Input.TextArea rows={4} maxLength={maxLength} showCount autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Pick a department (and add a note) to transfer or forward to. */
export function DepartmentModal({
  title,
  excludeId,
  onSubmit,
  onClose,
}: {
  title: string;
  excludeId?: number;
  onSubmit: (input: { departmentId: number; note?: string }) => Promise<void>;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ departmentId: number; note?: string }>();
  const { data: departments } = useDepartments();
  const { submit, isSubmitting: isSaving } = useSubmit(
    async (values: { departmentId: number; note?: string }) => {
      await onSubmit({
        departmentId: values.departmentId,
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      });
      onClose();
    },
    { form },
  );
  return (
    <Modal open title={title} okText="确定" confirmLoading={isSaving} onOk={() => form.submit()} onCancel={onClose}>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item label="业务处室" name="departmentId" rules={[{ required: true, message: '请选择业务处室' }]}>
          <DepartmentSelect departments={departments.filter((d) => d.id !== excludeId)} />
        </Form.Item>
        <Form.Item label="说明" name="note">
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The department's answer; a suggestion also says whether it was adopted. */
export function AnswerModal({
  contactId,
  isSuggestion,
  onSubmit,
  onClose,
}: {
  contactId: number;
  isSuggestion: boolean;
  onSubmit: (input: { answer: string; adoption?: Adoption }) => Promise<void>;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ answer: string; adoption?: Adoption }>();
  const { submit, isSubmitting: isSaving } = useSubmit(
    async (values: { answer: string; adoption?: Adoption }) => {
      await onSubmit({ answer: values.answer.trim(), ...(values.adoption ? { adoption: values.adoption } : {}) });
      onClose();
    },
    { form },
  );
  return (
    <Modal
      open
      title="答复转办单"
      okText="提交答复"
      confirmLoading={isSaving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <ContactContext contactId={contactId} withAnswer={false} />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        {isSuggestion && (
          <Form.Item label="采纳情况" name="adoption" rules={[{ required: true, message: '请选择采纳情况' }]}>
            <Radio.Group options={adoptions.map((a) => ({ value: a, label: adoptionNames[a] }))} />
          </Form.Item>
        )}
        <Form.Item
          label={isSuggestion ? '答复纳税人的意见' : '答复内容'}
          name="answer"
          rules={[{ required: true, whitespace: true, message: '请填写答复内容' }]}
        >
          <Input.TextArea rows={6} maxLength={4000} showCount autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One callback attempt: reached, not reached (try again later), or closed with a reason. */
export function CallbackModal({
  contactId,
  onDone,
  onClose,
}: {
  contactId: number;
  onDone: () => void;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ result: CallbackResult; note?: string }>();
  const { submit, isSubmitting: isSaving } = useSubmit(
    (values: { result: CallbackResult; note?: string }) =>
      recordCallback(contactId, { result: values.result, ...(values.note?.trim() ? { note: values.note } : {}) }),
    {
      form,
      success: '回访结果已记录',
      onSuccess: () => {
        onDone();
        onClose();
      },
    },
  );
  return (
    <Modal open title="回访" okText="保存" confirmLoading={isSaving} onOk={() => form.submit()} onCancel={onClose}>
      <ContactContext contactId={contactId} withAnswer />
      <Form form={form} layout="vertical" initialValues={{ result: 'reached' }} onFinish={(v) => void submit(v)}>
        <Form.Item label="回访结果" name="result">
          <Radio.Group options={callbackResults.map((r) => ({ value: r, label: callbackResultNames[r] }))} />
        </Form.Item>
        <Form.Item label="说明" name="note" extra="结束回访须说明原因">
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The agent types in the rating the taxpayer gave. */
export function SurveyModal({
  contactId,
  onDone,
  onClose,
}: {
  contactId: number;
  onDone: () => void;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Rating>();
  const { submit, isSubmitting: isSaving } = useSubmit(
    async (values: Rating) => {
      await recordSurvey(contactId, {
        satisfaction: values.satisfaction,
        ...(values.efficiency ? { efficiency: values.efficiency } : {}),
        ...(values.accuracy ? { accuracy: values.accuracy } : {}),
        ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}),
      });
    },
    {
      form,
      success: '满意度评价已记录',
      onSuccess: () => {
        onDone();
        onClose();
      },
    },
  );
  return (
    <Modal
      open
      title="录入满意度评价"
      okText="保存"
      confirmLoading={isSaving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item label="满意度" name="satisfaction" rules={[{ required: true, message: '请选择满意度' }]}>
          <Radio.Group options={satisfactions.map((s) => ({ value: s, label: satisfactionNames[s] }))} />
        </Form.Item>
        <Space size="large">
          <Form.Item label="办理效率（1–5）" name="efficiency">
            <InputNumber min={1} max={5} precision={0} />
          </Form.Item>
          <Form.Item label="答复准确性（1–5）" name="accuracy">
            <InputNumber min={1} max={5} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item label="意见" name="comment">
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
