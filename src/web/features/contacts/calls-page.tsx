import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import type { CallFilters, CallItem } from '../../../shared/contacts';
import { useApiFeedback } from '../../components/use-api-feedback';
import { formatDateTime, toDateString } from '../../dates';
import { ContactDetailDrawer } from './contact-detail-drawer';
import { formatDuration, LinkButton } from './contact-tags';
import { exportCallsUrl, listCalls } from './contacts.api';

/** 通话记录: the calls the PBX reported (agents see their own; team leads and the director their scope). */
export function CallsPage() {
  const { showError } = useApiFeedback();
  const [filters, setFilters] = useState<CallFilters>({});
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [items, setItems] = useState<CallItem[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [isLoading, setIsLoading] = useState(true);
  const [openContactId, setOpenContactId] = useState<number | null>(null);

  const load = useCallback(async () => {
    setIsLoading(true);
    try {
      const page = await listCalls(filters, cursors.at(-1) ?? null);
      setItems(page.items);
      setNextCursor(page.nextCursor);
    } catch (error) {
      showError(error);
    } finally {
      setIsLoading(false);
    }
  }, [filters, cursors, showError]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Form<{ range?: [Dayjs, Dayjs]; phone?: string }>
          layout="inline"
          onFinish={({ range, phone }) => {
            setFilters({
              ...(range ? { from: toDateString(range[0]), to: toDateString(range[1]) } : {}),
              ...(phone?.trim() ? { phone: phone.trim() } : {}),
            });
            setCursors([null]);
          }}
        >
          <Form.Item name="range" label="日期">
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item name="phone" label="主叫号码">
            <Input allowClear />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                查询
              </Button>
              <Button icon={<DownloadOutlined />} href={exportCallsUrl(filters)}>
                导出 Excel
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card>
        <Table<CallItem>
          rowKey="id"
          loading={isLoading}
          dataSource={items}
          pagination={false}
          columns={[
            { title: '开始时间', dataIndex: 'startedAt', render: (v: string) => formatDateTime(v) },
            { title: '主叫', dataIndex: 'from' },
            { title: '被叫', dataIndex: 'to' },
            { title: '方向', dataIndex: 'direction', render: (v: string) => (v === 'in' ? '呼入' : '呼出') },
            {
              title: '坐席',
              render: (_, c) => (c.agentName ? `${c.agentName}（${c.agentExtension ?? '—'}）` : '未接入坐席'),
            },
            { title: '队列', dataIndex: 'queue' },
            { title: '按键', dataIndex: 'ivrPath' },
            { title: '时长', dataIndex: 'durationSeconds', render: (v: number | null) => formatDuration(v) },
            { title: '挂机原因', dataIndex: 'cause' },
            {
              title: '录音',
              dataIndex: 'recordingUrl',
              render: (v: string | null) =>
                v ? (
                  <a href={v} target="_blank" rel="noreferrer">
                    收听
                  </a>
                ) : (
                  '—'
                ),
            },
            {
              title: '来电登记',
              render: (_, c) =>
                c.contactId ? (
                  <LinkButton onClick={() => setOpenContactId(c.contactId)}>{c.contactNo}</LinkButton>
                ) : (
                  '未登记'
                ),
            },
          ]}
        />
        <Space style={{ marginTop: 16 }}>
          <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            上一页
          </Button>
          <span>第 {cursors.length} 页</span>
          <Button disabled={!nextCursor} onClick={() => setCursors((c) => [...c, nextCursor])}>
            下一页
          </Button>
        </Space>
      </Card>
      {openContactId !== null && (
        <ContactDetailDrawer contactId={openContactId} onClose={() => setOpenContactId(null)} />
      )}
    </Space>
  );
}
