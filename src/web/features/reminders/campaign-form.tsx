import { DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useLayoutEffect } from 'react';
import type { ReminderChannel, ReminderKind } from '../../../shared/reminders';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { toDateString } from '../../dates';
import { type Agent, createCampaign, fetchDefaults, listAgents, type ReminderList } from './reminders.api';

interface CampaignForm {
  name: string;
  kind: ReminderKind;
  channel: ReminderChannel;
  listId: number;
  period: Dayjs;
  deadline?: Dayjs;
  template?: string;
  agentIds?: number[];
}

interface CampaignChoices {
  templates: Record<string, string>;
  placeholders: string[];
  agents: Agent[];
  /** Null until the defaults have come. */
  suggestedDeadline: string | null;
}

const noChoices: CampaignChoices = { templates: {}, placeholders: [], agents: [], suggestedDeadline: null };

/** The templates, placeholders and suggested deadline the form starts from, and the agents to call back. */
async function loadChoices(): Promise<CampaignChoices> {
  const [defaults, agents] = await Promise.all([fetchDefaults(), listAgents()]);
  const { templates, placeholders, suggestedDeadline } = defaults;
  return { templates, placeholders, agents, suggestedDeadline };
}

/** 发起提醒: a filing reminder or an overdue notice, by SMS or agent callback, over a ready list. */
export function CampaignFormModal({
  lists,
  onClose,
  onCreated,
}: {
  lists: ReminderList[];
  onClose: () => void;
  onCreated: (id: number) => void;
}) {
  const [form] = Form.useForm<CampaignForm>();
  const { data: choices } = useLoaded(loadChoices, noChoices);
  const { templates, placeholders, agents } = choices;
  const channel = Form.useWatch('channel', form);
  const { submit: save, isSubmitting: isSaving } = useSubmit(
    async (v: CampaignForm) => {
      const created = await createCampaign({
        name: v.name,
        kind: v.kind,
        channel: v.channel,
        listId: v.listId,
        period: v.period.format('YYYY-MM'),
        ...(v.deadline ? { deadline: toDateString(v.deadline) } : {}),
        ...(v.template ? { template: v.template } : {}),
        ...(v.channel === 'callback' ? { agentIds: v.agentIds ?? [] } : {}),
      });
      onCreated(created.id);
    },
    { form },
  );

  // Before the browser paints: the defaults appear with the choices, not a frame later.
  useLayoutEffect(() => {
    if (choices.suggestedDeadline === null) return;
    form.setFieldsValue({ deadline: dayjs(choices.suggestedDeadline), template: choices.templates.filing_reminder });
  }, [choices, form]);

  return (
    <Modal
      open
      title="发起提醒"
      okText="发起"
      width={640}
      confirmLoading={isSaving}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'filing_reminder', channel: 'sms', period: dayjs().subtract(1, 'month') }}
        onValuesChange={(changed: Partial<CampaignForm>) => {
          if (changed.kind && templates[changed.kind]) form.setFieldValue('template', templates[changed.kind]);
        }}
        onFinish={(v) => void save(v)}
      >
        <Form.Item
          name="name"
          label="任务名称"
          rules={[{ required: true, whitespace: true, message: '请输入任务名称' }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="kind" label="提醒类型">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'filing_reminder', label: '申报提醒' },
              { value: 'overdue_notice', label: '催报催缴' },
            ]}
          />
        </Form.Item>
        <Form.Item name="channel" label="提醒方式">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'sms', label: '短信' },
              { value: 'callback', label: '坐席回访' },
            ]}
          />
        </Form.Item>
        <Form.Item name="listId" label="提醒名单" rules={[{ required: true, message: '请选择名单' }]}>
          <Select
            placeholder="选择已导入的名单"
            options={lists
              .filter((l) => l.status === 'ready')
              .map((l) => ({ value: l.id, label: `${l.name}（${l.loadedRows} 户）` }))}
          />
        </Form.Item>
        <Form.Item name="period" label="所属期" rules={[{ required: true, message: '请选择所属期' }]}>
          <DatePicker picker="month" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="deadline" label="截止日期（默认取征期日历）">
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        {channel === 'callback' && (
          <Form.Item
            name="agentIds"
            label="回访坐席（名单平均分配）"
            rules={[{ required: true, message: '请选择坐席' }]}
          >
            <Select
              mode="multiple"
              options={agents.map((a) => ({
                value: a.id,
                label: `${a.name}（${a.username}${a.extension ? ` · ${a.extension}` : ''}）`,
              }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="template"
          label={channel === 'callback' ? '回访话术' : '短信内容'}
          extra={`可用占位符：${placeholders.map((p) => `{${p}}`).join(' ')}；短信签名自动加在开头。`}
        >
          <Input.TextArea rows={4} maxLength={300} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
