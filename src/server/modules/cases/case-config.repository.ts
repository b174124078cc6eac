import type { CaseCategory, CaseOptionKind, TimeLimitKey } from '../../../shared/cases';
import type { DbOrTx, Tx } from '../../db/connection';

export interface CaseOptionRow {
  id: number;
  kind: CaseOptionKind;
  category: CaseCategory | null;
  parentId: number | null;
  level: number;
  code: string;
  name: string;
  sortOrder: number;
  isActive: boolean;
}

const optionColumns = [
  'id',
  'kind',
  'category',
  'parent_id as parentId',
  'level',
  'code',
  'name',
  'sort_order as sortOrder',
  'is_active as isActive',
] as const;

const toOption = (r: Omit<CaseOptionRow, 'isActive'> & { isActive: number }): CaseOptionRow => ({
  ...r,
  isActive: r.isActive === 1,
});

export async function findOptions(db: DbOrTx, kind: CaseOptionKind): Promise<CaseOptionRow[]> {
  const rows = await db
    .selectFrom('case_options')
    .select(optionColumns)
    .where('kind', '=', kind)
    .orderBy('level')
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  return rows.map(toOption);
}

export async function findOption(db: DbOrTx, id: number): Promise<CaseOptionRow | undefined> {
  const row = await db.selectFrom('case_options').select(optionColumns).where('id', '=', id).executeTakeFirst();
  return row && toOption(row);
}

export async function findOptionByCode(
  db: DbOrTx,
  kind: CaseOptionKind,
  code: string,
): Promise<CaseOptionRow | undefined> {
  const row = await db
    .selectFrom('case_options')
    .select(optionColumns)
    .where('kind', '=', kind)
    .where('code', '=', code)
    .executeTakeFirst();
  return row && toOption(row);
}

export async function insertOption(
  trx: Tx,
  row: {
    kind: CaseOptionKind;
    category: CaseCategory | null;
    parentId: number | null;
    level: number;
    code: string;
    name: string;
    sortOrder: number;
    now: Date;
  },
): Promise<number> {
  const inserted = await trx
    .insertInto('case_options')
    .values({
      kind: row.kind,
      category: row.category,
      parent_id: row.parentId,
      level: row.level,
      code: row.code,
      name: row.name,
      sort_order: row.sortOrder,
      is_active: 1,
      updated_at: row.now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateOption(
  trx: Tx,
  id: number,
  patch: { name?: string; sortOrder?: number; isActive?: boolean; now: Date },
): Promise<void> {
  await trx
    .updateTable('case_options')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.sortOrder !== undefined ? { sort_order: patch.sortOrder } : {}),
      ...(patch.isActive !== undefined ? { is_active: patch.isActive ? 1 : 0 } : {}),
      updated_at: patch.now.toISOString(),
    })
    .where('id', '=', id)
    .execute();
}

export async function findTimeLimitOverrides(db: DbOrTx) {
  return db
    .selectFrom('case_time_limits')
    .select(['process_key as processKey', 'step', 'working_days as workingDays', 'updated_at as updatedAt'])
    .execute();
}

export async function upsertTimeLimit(
  trx: Tx,
  row: { processKey: CaseCategory; step: TimeLimitKey; workingDays: number; by: number | null; now: Date },
): Promise<void> {
  const values = { working_days: row.workingDays, updated_by: row.by, updated_at: row.now.toISOString() };
  await trx
    .insertInto('case_time_limits')
    .values({ process_key: row.processKey, step: row.step, ...values })
    .onConflict((oc) => oc.columns(['process_key', 'step']).doUpdateSet(values))
    .execute();
}

export async function deleteTimeLimit(trx: Tx, processKey: CaseCategory, step: TimeLimitKey): Promise<void> {
  await trx.deleteFrom('case_time_limits').where('process_key', '=', processKey).where('step', '=', step).execute();
}
