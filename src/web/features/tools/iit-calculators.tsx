import { Alert, Button, Col, Form, InputNumber, Radio, Row, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { percent, yuan } from '../../components/format';
import { useSubmit } from '../../components/use-submit';
import { Basis, MoneyInput, ResultCard } from './calculator-parts';
import {
  type BonusResult,
  calculateBonus,
  calculateReconciliation,
  calculateRemuneration,
  calculateWages,
  type ReconciliationResult,
  type RemunerationResult,
  type WagesResult,
} from './tools.api';

const required = (what: string) => [{ required: true, message: `请输入${what}` }];

interface WagesForm {
  income: string;
  socialInsurance: string;
  specialAdditionalDeductions: string;
  otherDeductions?: string;
  months: number;
}

/** 工资薪金: the cumulative withholding method month by month. */
export function WagesCalculator() {
  const [form] = Form.useForm<WagesForm>();
  const [result, setResult] = useState<WagesResult | null>(null);
  const { submit: onFinish } = useSubmit(
    async (v: WagesForm) => {
      const month = {
        income: v.income,
        socialInsurance: v.socialInsurance,
        specialAdditionalDeductions: v.specialAdditionalDeductions,
        ...(v.otherDeductions ? { otherDeductions: v.otherDeductions } : {}),
      };
      setResult(await calculateWages({ months: Array.from({ length: v.months }, () => month) }));
    },
    { form },
  );
  return (
    <Row gutter={24}>
      <Col xs={24} lg={9}>
        <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ months: 12, otherDeductions: '0' }}>
          <Form.Item name="income" label="每月工资薪金收入" rules={required('每月工资薪金收入')}>
            <MoneyInput />
          </Form.Item>
          <Form.Item name="socialInsurance" label="每月三险一金（专项扣除）" rules={required('三险一金')}>
            <MoneyInput />
          </Form.Item>
          <Form.Item name="specialAdditionalDeductions" label="每月专项附加扣除" rules={required('专项附加扣除')}>
            <MoneyInput />
          </Form.Item>
          <Form.Item name="otherDeductions" label="每月其他扣除（企业年金、商业健康险等）">
            <MoneyInput />
          </Form.Item>
          <Form.Item name="months" label="计算月数（自1月起）">
            <InputNumber min={1} max={12} style={{ width: '100%' }} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            计算
          </Button>
        </Form>
      </Col>
      <Col xs={24} lg={15}>
        {result && (
          <div data-testid="calculator-result">
            <Table
              size="small"
              rowKey="month"
              pagination={false}
              dataSource={result.months}
              columns={[
                { title: '月份', dataIndex: 'month', render: (m: number) => `${m}月` },
                { title: '累计应纳税所得额', dataIndex: 'cumulativeTaxableIncome', align: 'right', render: yuan },
                { title: '预扣率', dataIndex: 'rate', render: percent },
                { title: '速算扣除数', dataIndex: 'quickDeduction', align: 'right', render: yuan },
                { title: '累计应预扣税额', dataIndex: 'cumulativeTax', align: 'right', render: yuan },
                { title: '本月预扣税额', dataIndex: 'tax', align: 'right', render: yuan },
                { title: '税后收入', dataIndex: 'netIncome', align: 'right', render: yuan },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={5}>
                    合计预扣税额
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    <Typography.Text strong>{yuan(result.totalTax)}</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} />
                </Table.Summary.Row>
              )}
            />
            <Basis basis={result.basis} />
          </div>
        )}
      </Col>
    </Row>
  );
}

/** 全年一次性奖金: separate taxation and the cliffs where more bonus means less take-home pay. */
export function BonusCalculator() {
  const [form] = Form.useForm<{ bonus: string }>();
  const [result, setResult] = useState<BonusResult | null>(null);
  const { submit: onFinish } = useSubmit(
    async (v: { bonus: string }) => {
      setResult(await calculateBonus({ bonus: v.bonus }));
    },
    { form },
  );
  return (
    <Row gutter={24}>
      <Col xs={24} lg={9}>
        <Form form={form} layout="vertical" onFinish={onFinish}>
          <Form.Item name="bonus" label="全年一次性奖金" rules={required('奖金金额')}>
            <MoneyInput />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            计算
          </Button>
        </Form>
      </Col>
      <Col xs={24} lg={15}>
        {result && (
          <ResultCard
            title="单独计税结果"
            items={[
              ['月均额（奖金÷12）', yuan(result.monthlyAverage)],
              ['适用税率', percent(result.rate)],
              ['速算扣除数', yuan(result.quickDeduction)],
              [
                '应纳税额',
                <Typography.Text strong key="t">
                  {yuan(result.tax)}
                </Typography.Text>,
              ],
              ['税后奖金', yuan(result.afterTax)],
            ]}
          >
            {result.inCliff && (
              <Alert
                style={{ marginTop: 12 }}
                type="warning"
                showIcon
                title={`该金额处于“多发少得”区间（${yuan(result.inCliff.from)} – ${yuan(result.inCliff.to)}）：税后收入不超过奖金为 ${yuan(result.inCliff.from)} 时。`}
              />
            )}
            <Typography.Paragraph style={{ marginTop: 12, marginBottom: 4 }}>
              临界区间（多发少得）：
            </Typography.Paragraph>
            <div>
              {result.cliffs.map((c) => (
                <Tag
                  key={c.from}
                  color={result.inCliff?.from === c.from ? 'red' : 'default'}
                  style={{ marginBottom: 4 }}
                >
                  {c.from.toLocaleString('zh-CN')} – {c.to.toLocaleString('zh-CN', { minimumFractionDigits: 2 })}
                </Tag>
              ))}
            </div>
            <Basis basis={result.basis} note={result.note} />
          </ResultCard>
        )}
      </Col>
    </Row>
  );
}

const kindNames = { labour: '劳务报酬', author: '稿酬', royalty: '特许权使用费' } as const;

/** 劳务报酬、稿酬、特许权使用费: withholding on one payment. */
export function RemunerationCalculator() {
  const [form] = Form.useForm<{ kind: keyof typeof kindNames; income: string }>();
  const [result, setResult] = useState<RemunerationResult | null>(null);
  const { submit: onFinish } = useSubmit(
    async (v: { kind: keyof typeof kindNames; income: string }) => {
      setResult(await calculateRemuneration(v.kind, { income: v.income }));
    },
    { form },
  );
  return (
    <Row gutter={24}>
      <Col xs={24} lg={9}>
        <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ kind: 'labour' }}>
          <Form.Item name="kind" label="所得项目">
            <Radio.Group
              optionType="button"
              options={Object.entries(kindNames).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="income" label="每次收入（税前）" rules={required('收入金额')}>
            <MoneyInput />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            计算
          </Button>
        </Form>
      </Col>
      <Col xs={24} lg={15}>
        {result && (
          <ResultCard
            title="预扣预缴结果"
            items={[
              ['减除费用', yuan(result.deduction)],
              ['应纳税所得额（收入额）', yuan(result.taxableIncome)],
              ['预扣率', percent(result.rate)],
              ['速算扣除数', yuan(result.quickDeduction)],
              [
                '应预扣预缴税额',
                <Typography.Text strong key="t">
                  {yuan(result.tax)}
                </Typography.Text>,
              ],
              ['税后收入', yuan(result.afterTax)],
            ]}
          >
            <Basis basis={result.basis} />
          </ResultCard>
        )}
      </Col>
    </Row>
  );
}

interface ReconciliationForm {
  year: number;
  wages?: string;
  labour?: string;
  author?: string;
  royalties?: string;
  socialInsurance?: string;
  specialAdditionalDeductions?: string;
  otherDeductions?: string;
  donations?: string;
  withheld?: string;
}

const outcomeNames = { settled: '无需退补', payment: '应补税', refund: '可申请退税' } as const;

/** 综合所得年度汇算: refund or payment due. */
export function ReconciliationCalculator() {
  const [form] = Form.useForm<ReconciliationForm>();
  const [result, setResult] = useState<ReconciliationResult | null>(null);
  const { submit: onFinish } = useSubmit(
    async (v: ReconciliationForm) => {
      setResult(
        await calculateReconciliation({
          ...Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== null && x !== '')),
          year: v.year,
        }),
      );
    },
    { form },
  );
  const field = (name: keyof ReconciliationForm, label: string) => (
    <Col span={12}>
      <Form.Item name={name} label={label}>
        <MoneyInput />
      </Form.Item>
    </Col>
  );
  return (
    <Row gutter={24}>
      <Col xs={24} lg={12}>
        <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ year: new Date().getFullYear() - 1 }}>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="year" label="纳税年度" rules={required('纳税年度')}>
                <InputNumber min={2019} max={2100} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            {field('wages', '工资薪金收入')}
            {field('labour', '劳务报酬收入')}
            {field('author', '稿酬收入')}
            {field('royalties', '特许权使用费收入')}
            {field('socialInsurance', '三险一金（全年）')}
            {field('specialAdditionalDeductions', '专项附加扣除（全年）')}
            {field('otherDeductions', '其他扣除（全年）')}
            {field('donations', '准予扣除的捐赠额')}
            {field('withheld', '已预缴税额')}
          </Row>
          <Button type="primary" htmlType="submit">
            计算
          </Button>
        </Form>
      </Col>
      <Col xs={24} lg={12}>
        {result && (
          <ResultCard
            title="年度汇算结果"
            items={[
              ['综合所得收入额', yuan(result.incomeAmount)],
              ['减除费用及扣除合计', yuan(result.deductions)],
              ['应纳税所得额', yuan(result.taxableIncome)],
              ['税率 / 速算扣除数', `${percent(result.rate)} / ${yuan(result.quickDeduction)}`],
              ['全年应纳税额', yuan(result.annualTax)],
              ['已预缴税额', yuan(result.withheld)],
              [
                outcomeNames[result.outcome],
                <Typography.Text strong key="b" type={result.outcome === 'payment' ? 'danger' : 'success'}>
                  {yuan(Math.abs(result.balance))}
                </Typography.Text>,
              ],
            ]}
          >
            {result.isExemptFromPayment && (
              <Alert
                style={{ marginTop: 12 }}
                type="success"
                showIcon
                title="符合免于办理年度汇算的条件（年收入不超过12万元或补税不超过400元）。"
              />
            )}
            <Basis basis={result.basis} />
          </ResultCard>
        )}
      </Col>
    </Row>
  );
}
