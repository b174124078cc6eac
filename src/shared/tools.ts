/**
 * The calculators (小工具): the codes they take, the money they accept, and the request and response
 * schemas of /api/tools, shared by the server and the web app. Amounts are decimal.js values on the
 * server and JSON numbers (yuan) in every reply.
 */
import Decimal from 'decimal.js';
import { z } from 'zod';
import { date } from './schemas';

/**
 * Money in the calculators: decimal.js values in yuan, rounded half-up to the fen only where a
 * tax document says an amount is final. Never binary floating point in between.
 */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Money = Decimal;

/** The largest amount a calculator accepts (a trillion yuan): beyond that an input is a typo. */
const MAX_AMOUNT = new Money('1000000000000');

const amountPattern = /^\d{1,13}(\.\d{1,2})?$/;

/**
 * An amount in yuan as the API takes it: a JSON number or a numeric string, not negative,
 * at most 2 decimal places (fen). Parsed straight to a decimal so 0.1 + 0.2 stays 0.30.
 */
export const moneyInput = z.union([z.number(), z.string().trim()]).transform((value, ctx) => {
  const text = typeof value === 'number' ? numberToPlainText(value) : value;
  if (text === null || !amountPattern.test(text)) {
    ctx.addIssue({ code: 'custom', message: '须为不小于 0 的金额，最多两位小数' });
    return z.NEVER;
  }
  const amount = new Money(text);
  if (amount.gt(MAX_AMOUNT)) {
    ctx.addIssue({ code: 'custom', message: '金额过大' });
    return z.NEVER;
  }
  return amount;
});

/** A JSON number written out without exponent; null for NaN, infinities and negatives. */
function numberToPlainText(value: number): string | null {
  if (!Number.isFinite(value) || value < 0) return null;
  // JSON numbers such as 1e-7 must not sneak past the pattern as "1e-7".
  return new Money(value).toFixed();
}

export const remunerationKinds = ['labour', 'author', 'royalty'] as const;
export type RemunerationKind = (typeof remunerationKinds)[number];

export const smallTaxpayerCategories = ['small_scale', 'small_low_profit', 'individual_business', 'other'] as const;
export type SmallTaxpayerCategory = (typeof smallTaxpayerCategories)[number];

export const stampDutyItems = [
  'loan_contract',
  'finance_lease_contract',
  'sales_contract',
  'contracting_contract',
  'construction_contract',
  'transport_contract',
  'technology_contract',
  'lease_contract',
  'custody_contract',
  'warehousing_contract',
  'property_insurance_contract',
  'land_use_right_grant',
  'real_property_transfer',
  'equity_transfer',
  'intellectual_property_transfer',
  'account_books',
  'securities_trading',
] as const;
export type StampDutyItem = (typeof stampDutyItems)[number];

export const sixTaxesTwoFeesKinds = [
  'resource_tax',
  'urban_maintenance_tax',
  'property_tax',
  'land_use_tax',
  'stamp_duty',
  'farmland_occupation_tax',
  'education_surcharge',
  'local_education_surcharge',
] as const;
export type SixTaxesTwoFeesKind = (typeof sixTaxesTwoFeesKinds)[number];

export const urbanLocations = ['city', 'county_town', 'other'] as const;
export type UrbanLocation = (typeof urbanLocations)[number];

export const generalRateCodes = ['13', '9', '6', '0'] as const;
export type GeneralRateCode = (typeof generalRateCodes)[number];

const optionalMoney = moneyInput.optional();
const optionalDate = date.optional();
const year = z.number().int().min(2000).max(2100).optional();
const category = z.enum(smallTaxpayerCategories);
const periodType = z.enum(['month', 'quarter']);

// ---- requests ----

export const wagesBody = z.strictObject({
  months: z
    .array(
      z.strictObject({
        income: moneyInput,
        socialInsurance: moneyInput,
        specialAdditionalDeductions: moneyInput,
        otherDeductions: optionalMoney,
      }),
    )
    .min(1, '至少填写一个月')
    .max(12, '最多 12 个月'),
  year,
});
export type WagesInput = z.input<typeof wagesBody>;

export const annualBonusBody = z.strictObject({ bonus: moneyInput, year });
export type AnnualBonusInput = z.input<typeof annualBonusBody>;

export const remunerationBody = z.strictObject({ income: moneyInput, date: optionalDate });
export type RemunerationInput = z.input<typeof remunerationBody>;

export const reconciliationBody = z.strictObject({
  year: z.number().int().min(2019).max(2100),
  wages: optionalMoney,
  labour: optionalMoney,
  author: optionalMoney,
  royalties: optionalMoney,
  socialInsurance: optionalMoney,
  specialAdditionalDeductions: optionalMoney,
  otherDeductions: optionalMoney,
  donations: optionalMoney,
  withheld: optionalMoney,
});
export type ReconciliationInput = z.input<typeof reconciliationBody>;

export const smallScaleVatBody = z.strictObject({
  periodType,
  date: optionalDate,
  sales: moneyInput,
  specialInvoiceSales: optionalMoney,
  includesTax: z.boolean().default(false),
});
export type SmallScaleVatInput = z.input<typeof smallScaleVatBody>;

export const generalVatBody = z.strictObject({
  date: optionalDate,
  lines: z
    .array(z.strictObject({ rate: z.enum(generalRateCodes), sales: moneyInput }))
    .min(1)
    .max(20),
  inputTax: optionalMoney,
  inputTaxTransferredOut: optionalMoney,
  previousCredit: optionalMoney,
});
export type GeneralVatInput = z.input<typeof generalVatBody>;

export const stampDutyBody = z.strictObject({
  date: optionalDate,
  category: category.default('other'),
  lines: z
    .array(z.strictObject({ item: z.enum(stampDutyItems), amount: moneyInput }))
    .min(1)
    .max(50),
});
export type StampDutyInput = z.input<typeof stampDutyBody>;

export const sixTaxesTwoFeesBody = z.strictObject({
  date: optionalDate,
  category,
  lines: z
    .array(z.strictObject({ kind: z.enum(sixTaxesTwoFeesKinds), amount: moneyInput }))
    .min(1)
    .max(20),
});
export type SixTaxesTwoFeesInput = z.input<typeof sixTaxesTwoFeesBody>;

export const surchargesBody = z.strictObject({
  date: optionalDate,
  category: category.default('other'),
  location: z.enum(urbanLocations),
  vatPaid: optionalMoney,
  consumptionTaxPaid: optionalMoney,
  periodType: periodType.default('month'),
  periodSales: moneyInput,
});
export type SurchargesInput = z.input<typeof surchargesBody>;

// ---- results (amounts in yuan, rates as decimals) ----

const basis = z.array(z.string());

export const wagesResultSchema = z.object({
  months: z.array(
    z.object({
      month: z.number(),
      cumulativeIncome: z.number(),
      cumulativeDeductions: z.number(),
      cumulativeTaxableIncome: z.number(),
      rate: z.number(),
      quickDeduction: z.number(),
      cumulativeTax: z.number(),
      tax: z.number(),
      netIncome: z.number(),
    }),
  ),
  totalTax: z.number(),
  basis,
});
export type WagesResult = z.infer<typeof wagesResultSchema>;

const cliff = z.object({ from: z.number(), to: z.number(), rate: z.number() });

export const bonusResultSchema = z.object({
  tax: z.number(),
  rate: z.number(),
  quickDeduction: z.number(),
  monthlyAverage: z.number(),
  afterTax: z.number(),
  cliffs: z.array(cliff),
  inCliff: cliff.nullable(),
  basis,
  note: z.string().optional(),
});
export type BonusResult = z.infer<typeof bonusResultSchema>;

export const remunerationResultSchema = z.object({
  kind: z.enum(remunerationKinds),
  income: z.number(),
  deduction: z.number(),
  taxableIncome: z.number(),
  rate: z.number(),
  quickDeduction: z.number(),
  tax: z.number(),
  afterTax: z.number(),
  basis,
});
export type RemunerationResult = z.infer<typeof remunerationResultSchema>;

export const reconciliationResultSchema = z.object({
  year: z.number(),
  incomeAmount: z.number(),
  deductions: z.number(),
  taxableIncome: z.number(),
  rate: z.number(),
  quickDeduction: z.number(),
  annualTax: z.number(),
  withheld: z.number(),
  /** Positive: to pay; negative: to be refunded. */
  balance: z.number(),
  outcome: z.enum(['settled', 'payment', 'refund']),
  isExemptFromPayment: z.boolean(),
  basis,
});
export type ReconciliationResult = z.infer<typeof reconciliationResultSchema>;

export const smallScaleVatResultSchema = z.object({
  periodType,
  sales: z.number(),
  threshold: z.number(),
  isWithinThreshold: z.boolean(),
  exemptSales: z.number(),
  taxedSales: z.number(),
  rate: z.number(),
  statutoryRate: z.number(),
  tax: z.number(),
  relief: z.number(),
  basis,
  note: z.string().optional(),
});
export type SmallScaleVatResult = z.infer<typeof smallScaleVatResultSchema>;

export const generalVatResultSchema = z.object({
  lines: z.array(z.object({ rate: z.number(), rateName: z.string(), sales: z.number(), outputTax: z.number() })),
  outputTax: z.number(),
  creditable: z.number(),
  tax: z.number(),
  creditCarriedForward: z.number(),
  basis,
});
export type GeneralVatResult = z.infer<typeof generalVatResultSchema>;

/** A line of a local tax: the tax, what a relief takes off, and what is left to pay. */
const localTaxLine = z.object({ name: z.string(), tax: z.number(), reduction: z.number(), payable: z.number() });

/** What every local-tax calculator answers: its lines and their totals. */
export const localTaxResultSchema = z.object({
  lines: z.array(localTaxLine),
  tax: z.number(),
  reduction: z.number(),
  payable: z.number(),
  isHalvingEligible: z.boolean(),
  basis,
  note: z.string().optional(),
});
export type LocalTaxResult = z.infer<typeof localTaxResultSchema>;

export const stampDutyResultSchema = localTaxResultSchema.omit({ note: true }).extend({
  lines: z.array(
    localTaxLine.extend({
      item: z.enum(stampDutyItems),
      /** The rate as the table writes it (a decimal in text, e.g. `0.0003`). */
      rate: z.string(),
      rateText: z.string(),
      /** 计税依据. */
      base: z.string(),
      amount: z.number(),
    }),
  ),
});

export const sixTaxesTwoFeesResultSchema = localTaxResultSchema.extend({
  lines: z.array(localTaxLine.extend({ kind: z.enum(sixTaxesTwoFeesKinds) })),
});

export const surchargesResultSchema = localTaxResultSchema.omit({ note: true }).extend({
  base: z.number(),
  lines: z.array(localTaxLine.extend({ kind: z.enum(sixTaxesTwoFeesKinds), rate: z.number(), isExempt: z.boolean() })),
});

export const policyEntrySchema = z.object({
  key: z.string(),
  name: z.string(),
  rows: z.array(
    z.object({
      validFrom: z.string(),
      validTo: z.string().nullable(),
      isInForce: z.boolean(),
      documents: z.array(z.string()),
      summary: z.string(),
      note: z.string().optional(),
    }),
  ),
});
export type PolicyEntry = z.infer<typeof policyEntrySchema>;
