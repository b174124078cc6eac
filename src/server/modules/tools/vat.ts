/** VAT calculators: small-scale taxpayers (simplified method with reliefs) and general taxpayers (output − input). */
import type Decimal from 'decimal.js';
import { invalidField } from '../../platform/errors';
import { atLeastZero, Money, sum, toFen, ZERO } from './money';
import { citeBasis, citeDocuments, requireInForce } from './policy';
import { type GeneralRateCode, generalRates, simplifiedRate, smallScaleRelief } from './vat.rates';

export type VatPeriodType = 'month' | 'quarter';

export interface SmallScaleInput {
  periodType: VatPeriodType;
  /** Any date in the tax period: picks the policy in force. */
  date: string;
  /** All sales of the period (goods, services, intangibles; not real estate). */
  sales: Decimal;
  /** Of `sales`, the part invoiced on special VAT invoices (专用发票), which is never exempt. */
  specialInvoiceSales: Decimal;
  /** True when the amounts include VAT (含税), as receipts usually do. */
  includesTax: boolean;
}

/**
 * Small-scale VAT for one period: sales at most the exemption threshold are exempt except the part
 * on special invoices; above it the whole period's sales are taxed; the 3 % rate is reduced to 1 %
 * while the relief is in force. Tax-inclusive amounts convert as 含税销售额 ÷ (1 + 征收率).
 */
export function computeSmallScaleVat(input: SmallScaleInput) {
  if (input.specialInvoiceSales.gt(input.sales)) {
    throw invalidField(
      'specialInvoiceSales',
      'SPECIAL_INVOICE_EXCEEDS_SALES',
      '开具专用发票的销售额不能大于全部销售额',
    );
  }
  const statutory = requireInForce(simplifiedRate, input.date, 'date', '小规模纳税人征收率');
  const relief = requireInForce(smallScaleRelief, input.date, 'date', '小规模纳税人减免政策');
  const statutoryRate = new Money(statutory.value);
  const rate = new Money(relief.value.reducedRate);
  const exclude = (amount: Decimal) => (input.includesTax ? toFen(amount.dividedBy(rate.plus(1))) : amount);
  const sales = exclude(input.sales);
  const specialInvoiceSales = exclude(input.specialInvoiceSales);
  const threshold = new Money(
    input.periodType === 'month' ? relief.value.monthlyExemptUpTo : relief.value.quarterlyExemptUpTo,
  );
  const isWithinThreshold = sales.lte(threshold);
  const taxedSales = isWithinThreshold ? specialInvoiceSales : sales;
  const exemptSales = sales.minus(taxedSales);
  const tax = toFen(taxedSales.times(rate));
  const statutoryTax = toFen(sales.times(statutoryRate));
  return {
    periodType: input.periodType,
    sales,
    threshold,
    isWithinThreshold,
    exemptSales,
    taxedSales,
    rate,
    statutoryRate,
    tax,
    /** What the reliefs save against 3 % on every sale (免征 plus 减征). */
    relief: statutoryTax.minus(tax),
    basis: citeBasis(statutory, relief),
    note: relief.note,
  };
}

export interface GeneralVatInput {
  date: string;
  lines: ReadonlyArray<{ rate: GeneralRateCode; sales: Decimal }>;
  inputTax: Decimal;
  /** Input tax that may not be credited and is transferred out (进项税额转出). */
  inputTaxTransferredOut: Decimal;
  /** Credit carried over from the previous period (上期留抵税额). */
  previousCredit: Decimal;
}

/** 应纳税额 = 当期销项税额 − 当期进项税额 (net of transfers out) − 上期留抵; a negative result is carried forward. */
export function computeGeneralVat(input: GeneralVatInput) {
  const rates = requireInForce(generalRates, input.date, 'date', '增值税税率');
  const lines = input.lines.map((line) => {
    const rate = new Money(rates.value[line.rate].rate);
    return { rate, rateName: rates.value[line.rate].name, sales: line.sales, outputTax: toFen(line.sales.times(rate)) };
  });
  const outputTax = sum(lines.map((l) => l.outputTax));
  const creditable = input.inputTax.minus(input.inputTaxTransferredOut).plus(input.previousCredit);
  const balance = outputTax.minus(creditable);
  return {
    lines,
    outputTax,
    creditable,
    tax: atLeastZero(balance),
    creditCarriedForward: balance.isNegative() ? balance.negated() : ZERO,
    basis: citeDocuments(rates),
  };
}
