import { api } from '../../api';

/** An amount in yuan as the calculators take it: a number or the text typed. */
export type Amount = number | string;

export interface WagesMonth {
  month: number;
  cumulativeIncome: number;
  cumulativeDeductions: number;
  cumulativeTaxableIncome: number;
  rate: number;
  quickDeduction: number;
  cumulativeTax: number;
  tax: number;
  netIncome: number;
}

export interface WagesResult {
  months: WagesMonth[];
  totalTax: number;
  basis: string[];
}

export interface BonusResult {
  tax: number;
  rate: number;
  quickDeduction: number;
  monthlyAverage: number;
  afterTax: number;
  cliffs: Array<{ from: number; to: number; rate: number }>;
  inCliff: { from: number; to: number; rate: number } | null;
  basis: string[];
  note?: string;
}

export interface RemunerationResult {
  income: number;
  deduction: number;
  taxableIncome: number;
  rate: number;
  quickDeduction: number;
  tax: number;
  afterTax: number;
  basis: string[];
}

export interface ReconciliationResult {
  incomeAmount: number;
  deductions: number;
  taxableIncome: number;
  rate: number;
  quickDeduction: number;
  annualTax: number;
  withheld: number;
  balance: number;
  outcome: 'settled' | 'payment' | 'refund';
  isExemptFromPayment: boolean;
  basis: string[];
}

export interface SmallScaleVatResult {
  sales: number;
  threshold: number;
  isWithinThreshold: boolean;
  exemptSales: number;
  taxedSales: number;
  rate: number;
  statutoryRate: number;
  tax: number;
  relief: number;
  basis: string[];
  note?: string;
}

export interface GeneralVatResult {
  lines: Array<{ rate: number; rateName: string; sales: number; outputTax: number }>;
  outputTax: number;
  creditable: number;
  tax: number;
  creditCarriedForward: number;
  basis: string[];
}

export interface TaxLine {
  name: string;
  tax: number;
  reduction: number;
  payable: number;
  rateText?: string;
  amount?: number;
  isExempt?: boolean;
}

export interface LocalTaxResult {
  lines: TaxLine[];
  tax: number;
  reduction: number;
  payable: number;
  isHalvingEligible: boolean;
  basis: string[];
  note?: string;
}

export interface PolicyEntry {
  key: string;
  name: string;
  rows: Array<{
    validFrom: string;
    validTo: string | null;
    isInForce: boolean;
    documents: string[];
    summary: string;
    note?: string;
  }>;
}

export const calculateWages = (body: {
  months: Array<{
    income: Amount;
    socialInsurance: Amount;
    specialAdditionalDeductions: Amount;
    otherDeductions?: Amount;
  }>;
  year?: number;
}) => api.post<WagesResult>('/api/tools/iit/wages', body);

export const calculateBonus = (body: { bonus: Amount; year?: number }) =>
  api.post<BonusResult>('/api/tools/iit/annual-bonus', body);

export const remunerationPaths = {
  labour: '/api/tools/iit/labour',
  author: '/api/tools/iit/author-remuneration',
  royalty: '/api/tools/iit/royalties',
} as const;

export const calculateRemuneration = (kind: keyof typeof remunerationPaths, body: { income: Amount }) =>
  api.post<RemunerationResult>(remunerationPaths[kind], body);

export const calculateReconciliation = (body: Record<string, Amount | number | undefined>) =>
  api.post<ReconciliationResult>('/api/tools/iit/annual-reconciliation', body);

export const calculateSmallScaleVat = (body: {
  periodType: 'month' | 'quarter';
  date?: string;
  sales: Amount;
  specialInvoiceSales?: Amount;
  includesTax: boolean;
}) => api.post<SmallScaleVatResult>('/api/tools/vat/small-scale', body);

export const calculateGeneralVat = (body: {
  lines: Array<{ rate: string; sales: Amount }>;
  inputTax?: Amount;
  inputTaxTransferredOut?: Amount;
  previousCredit?: Amount;
}) => api.post<GeneralVatResult>('/api/tools/vat/general', body);

export const calculateStampDuty = (body: { category: string; lines: Array<{ item: string; amount: Amount }> }) =>
  api.post<LocalTaxResult>('/api/tools/stamp-duty', body);

export const calculateSurcharges = (body: {
  category: string;
  location: string;
  vatPaid?: Amount;
  consumptionTaxPaid?: Amount;
  periodType: 'month' | 'quarter';
  periodSales: Amount;
}) => api.post<LocalTaxResult>('/api/tools/surcharges', body);

export const calculateSixTaxesTwoFees = (body: { category: string; lines: Array<{ kind: string; amount: Amount }> }) =>
  api.post<LocalTaxResult>('/api/tools/six-taxes-two-fees', body);

export const listPolicies = () => api.get<PolicyEntry[]>('/api/tools/policies');
