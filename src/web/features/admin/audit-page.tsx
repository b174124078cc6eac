import { Button, Card, DatePicker, Form, Input, Select, type TableProps } from 'antd';
import type { Dayjs } from 'dayjs';
import {
  auditActionName,
  auditActionNames,
  auditEntityTypeName,
  auditEntityTypeNames,
} from '../../../shared/audit-names';
import { PagedTable, usePagedList } from '../../components/paged-table';
import { formatDateTime, toDateString } from '../../dates';
import { type AuditEntry, type AuditQuery, auditExportUrl, listAuditEntries, optionalText } from './admin.api';
import { AuditChange } from './audit-change';

interface AuditFilterValues {
  range?: [Dayjs, Dayjs] | null;
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
}

type AuditFilters = Omit<AuditQuery, 'limit' | 'offset'>;

/** The filter's choices: Chinese names, the codes as values. */
const actionOptions = Object.entries(auditActionNames).map(([value, label]) => ({ value, label }));
const entityTypeOptions = Object.entries(auditEntityTypeNames)
  .filter(([value]) => value !== 'transfer')
  .map(([value, label]) => ({ value, label }));

const columns: TableProps<AuditEntry>['columns'] = [
  { title: '时间', dataIndex: 'at', width: 180, render: (at: string) => formatDateTime(at) },
  { title: '操作人', dataIndex: 'actorUsername', render: (actor: string | null) => actor ?? '—' },
  { title: '操作', dataIndex: 'action', render: (action: string) => auditActionName(action) },
  { title: '对象类型', dataIndex: 'entityType', render: (type: string) => auditEntityTypeName(type) },
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
  const list = usePagedList<AuditEntry, AuditFilters>(listAuditEntries, {});

  return (
    <Card title="审计日志">
      <Form<AuditFilterValues>
        name="auditFilters"
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(values) => list.search(toFilters(values))}
      >
        <Form.Item label="日期" name="range">
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item label="操作人" name="actor">
          <Input placeholder="用户名" allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item label="操作" name="action">
          <Select
            placeholder="全部操作"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={actionOptions}
            style={{ width: 180 }}
          />
        </Form.Item>
        <Form.Item label="对象类型" name="entityType">
          <Select
            placeholder="全部类型"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={entityTypeOptions}
            style={{ width: 150 }}
          />
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
          <Button href={auditExportUrl(list.filters)}>导出 Excel</Button>
        </Form.Item>
      </Form>
      <PagedTable<AuditEntry, AuditFilters>
        list={list}
        rowKey="id"
        size="middle"
        columns={columns}
        expandable={{ expandedRowRender: (entry) => <AuditChange entry={entry} /> }}
      />
    </Card>
  );
}
