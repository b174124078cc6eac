import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Space, Switch, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import type { InboxTransfer, RankingItem } from '../../../shared/contacts';
import { useLoaded } from '../../components/use-loaded';
import { toDateString } from '../../dates';
import { hasPermission, useCurrentUser } from '../auth/auth-context';
import { TextPromptModal } from './contact-actions';
import { ContactDetailDrawer } from './contact-detail-drawer';
import { DueTag, LinkButton, TypeTag } from './contact-tags';
import { exportTransfersUrl, fetchOverdueRanking, listOverdueTransfers, urgeTransfer } from './contacts.api';

const noOverdue: {
  transfers: InboxTransfer[];
  ranking: { from: string; to: string; items: RankingItem[] } | null;
} = { transfers: [], ranking: null };

/** 转办督办: transfers overdue or due soon, with urging, and the overdue ranking of departments. */
export function TransferMonitorPage() {
  const user = useCurrentUser();
  const { message } = App.useApp();
  const [includeDueSoon, setIncludeDueSoon] = useState(true);
  const [range, setRange] = useState<{ from?: string; to?: string }>({});
  const [urging, setUrging] = useState<InboxTransfer | null>(null);
  const [openContactId, setOpenContactId] = useState<number | null>(null);
  const canUrge = hasPermission(user, 'transfers.urge');
  const loadOverdue = useCallback(async () => {
    const [transfers, ranking] = await Promise.all([listOverdueTransfers(includeDueSoon), fetchOverdueRanking(range)]);
    return { transfers, ranking };
  }, [includeDueSoon, range]);
  const {
    data: { transfers, ranking },
    isLoading,
    reload,
  } = useLoaded(loadOverdue, noOverdue);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title="超期和即将到期的转办单"
        extra={
          <Space>
            <span>含即将到期</span>
            <Switch checked={includeDueSoon} onChange={setIncludeDueSoon} />
            <Button icon={<DownloadOutlined />} href={exportTransfersUrl({ includeDueSoon, ...range })}>
              导出 Excel
            </Button>
          </Space>
        }
      >
        <Table<InboxTransfer>
          rowKey="id"
          loading={isLoading}
          dataSource={transfers}
          pagination={{ pageSize: 20 }}
          locale={{ emptyText: '没有超期或即将到期的转办单' }}
          columns={[
            {
              title: '工单编号',
              dataIndex: 'ticketNo',
              render: (v: string, t) => <LinkButton onClick={() => setOpenContactId(t.contactId)}>{v}</LinkButton>,
            },
            { title: '类型', dataIndex: 'type', render: (v: InboxTransfer['type']) => <TypeTag type={v} /> },
            { title: '主题', dataIndex: 'subject' },
            { title: '承办处室', dataIndex: 'departmentName' },
            { title: '坐席', dataIndex: 'agentName' },
            {
              title: '答复时限',
              dataIndex: 'dueAt',
              render: (v: string, t) => <DueTag state={t.dueState} dueAt={v} />,
            },
            {
              title: '催办次数',
              dataIndex: 'urgeCount',
              render: (n: number) => <Tag color={n > 0 ? 'red' : 'default'}>{n}</Tag>,
            },
            ...(canUrge
              ? [
                  {
                    title: '操作',
                    render: (_: unknown, t: InboxTransfer) => (
                      <Button type="link" danger onClick={() => setUrging(t)}>
                        催办
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card
        title="各处室超期排名"
        extra={
          <DatePicker.RangePicker
            onChange={(values) => {
              const [from, to] = (values ?? []) as Array<Dayjs | null>;
              setRange(from && to ? { from: toDateString(from), to: toDateString(to) } : {});
            }}
          />
        }
      >
        <Table<RankingItem>
          rowKey="departmentId"
          loading={isLoading}
          dataSource={ranking?.items ?? []}
          pagination={false}
          title={() => (ranking ? `${ranking.from} 至 ${ranking.to} 收到的转办单` : '')}
          columns={[
            { title: '排名', dataIndex: 'rank' },
            { title: '处室', dataIndex: 'departmentName' },
            { title: '转办单', dataIndex: 'total' },
            { title: '超期', dataIndex: 'overdue' },
            { title: '当前超期未答复', dataIndex: 'overdueOpen' },
            { title: '超期率', dataIndex: 'overdueRate', render: (v: number) => `${(v * 100).toFixed(1)}%` },
            { title: '催办次数', dataIndex: 'urges' },
          ]}
        />
      </Card>
      {urging && (
        <TextPromptModal
          title={`催办 ${urging.ticketNo ?? ''}`}
          label="催办意见"
          maxLength={500}
          onSubmit={async (note) => {
            const result = await urgeTransfer(urging.id, note);
            void message.success(`已催办（第 ${result.urgeCount} 次）`);
            reload();
          }}
          onClose={() => setUrging(null)}
        />
      )}
      {openContactId !== null && (
        <ContactDetailDrawer contactId={openContactId} onClose={() => setOpenContactId(null)} onChanged={reload} />
      )}
    </Space>
  );
}
