import type { Generated } from 'kysely';
import type { InvoiceStatus, ProgressKind, RegistrationStatus, Registry, TaxpayerType } from '../../../shared/lookups';

/** Tables of the lookups (migration 2026-11-27-0300-tools). Money is integer fen. */
export interface LookupTables {
  lookup_import_batches: {
    id: Generated<number>;
    registry: Registry;
    file_name: string;
    total_rows: number;
    loaded_rows: number;
    failed_rows: number;
    /** JSON: the first bad rows, `[{line, error}]`. */
    errors: string;
    created_by: number | null;
    created_at: string;
  };
  invoice_registry: {
    id: Generated<number>;
    /** '' for a digital invoice (数电票), which has a 20-digit number and no code. */
    invoice_code: string;
    invoice_number: string;
    invoice_type: string;
    issue_date: string;
    seller_taxpayer_id: string;
    seller_name: string;
    buyer_taxpayer_id: string | null;
    buyer_name: string;
    amount_fen: number;
    tax_fen: number;
    check_code: string | null;
    status: InvoiceStatus;
    batch_id: number | null;
    updated_at: string;
  };
  taxpayer_registry: {
    id: Generated<number>;
    taxpayer_id: string;
    name: string;
    status: RegistrationStatus;
    taxpayer_type: TaxpayerType;
    credit_rating: string | null;
    credit_year: number | null;
    legal_representative: string | null;
    address: string | null;
    org_unit_code: string | null;
    quota_monthly_sales_fen: number | null;
    quota_monthly_tax_fen: number | null;
    quota_from: string | null;
    quota_to: string | null;
    batch_id: number | null;
    updated_at: string;
  };
  progress_records: {
    id: Generated<number>;
    taxpayer_id: string;
    kind: ProgressKind;
    item: string;
    period: string;
    status: string;
    occurred_on: string;
    note: string | null;
    batch_id: number | null;
    updated_at: string;
  };
}
