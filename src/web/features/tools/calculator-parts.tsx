import { Alert, Card, Descriptions, InputNumber, type InputNumberProps, List, Typography } from 'antd';
import type { ReactNode } from 'react';

/** A money input in yuan: two decimals, never negative. */
export function MoneyInput(props: InputNumberProps<string>) {
  return (
    <InputNumber<string> min="0" step="100" precision={2} stringMode style={{ width: '100%' }} suffix="元" {...props} />
  );
}

/** The documents a result rests on, for the agent to cite. */
export function Basis({ basis, note }: { basis: readonly string[]; note?: string | undefined }) {
  return (
    <div style={{ marginTop: 12 }}>
      <Typography.Text type="secondary">政策依据：</Typography.Text>
      <List
        size="small"
        dataSource={[...basis]}
        renderItem={(b) => <List.Item style={{ padding: '2px 0' }}>{b}</List.Item>}
      />
      {note && <Alert style={{ marginTop: 8 }} type="info" showIcon title={note} />}
    </div>
  );
}

/** The result card beside a calculator's form. */
export function ResultCard({
  title,
  items,
  children,
}: {
  title: string;
  items: Array<[string, ReactNode]>;
  children?: ReactNode;
}) {
  return (
    <Card size="small" title={title} data-testid="calculator-result">
      <Descriptions
        size="small"
        column={1}
        bordered
        items={items.map(([label, value]) => ({ key: label, label, children: value }))}
      />
      {children}
    </Card>
  );
}
