import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Form, Radio, Row, Select, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import type {
  GeneralRateCode,
  SixTaxesTwoFeesKind,
  SmallTaxpayerCategory,
  StampDutyItem,
  UrbanLocation,
} from '../../../shared/tools';
import { percent, yuan } from '../../components/format';
import { useSubmit } from '../../components/use-submit';
import { Basis, MoneyInput, ResultCard } from './calculator-parts';
import {
  calculateGeneralVat,
  calculateSixTaxesTwoFees,
  calculateSmallScaleVat,
  calculateStampDuty,
  calculateSurcharges,
  type GeneralVatResult,
  type LocalTaxResult,
  type SmallScaleVatResult,
} from './tools.api';

const categoryOptions = [
  { value: 'small_scale', label: '增值税小规模纳税人' },
  { value: 'small_low_profit', label: '小型微利企业' },
  { value: 'individual_business', label: '个体工商户' },
  { value: 'other', label: '其他纳税人' },
];
const periodOptions = [
  { value: 'month', label: '按月' },
  { value: 'quarter', label: '按季' },
];

/** 增值税: small-scale (1 % relief, thresholds) and general taxpayers (output − input). */
export function VatCalculator() {
  const [mode, setMode] = useState<'small' | 'general'>('small');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={16}>
      <Radio.Group
        optionType="button"
        value={mode}
        onChange={(e) => setMode(e.target.value)}
        options={[
          { value: 'small', label: '小规模纳税人' },
          { value: 'general', label: '一般纳税人' },
        ]}
      />
      {mode === 'small' ? <SmallScaleVat /> : <GeneralVat />}
    </Space>
  );
}

interface SmallForm {
  periodType: 'month' | 'quarter';
  sales: string;
  specialInvoiceSales?: string;
  includesTax: boolean;
}

function SmallScaleVat() {
  const [form] = Form.useForm<SmallForm>();
  const [result, setResult] = useState<SmallScaleVatResult | null>(null);
  const { submit: onFinish } = useSubmit(
    async (v: SmallForm) => {
      setResult(await calculateSmallScaleVat({ ...v, ...(v.specialInvoiceSales ? {} : { specialInvoiceSales: '0' }) }));
    },
    { form },
  );
  return (
    <Row gutter={24}>
      <Col xs={24} lg={9}>
        <Form
          form={form}
          layout="vertical"
          onFinish={onFinish}
          initialValues={{ periodType: 'quarter', includesTax: false }}
        >
          <Form.Item name="periodType" label="纳税期限">
            <Radio.Group optionType="button" options={periodOptions} />
          </Form.Item>
          <Form.Item name="sales" label="本期全部销售额" rules={[{ required: true, message: '请输入销售额' }]}>
            <MoneyInput />
          </Form.Item>
          <Form.Item name="specialInvoiceSales" label="其中开具增值税专用发票的销售额">
            <MoneyInput />
          </Form.Item>
          <Form.Item name="includesTax" label="金额含税" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            计算
          </Button>
        </Form>
      </Col>
      <Col xs={24} lg={15}>
        {result && (
          <ResultCard
            title="小规模纳税人增值税"
            items={[
              ['不含税销售额', yuan(result.sales)],
              ['免税标准', `${yuan(result.threshold)}${result.isWithinThreshold ? '（未超过）' : '（已超过）'}`],
              ['免税销售额', yuan(result.exemptSales)],
              ['计税销售额', yuan(result.taxedSales)],
              ['征收率', `${percent(result.rate)}（法定 ${percent(result.statutoryRate)}）`],
              [
                '应纳税额',
                <Typography.Text strong key="t">
                  {yuan(result.tax)}
                </Typography.Text>,
              ],
              ['减免税额', yuan(result.relief)],
            ]}
          >
            <Basis basis={result.basis} note={result.note} />
          </ResultCard>
        )}
      </Col>
    </Row>
  );
}

interface GeneralForm {
  lines: Array<{ rate: GeneralRateCode; sales: string }>;
  inputTax?: string;
  inputTaxTransferredOut?: string;
  previousCredit?: string;
}

const rateOptions = [
  { value: '13', label: '13%' },
  { value: '9', label: '9%' },
  { value: '6', label: '6%' },
  { value: '0', label: '零税率' },
];

function GeneralVat() {
  const [form] = Form.useForm<GeneralForm>();
  const [result, setResult] = useState<GeneralVatResult | null>(null);
  const { submit: onFinish } = useSubmit(
    async (v: GeneralForm) => {
      setResult(await calculateGeneralVat(v));
    },
    { form },
  );
  return (
    <Row gutter={24}>
      <Col xs={24} lg={11}>
        <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ lines: [{ rate: '13' }] }}>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'rate']} label="税率">
                      <Select options={rateOptions} style={{ width: 100 }} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'sales']}
                      label="不含税销售额"
                      rules={[{ required: true, message: '请输入销售额' }]}
                    >
                      <MoneyInput style={{ width: 200 }} />
                    </Form.Item>
                    {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                  </Space>
                ))}
                <Button
                  type="dashed"
                  onClick={() => add({ rate: '13' })}
                  icon={<PlusOutlined />}
                  style={{ marginBottom: 16 }}
                >
                  增加一行
                </Button>
              </>
            )}
          </Form.List>
          <Form.Item name="inputTax" label="本期认证抵扣的进项税额">
            <MoneyInput />
          </Form.Item>
          <Form.Item name="inputTaxTransferredOut" label="进项税额转出">
            <MoneyInput />
          </Form.Item>
          <Form.Item name="previousCredit" label="上期留抵税额">
            <MoneyInput />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            计算
          </Button>
        </Form>
      </Col>
      <Col xs={24} lg={13}>
        {result && (
          <ResultCard
            title="一般纳税人增值税"
            items={[
              ['销项税额', yuan(result.outputTax)],
              ['可抵扣税额（进项−转出+留抵）', yuan(result.creditable)],
              [
                '应纳税额',
                <Typography.Text strong key="t">
                  {yuan(result.tax)}
                </Typography.Text>,
              ],
              ['期末留抵税额', yuan(result.creditCarriedForward)],
            ]}
          >
            <Basis basis={result.basis} />
          </ResultCard>
        )}
      </Col>
    </Row>
  );
}

const stampItems = [
  ['sales_contract', '买卖合同（万分之三）'],
  ['loan_contract', '借款合同（万分之零点五）'],
  ['finance_lease_contract', '融资租赁合同（万分之零点五）'],
  ['contracting_contract', '承揽合同（万分之三）'],
  ['construction_contract', '建设工程合同（万分之三）'],
  ['transport_contract', '运输合同（万分之三）'],
  ['technology_contract', '技术合同（万分之三）'],
  ['lease_contract', '租赁合同（千分之一）'],
  ['custody_contract', '保管合同（千分之一）'],
  ['warehousing_contract', '仓储合同（千分之一）'],
  ['property_insurance_contract', '财产保险合同（千分之一）'],
  ['land_use_right_grant', '土地使用权出让书据（万分之五）'],
  ['real_property_transfer', '土地使用权、房屋等转让书据（万分之五）'],
  ['equity_transfer', '股权转让书据（万分之五）'],
  ['intellectual_property_transfer', '商标、著作权、专利等转让书据（万分之三）'],
  ['account_books', '营业账簿（万分之二点五）'],
  ['securities_trading', '证券交易（千分之一）'],
].map(([value, label]) => ({ value: value as string, label: label as string }));

function LocalTaxResultCard({ title, result }: { title: string; result: LocalTaxResult }) {
  return (
    <div data-testid="calculator-result">
      <Typography.Title level={5}>{title}</Typography.Title>
      <Table
        size="small"
        rowKey={(_, i) => String(i)}
        pagination={false}
        dataSource={result.lines}
        columns={[
          { title: '项目', dataIndex: 'name' },
          { title: '应纳税（费）额', dataIndex: 'tax', align: 'right', render: yuan },
          { title: '减征额', dataIndex: 'reduction', align: 'right', render: yuan },
          { title: '应缴额', dataIndex: 'payable', align: 'right', render: yuan },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              {yuan(result.tax)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              {yuan(result.reduction)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              <Typography.Text strong>{yuan(result.payable)}</Typography.Text>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      {result.isHalvingEligible && (
        <Alert style={{ marginTop: 8 }} type="success" showIcon title="适用六税两费减半征收政策。" />
      )}
      <Basis basis={result.basis} note={result.note} />
    </div>
  );
}

interface StampForm {
  category: SmallTaxpayerCategory;
  lines: Array<{ item: StampDutyItem; amount: string }>;
}

/** 印花税 by item of the 税目税率表, halved for small taxpayers. */
export function StampDutyCalculator() {
  const [form] = Form.useForm<StampForm>();
  const [result, setResult] = useState<LocalTaxResult | null>(null);
  const { submit: onFinish } = useSubmit(
    async (v: StampForm) => {
      setResult(await calculateStampDuty(v));
    },
    { form },
  );
  return (
    <Row gutter={24}>
      <Col xs={24} lg={12}>
        <Form
          form={form}
          layout="vertical"
          onFinish={onFinish}
          initialValues={{ category: 'other', lines: [{ item: 'sales_contract' }] }}
        >
          <Form.Item name="category" label="纳税人类别">
            <Select options={categoryOptions} />
          </Form.Item>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'item']} label="税目">
                      <Select options={stampItems} style={{ width: 280 }} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'amount']}
                      label="计税依据"
                      rules={[{ required: true, message: '请输入金额' }]}
                    >
                      <MoneyInput style={{ width: 180 }} />
                    </Form.Item>
                    {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                  </Space>
                ))}
                <Button
                  type="dashed"
                  onClick={() => add({ item: 'sales_contract' })}
                  icon={<PlusOutlined />}
                  style={{ marginBottom: 16 }}
                >
                  增加一行
                </Button>
              </>
            )}
          </Form.List>
          <Button type="primary" htmlType="submit">
            计算
          </Button>
        </Form>
      </Col>
      <Col xs={24} lg={12}>
        {result && <LocalTaxResultCard title="印花税" result={result} />}
      </Col>
    </Row>
  );
}

interface SurchargesForm {
  category: SmallTaxpayerCategory;
  location: UrbanLocation;
  vatPaid?: string;
  consumptionTaxPaid?: string;
  periodType: 'month' | 'quarter';
  periodSales: string;
}

const sixTaxesKinds = [
  ['resource_tax', '资源税（不含水资源税）'],
  ['urban_maintenance_tax', '城市维护建设税'],
  ['property_tax', '房产税'],
  ['land_use_tax', '城镇土地使用税'],
  ['stamp_duty', '印花税（不含证券交易印花税）'],
  ['farmland_occupation_tax', '耕地占用税'],
  ['education_surcharge', '教育费附加'],
  ['local_education_surcharge', '地方教育附加'],
].map(([value, label]) => ({ value: value as string, label: label as string }));

type HalvingForm = { category: SmallTaxpayerCategory; lines: Array<{ kind: SixTaxesTwoFeesKind; amount: string }> };

/** 附加税费 and the 六税两费 halving. */
export function SurchargesCalculator() {
  const [form] = Form.useForm<SurchargesForm>();
  const [halvingForm] = Form.useForm<HalvingForm>();
  const [result, setResult] = useState<LocalTaxResult | null>(null);
  const [halving, setHalving] = useState<LocalTaxResult | null>(null);
  const { submit: calculate } = useSubmit(
    async (v: SurchargesForm) => {
      setResult(await calculateSurcharges(v));
    },
    { form },
  );
  const { submit: calculateHalving } = useSubmit(
    async (v: HalvingForm) => {
      setHalving(await calculateSixTaxesTwoFees(v));
    },
    { form: halvingForm },
  );
  return (
    <Row gutter={24}>
      <Col xs={24} lg={12}>
        <Typography.Title level={5}>城建税、教育费附加、地方教育附加</Typography.Title>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ category: 'small_scale', location: 'city', periodType: 'month' }}
          onFinish={calculate}
        >
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="category" label="纳税人类别">
                <Select options={categoryOptions} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="location" label="纳税人所在地">
                <Select
                  options={[
                    { value: 'city', label: '市区（7%）' },
                    { value: 'county_town', label: '县城、镇（5%）' },
                    { value: 'other', label: '其他地区（1%）' },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="vatPaid" label="实际缴纳增值税">
                <MoneyInput />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="consumptionTaxPaid" label="实际缴纳消费税">
                <MoneyInput />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="periodType" label="纳税期限">
                <Radio.Group optionType="button" options={periodOptions} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="periodSales" label="本期销售额" rules={[{ required: true, message: '请输入销售额' }]}>
                <MoneyInput />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" htmlType="submit">
            计算
          </Button>
        </Form>
        {result && <LocalTaxResultCard title="附加税费" result={result} />}
      </Col>
      <Col xs={24} lg={12}>
        <Typography.Title level={5}>六税两费减半征收</Typography.Title>
        <Form
          form={halvingForm}
          layout="vertical"
          initialValues={{ category: 'small_scale', lines: [{ kind: 'property_tax' }] }}
          onFinish={calculateHalving}
        >
          <Form.Item name="category" label="纳税人类别">
            <Select options={categoryOptions} />
          </Form.Item>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'kind']} label="税费种">
                      <Select options={sixTaxesKinds} style={{ width: 220 }} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'amount']}
                      label="减征前应纳额"
                      rules={[{ required: true, message: '请输入金额' }]}
                    >
                      <MoneyInput style={{ width: 160 }} />
                    </Form.Item>
                    {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                  </Space>
                ))}
                <Button
                  type="dashed"
                  onClick={() => add({ kind: 'property_tax' })}
                  icon={<PlusOutlined />}
                  style={{ marginBottom: 16 }}
                >
                  增加一行
                </Button>
              </>
            )}
          </Form.List>
          <Button type="primary" htmlType="submit">
            计算
          </Button>
        </Form>
        {halving && <LocalTaxResultCard title="减半征收" result={halving} />}
      </Col>
    </Row>
  );
}
