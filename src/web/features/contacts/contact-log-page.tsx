import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router';
import {
  type ContactListItem,
  type ContactLogFilters,
  channelNames,
  channels,
  contactStatuses,
  contactStatusNames,
  contactTypeNames,
  contactTypes,
} from '../../../shared/contacts';
import { CursorTable, useCursorList } from '../../components/cursor-table';
import { formatDateTime, toDateString } from '../../dates';
import { ContactDetailDrawer } from './contact-detail-drawer';
import { formatDuration, StatusTag, TypeTag } from './contact-tags';
import { exportContactsUrl, listContacts } from './contacts.api';

interface FilterValues extends Omit<ContactLogFilters, 'from' | 'to'> {
  range?: [Dayjs, Dayjs];
}

/**
 * 接听记录簿: every contact the user may see, newest first, filtered and paged by cursor (fast at
 * millions of rows), exported to Excel with the same filter; a row opens its detail (`?contact=ID`).
 */
export function ContactLogPage() {
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<FilterValues>();
  const list = useCursorList<ContactListItem, ContactLogFilters>(listContacts, {});
  const openContactId = Number(params.get('contact')) || null;

  const search = (values: FilterValues) => {
    const { range, ...rest } = values;
    const clean = Object.fromEntries(
      Object.entries(rest).filter(([, v]) => v !== undefined && v !== null && v !== ''),
    ) as ContactLogFilters;
    list.search({
      ...clean,
      ...(range ? { from: toDateString(range[0]), to: toDateString(range[1]) } : {}),
    });
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Form<FilterValues> form={form} layout="inline" onFinish={search} style={{ rowGap: 12 }}>
          <Form.Item name="range" label="日期">
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item name="channel" label="渠道">
            <Select
              allowClear
              style={{ width: 100 }}
              options={channels.map((c) => ({ value: c, label: channelNames[c] }))}
            />
          </Form.Item>
          <Form.Item name="type" label="类型">
            <Select
              allowClear
              style={{ width: 150 }}
              options={contactTypes.map((t) => ({ value: t, label: contactTypeNames[t] }))}
            />
          </Form.Item>
          <Form.Item name="status" label="状态">
            <Select
              allowClear
              style={{ width: 140 }}
              options={contactStatuses.map((s) => ({ value: s, label: contactStatusNames[s] }))}
            />
          </Form.Item>
          <Form.Item name="phone" label="来电号码">
            <Input allowClear style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="taxpayerId" label="纳税人识别号">
            <Input allowClear style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="q" label="关键词">
            <Input allowClear style={{ width: 160 }} placeholder="主题、内容、名称或编号" />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                查询
              </Button>
              <Button icon={<DownloadOutlined />} href={exportContactsUrl(list.filters)}>
                导出 Excel
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card>
        <CursorTable<ContactListItem, ContactLogFilters>
          list={list}
          rowKey="id"
          onRow={(c) => ({ onClick: () => setParams({ contact: String(c.id) }), style: { cursor: 'pointer' } })}
          columns={[
            { title: '来电编号', dataIndex: 'contactNo' },
            { title: '时间', dataIndex: 'startedAt', render: (v: string) => formatDateTime(v).slice(0, 16) },
            { title: '渠道', dataIndex: 'channel', render: (v: ContactListItem['channel']) => channelNames[v] },
            { title: '类型', dataIndex: 'type', render: (v: ContactListItem['type']) => <TypeTag type={v} /> },
            { title: '来电号码', dataIndex: 'callerPhone' },
            { title: '纳税人', render: (_, c) => c.taxpayerName ?? c.taxpayerId ?? '—' },
            { title: '主题', dataIndex: 'subject', ellipsis: true },
            { title: '坐席', dataIndex: 'agentName' },
            { title: '状态', dataIndex: 'status', render: (v: ContactListItem['status']) => <StatusTag status={v} /> },
            { title: '时长', dataIndex: 'durationSeconds', render: (v: number) => formatDuration(v) },
          ]}
        />
      </Card>
      {openContactId !== null && (
        <ContactDetailDrawer contactId={openContactId} onClose={() => setParams({})} onChanged={list.reload} />
      )}
    </Space>
  );
}
