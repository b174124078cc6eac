import { PlusOutlined } from '@ant-design/icons';
import { Button, Collapse, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  type ColloquialCategory,
  colloquialCategories,
  colloquialCategoryLabels,
  type KbColloquialTerm,
} from '../../../shared/kb';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { formatDateTime } from '../../dates';
import { kbApi } from './kb.api';

const loadLexicon = () => kbApi.colloquialLexicon();
const loadIntents = () => kbApi.intentRules();

type TermValues = { phrase: string; target: string; category: ColloquialCategory; note: string | null };

/** 转让|销售 不动产|房屋 → [['转让', '销售'], ['不动产', '房屋']]: slots by spaces, alternatives by |. */
const slotsOf = (target: string) =>
  target
    .split(/[\s，,]+/)
    .map((slot) => slot.split(/[|｜、]/).filter(Boolean))
    .filter((slot) => slot.length > 0);
const targetOf = (slots: string[][]) => slots.map((s) => s.join('|')).join(' ');

/**
 * 口语词表: how callers say it → the words the law uses, applied to questions at search time (a
 * change counts at the next search on every server, nothing is re-analysed). Below it, the
 * question-intent rules, read-only.
 */
export function KbColloquialPage() {
  const { data, isLoading, reload } = useLoaded(loadLexicon, [] as KbColloquialTerm[]);
  const intents = useLoaded(loadIntents, []);
  const [editing, setEditing] = useState<KbColloquialTerm | 'new' | null>(null);
  const [filter, setFilter] = useState('');
  const [category, setCategory] = useState<ColloquialCategory | undefined>();
  const [form] = Form.useForm<TermValues>();

  const edit = (row: KbColloquialTerm | 'new') => {
    setEditing(row);
    form.setFieldsValue(
      row === 'new'
        ? { phrase: '', target: '', category: 'thing', note: null }
        : { phrase: row.phrase, target: targetOf(row.slots), category: row.category, note: row.note },
    );
  };
  const { submit: saveTerm } = useSubmit(
    (v: TermValues) =>
      kbApi.saveColloquialTerm(editing === 'new' || editing === null ? null : editing.id, {
        phrase: v.phrase,
        slots: slotsOf(v.target),
        category: v.category,
        note: v.note || null,
      }),
    {
      form,
      success: '已保存，下一次检索即生效',
      onSuccess: () => {
        setEditing(null);
        reload();
      },
    },
  );
  const { submit: removeTerm } = useSubmit(async (row: KbColloquialTerm) => {
    await kbApi.deleteColloquialTerm(row.id);
    reload();
  });
  const rows = data.filter(
    (r) =>
      (!category || r.category === category) &&
      (!filter || r.phrase.includes(filter) || r.slots.some((s) => s.some((t) => t.includes(filter)))),
  );

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">
        来电人的说法（口语词）检索时改写为法规用语（规范词），权重低于原词；同一格中的词任选其一，多格须同时出现，如
        “卖房子 → 转让|销售 不动产|房屋”。
      </Typography.Paragraph>
      <Space wrap>
        <Input.Search
          aria-label="查找口语词"
          placeholder="查找口语词或规范词"
          allowClear
          onSearch={setFilter}
          style={{ width: 240 }}
        />
        <Select
          aria-label="类别"
          placeholder="全部类别"
          allowClear
          style={{ width: 160 }}
          value={category}
          onChange={setCategory}
          options={colloquialCategories.map((c) => ({ value: c, label: colloquialCategoryLabels[c] }))}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => edit('new')}>
          新增口语词
        </Button>
        <Typography.Text type="secondary">共 {data.length} 条</Typography.Text>
      </Space>
      <Table<KbColloquialTerm>
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={rows}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        columns={[
          { title: '口语词', dataIndex: 'phrase', width: 140 },
          {
            title: '规范词',
            render: (_, r) => (
              <Space size={4} wrap>
                {r.slots.map((slot) => (
                  <Tag key={slot.join('|')}>{slot.join(' | ')}</Tag>
                ))}
              </Space>
            ),
          },
          { title: '类别', width: 110, render: (_, r) => colloquialCategoryLabels[r.category] },
          { title: '说明', dataIndex: 'note', width: 160 },
          { title: '更新时间', width: 170, render: (_, r) => formatDateTime(r.updatedAt) },
          {
            title: '操作',
            width: 120,
            render: (_, r) => (
              <Space>
                <Typography.Link onClick={() => edit(r)}>修改</Typography.Link>
                <Popconfirm title="删除这个口语词？" okText="删除" onConfirm={() => void removeTerm(r)}>
                  <Typography.Link type="danger">删除</Typography.Link>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Collapse
        items={[
          {
            key: 'intents',
            label: '问题意图规则（只读）',
            children: (
              <Table
                rowKey="kind"
                size="small"
                pagination={false}
                dataSource={intents.data}
                columns={[
                  { title: '意图', dataIndex: 'label', width: 80 },
                  { title: '问法（正则）', dataIndex: 'asks' },
                  { title: '答复特征（正则）', render: (_, r) => r.states ?? '—（决定是否优先案例）' },
                ]}
              />
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? '新增口语词' : '修改口语词'}
        okText="保存"
        onOk={async () => saveTerm(await form.validateFields())}
        onCancel={() => setEditing(null)}
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item name="phrase" label="口语词" rules={[{ required: true, message: '请填写口语词' }]}>
            <Input maxLength={12} placeholder="如 卖房子" />
          </Form.Item>
          <Form.Item
            name="target"
            label="规范词"
            extra="格之间用空格分隔，同一格中的词用 | 分隔"
            rules={[{ required: true, message: '至少填写一个规范词' }]}
          >
            <Input placeholder="如 转让|销售 不动产|房屋" />
          </Form.Item>
          <Form.Item name="category" label="类别">
            <Select options={colloquialCategories.map((c) => ({ value: c, label: colloquialCategoryLabels[c] }))} />
          </Form.Item>
          <Form.Item name="note" label="说明">
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
