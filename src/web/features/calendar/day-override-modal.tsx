import { Button, Form, Input, Modal, Radio, Typography } from 'antd';
import { useSubmit } from '../../components/use-submit';
import { formatLongDate } from '../../dates';
import { type CalendarDay, removeDayOverride, setDayOverride } from './calendar.api';

interface DayOverrideValues {
  isWorkingDay: boolean;
  name?: string;
  note?: string;
}

const dayTypeOptions = [
  { label: '工作日', value: true },
  { label: '休息日', value: false },
];

function describe(day: CalendarDay | undefined): string {
  if (!day) return '';
  const state = day.isWorkingDay ? '工作日' : '休息日';
  return day.name ? `${state}（${day.name}）` : state;
}

interface DayOverrideModalProps {
  date: string;
  day: CalendarDay | undefined;
  onClose: () => void;
  onSaved: () => void;
}

/** 设置日期: makes one date a working day or a day off for the centre, or restores the statutory schedule. */
export function DayOverrideModal({ date, day, onClose, onSaved }: DayOverrideModalProps) {
  const [form] = Form.useForm<DayOverrideValues>();
  const { submit: save, isSubmitting: isSaving } = useSubmit(
    (values: DayOverrideValues) => {
      const name = values.name?.trim() || (values.isWorkingDay ? '调整为工作日' : '调整为休息日');
      const note = values.note?.trim();
      return setDayOverride(date, { isWorkingDay: values.isWorkingDay, name, ...(note ? { note } : {}) });
    },
    { form, success: '已保存', onSuccess: () => onSaved() },
  );
  const { submit: restore, isSubmitting: isRestoring } = useSubmit(() => removeDayOverride(date), {
    success: '已恢复默认',
    onSuccess: () => onSaved(),
  });

  const initialValues: DayOverrideValues = day?.isOverride
    ? { isWorkingDay: day.isWorkingDay, name: day.name ?? '', note: day.note ?? '' }
    : { isWorkingDay: day?.isWorkingDay ?? true, name: '', note: '' };

  return (
    <Modal
      open
      title="设置日期"
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button
          key="restore"
          disabled={!day?.isOverride}
          loading={isRestoring}
          onClick={() => void restore()}
          style={{ float: 'left' }}
        >
          恢复默认
        </Button>,
        <Button key="cancel" onClick={onClose}>
          取消
        </Button>,
        <Button key="save" type="primary" loading={isSaving} onClick={() => form.submit()}>
          保存
        </Button>,
      ]}
    >
      <Typography.Paragraph>
        {formatLongDate(date)}
        {day && <Typography.Text type="secondary">，当前为{describe(day)}</Typography.Text>}
      </Typography.Paragraph>
      <Form<DayOverrideValues>
        form={form}
        name="dayOverride"
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => void save(values)}
      >
        <Form.Item label="类型" name="isWorkingDay" rules={[{ required: true, message: '请选择类型' }]}>
          <Radio.Group options={dayTypeOptions} />
        </Form.Item>
        <Form.Item label="名称" name="name" rules={[{ max: 40, message: '名称不能超过 40 个字' }]}>
          <Input placeholder="如：本地闭馆" />
        </Form.Item>
        <Form.Item label="备注" name="note" rules={[{ max: 200, message: '备注不能超过 200 个字' }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
