import { DownloadOutlined } from '@ant-design/icons';
import {
  Button,
  Descriptions,
  Drawer,
  Popconfirm,
  Progress,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback } from 'react';
import { isRecipientStatus, type RecipientFilter, type RecipientStatus } from '../../../shared/reminders';
import { PagedTable, type PageSlice, usePagedList } from '../../components/paged-table';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { formatDateTime } from '../../dates';
import {
  type CampaignDetail,
  cancelCampaign,
  exportRecipientsUrl,
  fetchCampaign,
  listRecipients,
  type Recipient,
} from './reminders.api';

export const campaignStatusNames = {
  queuing: '排队中',
  active: '进行中',
  completed: '已完成',
  cancelled: '已取消',
} as const;
const statusColors = { queuing: 'default', active: 'processing', completed: 'success', cancelled: 'error' } as const;

export function CampaignStatusTag({ status }: { status: keyof typeof campaignStatusNames }) {
  return <Tag color={statusColors[status]}>{campaignStatusNames[status]}</Tag>;
}

/** A campaign's progress and results, recipient by recipient (phones masked). */
export function CampaignDetailDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: number;
  onClose: () => void;
  onChanged: () => void;
}) {
  const load = useCallback(() => fetchCampaign(id), [id]);
  const { data: campaign, reload } = useLoaded(load, null as CampaignDetail | null);
  const loadRecipients = useCallback((query: RecipientFilter & PageSlice) => listRecipients(id, query), [id]);
  const recipients = usePagedList<Recipient, RecipientFilter>(loadRecipients, {});
  const { status } = recipients.filters;
  const { submit: cancel } = useSubmit(() => cancelCampaign(id), {
    onSuccess: () => {
      reload();
      onChanged();
    },
  });

  const counts = campaign?.progress.byStatus ?? campaign?.progress.byResult ?? {};
  const isSms = campaign?.channel === 'sms';
  return (
    <Drawer
      open
      size={880}
      title={campaign?.name ?? '提醒任务'}
      onClose={onClose}
      extra={
        campaign && (campaign.status === 'active' || campaign.status === 'queuing') ? (
          <Popconfirm title="取消后未发送的短信不再发送、未完成的回访任务撤回。确定取消？" onConfirm={() => cancel()}>
            <Button danger>取消任务</Button>
          </Popconfirm>
        ) : null
      }
    >
      {campaign && (
        <Space orientation="vertical" style={{ width: '100%' }} size={16} data-testid="campaign-detail">
          <Descriptions
            size="small"
            column={2}
            items={[
              { key: 'kind', label: '类型', children: `${campaign.kindName} · ${campaign.channelName}` },
              { key: 'status', label: '状态', children: <CampaignStatusTag status={campaign.status} /> },
              { key: 'list', label: '名单', children: campaign.listName },
              {
                key: 'period',
                label: '所属期 / 截止日期',
                children: `${campaign.period} / ${campaign.deadline ?? '—'}`,
              },
              { key: 'total', label: '名单户数', children: campaign.total },
              {
                key: 'queued',
                label: isSms ? '排队短信' : '回访任务',
                children: isSms
                  ? `${campaign.queued}（退订 ${campaign.skippedOptOut}，重复 ${campaign.skippedDuplicate}）`
                  : campaign.queued,
              },
              { key: 'template', label: isSms ? '短信模板' : '回访话术', span: 2, children: campaign.template },
            ]}
          />
          <Progress
            percent={
              campaign.progress.total ? Math.round((campaign.progress.done / campaign.progress.total) * 100) : 100
            }
          />
          <Space wrap size={24}>
            {Object.entries(counts).map(([key, c]) => (
              <Statistic key={key} title={c.name} value={c.count} />
            ))}
          </Space>
          {campaign.progress.byAgent && (
            <Table
              size="small"
              rowKey="agentId"
              pagination={false}
              dataSource={campaign.progress.byAgent}
              columns={[
                { title: '坐席', dataIndex: 'agentName' },
                { title: '待回访', dataIndex: 'pending' },
                { title: '已完成', dataIndex: 'done' },
              ]}
            />
          )}
          <Space>
            <Typography.Text>按结果筛选：</Typography.Text>
            <Select
              allowClear
              style={{ width: 180 }}
              value={status}
              onChange={(v?: RecipientStatus) => recipients.search(v ? { status: v } : {})}
              options={Object.entries(counts).flatMap(([value, c]) =>
                isRecipientStatus(value) ? [{ value, label: c.name }] : [],
              )}
            />
            <Button icon={<DownloadOutlined />} href={exportRecipientsUrl(id, recipients.filters)}>
              导出 Excel
            </Button>
          </Space>
          <PagedTable<Recipient, RecipientFilter>
            list={recipients}
            showTotal={false}
            showSizeChanger={false}
            size="small"
            rowKey="id"
            columns={[
              { title: '纳税人', dataIndex: 'taxpayerName' },
              { title: '纳税人识别号', dataIndex: 'taxpayerId' },
              { title: '手机号码', dataIndex: 'phone' },
              ...(isSms
                ? [
                    { title: '状态', dataIndex: 'statusName' },
                    {
                      title: '发送时间',
                      dataIndex: 'sentAt',
                      render: (v: string | null) => (v ? formatDateTime(v) : '—'),
                    },
                    { title: '说明', dataIndex: 'lastError' },
                  ]
                : [
                    { title: '坐席', dataIndex: 'agentName' },
                    {
                      title: '结果',
                      dataIndex: 'resultName',
                      render: (v: string | null, r: Recipient) => v ?? (r.status === 'pending' ? '待回访' : '—'),
                    },
                    { title: '备注', dataIndex: 'note' },
                  ]),
            ]}
          />
        </Space>
      )}
    </Drawer>
  );
}
