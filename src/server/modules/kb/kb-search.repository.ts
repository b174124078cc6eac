import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../../db/connection';
import { isPostgres } from '../../db/migrations/helpers';
import type { KbSearchDocTable } from './kb.tables';
import { chunk } from './kb-rows';
import { type IndexRow, indexRowColumns } from './kb-search-docs';

/** Every SQL statement on the search documents, the index log and the click-through counts. */

// ---- search documents and the index log ----

export async function upsertSearchDocs(trx: Tx, rows: readonly KbSearchDocTable[]): Promise<void> {
  for (const part of chunk(rows, 200)) {
    await trx
      .insertInto('kb_search_docs')
      .values([...part])
      .onConflict((oc) =>
        oc.column('article_id').doUpdateSet((eb) => ({
          version: eb.ref('excluded.version'),
          analysis_version: eb.ref('excluded.analysis_version'),
          tokens: eb.ref('excluded.tokens'),
          weights: eb.ref('excluded.weights'),
          library_code: eb.ref('excluded.library_code'),
          validity: eb.ref('excluded.validity'),
          category_id: eb.ref('excluded.category_id'),
          tax_kinds: eb.ref('excluded.tax_kinds'),
          industries: eb.ref('excluded.industries'),
          taxpayer_types: eb.ref('excluded.taxpayer_types'),
          region: eb.ref('excluded.region'),
          issued_day: eb.ref('excluded.issued_day'),
          expires_day: eb.ref('excluded.expires_day'),
          is_public: eb.ref('excluded.is_public'),
          title: eb.ref('excluded.title'),
          question: eb.ref('excluded.question'),
          body_text: eb.ref('excluded.body_text'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

export async function deleteSearchDoc(trx: Tx, articleId: number): Promise<void> {
  await trx.deleteFrom('kb_search_docs').where('article_id', '=', articleId).execute();
}

export async function findSearchDocUseCount(db: DbOrTx, articleId: number): Promise<number> {
  return (await findUseCounts(db, [articleId])).get(articleId) ?? 0;
}

export async function findUseCounts(db: DbOrTx, articleIds: readonly number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (const part of chunk(articleIds, 500)) {
    const rows = await db
      .selectFrom('kb_search_docs')
      .select(['article_id', 'use_count'])
      .where('article_id', 'in', part)
      .execute();
    for (const r of rows) counts.set(r.article_id, r.use_count);
  }
  return counts;
}

/** A page of index rows in article order (keyset paging), for building an index. */
export async function findIndexRowsAfter(db: DbOrTx, afterArticleId: number, limit: number): Promise<IndexRow[]> {
  return db
    .selectFrom('kb_search_docs')
    .select(indexRowColumns)
    .where('article_id', '>', afterArticleId)
    .orderBy('article_id')
    .limit(limit)
    .execute();
}

export async function findIndexRows(db: DbOrTx, articleIds: readonly number[]): Promise<IndexRow[]> {
  const rows: IndexRow[] = [];
  for (const part of chunk(articleIds, 500)) {
    rows.push(
      ...(await db.selectFrom('kb_search_docs').select(indexRowColumns).where('article_id', 'in', part).execute()),
    );
  }
  return rows;
}

/** What a page of hits shows: texts of the published version and the article's external id. */
export async function findHitTexts(db: DbOrTx, articleIds: readonly number[]) {
  if (articleIds.length === 0) return [];
  return db
    .selectFrom('kb_search_docs as d')
    .innerJoin('kb_articles as a', 'a.id', 'd.article_id')
    .select([
      'd.article_id as id',
      'a.external_id as externalId',
      'd.library_code as libraryCode',
      'd.title',
      'd.question',
      'd.body_text as bodyText',
      'a.category_id as categoryId',
      'a.document_number as documentNumber',
      'a.issuer',
      'a.issued_on as issuedOn',
      'a.expires_on as expiresOn',
      'a.validity_note as validityNote',
    ])
    .where('d.article_id', 'in', [...articleIds])
    .execute();
}

/** Analysed with an older dictionary: the next documents to re-analyse. */
export async function findStaleSearchDocIds(db: DbOrTx, analysisVersion: number, limit: number) {
  const rows = await db
    .selectFrom('kb_search_docs')
    .select('article_id')
    .where('analysis_version', '<', analysisVersion)
    .orderBy('article_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.article_id);
}

/** Sets or adds to the click-through count of articles. */
export async function changeUseCount(trx: Tx, articleId: number, change: { add: number } | { set: number }) {
  await trx
    .updateTable('kb_search_docs')
    .set((eb) => ({ use_count: 'set' in change ? change.set : eb('use_count', '+', change.add) }))
    .where('article_id', '=', articleId)
    .execute();
}

export async function resetAllUseCounts(trx: Tx): Promise<number[]> {
  const rows = await trx.selectFrom('kb_search_docs').select('article_id').where('use_count', '>', 0).execute();
  await trx.updateTable('kb_search_docs').set({ use_count: 0 }).where('use_count', '>', 0).execute();
  return rows.map((r) => r.article_id);
}

export async function findClickThrough(db: DbOrTx, limit: number) {
  return db
    .selectFrom('kb_search_docs as d')
    .select(['d.article_id as id', 'd.title', 'd.library_code as libraryCode', 'd.use_count as useCount'])
    .where('d.use_count', '>', 0)
    .orderBy('d.use_count', 'desc')
    .orderBy('d.article_id')
    .limit(limit)
    .execute();
}

/**
 * Appends index changes. On PostgreSQL the transaction first takes an advisory lock held until it
 * commits, so log ids become visible in id order: an instance that has read up to id N never sees
 * a smaller id appear later (SQLite has one writer at a time anyway).
 */
export async function appendIndexLog(
  trx: Tx,
  entries: ReadonlyArray<{ articleId: number | null; kind: 'doc' | 'use' | 'settings' }>,
  now: Date,
): Promise<void> {
  if (entries.length === 0) return;
  await lockIndexLog(trx);
  for (const part of chunk(entries, 500)) {
    await trx
      .insertInto('kb_index_log')
      .values(part.map((e) => ({ article_id: e.articleId, kind: e.kind, at: now.toISOString() })))
      .execute();
  }
}

/** Serialises writers of the index log until the transaction ends (PostgreSQL); a no-op on SQLite. */
export async function lockIndexLog(trx: Tx): Promise<void> {
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(7007, 1)`.execute(trx);
}

export async function findIndexLogAfter(db: DbOrTx, afterId: number, limit: number) {
  return db
    .selectFrom('kb_index_log')
    .select(['id', 'article_id as articleId', 'kind'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function findLastIndexLogId(db: DbOrTx): Promise<number> {
  const row = await db
    .selectFrom('kb_index_log')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** Published article counts per category (for the category tree). */
export async function countPublishedByCategory(db: DbOrTx) {
  const rows = await db
    .selectFrom('kb_search_docs')
    .select(['category_id'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy('category_id')
    .execute();
  return new Map(rows.filter((r) => r.category_id !== null).map((r) => [r.category_id!, Number(r.n)]));
}

/** Whether any article is searchable (the index is warmed at start only then). */
export async function hasSearchDocs(db: DbOrTx): Promise<boolean> {
  const any = await db.selectFrom('kb_search_docs').select('article_id').limit(1).executeTakeFirst();
  return any !== undefined;
}

/** Marks the search documents of these categories for re-analysis (their category names are indexed). */
export async function markSearchDocsStale(trx: Tx, categoryIds: readonly number[]): Promise<void> {
  if (categoryIds.length === 0) return;
  await trx
    .updateTable('kb_search_docs')
    .set({ analysis_version: 0 })
    .where('category_id', 'in', categoryIds)
    .execute();
}

/** How many search documents were analysed with an older dictionary than `analysisVersion`. */
export async function countStaleSearchDocs(db: DbOrTx, analysisVersion: number): Promise<number> {
  const row = await db
    .selectFrom('kb_search_docs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('analysis_version', '<', analysisVersion)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Click-through evidence for training the ranking: each contact's subject with the articles its
 * agent used in it (by external id, or `#<id>` for articles created in taxline), most recent first.
 */
export async function findClickThroughQuestions(db: DbOrTx, limit: number) {
  const rows = await db
    .selectFrom('kb_article_events as e')
    .innerJoin('contacts as c', 'c.id', 'e.contact_id')
    .innerJoin('kb_articles as a', 'a.id', 'e.article_id')
    .select(['c.id as contactId', 'c.subject', 'a.id as articleId', 'a.external_id as externalId'])
    .where('e.kind', '=', 'use')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
  const byContact = new Map<number, { q: string; relevant: string[] }>();
  for (const r of rows) {
    const entry = byContact.get(r.contactId) ?? { q: r.subject, relevant: [] };
    entry.relevant.push(r.externalId ?? `#${r.articleId}`);
    byContact.set(r.contactId, entry);
  }
  return [...byContact.values()];
}
