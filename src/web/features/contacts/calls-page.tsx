import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { CallFilters, CallItem } from '../../../shared/contacts';
import { CursorTable, useCursorList } from '../../components/cursor-table';
import { formatDateTime, toDateString } from '../../dates';
import { ContactDetailDrawer } from './contact-detail-drawer';
import { formatDuration, LinkButton } from './contact-tags';
import { exportCallsUrl, listCalls } from './contacts.api';

/** 通话记录: the calls the PBX reported (agents see their own; team leads and the director their scope). */
export function CallsPage() {
  const list = useCursorList<CallItem, CallFilters>(listCalls, {});
  const [openContactId, setOpenContactId] = useState<number | null>(null);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Form<{ range?: [Dayjs, Dayjs]; phone?: string }>
          layout="inline"
          onFinish={({ range, phone }) => {
            list.search({
              ...(range ? { from: toDateString(range[0]), to: toDateString(range[1]) } : {}),
              ...(phone?.trim() ? { phone: phone.trim() } : {}),
            });
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
              <Button icon={<DownloadOutlined />} href={exportCallsUrl(list.filters)}>
                导出 Excel
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card>
        <CursorTable<CallItem, CallFilters>
          list={list}
          rowKey="id"
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
      </Card>
      {openContactId !== null && (
        <ContactDetailDrawer contactId={openContactId} onClose={() => setOpenContactId(null)} />
      )}
    </Space>
  );
}
