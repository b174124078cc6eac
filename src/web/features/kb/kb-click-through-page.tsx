import { App, Button, Popconfirm, Space, Table, Typography } from 'antd';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { kbApi } from './kb.api';
import { libraryNames } from './kb-tags';

type Row = Awaited<ReturnType<typeof kbApi.clickThrough>>[number];
const loadRows = () => kbApi.clickThrough();

/**
 * 点击反馈: the articles agents used to answer contacts, and the ranking boost that gives them
 * (+5 % per e-fold of uses, at most +20 %). An administrator resets one article or all.
 */
export function KbClickThroughPage() {
  const { message } = App.useApp();
  const { data, isLoading, reload } = useLoaded(loadRows, [] as Row[]);
  const { submit: reset } = useSubmit(async (articleId: number | null) => {
    const result = await kbApi.resetClickThrough(articleId);
    void message.success(`已清零 ${result.reset} 条知识的点击反馈`);
    reload();
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">
        坐席在来电登记中采用某条知识答复后，该知识在相关度相同的检索中排序靠前。可按条或全部清零。
      </Typography.Paragraph>
      <Popconfirm title="清零全部知识的点击反馈？" okText="清零" onConfirm={() => void reset(null)}>
        <Button danger disabled={data.length === 0}>
          全部清零
        </Button>
      </Popconfirm>
      <Table<Row>
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={data}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        columns={[
          {
            title: '知识',
            dataIndex: 'title',
            render: (title: string, r) => <a href={`/kb?article=${r.id}`}>{title}</a>,
          },
          { title: '库种', width: 120, render: (_, r) => libraryNames[r.libraryCode] ?? r.libraryCode },
          { title: '采用次数', dataIndex: 'useCount', width: 100 },
          { title: '排序加成', width: 100, render: (_, r) => `+${r.boostPercent}%` },
          {
            title: '操作',
            width: 80,
            render: (_, r) => (
              <Popconfirm title="清零这条知识的点击反馈？" okText="清零" onConfirm={() => void reset(r.id)}>
                <Typography.Link>清零</Typography.Link>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Space>
  );
}
