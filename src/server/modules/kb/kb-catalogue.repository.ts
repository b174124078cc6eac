import type { DbOrTx, Tx } from '../../db/connection';

/** Every SQL statement on the catalogue: libraries (库种) and the category tree (目录树). */

// ---- libraries ----

export interface LibraryRow {
  id: number;
  code: string;
  name: string;
  description: string | null;
  rankWeight: number;
  sortOrder: number;
  isActive: boolean;
}

export async function findLibraries(db: DbOrTx): Promise<LibraryRow[]> {
  const rows = await db.selectFrom('kb_libraries').selectAll().orderBy('sort_order').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    description: r.description,
    rankWeight: r.rank_weight,
    sortOrder: r.sort_order,
    isActive: r.is_active === 1,
  }));
}

export async function insertLibrary(
  trx: Tx,
  row: { code: string; name: string; description: string | null; rankWeight: number; sortOrder: number; now: Date },
): Promise<number> {
  const inserted = await trx
    .insertInto('kb_libraries')
    .values({
      code: row.code,
      name: row.name,
      description: row.description,
      rank_weight: row.rankWeight,
      sort_order: row.sortOrder,
      is_active: 1,
      created_at: row.now.toISOString(),
      updated_at: row.now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateLibrary(
  trx: Tx,
  id: number,
  patch: Partial<{
    name: string;
    description: string | null;
    rankWeight: number;
    sortOrder: number;
    isActive: boolean;
  }>,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('kb_libraries')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.rankWeight !== undefined ? { rank_weight: patch.rankWeight } : {}),
      ...(patch.sortOrder !== undefined ? { sort_order: patch.sortOrder } : {}),
      ...(patch.isActive !== undefined ? { is_active: patch.isActive ? 1 : 0 } : {}),
      updated_at: now.toISOString(),
    })
    .where('id', '=', id)
    .execute();
}

// ---- categories ----

export interface CategoryRow {
  id: number;
  parentId: number | null;
  name: string;
  path: string;
  sortOrder: number;
}

const categoryColumns = ['id', 'parent_id as parentId', 'name', 'path', 'sort_order as sortOrder'] as const;

export async function findCategories(db: DbOrTx): Promise<CategoryRow[]> {
  return db.selectFrom('kb_categories').select(categoryColumns).orderBy('sort_order').orderBy('id').execute();
}

export async function findCategory(db: DbOrTx, id: number): Promise<CategoryRow | undefined> {
  return db.selectFrom('kb_categories').select(categoryColumns).where('id', '=', id).executeTakeFirst();
}

export async function insertCategory(
  trx: DbOrTx,
  row: { parentId: number | null; parentPath: string; name: string; sortOrder: number; now: Date },
): Promise<number> {
  const inserted = await trx
    .insertInto('kb_categories')
    .values({
      parent_id: row.parentId,
      name: row.name,
      path: '',
      sort_order: row.sortOrder,
      created_at: row.now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('kb_categories')
    .set({ path: `${row.parentPath}${inserted.id}/` })
    .where('id', '=', inserted.id)
    .execute();
  return inserted.id;
}

export async function updateCategory(trx: Tx, id: number, patch: { name?: string; sortOrder?: number }) {
  await trx
    .updateTable('kb_categories')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.sortOrder !== undefined ? { sort_order: patch.sortOrder } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteCategory(trx: Tx, id: number): Promise<void> {
  await trx.deleteFrom('kb_categories').where('id', '=', id).execute();
}

export async function countCategoryChildren(db: DbOrTx, id: number): Promise<number> {
  const row = await db
    .selectFrom('kb_categories')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_id', '=', id)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function countArticlesInCategory(db: DbOrTx, id: number): Promise<number> {
  const row = await db
    .selectFrom('kb_articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('category_id', '=', id)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
