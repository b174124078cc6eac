/**
 * The columns of each importable registry and the checks each row must pass. Pure: a row is either
 * a value to store or a Chinese sentence saying what is wrong with it.
 */
import {
  type InvoiceStatus,
  type ProgressKind,
  parseFen,
  type RegistrationStatus,
  type TaxpayerType,
} from '../../../shared/lookups';
import { checkTaxpayerId } from '../../../shared/taxpayer-id';
import { isValidDate } from '../../platform/dates';
import type { ColumnSpec } from '../../platform/uploads';
import { checkInvoiceFormat } from './invoice-format';

export type RowResult<T> = { ok: true; value: T; key: string } | { ok: false; error: string };

const ok = <T>(value: T, key: string): RowResult<T> => ({ ok: true, value, key });
const bad = <T>(error: string): RowResult<T> => ({ ok: false, error });

/** A date written 2026-11-27, 2026/11/27, 2026.11.27 or 20261127, as YYYY-MM-DD; null when not a date. */
export function normaliseDate(text: string): string | null {
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(text.trim());
  if (!m) return null;
  const date = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isValidDate(date) ? date : null;
}

/** A month written 2026-11, 2026/11 or 202611, as YYYY-MM; null when not one. */
export function normaliseMonth(text: string): string | null {
  const m = /^(\d{4})[-/.年]?(\d{1,2})月?$/.exec(text.trim());
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return null;
  return `${m[1]}-${m[2]!.padStart(2, '0')}`;
}

export { parseFen };

const statusNames = <K extends string>(map: Record<K, readonly string[]>) => map;

/** A coded value from its Chinese name or its code; null when it is neither. */
function codeOf<K extends string>(map: Record<K, readonly string[]>, text: string): K | null {
  const t = text.trim();
  for (const [code, names] of Object.entries(map) as Array<[K, readonly string[]]>) {
    if (code === t || names.includes(t)) return code;
  }
  return null;
}

// ---- invoices ----

export const invoiceStatuses = statusNames<InvoiceStatus>({
  normal: ['正常'],
  void: ['作废', '已作废'],
  reversed: ['红冲', '已红冲', '全额红冲'],
  out_of_control: ['失控'],
  abnormal: ['异常', '异常凭证'],
});
export type { InvoiceStatus };

export const invoiceColumns = [
  { field: 'code', headers: ['发票代码', 'invoiceCode'], required: false },
  { field: 'number', headers: ['发票号码', 'invoiceNumber'], required: true },
  { field: 'type', headers: ['发票种类', '发票类型', 'invoiceType'], required: false },
  { field: 'issueDate', headers: ['开票日期', 'issueDate'], required: true },
  { field: 'sellerTaxpayerId', headers: ['销售方纳税人识别号', '销方税号', 'sellerTaxpayerId'], required: true },
  { field: 'sellerName', headers: ['销售方名称', '销方名称', 'sellerName'], required: true },
  { field: 'buyerTaxpayerId', headers: ['购买方纳税人识别号', '购方税号', 'buyerTaxpayerId'], required: false },
  { field: 'buyerName', headers: ['购买方名称', '购方名称', 'buyerName'], required: true },
  { field: 'amount', headers: ['金额', '不含税金额', 'amount'], required: true },
  { field: 'tax', headers: ['税额', 'tax'], required: true },
  { field: 'checkCode', headers: ['校验码', 'checkCode'], required: false },
  { field: 'status', headers: ['发票状态', '状态', 'status'], required: false },
] as const satisfies readonly ColumnSpec<string>[];

export interface InvoiceRow {
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
  checkCode: string | null;
  status: InvoiceStatus;
}

type Fields<C extends readonly ColumnSpec<string>[]> = Record<C[number]['field'], string>;

export function parseInvoiceRow(r: Partial<Fields<typeof invoiceColumns>>, today: string): RowResult<InvoiceRow> {
  const format = checkInvoiceFormat(r.code ?? '', r.number ?? '', Number(today.slice(0, 4)));
  if (!format.ok) return bad(format.message);
  const issueDate = normaliseDate(r.issueDate ?? '');
  if (!issueDate) return bad('开票日期不是有效日期');
  if (issueDate > today) return bad('开票日期晚于今天');
  const seller = checkTaxpayerId(r.sellerTaxpayerId ?? '');
  if (!seller.ok) return bad(`销售方${seller.message}`);
  let buyerTaxpayerId: string | null = null;
  if (r.buyerTaxpayerId) {
    const buyer = checkTaxpayerId(r.buyerTaxpayerId);
    if (!buyer.ok) return bad(`购买方${buyer.message}`);
    buyerTaxpayerId = buyer.value;
  }
  if (!r.sellerName || r.sellerName.length > 100) return bad('销售方名称为空或超过 100 个字');
  if (!r.buyerName || r.buyerName.length > 100) return bad('购买方名称为空或超过 100 个字');
  const amountFen = parseFen(r.amount ?? '', { allowNegative: true });
  if (amountFen === null) return bad('金额不是有效金额（最多两位小数）');
  const taxFen = parseFen(r.tax ?? '', { allowNegative: true });
  if (taxFen === null) return bad('税额不是有效金额（最多两位小数）');
  const checkCode = (r.checkCode ?? '').replace(/\s+/g, '');
  if (checkCode && !/^\d{20}$/.test(checkCode)) return bad('校验码应为 20 位数字');
  const status = r.status ? codeOf(invoiceStatuses, r.status) : 'normal';
  if (!status) return bad('发票状态应为 正常、作废、红冲、失控 或 异常');
  if ((r.type ?? '').length > 40) return bad('发票种类超过 40 个字');
  return ok(
    {
      code: format.code,
      number: format.number,
      type: r.type || format.invoiceType,
      issueDate,
      sellerTaxpayerId: seller.value,
      sellerName: r.sellerName,
      buyerTaxpayerId,
      buyerName: r.buyerName,
      amountFen,
      taxFen,
      checkCode: checkCode || null,
      status,
    },
    `${format.code}/${format.number}`,
  );
}

// ---- taxpayers ----

export const registrationStatuses = statusNames<RegistrationStatus>({
  normal: ['正常'],
  abnormal: ['非正常', '非正常户'],
  suspended: ['停业'],
  liquidating: ['清算'],
  deregistered: ['注销', '已注销'],
});
export const taxpayerTypes = statusNames<TaxpayerType>({
  general: ['一般纳税人', '增值税一般纳税人'],
  small_scale: ['小规模纳税人', '增值税小规模纳税人'],
  individual_business: ['个体工商户'],
  natural_person: ['自然人'],
  other: ['其他'],
});
export const creditRatings = ['A', 'B', 'M', 'C', 'D'] as const;

export const taxpayerColumns = [
  { field: 'taxpayerId', headers: ['纳税人识别号', '统一社会信用代码', 'taxpayerId'], required: true },
  { field: 'name', headers: ['纳税人名称', '名称', 'name'], required: true },
  { field: 'status', headers: ['登记状态', '状态', 'status'], required: true },
  { field: 'taxpayerType', headers: ['纳税人类型', 'taxpayerType'], required: true },
  { field: 'creditRating', headers: ['纳税信用级别', '信用级别', 'creditRating'], required: false },
  { field: 'creditYear', headers: ['评价年度', 'creditYear'], required: false },
  { field: 'legalRepresentative', headers: ['法定代表人', '负责人', 'legalRepresentative'], required: false },
  { field: 'address', headers: ['生产经营地址', '地址', 'address'], required: false },
  { field: 'orgUnitCode', headers: ['主管税务机关代码', 'orgUnitCode'], required: false },
  { field: 'quotaSales', headers: ['定额月销售额', 'quotaMonthlySales'], required: false },
  { field: 'quotaTax', headers: ['定额月应纳税额', 'quotaMonthlyTax'], required: false },
  { field: 'quotaFrom', headers: ['定额起始月份', 'quotaFrom'], required: false },
  { field: 'quotaTo', headers: ['定额终止月份', 'quotaTo'], required: false },
] as const satisfies readonly ColumnSpec<string>[];

export interface TaxpayerRow {
  taxpayerId: string;
  name: string;
  status: keyof typeof registrationStatuses;
  taxpayerType: keyof typeof taxpayerTypes;
  creditRating: string | null;
  creditYear: number | null;
  legalRepresentative: string | null;
  address: string | null;
  orgUnitCode: string | null;
  quotaMonthlySalesFen: number | null;
  quotaMonthlyTaxFen: number | null;
  quotaFrom: string | null;
  quotaTo: string | null;
}

export function parseTaxpayerRow(
  r: Partial<Fields<typeof taxpayerColumns>>,
  knownOrgUnitCodes: ReadonlySet<string>,
): RowResult<TaxpayerRow> {
  const id = checkTaxpayerId(r.taxpayerId ?? '');
  if (!id.ok) return bad(id.message);
  if (!r.name || r.name.length > 100) return bad('纳税人名称为空或超过 100 个字');
  const status = codeOf(registrationStatuses, r.status ?? '');
  if (!status) return bad('登记状态应为 正常、非正常、停业、清算 或 注销');
  const taxpayerType = codeOf(taxpayerTypes, r.taxpayerType ?? '');
  if (!taxpayerType) return bad('纳税人类型应为 一般纳税人、小规模纳税人、个体工商户、自然人 或 其他');
  const rating = (r.creditRating ?? '').toUpperCase();
  if (rating && !(creditRatings as readonly string[]).includes(rating)) return bad('纳税信用级别应为 A、B、M、C 或 D');
  const creditYear = r.creditYear ? Number(r.creditYear) : null;
  if (creditYear !== null && (!Number.isInteger(creditYear) || creditYear < 2014 || creditYear > 2100)) {
    return bad('评价年度应为 2014 年以后的年份');
  }
  if ((r.legalRepresentative ?? '').length > 50) return bad('法定代表人超过 50 个字');
  if ((r.address ?? '').length > 200) return bad('生产经营地址超过 200 个字');
  const orgUnitCode = r.orgUnitCode || null;
  if (orgUnitCode && !knownOrgUnitCodes.has(orgUnitCode)) return bad(`主管税务机关代码 ${orgUnitCode} 不存在`);
  const quotaSales = r.quotaSales ? parseFen(r.quotaSales, { allowNegative: false }) : null;
  if (r.quotaSales && quotaSales === null) return bad('定额月销售额不是有效金额');
  const quotaTax = r.quotaTax ? parseFen(r.quotaTax, { allowNegative: false }) : null;
  if (r.quotaTax && quotaTax === null) return bad('定额月应纳税额不是有效金额');
  const quotaFrom = r.quotaFrom ? normaliseMonth(r.quotaFrom) : null;
  const quotaTo = r.quotaTo ? normaliseMonth(r.quotaTo) : null;
  if ((r.quotaFrom && !quotaFrom) || (r.quotaTo && !quotaTo)) return bad('定额起止月份应写作 YYYY-MM');
  if (quotaFrom && quotaTo && quotaFrom > quotaTo) return bad('定额起始月份晚于终止月份');
  if ((quotaSales !== null || quotaTax !== null) && !quotaFrom) return bad('填写了定额的，须填写定额起始月份');
  return ok(
    {
      taxpayerId: id.value,
      name: r.name,
      status,
      taxpayerType,
      creditRating: rating || null,
      creditYear,
      legalRepresentative: r.legalRepresentative || null,
      address: r.address || null,
      orgUnitCode,
      quotaMonthlySalesFen: quotaSales,
      quotaMonthlyTaxFen: quotaTax,
      quotaFrom,
      quotaTo,
    },
    id.value,
  );
}

// ---- progress of registration, filing and payment ----

export const progressKinds = statusNames<ProgressKind>({
  registration: ['登记', '税务登记', '办理登记'],
  filing: ['申报', '纳税申报'],
  payment: ['缴款', '缴税', '税款缴纳', '缴纳'],
});
export type { ProgressKind };

export const progressColumns = [
  { field: 'taxpayerId', headers: ['纳税人识别号', 'taxpayerId'], required: true },
  { field: 'kind', headers: ['业务类别', '类别', 'kind'], required: true },
  { field: 'item', headers: ['事项', '事项名称', 'item'], required: true },
  { field: 'period', headers: ['所属期', 'period'], required: true },
  { field: 'status', headers: ['办理状态', '状态', 'status'], required: true },
  { field: 'occurredOn', headers: ['办理日期', '日期', 'occurredOn'], required: true },
  { field: 'note', headers: ['备注', 'note'], required: false },
] as const satisfies readonly ColumnSpec<string>[];

export interface ProgressRow {
  taxpayerId: string;
  kind: ProgressKind;
  item: string;
  period: string;
  status: string;
  occurredOn: string;
  note: string | null;
}

export function parseProgressRow(r: Partial<Fields<typeof progressColumns>>, today: string): RowResult<ProgressRow> {
  const id = checkTaxpayerId(r.taxpayerId ?? '');
  if (!id.ok) return bad(id.message);
  const kind = codeOf(progressKinds, r.kind ?? '');
  if (!kind) return bad('业务类别应为 登记、申报 或 缴款');
  if (!r.item || r.item.length > 60) return bad('事项为空或超过 60 个字');
  if (!r.period || r.period.length > 20) return bad('所属期为空或超过 20 个字');
  if (!r.status || r.status.length > 20) return bad('办理状态为空或超过 20 个字');
  const occurredOn = normaliseDate(r.occurredOn ?? '');
  if (!occurredOn) return bad('办理日期不是有效日期');
  if (occurredOn > today) return bad('办理日期晚于今天');
  if ((r.note ?? '').length > 200) return bad('备注超过 200 个字');
  return ok(
    { taxpayerId: id.value, kind, item: r.item, period: r.period, status: r.status, occurredOn, note: r.note || null },
    `${id.value}/${kind}/${r.item}/${r.period}`,
  );
}
