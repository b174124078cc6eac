import { orgUnitLevelNames } from '../../../shared/permissions';
import { checkTaxpayerId } from '../../../shared/taxpayer-id';
import type { Db } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import { invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/request-context';
import {
  type ColumnSpec,
  emptyTable,
  MAX_REPORTED_ERRORS,
  mapHeader,
  pick,
  type ReceivedUpload,
  type RowError,
  readTabularRows,
} from '../../platform/uploads';
import {
  type InvoiceRow,
  invoiceColumns,
  type ProgressRow,
  parseInvoiceRow,
  parseProgressRow,
  parseTaxpayerRow,
  progressColumns,
  type RowResult,
  type TaxpayerRow,
  taxpayerColumns,
} from './import-rows';
import { checkInvoiceFormat } from './invoice-format';
import type { InvoiceQuery, InvoiceRegistry } from './invoice-registry';
import * as repo from './lookups.repository';

export type { Registry } from './lookups.repository';

const registryNames: Record<repo.Registry, string> = {
  invoices: '发票登记库',
  taxpayers: '纳税人公开信息库',
  progress: '办理进度库',
};

/** The columns of each registry's import file, for the template and the page's help text. */
export const registryColumns: Record<repo.Registry, readonly ColumnSpec<string>[]> = {
  invoices: invoiceColumns,
  taxpayers: taxpayerColumns,
  progress: progressColumns,
};

/** Rows written by one transaction, and the longest one may take before it commits what it has. */
const BATCH_ROWS = 500;
const BATCH_MILLISECONDS = 50;

export interface ImportResult {
  batchId: number;
  registry: repo.Registry;
  totalRows: number;
  loaded: number;
  failed: number;
  errors: RowError[];
}

/** Lets requests waiting for the database or the event loop run between two batches of an import. */
const yieldToOtherRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Imports a registry file: every row is checked, bad rows are reported by line and left out, good rows
 * are inserted or update the record with the same key (a later line wins over an earlier one). Rows
 * are written in batches of at most 500 rows or 50 ms, each its own short transaction that also moves
 * the import record's counts, and the import yields between batches: on SQLite one long transaction
 * held every other request for the length of the file (45 s for a 3,000,000-row .xlsx). The import
 * record is written once the header is read; its final counts and the audit row commit together, and
 * an import that fails part-way keeps the rows it committed, its record saying how far it came.
 */
export async function importRegistry(
  ctx: RequestContext,
  registry: repo.Registry,
  upload: Pick<ReceivedUpload, 'path' | 'type' | 'fileName'>,
  today: string,
): Promise<ImportResult> {
  const { db, actor, now } = ctx;
  const orgUnitCodes = registry === 'taxpayers' ? await repo.findOrgUnitCodes(db) : new Set<string>();
  const parse = (values: Record<string, string>): RowResult<InvoiceRow | TaxpayerRow | ProgressRow> =>
    registry === 'invoices'
      ? parseInvoiceRow(values, today)
      : registry === 'taxpayers'
        ? parseTaxpayerRow(values, orgUnitCodes)
        : parseProgressRow(values, today);
  const write = (trx: Parameters<typeof repo.upsertInvoices>[0], rows: unknown[], batchId: number) =>
    registry === 'invoices'
      ? repo.upsertInvoices(trx, rows as InvoiceRow[], batchId, now)
      : registry === 'taxpayers'
        ? repo.upsertTaxpayers(trx, rows as TaxpayerRow[], batchId, now)
        : repo.upsertProgress(trx, rows as ProgressRow[], batchId, now);

  const errors: RowError[] = [];
  const counts = () => ({ total, loaded, failed, errors });
  let total = 0;
  let loaded = 0;
  let failed = 0;
  let batchId: number | null = null;
  let mapping: Map<string, number> | null = null;
  // Rows of one statement keyed by their registry key: the same key twice in a statement is refused by PostgreSQL.
  let pending = new Map<string, unknown>();
  let batchStarted = performance.now();
  const flush = async (id: number) => {
    const rows = [...pending.values()];
    pending = new Map();
    await db.transaction().execute(async (trx) => {
      await write(trx, rows, id);
      await repo.finishImportBatch(trx, id, counts());
    });
    await yieldToOtherRequests();
    batchStarted = performance.now();
  };
  try {
    for await (const row of readTabularRows(upload)) {
      if (!mapping) {
        mapping = mapHeader(row.values, registryColumns[registry]);
        batchId = await db
          .transaction()
          .execute((trx) =>
            repo.insertImportBatch(trx, { registry, fileName: upload.fileName, createdBy: actor.userId, now }),
          );
        continue;
      }
      total += 1;
      const result = parse(pick(row.values, mapping));
      if (!result.ok) {
        failed += 1;
        if (errors.length < MAX_REPORTED_ERRORS) errors.push({ line: row.line, error: result.error });
        continue;
      }
      loaded += 1;
      pending.delete(result.key);
      pending.set(result.key, result.value);
      if (batchId !== null && (pending.size >= BATCH_ROWS || performance.now() - batchStarted > BATCH_MILLISECONDS))
        await flush(batchId);
    }
  } catch (error) {
    if (batchId !== null) await recordFailedImport(ctx, { batchId, registry, upload, counts: counts() });
    throw error;
  }
  if (!mapping || batchId === null) throw emptyTable();
  const id = batchId;
  const rows = [...pending.values()];
  await db.transaction().execute(async (trx) => {
    await write(trx, rows, id);
    await repo.finishImportBatch(trx, id, counts());
    await writeAudit(trx, actor, now, {
      action: 'lookups.import',
      entityType: 'lookup_import_batch',
      entityId: id,
      after: { registry, fileName: upload.fileName, total, loaded, failed },
    });
  });
  return { batchId: id, registry, totalRows: total, loaded, failed, errors };
}

/** The record and audit row of an import that stopped part-way (a broken line, a file over a limit). */
async function recordFailedImport(
  { db, actor, now }: RequestContext,
  input: {
    batchId: number;
    registry: repo.Registry;
    upload: { fileName: string };
    counts: { total: number; loaded: number; failed: number; errors: RowError[] };
  },
) {
  const { batchId, counts } = input;
  await db.transaction().execute(async (trx) => {
    await repo.finishImportBatch(trx, batchId, counts);
    await writeAudit(trx, actor, now, {
      action: 'lookups.import_failed',
      entityType: 'lookup_import_batch',
      entityId: batchId,
      after: { registry: input.registry, fileName: input.upload.fileName, ...counts, errors: undefined },
    });
  });
}

export async function listImportBatches(db: Db) {
  return (await repo.findImportBatches(db, 50)).map((b) => ({
    ...b,
    registryName: registryNames[b.registry] ?? b.registry,
  }));
}

export async function getImportBatch(db: Db, id: number) {
  const batch = await repo.findImportBatch(db, id);
  if (!batch) throw notFound('IMPORT_NOT_FOUND', '导入记录不存在');
  return { ...batch, errors: JSON.parse(batch.errors) as RowError[] };
}

/** Checks the invoice's format, then asks the registry; a malformed code or number is a 400 on its field. */
export async function verifyInvoice(
  registry: InvoiceRegistry,
  input: Omit<InvoiceQuery, 'code'> & { code?: string | undefined },
  today: string,
) {
  const format = checkInvoiceFormat(input.code ?? '', input.number, Number(today.slice(0, 4)));
  if (!format.ok) throw invalidField(format.field, format.code, format.message);
  if (input.amountFen === undefined && input.checkCodeLast6 === undefined) {
    throw invalidField(
      'amount',
      'VERIFICATION_ELEMENT_REQUIRED',
      format.kind === 'digital' ? '请填写价税合计金额' : '请填写开具金额（不含税）或校验码后 6 位',
    );
  }
  const answer = await registry.verify({ ...input, code: format.code, number: format.number });
  const { ok: _ok, ...decoded } = format;
  return {
    format: decoded,
    source: { name: registry.name, isNationalPlatform: registry.isNationalPlatform, notice: registry.notice },
    ...answer,
  };
}

/** Public information of taxpayers by exact taxpayer id, or by part of the name. */
export async function searchTaxpayers(db: Db, q: string) {
  const text = q.trim();
  const id = checkTaxpayerId(text);
  const rows = id.ok
    ? await repo.findTaxpayers(db, { taxpayerId: id.value }, 20)
    : await repo.findTaxpayers(db, { name: text }, 20);
  return rows.map((r) => ({
    ...r,
    quota:
      r.quotaFrom === null
        ? null
        : {
            monthlySalesFen: r.quotaMonthlySalesFen === null ? null : Number(r.quotaMonthlySalesFen),
            monthlyTaxFen: r.quotaMonthlyTaxFen === null ? null : Number(r.quotaMonthlyTaxFen),
            from: r.quotaFrom,
            to: r.quotaTo,
          },
  }));
}

/** The directory of tax offices from the org tree. */
export async function listTaxOffices(db: Db, q: string | undefined) {
  return (await repo.findTaxOffices(db, q?.trim() || undefined)).map(({ path, ...o }) => ({
    ...o,
    depth: path.split('/').filter(Boolean).length - 1,
    levelName: orgUnitLevelNames[o.level] ?? o.level,
  }));
}

/** The progress of a taxpayer's registration, filing and payment, newest first. */
export async function progressOf(db: Db, taxpayerId: string) {
  const id = checkTaxpayerId(taxpayerId);
  if (!id.ok) throw invalidField('taxpayerId', id.code, id.message);
  return {
    taxpayerId: id.value,
    taxpayerName: await repo.findTaxpayerName(db, id.value),
    records: await repo.findProgress(db, id.value),
  };
}

export async function registryOverview(db: Db) {
  return repo.countRegistries(db);
}

/** A CSV with the header row of a registry, for people to fill in. */
export function templateCsv(registry: repo.Registry): string {
  return `\uFEFF${registryColumns[registry].map((c) => c.headers[0]).join(',')}\r\n`;
}

export { registryNames };
