import type { DbOrTx } from '../../db/connection';

/** The titles of the given articles that exist and are not archived, for other modules that link to articles (training courses). */
export async function findArticleTitles(
  db: DbOrTx,
  ids: readonly number[],
): Promise<Array<{ id: number; title: string }>> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('kb_articles')
    .select(['id', 'title'])
    .where('id', 'in', [...new Set(ids)])
    .where('status', '!=', 'archived')
    .orderBy('id')
    .execute();
}
