import { Col, Descriptions, Row, Typography } from 'antd';
import type { AuditEntry } from './admin.api';

/** A snapshot as indented JSON; a JSON string from the server is parsed first so that it indents too. */
function toJson(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2);
}

function Snapshot({ title, value }: { title: string; value: unknown }) {
  const json = toJson(value);
  return (
    <>
      <Typography.Text strong>{title}</Typography.Text>
      {json === null ? (
        <Typography.Paragraph type="secondary">无</Typography.Paragraph>
      ) : (
        <pre
          style={{
            margin: '8px 0 0',
            padding: 12,
            background: '#fafafa',
            borderRadius: 6,
            overflow: 'auto',
            maxHeight: 360,
          }}
        >
          {json}
        </pre>
      )}
    </>
  );
}

/** The expanded row of 审计日志: the entity before and after the change, side by side. */
export function AuditChange({ entry }: { entry: AuditEntry }) {
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Snapshot title="变更前" value={entry.before} />
        </Col>
        <Col xs={24} md={12}>
          <Snapshot title="变更后" value={entry.after} />
        </Col>
      </Row>
      <Descriptions
        size="small"
        column={2}
        style={{ marginTop: 12 }}
        items={[
          { key: 'requestId', label: '请求ID', children: entry.requestId ?? '—' },
          { key: 'clientRequestId', label: '客户端请求ID', children: entry.clientRequestId ?? '—' },
          { key: 'ip', label: 'IP地址', children: entry.ip ?? '—' },
        ]}
      />
    </>
  );
}
