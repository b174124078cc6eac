import { App, Button, Form, Input, Popconfirm, Space, Table, Typography } from 'antd';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { formatDateTime } from '../../dates';
import { type DictionaryWord, kbApi } from './kb.api';

const loadWords = () => kbApi.dictionary();

/**
 * 分词词典: words the segmenter must keep whole, beyond the built-in tax terms and THUOCL's
 * finance and law lists. Adding or removing a word re-analyses the knowledge base.
 */
export function KbDictionaryPage() {
  const { message } = App.useApp();
  const { data, isLoading, reload } = useLoaded(loadWords, [] as DictionaryWord[]);
  const [form] = Form.useForm<{ word: string; note?: string }>();

  const { submit: add } = useSubmit(
    async (values: { word: string; note?: string }) => {
      await kbApi.addWord(values.word, values.note || null);
      void message.success(`已添加“${values.word}”，知识已按新词典重新分词`);
      form.resetFields();
      reload();
    },
    { form },
  );
  const { submit: remove } = useSubmit(async (row: DictionaryWord) => {
    await kbApi.deleteWord(row.id);
    reload();
  });

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">
        内置税收词表和清华 THUOCL
        财经、法律词库已默认加载；同义词维护中的每个词也会自动加入词典。这里添加的是本中心的补充词条。
      </Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={(v) => void add(v)}>
        <Form.Item name="word" label="词条" rules={[{ required: true, whitespace: true, message: '请填写词条' }]}>
          <Input maxLength={20} placeholder="如 留抵退税" />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input maxLength={200} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          添加
        </Button>
      </Form>
      <Table<DictionaryWord>
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={data}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        columns={[
          { title: '词条', dataIndex: 'word' },
          { title: '说明', dataIndex: 'note' },
          { title: '添加人', dataIndex: 'createdByName', width: 120 },
          { title: '添加时间', width: 170, render: (_, r) => formatDateTime(r.createdAt) },
          {
            title: '操作',
            width: 80,
            render: (_, r) => (
              <Popconfirm title={`删除“${r.word}”？`} okText="删除" onConfirm={() => void remove(r)}>
                <Typography.Link type="danger">删除</Typography.Link>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Space>
  );
}
