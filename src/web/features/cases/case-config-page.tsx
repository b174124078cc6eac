import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Table,
  type TableProps,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import {
  type CaseCategory,
  type CaseOptionKind,
  type CaseStep,
  caseCategories,
  caseCategoryNames,
} from '../../../shared/cases';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import {
  type CaseOption,
  createCaseOption,
  listAllCaseOptions,
  listTimeLimits,
  setTimeLimit,
  type TimeLimits,
  updateCaseOption,
} from './cases.api';

interface OptionValues {
  code: string;
  name: string;
  sortOrder?: number;
}

/** 新增 / 编辑 one entry of a list. A new classification goes under `parent`, or at the top of `category`. */
function OptionModal({
  kind,
  editing,
  parent,
  category,
  onClose,
  onSaved,
}: {
  kind: CaseOptionKind;
  editing: CaseOption | null;
  parent: CaseOption | null;
  category: CaseCategory | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<OptionValues>();
  const { submit: save, isSubmitting: isSaving } = useSubmit(
    async (values: OptionValues) => {
      if (editing) {
        await updateCaseOption(editing.id, { name: values.name.trim(), sortOrder: values.sortOrder ?? 0 });
      } else {
        await createCaseOption({
          kind,
          code: values.code.trim(),
          name: values.name.trim(),
          sortOrder: values.sortOrder ?? 0,
          ...(parent ? { parentId: parent.id } : {}),
          ...(!parent && kind === 'classification' && category ? { category } : {}),
        });
      }
      onSaved();
    },
    { form },
  );
  return (
    <Modal
      open
      title={editing ? `编辑“${editing.name}”` : parent ? `在“${parent.name}”下新增` : '新增'}
      okText="保存"
      confirmLoading={isSaving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<OptionValues>
        form={form}
        name="caseOption"
        layout="vertical"
        initialValues={
          editing ? { code: editing.code, name: editing.name, sortOrder: editing.sortOrder } : { sortOrder: 0 }
        }
        onFinish={(v) => void save(v)}
      >
        <Form.Item
          label="编码"
          name="code"
          rules={[
            { required: true, whitespace: true, message: '请输入编码' },
            { pattern: /^\s*[A-Za-z0-9_.-]{2,64}\s*$/, message: '须为 2–64 位字母、数字、点、下划线或连字符' },
          ]}
        >
          <Input disabled={!!editing} />
        </Form.Item>
        <Form.Item
          label="名称"
          name="name"
          rules={[{ required: true, whitespace: true, message: '请输入名称' }, { max: 100 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item label="排序" name="sortOrder">
          <InputNumber min={0} max={9999} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface TreeRow extends CaseOption {
  children?: TreeRow[];
}

function toTree(options: CaseOption[], parentId: number | null): TreeRow[] {
  return options
    .filter((o) => o.parentId === parentId)
    .map((o) => {
      const children = toTree(options, o.id);
      return children.length > 0 ? { ...o, children } : { ...o };
    });
}

const noOptions: CaseOption[] = [];
const noLimits: TimeLimits[] = [];

/** One configurable list (or, for the classification, one category's tree) with its add, edit and on/off. */
function OptionList({ kind, category }: { kind: CaseOptionKind; category?: CaseCategory }) {
  const { message } = App.useApp();
  const [modal, setModal] = useState<{ editing: CaseOption | null; parent: CaseOption | null } | null>(null);
  const loadOptions = useCallback(() => listAllCaseOptions(kind), [kind]);
  const { data: options, isLoading, reload } = useLoaded(loadOptions, noOptions);

  const rows = useMemo(
    () => toTree(category ? options.filter((o) => o.category === category) : options, null),
    [options, category],
  );

  const { submit: toggle } = useSubmit(async (option: CaseOption) => {
    await updateCaseOption(option.id, { isActive: !option.isActive });
    void message.success(option.isActive ? `已停用“${option.name}”` : `已启用“${option.name}”`);
    reload();
  });

  const columns: TableProps<TreeRow>['columns'] = [
    { title: '名称', dataIndex: 'name' },
    { title: '编码', dataIndex: 'code' },
    ...(kind === 'classification' ? [{ title: '级别', dataIndex: 'level', render: (v: number) => `${v} 级` }] : []),
    { title: '排序', dataIndex: 'sortOrder' },
    {
      title: '状态',
      dataIndex: 'isActive',
      render: (v: boolean) => (v ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>),
    },
    {
      title: '操作',
      key: 'ops',
      render: (_, option) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setModal({ editing: option, parent: null })}>
            编辑
          </Button>
          {kind === 'classification' && option.level < 3 && (
            <Button type="link" size="small" onClick={() => setModal({ editing: null, parent: option })}>
              新增下级
            </Button>
          )}
          <Button type="link" size="small" danger={option.isActive} onClick={() => void toggle(option)}>
            {option.isActive ? '停用' : '启用'}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button icon={<PlusOutlined />} onClick={() => setModal({ editing: null, parent: null })}>
          {kind === 'classification' ? '新增一级分类' : '新增'}
        </Button>
        <Typography.Text type="secondary">停用的条目不再出现在办理表单中，已使用它的案件不受影响。</Typography.Text>
      </Space>
      <Table<TreeRow>
        rowKey="id"
        size="small"
        loading={isLoading}
        columns={columns}
        dataSource={rows}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
      />
      {modal && (
        <OptionModal
          kind={kind}
          editing={modal.editing}
          parent={modal.parent}
          category={category}
          onClose={() => setModal(null)}
          onSaved={() => {
            setModal(null);
            void message.success('已保存');
            reload();
          }}
        />
      )}
    </>
  );
}

/** 办理时限: the working-day limits of each process, the definition's default and the value in force. */
function TimeLimitsPanel() {
  const { message } = App.useApp();
  const { data: limits, setData: setLimits } = useLoaded(listTimeLimits, noLimits);
  const [drafts, setDrafts] = useState<Record<string, number | null>>({});

  const { submit: save } = useSubmit(
    async (processKey: CaseCategory, key: CaseStep | 'period', workingDays: number | null) => {
      setLimits(await setTimeLimit({ processKey, key, workingDays }));
      setDrafts({});
      void message.success(workingDays === null ? '已恢复默认时限' : '时限已保存，对此后进入该环节的案件生效');
    },
  );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {limits.map((process) => (
        <Card key={process.processKey} size="small" title={process.processName}>
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={process.limits}
            columns={[
              { title: '环节', dataIndex: 'name' },
              { title: '流程定义默认', dataIndex: 'defaultWorkingDays', render: (v: number) => `${v} 个工作日` },
              {
                title: '现行时限（工作日）',
                key: 'value',
                render: (_, row) => {
                  const draftKey = `${process.processKey}.${row.key}`;
                  return (
                    <Space>
                      <InputNumber
                        aria-label={`${process.processName}${row.name}时限`}
                        min={1}
                        max={365}
                        value={drafts[draftKey] ?? row.workingDays}
                        onChange={(v) => setDrafts((d) => ({ ...d, [draftKey]: v }))}
                      />
                      <Button
                        size="small"
                        type="primary"
                        disabled={drafts[draftKey] === undefined || drafts[draftKey] === null}
                        onClick={() => void save(process.processKey, row.key, drafts[draftKey] ?? null)}
                      >
                        保存
                      </Button>
                      {row.isOverride && (
                        <Button size="small" onClick={() => void save(process.processKey, row.key, null)}>
                          恢复默认
                        </Button>
                      )}
                    </Space>
                  );
                },
              },
            ]}
          />
        </Card>
      ))}
    </Space>
  );
}

/** 投诉举报配置: rejection reasons, complaint types, the three-level classification and the time limits. */
export function CaseConfigPage() {
  return (
    <Card title="投诉举报配置">
      <Tabs
        items={[
          { key: 'rejection_reason', label: '不受理原因', children: <OptionList kind="rejection_reason" /> },
          { key: 'complaint_type', label: '投诉类型', children: <OptionList kind="complaint_type" /> },
          ...caseCategories.map((category) => ({
            key: `classification.${category}`,
            label: `三级分类（${caseCategoryNames[category]}）`,
            children: <OptionList kind="classification" category={category} />,
          })),
          { key: 'limits', label: '办理时限', children: <TimeLimitsPanel /> },
        ]}
      />
    </Card>
  );
}
