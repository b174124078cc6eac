import type {
  AnnualBonusInput,
  BonusResult,
  GeneralVatInput,
  GeneralVatResult,
  LocalTaxResult,
  PolicyEntry,
  ReconciliationInput,
  ReconciliationResult,
  RemunerationInput,
  RemunerationResult,
  SixTaxesTwoFeesInput,
  SmallScaleVatInput,
  SmallScaleVatResult,
  StampDutyInput,
  SurchargesInput,
  WagesInput,
  WagesResult,
} from '../../../shared/tools';
import { api } from '../../api';

export type {
  BonusResult,
  GeneralVatResult,
  LocalTaxResult,
  PolicyEntry,
  ReconciliationResult,
  RemunerationResult,
  SmallScaleVatResult,
  WagesResult,
} from '../../../shared/tools';

/** An amount in yuan as the calculators take it: a number or the text typed. */
export type Amount = number | string;

export const calculateWages = (body: WagesInput) => api.post<WagesResult>('/api/tools/iit/wages', body);

export const calculateBonus = (body: AnnualBonusInput) => api.post<BonusResult>('/api/tools/iit/annual-bonus', body);

export const remunerationPaths = {
  labour: '/api/tools/iit/labour',
  author: '/api/tools/iit/author-remuneration',
  royalty: '/api/tools/iit/royalties',
} as const;

export const calculateRemuneration = (kind: keyof typeof remunerationPaths, body: RemunerationInput) =>
  api.post<RemunerationResult>(remunerationPaths[kind], body);

export const calculateReconciliation = (body: ReconciliationInput) =>
  api.post<ReconciliationResult>('/api/tools/iit/annual-reconciliation', body);

export const calculateSmallScaleVat = (body: SmallScaleVatInput) =>
  api.post<SmallScaleVatResult>('/api/tools/vat/small-scale', body);

export const calculateGeneralVat = (body: GeneralVatInput) =>
  api.post<GeneralVatResult>('/api/tools/vat/general', body);

export const calculateStampDuty = (body: StampDutyInput) => api.post<LocalTaxResult>('/api/tools/stamp-duty', body);

export const calculateSurcharges = (body: SurchargesInput) => api.post<LocalTaxResult>('/api/tools/surcharges', body);

export const calculateSixTaxesTwoFees = (body: SixTaxesTwoFeesInput) =>
  api.post<LocalTaxResult>('/api/tools/six-taxes-two-fees', body);

export const listPolicies = () => api.get<PolicyEntry[]>('/api/tools/policies');
