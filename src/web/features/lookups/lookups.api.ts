import type {
  ImportBatch,
  ImportResult,
  InvoiceVerification,
  InvoiceVerifyInput,
  Progress,
  Registry,
  RegistryOverview,
  TaxOffice,
  TaxpayerInfo,
} from '../../../shared/lookups';
import { api } from '../../api';
import { uploadFile } from '../../components/upload';

export type { ImportBatch, InvoiceVerification, Progress, Registry, TaxOffice, TaxpayerInfo };

export const verifyInvoice = (body: InvoiceVerifyInput) =>
  api.post<InvoiceVerification>('/api/lookups/invoices/verify', body);
export const searchTaxpayers = (q: string) => api.get<TaxpayerInfo[]>('/api/lookups/taxpayers', { q });
export const listTaxOffices = (q?: string) => api.get<TaxOffice[]>('/api/lookups/tax-offices', { q });
export const fetchProgress = (taxpayerId: string) => api.get<Progress>('/api/lookups/progress', { taxpayerId });
export const fetchRegistryOverview = () => api.get<RegistryOverview>('/api/lookups/registries');
export const listImportBatches = () => api.get<ImportBatch[]>('/api/lookups/imports');
export const importRegistry = (registry: Registry, file: File) =>
  uploadFile<ImportResult>(`/api/lookups/imports/${registry}`, file);
