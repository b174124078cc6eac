import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Form, Space, TimePicker, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { parseTimeOfDay, TIME_FORMAT } from '../../dates';
import { fetchServiceHours, type ServicePeriod, saveServiceHours } from './calendar.api';

const MAX_PERIODS = 6;

interface ServiceHoursValues {
  periods: { range: [Dayjs, Dayjs] }[];
}

const loadPeriods = async () => (await fetchServiceHours()).periods;

/** 服务时间: the daily periods agents are on duty; editable for calendar.manage. */
export function ServiceHoursCard({ canManage }: { canManage: boolean }) {
  const { data: periods, setData: setPeriods } = useLoaded(loadPeriods, null as ServicePeriod[] | null);
  const [isEditing, setIsEditing] = useState(false);

  const initialValues = (): ServiceHoursValues => ({
    periods: (periods ?? []).map((p) => ({ range: [parseTimeOfDay(p.start), parseTimeOfDay(p.end)] })),
  });

  const { submit: save, isSubmitting: isSaving } = useSubmit(
    async (values: ServiceHoursValues) => {
      const next = (values.periods ?? [])
        .map(({ range }) => ({ start: range[0].format(TIME_FORMAT), end: range[1].format(TIME_FORMAT) }))
        .sort((a, b) => a.start.localeCompare(b.start));
      const result = await saveServiceHours(next);
      setPeriods(result.periods);
      setIsEditing(false);
    },
    { success: '服务时间已保存' },
  );

  const extra =
    canManage && !isEditing && periods ? (
      <Button size="small" onClick={() => setIsEditing(true)}>
        编辑
      </Button>
    ) : null;

  return (
    <Card title="服务时间" size="small" extra={extra} loading={periods === null}>
      {isEditing ? (
        <Form<ServiceHoursValues>
          name="serviceHours"
          initialValues={initialValues()}
          onFinish={(values) => void save(values)}
        >
          <Form.List
            name="periods"
            rules={[
              {
                validator: async (_rule, periods: unknown[] | undefined) => {
                  if (!periods || periods.length === 0) throw new Error('至少设置一个时段');
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((field, index) => (
                  <Space key={field.key} align="baseline">
                    <Form.Item
                      label={`时段${index + 1}`}
                      name={[field.name, 'range']}
                      rules={[
                        { required: true, message: '请选择时段' },
                        {
                          validator: async (_rule, value: [Dayjs, Dayjs] | undefined) => {
                            if (value && !value[0].isBefore(value[1])) throw new Error('结束时间须晚于开始时间');
                          },
                        },
                      ]}
                    >
                      <TimePicker.RangePicker format={TIME_FORMAT} minuteStep={5} order />
                    </Form.Item>
                    <Button
                      type="text"
                      aria-label={`删除时段${index + 1}`}
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                    />
                  </Space>
                ))}
                <Form.Item>
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => add()}
                    disabled={fields.length >= MAX_PERIODS}
                    block
                  >
                    添加时段
                  </Button>
                  <Form.ErrorList errors={errors} />
                </Form.Item>
              </>
            )}
          </Form.List>
          <Space>
            <Button type="primary" htmlType="submit" loading={isSaving}>
              保存
            </Button>
            <Button onClick={() => setIsEditing(false)}>取消</Button>
          </Space>
        </Form>
      ) : periods && periods.length > 0 ? (
        <Space orientation="vertical" size={4}>
          {periods.map((p) => (
            <Typography.Text key={`${p.start}-${p.end}`}>{`${p.start} – ${p.end}`}</Typography.Text>
          ))}
        </Space>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未设置服务时间" />
      )}
    </Card>
  );
}
