import { UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  TimePicker,
  Typography,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  type CallbackResult,
  callbackResultNames,
  callbackResults,
  listSegmentNames,
  listSegments,
  type ReminderListFields,
} from '../../../shared/reminders';
import { fenToYuan } from '../../components/format';
import { type ImportOutcome, ImportResult } from '../../components/import-result';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { formatDateTime, parseTimeOfDay } from '../../dates';
import { hasPermission, useCurrentUser } from '../auth/auth-context';
import { CampaignDetailDrawer, CampaignStatusTag } from './campaign-detail';
import { CampaignFormModal } from './campaign-form';
import {
  addOptOut,
  type CallbackTask,
  type Campaign,
  fetchSmsSettings,
  importReminderList,
  listCampaigns,
  listMyTasks,
  listOptOuts,
  listReminderLists,
  type ReminderList,
  recordCallResult,
  removeOptOut,
  type SmsSettings,
  saveSmsSettings,
} from './reminders.api';

const noLists: ReminderList[] = [];
const noCampaigns: Campaign[] = [];

function CampaignsTab() {
  const lists = useLoaded(listReminderLists, noLists);
  const campaigns = useLoaded(listCampaigns, noCampaigns);
  const [isCreating, setIsCreating] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button type="primary" onClick={() => setIsCreating(true)}>
        发起提醒
      </Button>
      <Table
        size="small"
        rowKey="id"
        loading={campaigns.isLoading}
        dataSource={campaigns.data}
        onRow={(c) => ({ onClick: () => setOpenId(c.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '任务', dataIndex: 'name' },
          { title: '类型', key: 'kind', render: (_: unknown, c: Campaign) => `${c.kindName} · ${c.channelName}` },
          { title: '名单', dataIndex: 'listName' },
          { title: '所属期', dataIndex: 'period' },
          { title: '户数', dataIndex: 'total' },
          { title: '状态', dataIndex: 'status', render: (s: Campaign['status']) => <CampaignStatusTag status={s} /> },
          { title: '发起时间', dataIndex: 'createdAt', render: formatDateTime },
          { title: '发起人', dataIndex: 'createdByName' },
        ]}
      />
      {isCreating && (
        <CampaignFormModal
          lists={lists.data}
          onClose={() => setIsCreating(false)}
          onCreated={(id) => {
            setIsCreating(false);
            campaigns.reload();
            setOpenId(id);
          }}
        />
      )}
      {openId !== null && (
        <CampaignDetailDrawer id={openId} onClose={() => setOpenId(null)} onChanged={campaigns.reload} />
      )}
    </Space>
  );
}

const segmentOptions = listSegments.map((value) => ({ value, label: listSegmentNames[value] }));
const listStatusNames = { importing: '导入中', ready: '可用', failed: '导入失败' } as const;

function ListsTab() {
  const lists = useLoaded(listReminderLists, noLists);
  const [form] = Form.useForm<ReminderListFields>();
  const [result, setResult] = useState<ImportOutcome | null>(null);
  const { submit: upload, isSubmitting: isUploading } = useSubmit(
    async (file: File) => {
      setResult(await importReminderList(file, form.getFieldsValue()));
      lists.reload();
    },
    { form },
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={16}>
      <Typography.Text type="secondary">
        名单为 CSV（UTF-8 或 GBK）或 Excel
        .xlsx，列为：纳税人识别号、纳税人名称、手机号码，可选所属期、欠缴金额。有错误的行不导入，并按行号列出。
        <a href="/api/reminders/lists/template"> 下载模板</a>
      </Typography.Text>
      <Form form={form} layout="inline" initialValues={{ segment: 'unfiled' }}>
        <Form.Item
          name="name"
          label="名单名称"
          rules={[{ required: true, whitespace: true, message: '请输入名单名称' }]}
        >
          <Input maxLength={60} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="segment" label="名单类型">
          <Select options={segmentOptions} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item>
          <Upload
            accept=".csv,.xlsx"
            showUploadList={false}
            beforeUpload={async () => {
              try {
                await form.validateFields();
                return true;
              } catch {
                return Upload.LIST_IGNORE;
              }
            }}
            customRequest={({ file }) => void upload(file as File)}
          >
            <Button type="primary" icon={<UploadOutlined />} loading={isUploading}>
              选择文件并导入
            </Button>
          </Upload>
        </Form.Item>
      </Form>
      {result && <ImportResult result={result} />}
      <Table
        size="small"
        rowKey="id"
        loading={lists.isLoading}
        dataSource={lists.data}
        columns={[
          { title: '名单', dataIndex: 'name' },
          { title: '类型', dataIndex: 'segmentName' },
          { title: '状态', dataIndex: 'status', render: (s: ReminderList['status']) => listStatusNames[s] },
          { title: '总行数', dataIndex: 'totalRows' },
          { title: '导入', dataIndex: 'loadedRows' },
          { title: '错误', dataIndex: 'failedRows' },
          { title: '导入时间', dataIndex: 'createdAt', render: formatDateTime },
          { title: '导入人', dataIndex: 'createdByName' },
        ]}
      />
    </Space>
  );
}

const resultOptions = callbackResults.map((value) => ({ value, label: callbackResultNames[value] }));

function TasksTab() {
  const [status, setStatus] = useState<'pending' | 'done'>('pending');
  const tasks = useLoaded(status === 'pending' ? listPendingTasks : listDoneTasks, noTasks);
  const [notes, setNotes] = useState<Record<number, string>>({});
  const { submit: recordResult } = useSubmit(
    (id: number, result: CallbackResult) => recordCallResult(id, { result, ...(notes[id] ? { note: notes[id] } : {}) }),
    { onSuccess: tasks.reload },
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Radio.Group
        optionType="button"
        value={status}
        onChange={(e) => setStatus(e.target.value)}
        options={[
          { value: 'pending', label: '待回访' },
          { value: 'done', label: '已完成' },
        ]}
      />
      <Table
        size="small"
        rowKey="id"
        loading={tasks.isLoading}
        dataSource={tasks.data}
        expandable={{ expandedRowRender: (t) => <Typography.Text type="secondary">话术：{t.script}</Typography.Text> }}
        columns={[
          { title: '任务', dataIndex: 'campaignName' },
          { title: '纳税人', dataIndex: 'taxpayerName' },
          { title: '纳税人识别号', dataIndex: 'taxpayerId' },
          { title: '电话', dataIndex: 'phone' },
          {
            title: '欠缴金额',
            dataIndex: 'amountDueFen',
            render: (v: number | null) => (v === null ? '—' : fenToYuan(v)),
          },
          { title: '已拨打', dataIndex: 'attempts' },
          ...(status === 'pending'
            ? [
                {
                  title: '登记结果',
                  key: 'result',
                  render: (_: unknown, t: CallbackTask) => (
                    <Space>
                      <Input
                        size="small"
                        placeholder="备注"
                        style={{ width: 140 }}
                        value={notes[t.id] ?? ''}
                        onChange={(e) => setNotes((n) => ({ ...n, [t.id]: e.target.value }))}
                      />
                      <Select
                        size="small"
                        placeholder="选择结果"
                        style={{ width: 120 }}
                        options={resultOptions}
                        aria-label={`回访结果 ${t.taxpayerName}`}
                        onChange={(result: CallbackResult) => void recordResult(t.id, result)}
                      />
                    </Space>
                  ),
                },
              ]
            : [
                { title: '结果', dataIndex: 'resultName' },
                { title: '备注', dataIndex: 'note' },
              ]),
        ]}
      />
    </Space>
  );
}

const noTasks: CallbackTask[] = [];
const listPendingTasks = () => listMyTasks('pending');
const listDoneTasks = () => listMyTasks('done');

/** What the SMS settings form holds; the tokens are only sent when typed in. */
interface SmsSettingsValues extends Omit<SmsSettings, 'quietStart' | 'quietEnd'> {
  quietStart: Dayjs;
  quietEnd: Dayjs;
  httpToken?: string;
  callbackToken?: string;
}

function SettingsTab({ isAdmin }: { isAdmin: boolean }) {
  const settings = useLoaded(fetchSmsSettings, null as SmsSettings | null);
  const [form] = Form.useForm<SmsSettingsValues>();
  const [saved, setSaved] = useState(false);
  const { submit: save } = useSubmit(
    async (v: SmsSettingsValues) => {
      setSaved(false);
      await saveSmsSettings({
        signature: v.signature,
        ratePerSecond: v.ratePerSecond,
        maxAttempts: v.maxAttempts,
        quietStart: v.quietStart.format('HH:mm'),
        quietEnd: v.quietEnd.format('HH:mm'),
        ...(isAdmin
          ? {
              gateway: v.gateway,
              filePath: v.filePath,
              httpUrl: v.httpUrl || null,
              httpBodyTemplate: v.httpBodyTemplate,
              ...(v.httpToken ? { httpToken: v.httpToken } : {}),
              ...(v.callbackToken ? { callbackToken: v.callbackToken } : {}),
            }
          : {}),
      });
    },
    {
      form,
      onSuccess: () => {
        setSaved(true);
        settings.reload();
      },
    },
  );
  if (!settings.data) return null;
  const s = settings.data;
  return (
    <Form
      form={form}
      layout="vertical"
      style={{ maxWidth: 640 }}
      initialValues={{ ...s, quietStart: parseTimeOfDay(s.quietStart), quietEnd: parseTimeOfDay(s.quietEnd) }}
      onFinish={(v) => void save(v)}
    >
      {saved && <Alert type="success" showIcon title="已保存" style={{ marginBottom: 12 }} />}
      <Form.Item name="gateway" label="短信网关" extra="演示环境使用“文件”网关：短信写入服务器上的文件，不会真正发出。">
        <Radio.Group
          disabled={!isAdmin}
          optionType="button"
          options={[
            { value: 'file', label: '文件（演示）' },
            { value: 'console', label: '控制台日志（演示）' },
            { value: 'http', label: 'HTTP 网关' },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="filePath"
        label="文件网关文件名"
        extra="写在每台服务器的数据目录中，只能填文件名（如 sms-gateway.jsonl），不能含路径"
      >
        <Input disabled={!isAdmin} />
      </Form.Item>
      <Form.Item name="httpUrl" label="HTTP 网关地址">
        <Input disabled={!isAdmin} placeholder="https://sms.example.gov.cn/send" />
      </Form.Item>
      <Form.Item name="httpBodyTemplate" label="请求体模板（JSON，含 {{phone}} {{content}} {{messageId}}）">
        <Input.TextArea disabled={!isAdmin} rows={3} />
      </Form.Item>
      <Form.Item name="httpToken" label={`网关令牌${s.hasHttpToken ? '（已设置，留空不修改）' : ''}`}>
        <Input.Password disabled={!isAdmin} autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="callbackToken"
        label={`回执令牌（网关回调时使用）${s.hasCallbackToken ? '（已设置，留空不修改）' : ''}`}
      >
        <Input.Password disabled={!isAdmin} autoComplete="new-password" />
      </Form.Item>
      <Form.Item name="signature" label="短信签名">
        <Input maxLength={20} />
      </Form.Item>
      <Space size={16} wrap>
        <Form.Item name="ratePerSecond" label="每秒最多发送（网关限速）">
          <InputNumber min={1} max={20000} />
        </Form.Item>
        <Form.Item name="maxAttempts" label="最多重试次数">
          <InputNumber min={1} max={20} />
        </Form.Item>
        <Form.Item name="quietStart" label="夜间免打扰开始">
          <TimePicker format="HH:mm" />
        </Form.Item>
        <Form.Item name="quietEnd" label="免打扰结束">
          <TimePicker format="HH:mm" />
        </Form.Item>
      </Space>
      <Button type="primary" htmlType="submit">
        保存
      </Button>
    </Form>
  );
}

function OptOutsTab() {
  const optOuts = useLoaded(listAllOptOuts, noOptOuts);
  const { submit: remove } = useSubmit(removeOptOut, { onSuccess: optOuts.reload });
  const [form] = Form.useForm<{ phone: string; note?: string }>();
  const { submit: add } = useSubmit(
    async (v: { phone: string; note?: string }) => {
      await addOptOut({ phone: v.phone, ...(v.note ? { note: v.note } : {}) });
      form.resetFields();
      optOuts.reload();
    },
    { form },
  );
  const sourceNames: Record<string, string> = { manual: '人工登记', sms_reply: '短信回复退订' };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Form form={form} layout="inline" onFinish={(v) => void add(v)}>
        <Form.Item name="phone" rules={[{ required: true, message: '请输入手机号码' }]}>
          <Input placeholder="手机号码" />
        </Form.Item>
        <Form.Item name="note">
          <Input placeholder="备注" />
        </Form.Item>
        <Button htmlType="submit">登记退订</Button>
      </Form>
      <Table
        size="small"
        rowKey="phone"
        loading={optOuts.isLoading}
        dataSource={optOuts.data}
        columns={[
          { title: '手机号码', dataIndex: 'phone' },
          { title: '来源', dataIndex: 'source', render: (s: string) => <Tag>{sourceNames[s] ?? s}</Tag> },
          { title: '备注', dataIndex: 'note' },
          { title: '时间', dataIndex: 'createdAt', render: formatDateTime },
          {
            title: '操作',
            key: 'remove',
            render: (_: unknown, o: { phone: string }) => (
              <Popconfirm title="取消退订后将恢复发送提醒短信，确定？" onConfirm={() => remove(o.phone)}>
                <Button size="small">取消退订</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Space>
  );
}

const noOptOuts: Array<{ phone: string; source: string; note: string | null; createdAt: string }> = [];
const listAllOptOuts = () => listOptOuts();

/** 提醒服务: campaigns, lists, the agent's own callback tasks, SMS settings and opt-outs. */
export function RemindersPage() {
  const user = useCurrentUser();
  const canManage = hasPermission(user, 'reminders.manage');
  const [params, setParams] = useSearchParams();
  const tabs = [
    ...(canManage
      ? [
          { key: 'campaigns', label: '提醒任务', children: <CampaignsTab /> },
          { key: 'lists', label: '提醒名单', children: <ListsTab /> },
        ]
      : []),
    { key: 'tasks', label: '我的回访任务', children: <TasksTab /> },
    ...(canManage
      ? [
          { key: 'settings', label: '短信设置', children: <SettingsTab isAdmin={user.roles.includes('admin')} /> },
          { key: 'opt-outs', label: '退订名单', children: <OptOutsTab /> },
        ]
      : []),
  ];
  const first = tabs[0]?.key ?? 'tasks';
  const active = tabs.some((t) => t.key === params.get('tab')) ? (params.get('tab') as string) : first;
  return (
    <Card title="提醒服务">
      <Tabs activeKey={active} onChange={(key) => setParams({ tab: key })} items={tabs} destroyOnHidden />
    </Card>
  );
}
