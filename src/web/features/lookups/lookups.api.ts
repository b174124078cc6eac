import { api } from '../../api';
import type { ImportOutcome } from './import-result';
import { uploadFile } from './upload';

export interface InvoiceVerification {
  format: {
    kind: 'paper' | 'digital';
    code: string;
    number: string;
    region: string;
    year: number;
    invoiceType: string;
  };
  source: { name: string; isNationalPlatform: boolean; notice: string };
  result: 'consistent' | 'inconsistent' | 'not_found';
  mismatches: Array<'issueDate' | 'amount' | 'checkCodeLast6'>;
  invoice: {
    code: string;
    number: string;
    type: string;
    issueDate: string;
    sellerTaxpayerId: string;
    sellerName: string;
    buyerTaxpayerId: string | null;
    buyerName: string;
    amountFen: number;
    taxFen: number;
    status: string;
  } | null;
}

export interface TaxpayerInfo {
  taxpayerId: string;
  name: string;
  status: string;
  taxpayerType: string;
  creditRating: string | null;
  creditYear: number | null;
  legalRepresentative: string | null;
  address: string | null;
  orgUnitName: string | null;
  orgUnitAddress: string | null;
  orgUnitPhone: string | null;
  quota: { monthlySalesFen: number | null; monthlyTaxFen: number | null; from: string; to: string | null } | null;
  updatedAt: string;
}

export interface TaxOffice {
  id: number;
  code: string;
  name: string;
  level: string;
  levelName: string;
  address: string | null;
  phone: string | null;
  serviceHours: string | null;
  parentName: string | null;
  depth: number;
}

export interface Progress {
  taxpayerId: string;
  taxpayerName: string | null;
  records: Array<{
    kind: string;
    item: string;
    period: string;
    status: string;
    occurredOn: string;
    note: string | null;
  }>;
}

export type Registry = 'invoices' | 'taxpayers' | 'progress';

export interface ImportBatch {
  id: number;
  registry: Registry;
  registryName: string;
  fileName: string;
  totalRows: number;
  loadedRows: number;
  failedRows: number;
  createdAt: string;
  createdByName: string | null;
}

export const verifyInvoice = (body: {
  code?: string;
  number: string;
  issueDate: string;
  amount?: string;
  checkCodeLast6?: string;
}) => api.post<InvoiceVerification>('/api/lookups/invoices/verify', body);
export const searchTaxpayers = (q: string) => api.get<TaxpayerInfo[]>('/api/lookups/taxpayers', { q });
export const listTaxOffices = (q?: string) => api.get<TaxOffice[]>('/api/lookups/tax-offices', { q });
export const fetchProgress = (taxpayerId: string) => api.get<Progress>('/api/lookups/progress', { taxpayerId });
export const fetchRegistryOverview = () =>
  api.get<{ counts: Record<Registry, number>; lastImportedAt: Partial<Record<Registry, string>> }>(
    '/api/lookups/registries',
  );
export const listImportBatches = () => api.get<ImportBatch[]>('/api/lookups/imports');
export const importRegistry = (registry: Registry, file: File) =>
  uploadFile<ImportOutcome & { batchId: number }>(`/api/lookups/imports/${registry}`, file);
