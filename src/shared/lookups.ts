/**
 * Lookups (信息查询): invoice verification, taxpayer public information, the tax-office directory,
 * progress, and the imports that fill them. The request and response schemas and the codes of the
 * registries, shared by the server and the web app.
 */
import { z } from 'zod';
import { date, id } from './schemas';

export const registries = ['invoices', 'taxpayers', 'progress'] as const;
export type Registry = (typeof registries)[number];

export const invoiceStatuses = ['normal', 'void', 'reversed', 'out_of_control', 'abnormal'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];
export const registrationStatuses = ['normal', 'abnormal', 'suspended', 'liquidating', 'deregistered'] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];
export const taxpayerTypes = ['general', 'small_scale', 'individual_business', 'natural_person', 'other'] as const;
export type TaxpayerType = (typeof taxpayerTypes)[number];
export const progressKinds = ['registration', 'filing', 'payment'] as const;
export type ProgressKind = (typeof progressKinds)[number];

/** An amount in yuan (thousands separators allowed) as integer fen; null when not an amount with ≤ 2 decimals. */
export function parseFen(text: string, options: { allowNegative: boolean }): number | null {
  const cleaned = text.replace(/[,，\s¥￥元]/g, '');
  if (!/^-?\d{1,13}(\.\d{1,2})?$/.test(cleaned)) return null;
  const isNegative = cleaned.startsWith('-');
  if (isNegative && !options.allowNegative) return null;
  // Exact without floating point: whole yuan and fen are read as integers from the text.
  const [yuan = '0', fen = ''] = cleaned.replace('-', '').split('.');
  const value = Number(yuan) * 100 + Number(fen.padEnd(2, '0'));
  return isNegative && value !== 0 ? -value : value;
}

export const invoiceVerifyBody = z.strictObject({
  code: z.string().trim().max(20).optional(),
  number: z.string().trim().min(1, '请填写发票号码').max(30),
  issueDate: date,
  amount: z
    .string()
    .trim()
    .max(20)
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const fen = parseFen(v, { allowNegative: true });
      if (fen === null) {
        ctx.addIssue({ code: 'custom', message: '须为金额，最多两位小数' });
        return z.NEVER;
      }
      return fen;
    }),
  checkCodeLast6: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '须为 6 位数字')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});
export type InvoiceVerifyInput = z.input<typeof invoiceVerifyBody>;

export const invoiceVerificationSchema = z.object({
  format: z.object({
    kind: z.enum(['paper', 'digital']),
    code: z.string(),
    number: z.string(),
    region: z.string(),
    year: z.number(),
    invoiceType: z.string(),
  }),
  source: z.object({ name: z.string(), isNationalPlatform: z.boolean(), notice: z.string() }),
  result: z.enum(['consistent', 'inconsistent', 'not_found']),
  mismatches: z.array(z.enum(['issueDate', 'amount', 'checkCodeLast6'])),
  invoice: z
    .object({
      code: z.string(),
      number: z.string(),
      type: z.string(),
      issueDate: z.string(),
      sellerTaxpayerId: z.string(),
      sellerName: z.string(),
      buyerTaxpayerId: z.string().nullable(),
      buyerName: z.string(),
      amountFen: z.number(),
      taxFen: z.number(),
      status: z.enum(invoiceStatuses),
    })
    .nullable(),
});
export type InvoiceVerification = z.infer<typeof invoiceVerificationSchema>;

export const taxpayerSearchQuery = z.strictObject({ q: z.string().trim().min(2, '请至少输入 2 个字').max(100) });

export const taxpayerInfoSchema = z.object({
  taxpayerId: z.string(),
  name: z.string(),
  status: z.enum(registrationStatuses),
  taxpayerType: z.enum(taxpayerTypes),
  creditRating: z.string().nullable(),
  creditYear: z.number().nullable(),
  legalRepresentative: z.string().nullable(),
  address: z.string().nullable(),
  orgUnitCode: z.string().nullable(),
  orgUnitName: z.string().nullable(),
  orgUnitAddress: z.string().nullable(),
  orgUnitPhone: z.string().nullable(),
  quotaMonthlySalesFen: z.number().nullable(),
  quotaMonthlyTaxFen: z.number().nullable(),
  quotaFrom: z.string().nullable(),
  quotaTo: z.string().nullable(),
  updatedAt: z.string(),
  quota: z
    .object({
      monthlySalesFen: z.number().nullable(),
      monthlyTaxFen: z.number().nullable(),
      from: z.string(),
      to: z.string().nullable(),
    })
    .nullable(),
});
export type TaxpayerInfo = z.infer<typeof taxpayerInfoSchema>;

export const taxOfficeQuery = z.strictObject({ q: z.string().trim().max(50).optional() });

export const taxOfficeSchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  level: z.string(),
  levelName: z.string(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  serviceHours: z.string().nullable(),
  parentName: z.string().nullable(),
  depth: z.number(),
});
export type TaxOffice = z.infer<typeof taxOfficeSchema>;

export const progressQuery = z.strictObject({ taxpayerId: z.string().trim().min(1).max(30) });

export const progressSchema = z.object({
  taxpayerId: z.string(),
  taxpayerName: z.string().nullable(),
  records: z.array(
    z.object({
      kind: z.enum(progressKinds),
      item: z.string(),
      period: z.string(),
      status: z.string(),
      occurredOn: z.string(),
      note: z.string().nullable(),
      updatedAt: z.string(),
    }),
  ),
});
export type Progress = z.infer<typeof progressSchema>;

export const registryOverviewSchema = z.object({
  counts: z.object({ invoices: z.number(), taxpayers: z.number(), progress: z.number() }),
  lastImportedAt: z.partialRecord(z.enum(registries), z.string()),
});
export type RegistryOverview = z.infer<typeof registryOverviewSchema>;

export const registryParams = z.strictObject({ registry: z.enum(registries) });
export const importBatchParams = z.strictObject({ id });

const rowError = z.object({ line: z.number(), error: z.string() });

/** What an import did: the counts, and each refused row with its line (the first ones only). */
export const importResultSchema = z.object({
  batchId: z.number(),
  registry: z.enum(registries),
  totalRows: z.number(),
  loaded: z.number(),
  failed: z.number(),
  errors: z.array(rowError),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const importBatchSchema = z.object({
  id: z.number(),
  registry: z.enum(registries),
  registryName: z.string(),
  fileName: z.string(),
  totalRows: z.number(),
  loadedRows: z.number(),
  failedRows: z.number(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
});
export type ImportBatch = z.infer<typeof importBatchSchema>;

export const importBatchDetailSchema = importBatchSchema
  .omit({ registryName: true })
  .extend({ errors: z.array(rowError) });
