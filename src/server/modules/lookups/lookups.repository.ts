import { type RawBuilder, sql } from 'kysely';
import type { Registry } from '../../../shared/lookups';
import type { DbOrTx, Tx } from '../../db/connection';
import type { InvoiceRow, ProgressRow, TaxpayerRow } from './import-rows';

export type { Registry };

export async function insertImportBatch(
  trx: Tx,
  row: { registry: Registry; fileName: string; createdBy: number | null; now: Date },
): Promise<number> {
  const inserted = await trx
    .insertInto('lookup_import_batches')
    .values({
      registry: row.registry,
      file_name: row.fileName,
      total_rows: 0,
      loaded_rows: 0,
      failed_rows: 0,
      errors: '[]',
      created_by: row.createdBy,
      created_at: row.now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function finishImportBatch(
  trx: Tx,
  id: number,
  counts: { total: number; loaded: number; failed: number; errors: unknown[] },
): Promise<void> {
  await trx
    .updateTable('lookup_import_batches')
    .set({
      total_rows: counts.total,
      loaded_rows: counts.loaded,
      failed_rows: counts.failed,
      errors: JSON.stringify(counts.errors),
    })
    .where('id', '=', id)
    .execute();
}

const batchColumns = [
  'b.id',
  'b.registry',
  'b.file_name as fileName',
  'b.total_rows as totalRows',
  'b.loaded_rows as loadedRows',
  'b.failed_rows as failedRows',
  'b.created_at as createdAt',
  'u.name as createdByName',
] as const;

export async function findImportBatches(db: DbOrTx, limit: number) {
  return db
    .selectFrom('lookup_import_batches as b')
    .leftJoin('users as u', 'u.id', 'b.created_by')
    .select(batchColumns)
    .orderBy('b.id', 'desc')
    .limit(limit)
    .execute();
}

export async function findImportBatch(db: DbOrTx, id: number) {
  return db
    .selectFrom('lookup_import_batches as b')
    .leftJoin('users as u', 'u.id', 'b.created_by')
    .select([...batchColumns, 'b.errors'])
    .where('b.id', '=', id)
    .executeTakeFirst();
}

export async function upsertInvoices(trx: Tx, rows: InvoiceRow[], batchId: number, now: Date): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('invoice_registry')
    .values(
      rows.map((r) => ({
        invoice_code: r.code,
        invoice_number: r.number,
        invoice_type: r.type,
        issue_date: r.issueDate,
        seller_taxpayer_id: r.sellerTaxpayerId,
        seller_name: r.sellerName,
        buyer_taxpayer_id: r.buyerTaxpayerId,
        buyer_name: r.buyerName,
        amount_fen: r.amountFen,
        tax_fen: r.taxFen,
        check_code: r.checkCode,
        status: r.status,
        batch_id: batchId,
        updated_at: now.toISOString(),
      })),
    )
    .onConflict((oc) =>
      oc.columns(['invoice_code', 'invoice_number']).doUpdateSet((eb) => ({
        invoice_type: eb.ref('excluded.invoice_type'),
        issue_date: eb.ref('excluded.issue_date'),
        seller_taxpayer_id: eb.ref('excluded.seller_taxpayer_id'),
        seller_name: eb.ref('excluded.seller_name'),
        buyer_taxpayer_id: eb.ref('excluded.buyer_taxpayer_id'),
        buyer_name: eb.ref('excluded.buyer_name'),
        amount_fen: eb.ref('excluded.amount_fen'),
        tax_fen: eb.ref('excluded.tax_fen'),
        check_code: eb.ref('excluded.check_code'),
        status: eb.ref('excluded.status'),
        batch_id: eb.ref('excluded.batch_id'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

export async function upsertTaxpayers(trx: Tx, rows: TaxpayerRow[], batchId: number, now: Date): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('taxpayer_registry')
    .values(
      rows.map((r) => ({
        taxpayer_id: r.taxpayerId,
        name: r.name,
        status: r.status,
        taxpayer_type: r.taxpayerType,
        credit_rating: r.creditRating,
        credit_year: r.creditYear,
        legal_representative: r.legalRepresentative,
        address: r.address,
        org_unit_code: r.orgUnitCode,
        quota_monthly_sales_fen: r.quotaMonthlySalesFen,
        quota_monthly_tax_fen: r.quotaMonthlyTaxFen,
        quota_from: r.quotaFrom,
        quota_to: r.quotaTo,
        batch_id: batchId,
        updated_at: now.toISOString(),
      })),
    )
    .onConflict((oc) =>
      oc.column('taxpayer_id').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        status: eb.ref('excluded.status'),
        taxpayer_type: eb.ref('excluded.taxpayer_type'),
        credit_rating: eb.ref('excluded.credit_rating'),
        credit_year: eb.ref('excluded.credit_year'),
        legal_representative: eb.ref('excluded.legal_representative'),
        address: eb.ref('excluded.address'),
        org_unit_code: eb.ref('excluded.org_unit_code'),
        quota_monthly_sales_fen: eb.ref('excluded.quota_monthly_sales_fen'),
        quota_monthly_tax_fen: eb.ref('excluded.quota_monthly_tax_fen'),
        quota_from: eb.ref('excluded.quota_from'),
        quota_to: eb.ref('excluded.quota_to'),
        batch_id: eb.ref('excluded.batch_id'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

export async function upsertProgress(trx: Tx, rows: ProgressRow[], batchId: number, now: Date): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('progress_records')
    .values(
      rows.map((r) => ({
        taxpayer_id: r.taxpayerId,
        kind: r.kind,
        item: r.item,
        period: r.period,
        status: r.status,
        occurred_on: r.occurredOn,
        note: r.note,
        batch_id: batchId,
        updated_at: now.toISOString(),
      })),
    )
    .onConflict((oc) =>
      oc.columns(['taxpayer_id', 'kind', 'item', 'period']).doUpdateSet((eb) => ({
        status: eb.ref('excluded.status'),
        occurred_on: eb.ref('excluded.occurred_on'),
        note: eb.ref('excluded.note'),
        batch_id: eb.ref('excluded.batch_id'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

export async function findInvoice(db: DbOrTx, code: string, number: string) {
  return db
    .selectFrom('invoice_registry')
    .selectAll()
    .where('invoice_code', '=', code)
    .where('invoice_number', '=', number)
    .executeTakeFirst();
}

/** `column LIKE %text%` with the wildcards in `text` taken literally, the same on SQLite and PostgreSQL. */
function contains(column: string, text: string): RawBuilder<boolean> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`;
}

export async function findTaxpayers(db: DbOrTx, query: { taxpayerId?: string; name?: string }, limit: number) {
  let q = db
    .selectFrom('taxpayer_registry as t')
    .leftJoin('org_units as o', 'o.code', 't.org_unit_code')
    .select([
      't.taxpayer_id as taxpayerId',
      't.name',
      't.status',
      't.taxpayer_type as taxpayerType',
      't.credit_rating as creditRating',
      't.credit_year as creditYear',
      't.legal_representative as legalRepresentative',
      't.address',
      't.org_unit_code as orgUnitCode',
      'o.name as orgUnitName',
      'o.address as orgUnitAddress',
      'o.phone as orgUnitPhone',
      't.quota_monthly_sales_fen as quotaMonthlySalesFen',
      't.quota_monthly_tax_fen as quotaMonthlyTaxFen',
      't.quota_from as quotaFrom',
      't.quota_to as quotaTo',
      't.updated_at as updatedAt',
    ]);
  if (query.taxpayerId) q = q.where('t.taxpayer_id', '=', query.taxpayerId);
  if (query.name) q = q.where(contains('t.name', query.name));
  return q.orderBy('t.name').limit(limit).execute();
}

export async function findProgress(db: DbOrTx, taxpayerId: string) {
  return db
    .selectFrom('progress_records')
    .select(['kind', 'item', 'period', 'status', 'occurred_on as occurredOn', 'note', 'updated_at as updatedAt'])
    .where('taxpayer_id', '=', taxpayerId)
    .orderBy('occurred_on', 'desc')
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
}

export async function findTaxpayerName(db: DbOrTx, taxpayerId: string): Promise<string | null> {
  const row = await db
    .selectFrom('taxpayer_registry')
    .select('name')
    .where('taxpayer_id', '=', taxpayerId)
    .executeTakeFirst();
  return row?.name ?? null;
}

/** The tax-office directory: every org unit with its contact details and its parent's name. */
export async function findTaxOffices(db: DbOrTx, text: string | undefined) {
  let q = db
    .selectFrom('org_units as o')
    .leftJoin('org_units as p', 'p.id', 'o.parent_id')
    .select([
      'o.id',
      'o.code',
      'o.name',
      'o.level',
      'o.address',
      'o.phone',
      'o.service_hours as serviceHours',
      'p.name as parentName',
      'o.path',
    ]);
  if (text) {
    q = q.where((eb) => eb.or([contains('o.name', text), contains('o.address', text)]));
  }
  return q.orderBy('o.path').limit(500).execute();
}

export async function findOrgUnitCodes(db: DbOrTx): Promise<Set<string>> {
  const rows = await db.selectFrom('org_units').select('code').execute();
  return new Set(rows.map((r) => r.code));
}

export async function countRegistries(db: DbOrTx) {
  const count = async (table: 'invoice_registry' | 'taxpayer_registry' | 'progress_records') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    );
  const lastImports = await db
    .selectFrom('lookup_import_batches')
    .select(['registry', (eb) => eb.fn.max('created_at').as('at')])
    .groupBy('registry')
    .execute();
  return {
    counts: {
      invoices: await count('invoice_registry'),
      taxpayers: await count('taxpayer_registry'),
      progress: await count('progress_records'),
    },
    lastImportedAt: Object.fromEntries(lastImports.map((r) => [r.registry, r.at])) as Partial<Record<Registry, string>>,
  };
}
