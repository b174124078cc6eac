import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { formatDateTime } from '../../dates';
import { kbApi, type Synonym } from './kb.api';

const kindNames: Record<Synonym['kind'], string> = {
  abbreviation: '缩略语',
  synonym: '同义词',
  question: '问法提示',
};
const kindHelp: Record<Synonym['kind'], string> = {
  abbreviation: '简称与全称互相检索，如 个税 = 个人所得税',
  synonym: '意思相同的词互相检索，如 账簿 = 帐簿',
  question: '第一个词为问法（如 多久），其后为答复中常见的词（按月、按季…），只提高排序，不要求出现',
};

const loadSynonyms = () => kbApi.synonyms();

type SynonymValues = { kind: Synonym['kind']; terms: string[]; note: string | null };

/**
 * 同义词维护: synonyms, abbreviations and question hints as data. Every word also joins the
 * segmenter's dictionary; saving re-analyses the knowledge base (at once when it is small).
 */
export function KbSynonymsPage() {
  const { data, isLoading, reload } = useLoaded(loadSynonyms, [] as Synonym[]);
  const [editing, setEditing] = useState<Synonym | 'new' | null>(null);
  const [filter, setFilter] = useState('');
  const [form] = Form.useForm<SynonymValues>();
  const kind = Form.useWatch('kind', form) ?? 'abbreviation';

  const open = (row: Synonym | 'new') => {
    setEditing(row);
    form.setFieldsValue(row === 'new' ? { kind: 'abbreviation', terms: [], note: null } : row);
  };
  const { submit: saveValues } = useSubmit(
    (values: SynonymValues) =>
      kbApi.saveSynonym(editing === 'new' || editing === null ? null : editing.id, {
        ...values,
        note: values.note || null,
      }),
    {
      form,
      success: '已保存，检索立即生效',
      onSuccess: () => {
        setEditing(null);
        reload();
      },
    },
  );
  const save = async () => saveValues(await form.validateFields());
  const { submit: remove } = useSubmit(async (row: Synonym) => {
    await kbApi.deleteSynonym(row.id);
    reload();
  });
  const shown = data.filter((s) => !filter || s.terms.some((t) => t.includes(filter)));

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Input.Search aria-label="查找词" placeholder="查找词" allowClear onSearch={setFilter} style={{ width: 220 }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
          新增词组
        </Button>
      </Space>
      <Table<Synonym>
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={shown}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        columns={[
          { title: '类型', width: 100, render: (_, r) => kindNames[r.kind] },
          {
            title: '词',
            render: (_, r) => (
              <Space size={4} wrap>
                {r.terms.map((t, i) => (
                  <Tag key={t} color={r.kind === 'question' && i === 0 ? 'purple' : undefined}>
                    {t}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { title: '说明', dataIndex: 'note', width: 200 },
          { title: '更新时间', width: 170, render: (_, r) => formatDateTime(r.updatedAt) },
          {
            title: '操作',
            width: 130,
            render: (_, r) => (
              <Space>
                <Typography.Link onClick={() => open(r)}>修改</Typography.Link>
                <Popconfirm title="删除这组词？" okText="删除" onConfirm={() => void remove(r)}>
                  <Typography.Link type="danger">删除</Typography.Link>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? '新增词组' : '修改词组'}
        okText="保存"
        onOk={() => void save()}
        onCancel={() => setEditing(null)}
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item name="kind" label="类型" extra={kindHelp[kind]}>
            <Radio.Group
              options={(Object.keys(kindNames) as Synonym['kind'][]).map((k) => ({ value: k, label: kindNames[k] }))}
            />
          </Form.Item>
          <Form.Item
            name="terms"
            label="词（输入后回车）"
            rules={[{ type: 'array', min: 2, message: '至少填写两个词' }]}
          >
            <Select mode="tags" open={false} tokenSeparators={[',', '，', '、', ' ']} aria-label="词" />
          </Form.Item>
          <Form.Item name="note" label="说明">
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
