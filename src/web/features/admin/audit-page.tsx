import { Button, Card, DatePicker, Form, Input, Table, type TableProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useApiFeedback } from '../../components/use-api-feedback';
import { formatDateTime, toDateString } from '../../dates';
import {
  type AuditEntry,
  type AuditQuery,
  auditExportUrl,
  listAuditEntries,
  optionalText,
  type Page,
} from './admin.api';
import { AuditChange } from './audit-change';

interface AuditFilterValues {
  range?: [Dayjs, Dayjs] | null;
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
}

type AuditFilters = Omit<AuditQuery, 'limit' | 'offset'>;

const emptyPage: Page<AuditEntry> = { total: 0, items: [] };

const columns: TableProps<AuditEntry>['columns'] = [
  { title: '时间', dataIndex: 'at', width: 180, render: (at: string) => formatDateTime(at) },
  { title: '操作人', dataIndex: 'actorUsername', render: (actor: string | null) => actor ?? '—' },
  { title: '操作', dataIndex: 'action' },
  { title: '对象类型', dataIndex: 'entityType' },
  { title: '对象ID', dataIndex: 'entityId' },
];

function toFilters(values: AuditFilterValues): AuditFilters {
  const [from, to] = values.range ?? [];
  return {
    from: from ? toDateString(from) : undefined,
    to: to ? toDateString(to) : undefined,
    actor: optionalText(values.actor),
    action: optionalText(values.action),
    entityType: optionalText(values.entityType),
    entityId: optionalText(values.entityId),
  };
}

/** 审计日志: every recorded change, newest first, with what the entity looked like before and after. */
export function AuditPage() {
  const { showError } = useApiFeedback();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [result, setResult] = useState<Page<AuditEntry>>(emptyPage);
  const [isLoading, setIsLoading] = useState(true);

  useEffect(() => {
    let isCurrent = true;
    const load = async () => {
      setIsLoading(true);
      try {
        const page = await listAuditEntries({
          ...filters,
          limit: paging.pageSize,
          offset: (paging.page - 1) * paging.pageSize,
        });
        if (isCurrent) setResult(page);
      } catch (error) {
        if (isCurrent) showError(error);
      } finally {
        if (isCurrent) setIsLoading(false);
      }
    };
    void load();
    return () => {
      isCurrent = false;
    };
  }, [filters, paging, showError]);

  return (
    <Card title="审计日志">
      <Form<AuditFilterValues>
        name="auditFilters"
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(values) => {
          setFilters(toFilters(values));
          setPaging((p) => ({ ...p, page: 1 }));
        }}
      >
        <Form.Item label="日期" name="range">
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item label="操作人" name="actor">
          <Input placeholder="用户名" allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item label="操作" name="action">
          <Input placeholder="如 user.create" allowClear style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label="对象类型" name="entityType">
          <Input placeholder="如 user" allowClear style={{ width: 120 }} />
        </Form.Item>
        <Form.Item label="对象ID" name="entityId">
          <Input allowClear style={{ width: 100 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            查询
          </Button>
        </Form.Item>
        <Form.Item>
          <Button href={auditExportUrl(filters)}>导出 Excel</Button>
        </Form.Item>
      </Form>
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={result.items}
        loading={isLoading}
        expandable={{ expandedRowRender: (entry) => <AuditChange entry={entry} /> }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: result.total,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 条`,
        }}
        onChange={(pagination) =>
          setPaging({ page: pagination.current ?? 1, pageSize: pagination.pageSize ?? paging.pageSize })
        }
      />
    </Card>
  );
}
