/** Every rate table the calculators use, for the 政策依据 panel: what it says, where from, and when. */
import {
  annualBonusTable,
  type Bracket,
  basicDeduction,
  comprehensiveIncomeTable,
  labourWithholdingTable,
  reconciliationExemption,
  remunerationRules,
} from './iit.rates';
import {
  educationSurchargeExemption,
  securitiesTradingRelief,
  sixTaxesTwoFeesNames,
  sixTaxesTwoFeesRelief,
  smallTaxpayerCategoryNames,
  stampDutyRates,
  surchargeRates,
} from './local-taxes.rates';
import { appliesOn, citeDocument, type PolicyRow } from './policy';
import { generalRates, simplifiedRate, smallScaleRelief } from './vat.rates';

const percent = (rate: string) => `${Number((Number(rate) * 100).toFixed(4))}%`;
const brackets = (table: readonly Bracket[]) =>
  table
    .map((b) => `${b.upTo === null ? '以上' : `≤${b.upTo}`}：${percent(b.rate)}，速算扣除数 ${b.quickDeduction}`)
    .join('；');

interface CatalogueEntry {
  key: string;
  name: string;
  rows: readonly PolicyRow<unknown>[];
  describe: (value: never) => string;
}

const entry = <T>(key: string, name: string, rows: readonly PolicyRow<T>[], describe: (value: T) => string) =>
  ({ key, name, rows, describe }) as CatalogueEntry;

const catalogue: CatalogueEntry[] = [
  entry('iit.comprehensive', '综合所得税率表（预扣率表一）', comprehensiveIncomeTable, brackets),
  entry('iit.basic_deduction', '基本减除费用', basicDeduction, (v) => `每月 ${v.monthly} 元，每年 ${v.annual} 元`),
  entry('iit.labour', '劳务报酬所得预扣率表（预扣率表二）', labourWithholdingTable, brackets),
  entry(
    'iit.remuneration',
    '劳务报酬、稿酬、特许权使用费减除费用',
    remunerationRules,
    (v) =>
      `每次收入不超过 ${v.flatDeductionUpTo} 元减除 ${v.flatDeduction} 元，以上减除 ${percent(v.proportionalDeduction)}；稿酬收入额按 ${percent(v.authorIncomeShare)} 计算；稿酬、特许权使用费预扣率 ${percent(v.flatRate)}`,
  ),
  entry('iit.annual_bonus', '全年一次性奖金（按月换算后的综合所得税率表）', annualBonusTable, brackets),
  entry(
    'iit.reconciliation_exemption',
    '免于办理综合所得汇算',
    reconciliationExemption,
    (v) => `年收入不超过 ${v.incomeUpTo} 元且需补税，或补税不超过 ${v.paymentUpTo} 元`,
  ),
  entry('vat.simplified_rate', '增值税征收率（简易计税）', simplifiedRate, (v) => percent(v)),
  entry(
    'vat.small_scale_relief',
    '小规模纳税人减免增值税',
    smallScaleRelief,
    (v) =>
      `减按 ${percent(v.reducedRate)} 征收率；月销售额 ${v.monthlyExemptUpTo} 元（季度 ${v.quarterlyExemptUpTo} 元）以下免征`,
  ),
  entry('vat.general_rates', '增值税税率', generalRates, (v) =>
    Object.values(v)
      .map((r) => r.name)
      .join('；'),
  ),
  entry('stamp_duty.rates', '印花税税目税率表', stampDutyRates, (v) =>
    Object.values(v)
      .map((r) => `${r.name}：${r.rateText}`)
      .join('；'),
  ),
  entry('stamp_duty.securities', '证券交易印花税减半', securitiesTradingRelief, (v) => `按 ${percent(v.factor)} 征收`),
  entry(
    'six_taxes_two_fees',
    '六税两费减半征收',
    sixTaxesTwoFeesRelief,
    (v) =>
      `${v.categories.map((c) => smallTaxpayerCategoryNames[c]).join('、')}：${Object.values(sixTaxesTwoFeesNames).join('、')}按 ${percent(v.factor)} 征收`,
  ),
  entry(
    'surcharges.rates',
    '城市维护建设税、教育费附加、地方教育附加',
    surchargeRates,
    (v) =>
      `城建税 ${Object.values(v.urbanMaintenance)
        .map((u) => u.name)
        .join('、')}；教育费附加 ${percent(v.education)}；地方教育附加 ${percent(v.localEducation)}`,
  ),
  entry(
    'surcharges.education_exemption',
    '教育费附加、地方教育附加免征',
    educationSurchargeExemption,
    (v) => `月销售额不超过 ${v.monthlyUpTo} 元（季度 ${v.quarterlyUpTo} 元）免征`,
  ),
];

/** The catalogue as the API shows it, each row marked in force or not on `date`. */
export function listPolicies(date: string) {
  return catalogue.map((c) => ({
    key: c.key,
    name: c.name,
    rows: c.rows.map((row) => ({
      validFrom: row.validFrom,
      validTo: row.validTo,
      isInForce: appliesOn(row, date),
      documents: row.documents.map(citeDocument),
      summary: c.describe(row.value as never),
      ...(row.note ? { note: row.note } : {}),
    })),
  }));
}
