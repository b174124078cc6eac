import { UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router';
import { fenToYuan } from '../../components/format';
import { type ImportOutcome, ImportResult } from '../../components/import-result';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { formatDateTime, toDateString } from '../../dates';
import { hasPermission, useCurrentUser } from '../auth/auth-context';
import {
  fetchProgress,
  fetchRegistryOverview,
  type ImportBatch,
  type InvoiceVerification,
  importRegistry,
  listImportBatches,
  listTaxOffices,
  type Progress,
  type Registry,
  searchTaxpayers,
  type TaxOffice,
  type TaxpayerInfo,
  verifyInvoice,
} from './lookups.api';

const invoiceStatusNames: Record<string, string> = {
  normal: '正常',
  void: '作废',
  reversed: '红冲',
  out_of_control: '失控',
  abnormal: '异常',
};
const mismatchNames = { issueDate: '开票日期', amount: '金额', checkCodeLast6: '校验码后6位' } as const;

/** 发票查验 against the local registry, with the notice that it is not the national platform. */
function InvoiceTab() {
  const [form] = Form.useForm<{
    code?: string;
    number: string;
    issueDate: Dayjs;
    amount?: string;
    checkCodeLast6?: string;
  }>();
  const [result, setResult] = useState<InvoiceVerification | null>(null);
  const { submit: verify } = useSubmit(verifyInvoice, {
    form,
    onSuccess: setResult,
    onError: () => setResult(null),
  });
  return (
    <Row gutter={24}>
      <Col xs={24} lg={9}>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="本查验使用本中心导入的发票登记库（本地数据），不是全国增值税发票查验平台的实时结果。"
        />
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            void verify({
              ...(v.code ? { code: v.code } : {}),
              number: v.number,
              issueDate: toDateString(v.issueDate),
              ...(v.amount ? { amount: v.amount } : {}),
              ...(v.checkCodeLast6 ? { checkCodeLast6: v.checkCodeLast6 } : {}),
            })
          }
        >
          <Form.Item name="code" label="发票代码（数电发票不填）">
            <Input placeholder="10 位或 12 位数字" maxLength={14} />
          </Form.Item>
          <Form.Item name="number" label="发票号码" rules={[{ required: true, message: '请输入发票号码' }]}>
            <Input placeholder="8 位数字，数电发票为 20 位" maxLength={24} />
          </Form.Item>
          <Form.Item name="issueDate" label="开票日期" rules={[{ required: true, message: '请选择开票日期' }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="amount" label="开具金额（不含税；数电发票填价税合计）">
            <Input placeholder="例如 10000.00" />
          </Form.Item>
          <Form.Item name="checkCodeLast6" label="校验码后 6 位（普通发票）">
            <Input maxLength={6} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            查验
          </Button>
        </Form>
      </Col>
      <Col xs={24} lg={15}>
        {result && (
          <Card size="small" title="查验结果" data-testid="invoice-result">
            <Space style={{ marginBottom: 12 }} wrap>
              {result.result === 'consistent' && <Tag color="green">查验一致</Tag>}
              {result.result === 'inconsistent' && (
                <Tag color="orange">不一致：{result.mismatches.map((m) => mismatchNames[m]).join('、')}</Tag>
              )}
              {result.result === 'not_found' && <Tag color="red">登记库中查无此票</Tag>}
              <Tag>{result.format.invoiceType}</Tag>
              <Tag>{result.format.region}</Tag>
              <Tag>{result.format.year} 年</Tag>
            </Space>
            {result.invoice && (
              <Descriptions
                size="small"
                column={1}
                bordered
                items={[
                  {
                    key: 's',
                    label: '发票状态',
                    children: invoiceStatusNames[result.invoice.status] ?? result.invoice.status,
                  },
                  {
                    key: 'seller',
                    label: '销售方',
                    children: `${result.invoice.sellerName}（${result.invoice.sellerTaxpayerId}）`,
                  },
                  {
                    key: 'buyer',
                    label: '购买方',
                    children: `${result.invoice.buyerName}${result.invoice.buyerTaxpayerId ? `（${result.invoice.buyerTaxpayerId}）` : ''}`,
                  },
                  { key: 'a', label: '金额', children: fenToYuan(result.invoice.amountFen) },
                  { key: 't', label: '税额', children: fenToYuan(result.invoice.taxFen) },
                ]}
              />
            )}
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              数据来源：{result.source.name}。{result.source.notice}
            </Typography.Paragraph>
          </Card>
        )}
      </Col>
    </Row>
  );
}

const registrationStatusNames: Record<string, string> = {
  normal: '正常',
  abnormal: '非正常',
  suspended: '停业',
  liquidating: '清算',
  deregistered: '注销',
};
const taxpayerTypeNames: Record<string, string> = {
  general: '一般纳税人',
  small_scale: '小规模纳税人',
  individual_business: '个体工商户',
  natural_person: '自然人',
  other: '其他',
};

/** 纳税人公开信息, including 定期定额. */
function TaxpayerTab() {
  const [rows, setRows] = useState<TaxpayerInfo[] | null>(null);
  const { submit: search } = useSubmit(async (q: string) => {
    setRows(await searchTaxpayers(q));
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input.Search
        placeholder="输入纳税人识别号，或名称中的至少两个字"
        enterButton="查询"
        style={{ maxWidth: 480 }}
        onSearch={search}
      />
      {rows && rows.length === 0 && <Empty description="纳税人信息库中没有找到" />}
      {rows?.map((t) => (
        <Card
          key={t.taxpayerId}
          size="small"
          title={t.name}
          extra={<Tag>{taxpayerTypeNames[t.taxpayerType] ?? t.taxpayerType}</Tag>}
        >
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'id', label: '纳税人识别号', children: t.taxpayerId },
              { key: 'status', label: '登记状态', children: registrationStatusNames[t.status] ?? t.status },
              {
                key: 'credit',
                label: '纳税信用级别',
                children: t.creditRating ? `${t.creditRating} 级（${t.creditYear ?? '—'} 年度）` : '—',
              },
              { key: 'legal', label: '法定代表人（负责人）', children: t.legalRepresentative ?? '—' },
              { key: 'address', label: '生产经营地址', children: t.address ?? '—' },
              {
                key: 'office',
                label: '主管税务机关',
                children: t.orgUnitName ? `${t.orgUnitName}（${t.orgUnitAddress ?? ''} ${t.orgUnitPhone ?? ''}）` : '—',
              },
              {
                key: 'quota',
                label: '定期定额',
                children: t.quota
                  ? `月定额销售额 ${t.quota.monthlySalesFen === null ? '—' : fenToYuan(t.quota.monthlySalesFen)}，月应纳税额 ${t.quota.monthlyTaxFen === null ? '—' : fenToYuan(t.quota.monthlyTaxFen)}（${t.quota.from} 至 ${t.quota.to ?? '—'}）`
                  : '非定期定额户',
              },
              { key: 'updated', label: '数据更新时间', children: formatDateTime(t.updatedAt) },
            ]}
          />
        </Card>
      ))}
    </Space>
  );
}

const progressKindNames: Record<string, string> = { registration: '登记', filing: '申报', payment: '缴款' };

/** 办理进度 of registration, filing and payment. */
function ProgressTab() {
  const [progress, setProgress] = useState<Progress | null>(null);
  const { submit: search } = useSubmit(async (q: string) => {
    setProgress(await fetchProgress(q));
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input.Search placeholder="输入纳税人识别号" enterButton="查询进度" style={{ maxWidth: 480 }} onSearch={search} />
      {progress && (
        <Table
          size="small"
          rowKey={(r) => `${r.kind}/${r.item}/${r.period}`}
          title={() => `${progress.taxpayerName ?? '（信息库中无此纳税人名称）'} ${progress.taxpayerId}`}
          dataSource={progress.records}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: '类别', dataIndex: 'kind', render: (k: string) => <Tag>{progressKindNames[k] ?? k}</Tag> },
            { title: '事项', dataIndex: 'item' },
            { title: '所属期', dataIndex: 'period' },
            { title: '办理状态', dataIndex: 'status' },
            { title: '办理日期', dataIndex: 'occurredOn' },
            { title: '备注', dataIndex: 'note' },
          ]}
        />
      )}
    </Space>
  );
}

/** 税务机关通讯录 from the org tree. */
function TaxOfficesTab() {
  const [q, setQ] = useState('');
  const load = useCallback(() => listTaxOffices(q || undefined), [q]);
  const { data, isLoading } = useLoaded(load, [] as TaxOffice[]);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input.Search placeholder="按名称或地址查找" allowClear style={{ maxWidth: 360 }} onSearch={setQ} />
      <Table
        size="small"
        rowKey="id"
        loading={isLoading}
        dataSource={data}
        pagination={false}
        columns={[
          {
            title: '税务机关',
            dataIndex: 'name',
            render: (name: string, o: TaxOffice) => <span style={{ paddingLeft: o.depth * 16 }}>{name}</span>,
          },
          { title: '层级', dataIndex: 'levelName', width: 90 },
          { title: '地址', dataIndex: 'address' },
          { title: '电话', dataIndex: 'phone', width: 140 },
          { title: '办公时间', dataIndex: 'serviceHours' },
        ]}
      />
    </Space>
  );
}

const registryOptions = [
  { value: 'invoices', label: '发票登记库' },
  { value: 'taxpayers', label: '纳税人公开信息库' },
  { value: 'progress', label: '办理进度库' },
];

const emptyOverview = { counts: { invoices: 0, taxpayers: 0, progress: 0 }, lastImportedAt: {} };
const noBatches: ImportBatch[] = [];

/** 数据导入: CSV or .xlsx into one of the registries, bad rows reported by line. */
function ImportTab() {
  const [registry, setRegistry] = useState<Registry>('invoices');
  const [result, setResult] = useState<ImportOutcome | null>(null);
  const overview = useLoaded(fetchRegistryOverview, emptyOverview);
  const batches = useLoaded(listImportBatches, noBatches);
  const { submit: upload } = useSubmit(async (file: File) => {
    setResult(await importRegistry(registry, file));
    batches.reload();
    overview.reload();
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={16}>
      <Typography.Text type="secondary">
        当前记录数：发票 {overview.data.counts.invoices}，纳税人 {overview.data.counts.taxpayers}，办理进度{' '}
        {overview.data.counts.progress}。 导入文件为 CSV（UTF-8 或 GBK）或 Excel
        .xlsx，第一行为表头；同一发票、纳税人或事项再次导入时更新原记录。
      </Typography.Text>
      <Space wrap>
        <Select value={registry} onChange={setRegistry} options={registryOptions} style={{ width: 200 }} />
        <Button href={`/api/lookups/imports/${registry}/template`}>下载模板</Button>
        <Upload accept=".csv,.xlsx" showUploadList={false} customRequest={({ file }) => void upload(file as File)}>
          <Button type="primary" icon={<UploadOutlined />}>
            选择文件并导入
          </Button>
        </Upload>
      </Space>
      {result && <ImportResult result={result} />}
      <Table
        size="small"
        rowKey="id"
        loading={batches.isLoading}
        dataSource={batches.data}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: '导入时间', dataIndex: 'createdAt', render: formatDateTime },
          { title: '数据库', dataIndex: 'registryName' },
          { title: '文件', dataIndex: 'fileName' },
          { title: '总行数', dataIndex: 'totalRows' },
          { title: '成功', dataIndex: 'loadedRows' },
          { title: '错误', dataIndex: 'failedRows' },
          { title: '操作人', dataIndex: 'createdByName' },
        ]}
      />
    </Space>
  );
}

/** 信息查询: invoice verification, taxpayer information, progress, the tax-office directory and imports. */
export function LookupsPage() {
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const tabs = [
    { key: 'invoices', label: '发票查验', children: <InvoiceTab /> },
    { key: 'taxpayers', label: '纳税人信息', children: <TaxpayerTab /> },
    { key: 'progress', label: '办理进度', children: <ProgressTab /> },
    { key: 'tax-offices', label: '税务机关通讯录', children: <TaxOfficesTab /> },
    ...(hasPermission(user, 'lookups.manage') ? [{ key: 'imports', label: '数据导入', children: <ImportTab /> }] : []),
  ];
  const active = tabs.some((t) => t.key === params.get('tab')) ? (params.get('tab') as string) : 'invoices';
  return (
    <Card title="信息查询">
      <Tabs activeKey={active} onChange={(key) => setParams({ tab: key })} items={tabs} />
    </Card>
  );
}
