import type { Db, DbOrTx, Tx } from '../../db/connection';
import type { ArticleContent } from './article';
import type { AnalysisConfig } from './kb-analysis-config';
import * as articlesRepo from './kb-articles.repository';
import * as catalogueRepo from './kb-catalogue.repository';
import * as searchRepo from './kb-search.repository';
import { buildSearchDoc, type EncodedPostings } from './kb-search-docs';

/**
 * Writing the published version of articles into kb_search_docs, with the index log row every
 * instance follows — always in the caller's transaction, so the search document commits or rolls
 * back with the publication itself.
 */

/** Names of a category and its ancestors, root first (they are indexed with the article's keywords). */
export function categoryPathNames(
  categories: ReadonlyMap<number, catalogueRepo.CategoryRow>,
  id: number | null,
): string[] {
  if (id === null) return [];
  const node = categories.get(id);
  if (!node) return [];
  return node.path
    .split('/')
    .filter(Boolean)
    .map((part) => categories.get(Number(part))?.name ?? '')
    .filter(Boolean);
}

export async function loadCategoryMap(db: DbOrTx): Promise<Map<number, catalogueRepo.CategoryRow>> {
  return new Map((await catalogueRepo.findCategories(db)).map((c) => [c.id, c]));
}

export interface PublishedDoc {
  articleId: number;
  version: number;
  content: ArticleContent;
  useCount: number;
  /** The body as plain text, when the caller has it already. */
  bodyText?: string;
  /** The postings, when they were analysed already (by the analysis worker). */
  encoded?: EncodedPostings | undefined;
}

/** Documents analysed at once: jieba cuts their fields on the thread pool in parallel. */
const analysisConcurrency = 32;

/** Analyses and stores the search documents of newly published versions, and logs them for the index. */
export async function writeSearchDocs(
  trx: Tx,
  config: AnalysisConfig,
  docs: readonly PublishedDoc[],
  categories: ReadonlyMap<number, catalogueRepo.CategoryRow>,
  now: Date,
): Promise<void> {
  if (docs.length === 0) return;
  const rows = [];
  for (let i = 0; i < docs.length; i += analysisConcurrency) {
    rows.push(
      ...(await Promise.all(
        docs.slice(i, i + analysisConcurrency).map((d) =>
          buildSearchDoc(config.segmenter, {
            articleId: d.articleId,
            version: d.version,
            analysisVersion: config.version,
            content: d.content,
            categoryPathNames: categoryPathNames(categories, d.content.categoryId),
            useCount: d.useCount,
            now,
            ...(d.bodyText !== undefined ? { bodyText: d.bodyText } : {}),
            encoded: d.encoded,
          }),
        ),
      )),
    );
  }
  await searchRepo.upsertSearchDocs(trx, rows);
  await searchRepo.appendIndexLog(
    trx,
    docs.map((d) => ({ articleId: d.articleId, kind: 'doc' as const })),
    now,
  );
}

/** Takes an article out of search (archived), in the caller's transaction. */
export async function removeSearchDoc(trx: Tx, articleId: number, now: Date): Promise<void> {
  await searchRepo.deleteSearchDoc(trx, articleId);
  await searchRepo.appendIndexLog(trx, [{ articleId, kind: 'doc' }], now);
}

/**
 * Re-analyses up to `batch` search documents analysed with an older dictionary (after an
 * administrator changed the dictionary or the synonyms). Returns how many it re-analysed.
 */
export async function reanalyseSearchDocs(db: Db, config: AnalysisConfig, now: Date, batch: number): Promise<number> {
  const ids = await searchRepo.findStaleSearchDocIds(db, config.version, batch);
  if (ids.length === 0) return 0;
  await db.transaction().execute(async (trx) => {
    const categories = await loadCategoryMap(trx);
    const docs: PublishedDoc[] = [];
    for (const id of ids) {
      const article = await articlesRepo.findArticle(trx, id);
      const version = article?.publishedVersion
        ? await articlesRepo.findVersion(trx, id, article.publishedVersion)
        : undefined;
      if (!article || article.status === 'archived' || !version) {
        // No published version behind it any more: the document should not be searchable.
        await removeSearchDoc(trx, id, now);
        continue;
      }
      docs.push({
        articleId: id,
        version: version.version,
        content: version.content,
        useCount: await searchRepo.findSearchDocUseCount(trx, id),
      });
    }
    await writeSearchDocs(trx, config, docs, categories, now);
  });
  return ids.length;
}
