/**
 * Individual income tax calculators: the cumulative withholding method on wages, the annual one-off
 * bonus taxed separately, withholding on labour remuneration / author's remuneration / royalties, and
 * the annual reconciliation of comprehensive income. Pure functions over decimal amounts.
 */
import type Decimal from 'decimal.js';
import { type RemunerationKind, remunerationKinds } from '../../../shared/tools';
import {
  annualBonusTable,
  type Bracket,
  basicDeduction,
  comprehensiveIncomeTable,
  labourWithholdingTable,
  reconciliationExemption,
  remunerationRules,
} from './iit.rates';
import { atLeastZero, Money, sum, toFen, ZERO } from './money';
import { citeBasis, citeDocuments, type PolicyRow, requireInForce } from './policy';

export interface AppliedBracket {
  rate: Decimal;
  quickDeduction: Decimal;
}

/** The bracket an amount falls in; a bracket's upper limit belongs to it (不超过…的部分). */
export function bracketOf(table: readonly Bracket[], amount: Decimal): AppliedBracket {
  const bracket = table.find((b) => b.upTo === null || amount.lte(b.upTo)) ?? table[table.length - 1];
  if (!bracket) throw new Error('empty rate table');
  return { rate: new Money(bracket.rate), quickDeduction: new Money(bracket.quickDeduction) };
}

/** amount × rate − quick deduction, to the fen, never below zero. */
function progressiveTax(table: readonly Bracket[], amount: Decimal) {
  const bracket = bracketOf(table, amount);
  return { ...bracket, tax: atLeastZero(toFen(amount.times(bracket.rate).minus(bracket.quickDeduction))) };
}

// ---- wages: cumulative withholding (累计预扣法) ----

export interface WagesMonthInput {
  income: Decimal;
  socialInsurance: Decimal;
  specialAdditionalDeductions: Decimal;
  otherDeductions?: Decimal | undefined;
}

export interface WagesMonthResult {
  month: number;
  cumulativeIncome: Decimal;
  cumulativeDeductions: Decimal;
  cumulativeTaxableIncome: Decimal;
  rate: Decimal;
  quickDeduction: Decimal;
  cumulativeTax: Decimal;
  /** Tax withheld this month. */
  tax: Decimal;
  /** Wages after social insurance and this month's tax. */
  netIncome: Decimal;
}

/**
 * Month-by-month withholding for one employer and one year, January first (国家税务总局公告2018年第61号
 * 第六条): 累计预扣预缴应纳税所得额 = 累计收入 − 累计减除费用 − 累计专项扣除 − 累计专项附加扣除 −
 * 累计依法确定的其他扣除; 本期应预扣预缴税额 = 累计应纳税所得额 × 预扣率 − 速算扣除数 − 累计已预扣预缴税额;
 * a negative result withholds nothing this month (the difference is settled in the annual reconciliation).
 */
export function withholdOnWages(months: readonly WagesMonthInput[], date: string) {
  const table = requireInForce(comprehensiveIncomeTable, date, 'year', '综合所得预扣率表');
  const deduction = requireInForce(basicDeduction, date, 'year', '减除费用标准');
  const monthly = new Money(deduction.value.monthly);
  let cumulativeIncome = ZERO;
  let cumulativeDeductions = ZERO;
  let withheld = ZERO;
  const results: WagesMonthResult[] = months.map((m, index) => {
    const other = m.otherDeductions ?? ZERO;
    cumulativeIncome = cumulativeIncome.plus(m.income);
    cumulativeDeductions = cumulativeDeductions
      .plus(monthly)
      .plus(m.socialInsurance)
      .plus(m.specialAdditionalDeductions)
      .plus(other);
    const cumulativeTaxableIncome = atLeastZero(cumulativeIncome.minus(cumulativeDeductions));
    const { rate, quickDeduction, tax: cumulativeTax } = progressiveTax(table.value, cumulativeTaxableIncome);
    const tax = atLeastZero(cumulativeTax.minus(withheld));
    withheld = withheld.plus(tax);
    return {
      month: index + 1,
      cumulativeIncome,
      cumulativeDeductions,
      cumulativeTaxableIncome,
      rate,
      quickDeduction,
      cumulativeTax,
      tax,
      netIncome: m.income.minus(m.socialInsurance).minus(tax),
    };
  });
  return { months: results, totalTax: withheld, basis: citeBasis(table, deduction) };
}

// ---- the annual one-off bonus (全年一次性奖金单独计税) ----

export interface BonusCliff {
  /** Bonuses above `from` and up to `to` take home no more than a bonus of exactly `from` (多发少得). */
  from: Decimal;
  to: Decimal;
  rate: Decimal;
}

/**
 * The ranges where one more yuan of bonus moves it into a higher bracket and the whole bonus
 * is taxed at that rate, so that take-home pay drops: from 12 × the bracket's limit up to the
 * bonus whose take-home pay catches up again.
 */
export function bonusCliffs(table: readonly Bracket[]): BonusCliff[] {
  const cliffs: BonusCliff[] = [];
  table.forEach((bracket, i) => {
    const next = table[i + 1];
    if (bracket.upTo === null || !next) return;
    const edge = new Money(bracket.upTo).times(12);
    const netAtEdge = edge.minus(edge.times(bracket.rate).minus(bracket.quickDeduction));
    const nextRate = new Money(next.rate);
    // net(x) = x − (x·r' − q') equals net(edge) at x = (net(edge) − q') / (1 − r').
    const catchUp = netAtEdge.minus(next.quickDeduction).dividedBy(new Money(1).minus(nextRate));
    cliffs.push({ from: edge, to: toFen(catchUp), rate: nextRate });
  });
  return cliffs;
}

/** 应纳税额 = 全年一次性奖金 × 适用税率 − 速算扣除数, the rate found from bonus ÷ 12 (财税〔2018〕164号). */
export function taxAnnualBonus(bonus: Decimal, date: string) {
  const policy = requireInForce(annualBonusTable, date, 'year', '全年一次性奖金单独计税政策');
  const { rate, quickDeduction } = bracketOf(policy.value, bonus.dividedBy(12));
  const tax = atLeastZero(toFen(bonus.times(rate).minus(quickDeduction)));
  const cliffs = bonusCliffs(policy.value);
  const cliff = cliffs.find((c) => bonus.gt(c.from) && bonus.lte(c.to));
  return {
    tax,
    rate,
    quickDeduction,
    monthlyAverage: toFen(bonus.dividedBy(12)),
    afterTax: bonus.minus(tax),
    cliffs,
    inCliff: cliff ?? null,
    basis: citeDocuments(policy),
    note: policy.note,
  };
}

// ---- labour remuneration, author's remuneration, royalties (劳务报酬、稿酬、特许权使用费) ----

export { type RemunerationKind, remunerationKinds };

/**
 * Withholding on one payment (国家税务总局公告2018年第61号 第八条): 收入额 = 收入 − 减除费用 (800 up to
 * 4,000, otherwise 20 %), author's remuneration at 70 % of that; labour at 20/30/40 % (预扣率表二),
 * author's remuneration and royalties at 20 %.
 */
export function withholdOnRemuneration(kind: RemunerationKind, income: Decimal, date: string) {
  const rules = requireInForce(remunerationRules, date, 'date', '劳务报酬等预扣预缴规则');
  const r = rules.value;
  const deduction = income.lte(r.flatDeductionUpTo)
    ? Money.min(income, r.flatDeduction)
    : toFen(income.times(r.proportionalDeduction));
  const afterDeduction = income.minus(deduction);
  const taxableIncome = kind === 'author' ? toFen(afterDeduction.times(r.authorIncomeShare)) : afterDeduction;
  let applied: AppliedBracket = { rate: new Money(r.flatRate), quickDeduction: ZERO };
  let basisRows: PolicyRow<unknown>[] = [rules];
  if (kind === 'labour') {
    const table = requireInForce(labourWithholdingTable, date, 'date', '劳务报酬预扣率表');
    applied = bracketOf(table.value, taxableIncome);
    basisRows = [rules, table];
  }
  const tax = atLeastZero(toFen(taxableIncome.times(applied.rate).minus(applied.quickDeduction)));
  return {
    kind,
    income,
    deduction,
    taxableIncome,
    rate: applied.rate,
    quickDeduction: applied.quickDeduction,
    tax,
    afterTax: income.minus(tax),
    basis: citeBasis(...basisRows),
  };
}

// ---- annual reconciliation of comprehensive income (综合所得年度汇算) ----

export interface ReconciliationInput {
  /** The tax year, e.g. 2025 (reconciled between 1 March and 30 June of the next year). */
  year: number;
  wages: Decimal;
  labour: Decimal;
  author: Decimal;
  royalties: Decimal;
  socialInsurance: Decimal;
  specialAdditionalDeductions: Decimal;
  otherDeductions: Decimal;
  /** Charitable donations allowed against comprehensive income (capped by the caller's own rules). */
  donations: Decimal;
  /** Tax already withheld or prepaid on the year's comprehensive income. */
  withheld: Decimal;
}

/**
 * 应退或应补税额 = [(综合所得收入额 − 60,000 − 专项扣除 − 专项附加扣除 − 依法确定的其他扣除 − 捐赠)
 * × 适用税率 − 速算扣除数] − 已预缴税额 (个人所得税法 第六条, 税率表一); labour, author's remuneration and
 * royalties count at 80 %, author's remuneration at 70 % of that. Tells whether the person is exempt
 * from reconciling (income ≤ 120,000 with tax due, or tax due ≤ 400).
 */
export function reconcileAnnualIncome(input: ReconciliationInput) {
  const date = `${input.year}-12-31`;
  const table = requireInForce(comprehensiveIncomeTable, date, 'year', '综合所得税率表');
  const deduction = requireInForce(basicDeduction, date, 'year', '减除费用标准');
  const rules = requireInForce(remunerationRules, date, 'year', '劳务报酬等收入额规则').value;
  const share = new Money(1).minus(rules.proportionalDeduction);
  const incomeAmount = sum([
    input.wages,
    toFen(input.labour.times(share)),
    toFen(input.author.times(share).times(rules.authorIncomeShare)),
    toFen(input.royalties.times(share)),
  ]);
  const grossIncome = sum([input.wages, input.labour, input.author, input.royalties]);
  const deductions = sum([
    new Money(deduction.value.annual),
    input.socialInsurance,
    input.specialAdditionalDeductions,
    input.otherDeductions,
    input.donations,
  ]);
  const taxableIncome = atLeastZero(incomeAmount.minus(deductions));
  const { rate, quickDeduction, tax: annualTax } = progressiveTax(table.value, taxableIncome);
  const balance = annualTax.minus(input.withheld);
  const exemption = requireInForce(reconciliationExemption, date, 'year', '免于汇算政策');
  const isPaymentDue = balance.isPositive() && !balance.isZero();
  const isExempt =
    isPaymentDue && (grossIncome.lte(exemption.value.incomeUpTo) || balance.lte(exemption.value.paymentUpTo));
  return {
    year: input.year,
    incomeAmount,
    deductions,
    taxableIncome,
    rate,
    quickDeduction,
    annualTax,
    withheld: input.withheld,
    /** Positive: to pay; negative: to be refunded. */
    balance,
    outcome: balance.isZero() ? ('settled' as const) : isPaymentDue ? ('payment' as const) : ('refund' as const),
    isExemptFromPayment: isExempt,
    basis: isExempt ? citeBasis(table, exemption) : citeBasis(table),
  };
}
