/**
 * Invoice verification behind an adapter. The national platform (全国增值税发票查验平台) cannot be reached
 * from here, so the adapter taxline ships answers from a local registry that administrators import;
 * a connector to the national platform would implement the same interface.
 */
import type { InvoiceVerification as InvoiceVerificationResult } from '../../../shared/lookups';
import type { Db } from '../../db/connection';
import * as repo from './lookups.repository';

export interface InvoiceQuery {
  code: string;
  number: string;
  issueDate: string;
  /** 金额 (excluding tax) for invoices with a code, 价税合计 for 数电票 — in fen. */
  amountFen?: number | undefined;
  /** The last 6 digits of the check code (校验码后6位) of an ordinary invoice. */
  checkCodeLast6?: string | undefined;
}

export type InvoiceMismatch = InvoiceVerificationResult['mismatches'][number];

/** What the registry answers: the result and, when every element matches, the invoice. */
export type InvoiceVerification = Omit<InvoiceVerificationResult, 'format' | 'source'>;

export interface InvoiceRegistry {
  /** What the agent is told the answer comes from. */
  name: string;
  isNationalPlatform: boolean;
  notice: string;
  verify(query: InvoiceQuery): Promise<InvoiceVerification>;
}

/** The registry imported into taxline's own database. */
export function localInvoiceRegistry(db: Db): InvoiceRegistry {
  return {
    name: '本地发票登记库',
    isNationalPlatform: false,
    notice:
      '查验结果来自本中心导入的发票登记库，并非全国增值税发票查验平台的实时数据；如需权威结果，请引导纳税人登录全国增值税发票查验平台（https://inv-veri.chinatax.gov.cn）查验。',
    async verify(query) {
      const row = await repo.findInvoice(db, query.code, query.number);
      if (!row) return { result: 'not_found', mismatches: [], invoice: null };
      const mismatches: InvoiceMismatch[] = [];
      if (row.issue_date !== query.issueDate) mismatches.push('issueDate');
      if (query.amountFen !== undefined) {
        const expected = query.code === '' ? Number(row.amount_fen) + Number(row.tax_fen) : Number(row.amount_fen);
        if (expected !== query.amountFen) mismatches.push('amount');
      }
      if (query.checkCodeLast6 !== undefined && row.check_code?.slice(-6) !== query.checkCodeLast6) {
        mismatches.push('checkCodeLast6');
      }
      return {
        result: mismatches.length === 0 ? 'consistent' : 'inconsistent',
        mismatches,
        // Details are shown only when every element matches, as the national platform does.
        invoice:
          mismatches.length > 0
            ? null
            : {
                code: row.invoice_code,
                number: row.invoice_number,
                type: row.invoice_type,
                issueDate: row.issue_date,
                sellerTaxpayerId: row.seller_taxpayer_id,
                sellerName: row.seller_name,
                buyerTaxpayerId: row.buyer_taxpayer_id,
                buyerName: row.buyer_name,
                amountFen: Number(row.amount_fen),
                taxFen: Number(row.tax_fen),
                status: row.status,
              },
      };
    },
  };
}
