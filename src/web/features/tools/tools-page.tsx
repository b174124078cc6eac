import { Card, Table, Tabs, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useLoaded } from '../../components/use-loaded';
import { BonusCalculator, ReconciliationCalculator, RemunerationCalculator, WagesCalculator } from './iit-calculators';
import { StampDutyCalculator, SurchargesCalculator, VatCalculator } from './other-calculators';
import { listPolicies, type PolicyEntry } from './tools.api';

const noPolicies: PolicyEntry[] = [];

/** 政策依据: every rate table the calculators use, with its documents and validity. */
function PoliciesTab() {
  const { data, isLoading } = useLoaded(listPolicies, noPolicies);
  return (
    <Table
      size="small"
      loading={isLoading}
      rowKey="key"
      pagination={false}
      dataSource={data}
      columns={[
        { title: '税率或标准', dataIndex: 'name', width: 220 },
        {
          title: '内容、依据和适用期间',
          dataIndex: 'rows',
          render: (rows: PolicyEntry['rows']) =>
            rows.map((r) => (
              <div key={r.validFrom} style={{ marginBottom: 8, opacity: r.isInForce ? 1 : 0.6 }}>
                <Tag color={r.isInForce ? 'green' : 'default'}>
                  {r.validFrom} 至 {r.validTo ?? '今'}
                  {r.isInForce ? ' · 现行' : ''}
                </Tag>
                <Typography.Text>{r.summary}</Typography.Text>
                <br />
                <Typography.Text type="secondary">{r.documents.join('；')}</Typography.Text>
                {r.note && (
                  <>
                    <br />
                    <Typography.Text type="warning">{r.note}</Typography.Text>
                  </>
                )}
              </div>
            )),
        },
      ]}
    />
  );
}

const tabs = [
  { key: 'wages', label: '工资薪金', children: <WagesCalculator /> },
  { key: 'bonus', label: '全年一次性奖金', children: <BonusCalculator /> },
  { key: 'remuneration', label: '劳务报酬·稿酬·特许权', children: <RemunerationCalculator /> },
  { key: 'reconciliation', label: '综合所得年度汇算', children: <ReconciliationCalculator /> },
  { key: 'vat', label: '增值税', children: <VatCalculator /> },
  { key: 'stamp-duty', label: '印花税', children: <StampDutyCalculator /> },
  { key: 'surcharges', label: '附加税费·六税两费', children: <SurchargesCalculator /> },
  { key: 'policies', label: '政策依据', children: <PoliciesTab /> },
];

/** 小工具: the tax calculators, one tab each; amounts are computed exactly on the server. */
export function ToolsPage() {
  const [params, setParams] = useSearchParams();
  const active = tabs.some((t) => t.key === params.get('tab')) ? (params.get('tab') as string) : 'wages';
  return (
    <Card title="税费计算小工具">
      <Tabs activeKey={active} onChange={(key) => setParams({ tab: key })} items={tabs} destroyOnHidden={false} />
    </Card>
  );
}
