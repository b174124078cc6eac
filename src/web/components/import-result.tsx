import { Alert, Table } from 'antd';

export interface ImportOutcome {
  totalRows: number;
  loaded: number;
  failed: number;
  errors: Array<{ line: number; error: string }>;
}

/** What an import did: how many rows were loaded, and each refused row with its line and reason. */
export function ImportResult({ result }: { result: ImportOutcome }) {
  return (
    <div data-testid="import-result">
      <Alert
        type={result.failed > 0 ? 'warning' : 'success'}
        showIcon
        title={`共 ${result.totalRows} 行：成功导入 ${result.loaded} 行${result.failed > 0 ? `，${result.failed} 行有错误未导入` : ''}`}
        style={{ marginBottom: 8 }}
      />
      {result.errors.length > 0 && (
        <Table
          size="small"
          rowKey="line"
          dataSource={result.errors}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: '行号', dataIndex: 'line', width: 80 },
            { title: '错误原因', dataIndex: 'error' },
          ]}
        />
      )}
    </div>
  );
}
