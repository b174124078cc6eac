import { Button, Card, DatePicker, Form, InputNumber, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSubmit } from '../../components/use-submit';
import { formatLongDate, toDateString } from '../../dates';
import { addWorkingDays } from './calendar.api';

interface WorkingDaysValues {
  from: Dayjs;
  days: number;
}

interface Outcome {
  from: string;
  days: number;
  date: string;
}

/** 工作日推算: the date N working days after a start date, as the server counts deadlines. */
export function WorkingDaysCard() {
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const { submit: count, isSubmitting: isCounting } = useSubmit(async (values: WorkingDaysValues) => {
    const from = toDateString(values.from);
    const { date } = await addWorkingDays(from, values.days);
    setOutcome({ from, days: values.days, date });
  });

  return (
    <Card title="工作日推算" size="small">
      <Form<WorkingDaysValues>
        name="workingDays"
        layout="vertical"
        initialValues={{ from: dayjs(), days: 2 }}
        onFinish={(values) => void count(values)}
        onValuesChange={() => setOutcome(null)}
      >
        <Form.Item label="起始日期" name="from" rules={[{ required: true, message: '请选择起始日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="工作日数" name="days" rules={[{ required: true, message: '请输入工作日数' }]}>
          <InputNumber min={0} max={365} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={isCounting}>
          推算
        </Button>
      </Form>
      {outcome && (
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }} data-testid="working-days-result">
          {formatLongDate(outcome.from)} 之后第 {outcome.days} 个工作日：
          <Typography.Text strong>{formatLongDate(outcome.date)}</Typography.Text>
        </Typography.Paragraph>
      )}
    </Card>
  );
}
