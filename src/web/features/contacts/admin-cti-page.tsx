import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  type ExtensionHolder,
  type Integration,
  type IntegrationKind,
  integrationKindNames,
  integrationKinds,
} from '../../../shared/contacts';
import { extensionRules } from '../../components/field-rules';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { formatDateTime } from '../../dates';
import { createIntegration, listExtensions, listIntegrations, revokeIntegration, setExtension } from './contacts.api';

interface CtiSettings {
  integrations: { defaultCtiConfigured: boolean; items: Integration[] };
  extensions: ExtensionHolder[];
}

const noCtiSettings: CtiSettings = { integrations: { defaultCtiConfigured: false, items: [] }, extensions: [] };

async function loadCtiSettings(): Promise<CtiSettings> {
  const [integrations, extensions] = await Promise.all([listIntegrations(), listExtensions()]);
  return { integrations, extensions };
}

/** 分机与CTI: the integrations that may call the webhooks (tokens shown once) and the extension of each agent. */
export function AdminCtiPage() {
  const { modal } = App.useApp();
  const {
    data: { integrations, extensions },
    reload,
  } = useLoaded(loadCtiSettings, noCtiSettings);
  const [isCreating, setIsCreating] = useState(false);
  const [editing, setEditing] = useState<ExtensionHolder | null>(null);
  const [form] = Form.useForm<{ name: string; kind: IntegrationKind }>();
  const [extensionForm] = Form.useForm<{ extension: string }>();

  const { submit: revoke } = useSubmit(revokeIntegration, { onSuccess: reload });

  const { submit: create } = useSubmit(
    async (values: { name: string; kind: IntegrationKind }) => {
      const created = await createIntegration({ name: values.name.trim(), kind: values.kind });
      setIsCreating(false);
      form.resetFields();
      modal.success({
        title: '接口已创建',
        width: 560,
        content: (
          <Space orientation="vertical">
            <Typography.Text>请把以下令牌配置到{integrationKindNames[created.kind]}，它只显示这一次：</Typography.Text>
            <Typography.Text code copyable>
              {created.token}
            </Typography.Text>
            <Typography.Text type="secondary">
              调用方式：Authorization: Bearer 令牌；
              {created.kind === 'cti' ? 'POST /api/cti/events' : 'POST /api/sms/inbound'}
            </Typography.Text>
          </Space>
        ),
      });
      reload();
    },
    { form },
  );

  const { submit: saveExtensionOf } = useSubmit(
    (userId: number, extension: string) => setExtension(userId, extension.trim() || null),
    {
      form: extensionForm,
      success: '分机号已保存',
      onSuccess: () => {
        setEditing(null);
        reload();
      },
    },
  );
  const saveExtension = async ({ extension }: { extension: string }) => {
    if (editing) await saveExtensionOf(editing.userId, extension);
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title="CTI 与短信接口"
        extra={
          <Button type="primary" onClick={() => setIsCreating(true)}>
            新增接口
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">
          默认 CTI 接口（环境变量 TAXLINE_CTI_TOKEN）：{integrations.defaultCtiConfigured ? '已配置' : '未配置'}。
          本系统不保存令牌原文，只保存其摘要。电话交换机把 newCall / answer / hangup 事件发到 POST /api/cti/events；
          短信网关把上行回复发到 POST /api/sms/inbound。
        </Typography.Paragraph>
        <Table<Integration>
          rowKey="id"
          dataSource={integrations.items}
          pagination={false}
          columns={[
            { title: '名称', dataIndex: 'name' },
            { title: '类型', dataIndex: 'kind', render: (k: IntegrationKind) => integrationKindNames[k] },
            { title: '令牌', dataIndex: 'tokenHint' },
            { title: '创建', render: (_, i) => `${i.createdBy ?? ''} ${formatDateTime(i.createdAt).slice(0, 16)}` },
            {
              title: '状态',
              render: (_, i) => (i.isActive ? <Tag color="green">启用</Tag> : <Tag>已停用</Tag>),
            },
            {
              title: '操作',
              render: (_, i) =>
                i.isActive && (
                  <Popconfirm title="停用后该令牌立即失效，确定停用？" onConfirm={() => revoke(i.id)}>
                    <Button type="link" danger>
                      停用
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
      <Card title="分机号与坐席">
        <Table<ExtensionHolder>
          rowKey="userId"
          dataSource={extensions}
          pagination={false}
          columns={[
            { title: '分机号', dataIndex: 'extension', render: (v: string | null) => v ?? <Tag>未分配</Tag> },
            { title: '姓名', dataIndex: 'name' },
            { title: '用户名', dataIndex: 'username' },
            { title: '所属机构', dataIndex: 'orgUnitName' },
            { title: '状态', dataIndex: 'isDisabled', render: (v: boolean) => (v ? <Tag>已停用</Tag> : '正常') },
            {
              title: '操作',
              render: (_, h) => (
                <Button
                  type="link"
                  onClick={() => {
                    extensionForm.setFieldsValue({ extension: h.extension ?? '' });
                    setEditing(h);
                  }}
                >
                  设置分机
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={isCreating}
        title="新增接口"
        okText="创建"
        onOk={() => form.submit()}
        onCancel={() => setIsCreating(false)}
      >
        <Form form={form} layout="vertical" initialValues={{ kind: 'cti' }} onFinish={(v) => void create(v)}>
          <Form.Item label="名称" name="name" rules={[{ required: true, whitespace: true, message: '请输入名称' }]}>
            <Input placeholder="如：呼叫中心交换机" />
          </Form.Item>
          <Form.Item label="类型" name="kind">
            <Select options={integrationKinds.map((k) => ({ value: k, label: integrationKindNames[k] }))} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={editing !== null}
        title={`设置分机：${editing?.name ?? ''}`}
        okText="保存"
        onOk={() => extensionForm.submit()}
        onCancel={() => setEditing(null)}
      >
        <Form form={extensionForm} layout="vertical" onFinish={(v) => void saveExtension(v)}>
          <Form.Item label="分机号" name="extension" rules={extensionRules} extra="留空则取消分机">
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
