import type { Db, Tx } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import { conflict, invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/request-context';
import { articleStatusNames } from './article';
import * as catalogueRepo from './kb-catalogue.repository';
import { industries, taxKinds, taxpayerTypes, validityNames } from './kb-reference';
import type { KbSearch } from './kb-search';
import * as searchRepo from './kb-search.repository';

/** Use cases of the catalogue: libraries (库种), the category tree (目录树) and the reference lists. */

/** Libraries, tax kinds, industries, taxpayer types and validities with their Chinese names. */
export async function referenceData(db: Db) {
  return {
    libraries: (await catalogueRepo.findLibraries(db)).map((l) => ({
      code: l.code,
      name: l.name,
      description: l.description,
      rankWeight: l.rankWeight,
      sortOrder: l.sortOrder,
      isActive: l.isActive,
    })),
    taxKinds: taxKinds.map((k) => ({ code: k.code, name: k.name })),
    industries: industries.map((k) => ({ code: k.code, name: k.name })),
    taxpayerTypes: taxpayerTypes.map((k) => ({ code: k.code, name: k.name })),
    validities: Object.entries(validityNames).map(([code, name]) => ({ code, name })),
    statuses: Object.entries(articleStatusNames).map(([code, name]) => ({ code, name })),
  };
}

/** Refuses library codes that name no library (a 400 naming the field). */
export async function checkLibraryCodes(db: Db, codes: readonly string[], field: string): Promise<void> {
  const known = new Set((await catalogueRepo.findLibraries(db)).map((l) => l.code));
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length > 0) throw invalidField(field, 'LIBRARY_NOT_FOUND', `库种不存在：${unknown.join('、')}`);
}

/** The category tree, flat, each node with the number of published articles in it and below it. */
export async function categoryTree(db: Db) {
  const [categories, counts] = await Promise.all([
    catalogueRepo.findCategories(db),
    searchRepo.countPublishedByCategory(db),
  ]);
  const totals = new Map<number, number>();
  for (const c of categories) {
    const own = counts.get(c.id) ?? 0;
    if (own === 0) continue;
    for (const part of c.path.split('/').filter(Boolean)) {
      const id = Number(part);
      totals.set(id, (totals.get(id) ?? 0) + own);
    }
  }
  return categories.map((c) => ({
    id: c.id,
    parentId: c.parentId,
    name: c.name,
    sortOrder: c.sortOrder,
    count: totals.get(c.id) ?? 0,
  }));
}

/** A category and every category below it (for filtering by a node of the tree). */
export async function categorySubtree(db: Db, id: number): Promise<Set<number>> {
  const node = await catalogueRepo.findCategory(db, id);
  if (!node) throw invalidField('category', 'CATEGORY_NOT_FOUND', '所选目录不存在');
  const all = await catalogueRepo.findCategories(db);
  return new Set(all.filter((c) => c.path.startsWith(node.path)).map((c) => c.id));
}

export async function createLibrary(
  { db, actor, now }: RequestContext,
  input: { code: string; name: string; description?: string | null | undefined; rankWeight: number; sortOrder: number },
) {
  return db.transaction().execute(async (trx) => {
    if ((await catalogueRepo.findLibraries(trx)).some((l) => l.code === input.code)) {
      throw invalidField('code', 'DUPLICATE_CODE', '库种代码已存在');
    }
    const id = await catalogueRepo.insertLibrary(trx, { ...input, description: input.description ?? null, now });
    await searchRepo.appendIndexLog(trx, [{ articleId: null, kind: 'settings' }], now);
    await writeAudit(trx, actor, now, {
      action: 'kb.library.create',
      entityType: 'kb_library',
      entityId: id,
      after: input,
    });
    return { id };
  });
}

export async function updateLibrary(
  { db, actor, now }: RequestContext,
  code: string,
  patch: Partial<{
    name: string;
    description: string | null;
    rankWeight: number;
    sortOrder: number;
    isActive: boolean;
  }>,
) {
  return db.transaction().execute(async (trx) => {
    const library = (await catalogueRepo.findLibraries(trx)).find((l) => l.code === code);
    if (!library) throw notFound('LIBRARY_NOT_FOUND', '库种不存在');
    await catalogueRepo.updateLibrary(trx, library.id, patch, now);
    await searchRepo.appendIndexLog(trx, [{ articleId: null, kind: 'settings' }], now);
    await writeAudit(trx, actor, now, {
      action: 'kb.library.update',
      entityType: 'kb_library',
      entityId: library.id,
      before: library,
      after: patch,
    });
  });
}

/** Documents under a category are re-analysed when its name changes (category names are indexed). */
async function markCategoryDocsStale(trx: Tx, categoryPath: string): Promise<void> {
  const ids = (await catalogueRepo.findCategories(trx)).filter((c) => c.path.startsWith(categoryPath)).map((c) => c.id);
  await searchRepo.markSearchDocsStale(trx, ids);
}

export async function createCategory(
  { db, actor, now }: RequestContext,
  input: { parentId: number | null; name: string; sortOrder: number },
) {
  return db.transaction().execute(async (trx) => {
    let parentPath = '/';
    if (input.parentId !== null) {
      const parent = await catalogueRepo.findCategory(trx, input.parentId);
      if (!parent) throw invalidField('parentId', 'CATEGORY_NOT_FOUND', '上级目录不存在');
      parentPath = parent.path;
    }
    const siblings = (await catalogueRepo.findCategories(trx)).filter((c) => c.parentId === input.parentId);
    if (siblings.some((c) => c.name === input.name))
      throw invalidField('name', 'DUPLICATE_NAME', '同级目录下已有同名目录');
    const id = await catalogueRepo.insertCategory(trx, { ...input, parentPath, now });
    await writeAudit(trx, actor, now, {
      action: 'kb.category.create',
      entityType: 'kb_category',
      entityId: id,
      after: input,
    });
    return { id };
  });
}

export async function updateCategory(
  { db, actor, now }: RequestContext,
  search: KbSearch,
  id: number,
  patch: { name?: string | undefined; sortOrder?: number | undefined },
) {
  await db.transaction().execute(async (trx) => {
    const category = await catalogueRepo.findCategory(trx, id);
    if (!category) throw notFound('CATEGORY_NOT_FOUND', '目录不存在');
    if (patch.name !== undefined && patch.name !== category.name) {
      const siblings = (await catalogueRepo.findCategories(trx)).filter(
        (c) => c.parentId === category.parentId && c.id !== id,
      );
      if (siblings.some((c) => c.name === patch.name))
        throw invalidField('name', 'DUPLICATE_NAME', '同级目录下已有同名目录');
      await markCategoryDocsStale(trx, category.path);
    }
    await catalogueRepo.updateCategory(trx, id, patch);
    await writeAudit(trx, actor, now, {
      action: 'kb.category.update',
      entityType: 'kb_category',
      entityId: id,
      before: category,
      after: patch,
    });
  });
  search.startReanalysis();
}

export async function deleteCategory({ db, actor, now }: RequestContext, id: number) {
  await db.transaction().execute(async (trx) => {
    const category = await catalogueRepo.findCategory(trx, id);
    if (!category) throw notFound('CATEGORY_NOT_FOUND', '目录不存在');
    if ((await catalogueRepo.countCategoryChildren(trx, id)) > 0)
      throw conflict('CATEGORY_HAS_CHILDREN', '请先删除下级目录');
    if ((await catalogueRepo.countArticlesInCategory(trx, id)) > 0)
      throw conflict('CATEGORY_IN_USE', '目录下还有知识，不能删除');
    await catalogueRepo.deleteCategory(trx, id);
    await writeAudit(trx, actor, now, {
      action: 'kb.category.delete',
      entityType: 'kb_category',
      entityId: id,
      before: category,
    });
  });
}
