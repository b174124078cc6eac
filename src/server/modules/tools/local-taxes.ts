/** Stamp duty by item, the 六税两费 halving, and the surcharges on VAT and consumption tax. */
import type Decimal from 'decimal.js';
import {
  educationSurchargeExemption,
  type SixTaxesTwoFeesKind,
  type SmallTaxpayerCategory,
  type StampDutyItem,
  securitiesTradingRelief,
  sixTaxesTwoFeesNames,
  sixTaxesTwoFeesRelief,
  stampDutyRates,
  surchargeRates,
  type UrbanLocation,
} from './local-taxes.rates';
import { Money, sum, toFen, ZERO } from './money';
import { citeBasis, citeDocuments, findInForce, type PolicyRow, requireInForce } from './policy';

/** The halving factor for the category on `date`, with its row; null when the taxpayer does not qualify. */
function halvingFor(category: SmallTaxpayerCategory, date: string) {
  const row = findInForce(sixTaxesTwoFeesRelief, date);
  return row?.value.categories.includes(category) ? row : null;
}

/** A tax, what the relief takes off it (rounded to the fen) and what is left to pay. */
function applyFactor(tax: Decimal, factor: string | null) {
  const reduction = factor === null ? ZERO : toFen(tax.times(new Money(1).minus(factor)));
  return { tax, reduction, payable: tax.minus(reduction) };
}

export interface StampDutyInput {
  date: string;
  category: SmallTaxpayerCategory;
  lines: ReadonlyArray<{ item: StampDutyItem; amount: Decimal }>;
}

/**
 * 应纳税额 = 计税依据 × 适用税率 (《印花税法》第八条), line by line; halved for small taxpayers except on
 * securities trading (财政部 税务总局公告2023年第12号), and securities trading halved since 2023-08-28.
 */
export function computeStampDuty(input: StampDutyInput) {
  const rates = requireInForce(stampDutyRates, input.date, 'date', '印花税税目税率表');
  const halving = halvingFor(input.category, input.date);
  const securities = findInForce(securitiesTradingRelief, input.date);
  const used: PolicyRow<unknown>[] = [rates];
  const lines = input.lines.map((line) => {
    const rate = rates.value[line.item];
    const tax = toFen(line.amount.times(rate.rate));
    if (line.item === 'securities_trading') {
      if (securities) used.push(securities);
      return { item: line.item, ...rate, amount: line.amount, ...applyFactor(tax, securities?.value.factor ?? null) };
    }
    if (halving) used.push(halving);
    return { item: line.item, ...rate, amount: line.amount, ...applyFactor(tax, halving?.value.factor ?? null) };
  });
  return {
    lines,
    tax: sum(lines.map((l) => l.tax)),
    reduction: sum(lines.map((l) => l.reduction)),
    payable: sum(lines.map((l) => l.payable)),
    isHalvingEligible: halving !== null,
    basis: citeBasis(...used),
  };
}

export interface SixTaxesTwoFeesInput {
  date: string;
  category: SmallTaxpayerCategory;
  lines: ReadonlyArray<{ kind: SixTaxesTwoFeesKind; amount: Decimal }>;
}

/** The 六税两费 halving on amounts already computed by their own rules (after any other relief). */
export function halveSixTaxesTwoFees(input: SixTaxesTwoFeesInput) {
  const halving = halvingFor(input.category, input.date);
  const lines = input.lines.map((line) => ({
    kind: line.kind,
    name: sixTaxesTwoFeesNames[line.kind],
    ...applyFactor(line.amount, halving?.value.factor ?? null),
  }));
  const known = findInForce(sixTaxesTwoFeesRelief, input.date);
  return {
    lines,
    tax: sum(lines.map((l) => l.tax)),
    reduction: sum(lines.map((l) => l.reduction)),
    payable: sum(lines.map((l) => l.payable)),
    isHalvingEligible: halving !== null,
    basis: known ? citeDocuments(known) : [],
    note: known?.note,
  };
}

export interface SurchargesInput {
  date: string;
  category: SmallTaxpayerCategory;
  location: UrbanLocation;
  vatPaid: Decimal;
  consumptionTaxPaid: Decimal;
  periodType: 'month' | 'quarter';
  /** The period's sales (excluding tax), for the exemption of the education surcharges. */
  periodSales: Decimal;
}

/**
 * 城市维护建设税 (7 / 5 / 1 %), 教育费附加 (3 %) and 地方教育附加 (2 %) on the VAT and consumption tax
 * paid; the two education surcharges are not charged at or below 100,000 of sales a month (300,000 a
 * quarter); what is left is halved for small taxpayers.
 */
export function computeSurcharges(input: SurchargesInput) {
  const rates = requireInForce(surchargeRates, input.date, 'date', '附加税费税率');
  const exemption = requireInForce(educationSurchargeExemption, input.date, 'date', '教育费附加免征政策');
  const halving = halvingFor(input.category, input.date);
  const base = input.vatPaid.plus(input.consumptionTaxPaid);
  const threshold = input.periodType === 'month' ? exemption.value.monthlyUpTo : exemption.value.quarterlyUpTo;
  const isEducationExempt = input.periodSales.lte(threshold);
  const factor = halving?.value.factor ?? null;
  const line = (kind: SixTaxesTwoFeesKind, rate: string, exempt: boolean) => {
    const tax = exempt ? ZERO : toFen(base.times(rate));
    return {
      kind,
      name: sixTaxesTwoFeesNames[kind],
      rate: new Money(rate),
      isExempt: exempt,
      ...applyFactor(tax, factor),
    };
  };
  const lines = [
    line('urban_maintenance_tax', rates.value.urbanMaintenance[input.location].rate, false),
    line('education_surcharge', rates.value.education, isEducationExempt),
    line('local_education_surcharge', rates.value.localEducation, isEducationExempt),
  ];
  const used: PolicyRow<unknown>[] = [rates, ...(isEducationExempt ? [exemption] : []), ...(halving ? [halving] : [])];
  return {
    base,
    lines,
    tax: sum(lines.map((l) => l.tax)),
    reduction: sum(lines.map((l) => l.reduction)),
    payable: sum(lines.map((l) => l.payable)),
    isHalvingEligible: halving !== null,
    basis: citeBasis(...used),
  };
}
