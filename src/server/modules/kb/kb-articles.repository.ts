import { type Selectable, sql } from 'kysely';
import type { DbOrTx, Tx } from '../../db/connection';
import type { ArticleContent, ArticleStatus } from './article';
import type { KbArticleTable } from './kb.tables';
import { chunk, parseList } from './kb-rows';
import type { Validity } from './search-index';

/** Every SQL statement on articles: their working copy, published versions, links, citations, attachments, votes and events. */

// ---- articles ----

export interface ArticleRow extends ArticleContent {
  id: number;
  externalId: string | null;
  libraryId: number;
  status: ArticleStatus;
  citeKey: string | null;
  publishedVersion: number | null;
  reviewNote: string | null;
  createdBy: number | null;
  updatedBy: number | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

/** A selected article row (with its library's code) as the services use it. */
function articleRowOf(r: Selectable<KbArticleTable> & { library_code: string }): ArticleRow {
  return {
    id: r.id,
    externalId: r.external_id,
    libraryId: r.library_id,
    libraryCode: r.library_code,
    categoryId: r.category_id,
    status: r.status,
    title: r.title,
    question: r.question,
    body: r.body,
    keywords: parseList(r.keywords),
    taxKinds: parseList(r.tax_kinds),
    industries: parseList(r.industries),
    taxpayerTypes: parseList(r.taxpayer_types),
    region: r.region,
    issuer: r.issuer,
    documentNumber: r.document_number,
    issuedOn: r.issued_on,
    effectiveOn: r.effective_on,
    expiresOn: r.expires_on,
    validity: r.validity,
    validityNote: r.validity_note,
    sourceUrl: r.source_url,
    isPublic: r.is_public === 1,
    citeKey: r.cite_key,
    publishedVersion: r.published_version,
    reviewNote: r.review_note,
    createdBy: r.created_by,
    updatedBy: r.updated_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    publishedAt: r.published_at,
  };
}

function articleQuery(db: DbOrTx) {
  return db
    .selectFrom('kb_articles as a')
    .innerJoin('kb_libraries as l', 'l.id', 'a.library_id')
    .selectAll('a')
    .select('l.code as library_code');
}

export async function findArticle(db: DbOrTx, id: number): Promise<ArticleRow | undefined> {
  const row = await articleQuery(db).where('a.id', '=', id).executeTakeFirst();
  return row ? articleRowOf(row) : undefined;
}

export async function findArticlesByExternalIds(db: DbOrTx, externalIds: readonly string[]) {
  const found = new Map<string, ArticleRow>();
  for (const part of chunk(externalIds, 500)) {
    if (part.length === 0) continue;
    const rows = await articleQuery(db).where('a.external_id', 'in', part).execute();
    for (const r of rows) found.set(r.external_id!, articleRowOf(r));
  }
  return found;
}

export async function findArticleIdsByExternalIds(db: DbOrTx, externalIds: readonly string[]) {
  const found = new Map<string, number>();
  for (const part of chunk(externalIds, 500)) {
    if (part.length === 0) continue;
    const rows = await db
      .selectFrom('kb_articles')
      .select(['id', 'external_id'])
      .where('external_id', 'in', part)
      .execute();
    for (const r of rows) found.set(r.external_id!, r.id);
  }
  return found;
}

type ArticleColumns = Omit<import('./kb.tables').KbArticleTable, 'id'>;

function articleColumnsOf(content: ArticleContent, libraryId: number): Partial<ArticleColumns> {
  return {
    library_id: libraryId,
    category_id: content.categoryId,
    title: content.title,
    question: content.question,
    body: content.body,
    keywords: JSON.stringify(content.keywords),
    tax_kinds: JSON.stringify(content.taxKinds),
    industries: JSON.stringify(content.industries),
    taxpayer_types: JSON.stringify(content.taxpayerTypes),
    region: content.region,
    issuer: content.issuer,
    document_number: content.documentNumber,
    issued_on: content.issuedOn,
    effective_on: content.effectiveOn,
    expires_on: content.expiresOn,
    validity: content.validity,
    validity_note: content.validityNote,
    source_url: content.sourceUrl,
    is_public: content.isPublic ? 1 : 0,
  };
}

export interface NewArticle {
  externalId: string | null;
  libraryId: number;
  content: ArticleContent;
  status: ArticleStatus;
  citeKey: string | null;
  publishedVersion: number | null;
  userId: number | null;
  now: Date;
}

/** Inserts articles; returns their ids in order. */
export async function insertArticles(trx: Tx, articles: readonly NewArticle[]): Promise<number[]> {
  const ids: number[] = [];
  for (const part of chunk(articles, 200)) {
    const rows = await trx
      .insertInto('kb_articles')
      .values(
        part.map((a) => ({
          ...(articleColumnsOf(a.content, a.libraryId) as ArticleColumns),
          external_id: a.externalId,
          status: a.status,
          cite_key: a.citeKey,
          published_version: a.publishedVersion,
          review_note: null,
          created_by: a.userId,
          updated_by: a.userId,
          created_at: a.now.toISOString(),
          updated_at: a.now.toISOString(),
          published_at: a.publishedVersion === null ? null : a.now.toISOString(),
        })),
      )
      .returning('id')
      .execute();
    for (const r of rows) ids.push(r.id);
  }
  return ids;
}

/**
 * Updates an article's content and/or state, guarded by the state it was read in: returns false
 * when someone else changed its status meanwhile.
 */
export async function updateArticle(
  trx: Tx,
  id: number,
  change: {
    fromStatus: ArticleStatus;
    content?: { content: ArticleContent; libraryId: number; citeKey: string | null };
    status?: ArticleStatus;
    publishedVersion?: number | null;
    reviewNote?: string | null;
    userId: number | null;
    now: Date;
  },
): Promise<boolean> {
  const result = await trx
    .updateTable('kb_articles')
    .set({
      ...(change.content
        ? { ...articleColumnsOf(change.content.content, change.content.libraryId), cite_key: change.content.citeKey }
        : {}),
      ...(change.status !== undefined ? { status: change.status } : {}),
      ...(change.publishedVersion !== undefined
        ? { published_version: change.publishedVersion, published_at: change.now.toISOString() }
        : {}),
      ...(change.reviewNote !== undefined ? { review_note: change.reviewNote } : {}),
      updated_by: change.userId,
      updated_at: change.now.toISOString(),
    })
    .where('id', '=', id)
    .where('status', '=', change.fromStatus)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface ArticleListFilter {
  status?: ArticleStatus | undefined;
  libraryCode?: string | undefined;
  categoryIds?: readonly number[] | undefined;
  q?: string | undefined;
  flaggedOnly?: boolean | undefined;
  today: string;
}

/** Articles citing a void or expired published article whose citation nobody has checked since. */
function flaggedCondition(today: string) {
  return sql<boolean>`exists (
    select 1 from kb_article_citations c
    join kb_articles t on t.cite_key = c.cite_key and t.published_version is not null and t.id <> c.article_id
    where c.article_id = a.id and c.reviewed_at is null
      and (t.validity = 'void' or (t.expires_on is not null and t.expires_on <= ${today}))
  )`;
}

export async function listArticles(db: DbOrTx, f: ArticleListFilter, page: { limit: number; offset: number }) {
  let q = db.selectFrom('kb_articles as a').innerJoin('kb_libraries as l', 'l.id', 'a.library_id');
  if (f.status) q = q.where('a.status', '=', f.status);
  if (f.libraryCode) q = q.where('l.code', '=', f.libraryCode);
  if (f.categoryIds) q = q.where('a.category_id', 'in', f.categoryIds.length > 0 ? [...f.categoryIds] : [-1]);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('a.title', 'like', sql<string>`${like} escape '\\'`),
        eb('a.external_id', '=', f.q!),
        eb('a.document_number', 'like', sql<string>`${like} escape '\\'`),
      ]),
    );
  }
  if (f.flaggedOnly) q = q.where(flaggedCondition(f.today));
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    q
      .select([
        'a.id',
        'a.external_id',
        'l.code as library_code',
        'a.category_id',
        'a.status',
        'a.title',
        'a.validity',
        'a.expires_on',
        'a.published_version',
        'a.updated_at',
        'a.published_at',
      ])
      .select(flaggedCondition(f.today).as('flagged'))
      .orderBy('a.updated_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
  ]);
  return {
    total: Number(count?.n ?? 0),
    items: rows.map((r) => ({
      id: r.id,
      externalId: r.external_id,
      libraryCode: r.library_code,
      categoryId: r.category_id,
      status: r.status,
      title: r.title,
      validity: r.validity,
      expiresOn: r.expires_on,
      publishedVersion: r.published_version,
      updatedAt: r.updated_at,
      publishedAt: r.published_at,
      isFlagged: Boolean(Number(r.flagged)),
    })),
  };
}

export async function isArticleFlagged(db: DbOrTx, id: number, today: string): Promise<boolean> {
  const row = await db
    .selectFrom('kb_articles as a')
    .select(flaggedCondition(today).as('flagged'))
    .where('a.id', '=', id)
    .executeTakeFirst();
  return Boolean(Number(row?.flagged ?? 0));
}

// ---- versions ----

export interface NewVersion {
  articleId: number;
  version: number;
  content: string;
  userId: number | null;
  now: Date;
}

export async function insertVersions(trx: Tx, versions: readonly NewVersion[]): Promise<void> {
  for (const part of chunk(versions, 300)) {
    await trx
      .insertInto('kb_article_versions')
      .values(
        part.map((v) => ({
          article_id: v.articleId,
          version: v.version,
          content: v.content,
          published_by: v.userId,
          published_at: v.now.toISOString(),
        })),
      )
      .execute();
  }
}

export async function findVersions(db: DbOrTx, articleId: number) {
  return db
    .selectFrom('kb_article_versions as v')
    .leftJoin('users as u', 'u.id', 'v.published_by')
    .select(['v.version', 'v.published_at as publishedAt', 'u.name as publishedByName'])
    .where('v.article_id', '=', articleId)
    .orderBy('v.version', 'desc')
    .execute();
}

export async function findVersion(db: DbOrTx, articleId: number, version: number) {
  const row = await db
    .selectFrom('kb_article_versions')
    .select(['version', 'content', 'published_at', 'published_by'])
    .where('article_id', '=', articleId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row
    ? {
        version: row.version,
        content: JSON.parse(row.content) as ArticleContent,
        publishedAt: row.published_at,
        publishedBy: row.published_by,
      }
    : undefined;
}

/** The published content of articles (by their published version), in chunks. */
export async function findPublishedContents(db: DbOrTx, articles: ReadonlyArray<{ id: number; version: number }>) {
  const found = new Map<number, ArticleContent>();
  for (const part of chunk(articles, 300)) {
    if (part.length === 0) continue;
    const rows = await db
      .selectFrom('kb_article_versions as v')
      .innerJoin('kb_articles as a', (join) =>
        join.onRef('a.id', '=', 'v.article_id').onRef('a.published_version', '=', 'v.version'),
      )
      .select(['v.article_id', 'v.content'])
      .where(
        'v.article_id',
        'in',
        part.map((p) => p.id),
      )
      .execute();
    for (const r of rows) found.set(r.article_id, JSON.parse(r.content) as ArticleContent);
  }
  return found;
}

// ---- links and citations ----

/** Sets an article's related articles (kept in both directions). */
export async function replaceLinks(trx: Tx, articleId: number, relatedIds: readonly number[]): Promise<void> {
  await trx
    .deleteFrom('kb_article_links')
    .where((eb) => eb.or([eb('article_id', '=', articleId), eb('related_article_id', '=', articleId)]))
    .execute();
  const rows = relatedIds
    .filter((id) => id !== articleId)
    .flatMap((id) => [
      { article_id: articleId, related_article_id: id },
      { article_id: id, related_article_id: articleId },
    ]);
  for (const part of chunk(rows, 400)) await trx.insertInto('kb_article_links').values(part).execute();
}

export async function findRelatedIds(db: DbOrTx, articleId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('kb_article_links')
    .select('related_article_id')
    .where('article_id', '=', articleId)
    .execute();
  return rows.map((r) => r.related_article_id);
}

/** Replaces the cite keys an article refers to; keeps the review mark of keys it still cites. */
export async function replaceCitations(trx: Tx, articleId: number, keys: readonly string[]): Promise<void> {
  const existing = await trx
    .selectFrom('kb_article_citations')
    .select('cite_key')
    .where('article_id', '=', articleId)
    .execute();
  const keep = new Set(keys);
  const known = new Set(existing.map((r) => r.cite_key));
  const gone = [...known].filter((k) => !keep.has(k));
  for (const part of chunk(gone, 400)) {
    await trx
      .deleteFrom('kb_article_citations')
      .where('article_id', '=', articleId)
      .where('cite_key', 'in', part)
      .execute();
  }
  const fresh = keys.filter((k) => !known.has(k));
  for (const part of chunk(fresh, 400)) {
    await trx
      .insertInto('kb_article_citations')
      .values(part.map((k) => ({ article_id: articleId, cite_key: k, reviewed_at: null, reviewed_by: null })))
      .execute();
  }
}

/** Citations of new articles (bulk: no existing rows to keep). */
export async function insertCitations(trx: Tx, rows: ReadonlyArray<{ articleId: number; key: string }>) {
  for (const part of chunk(rows, 400)) {
    await trx
      .insertInto('kb_article_citations')
      .values(part.map((r) => ({ article_id: r.articleId, cite_key: r.key, reviewed_at: null, reviewed_by: null })))
      .onConflict((oc) => oc.columns(['article_id', 'cite_key']).doNothing())
      .execute();
  }
}

export interface ArticleSummaryRow {
  id: number;
  title: string;
  libraryCode: string;
  validity: Validity;
  expiresOn: string | null;
  documentNumber: string | null;
  issuedOn: string | null;
}

function summaryQuery(db: DbOrTx) {
  return db
    .selectFrom('kb_articles as a')
    .innerJoin('kb_libraries as l', 'l.id', 'a.library_id')
    .select([
      'a.id',
      'a.title',
      'l.code as libraryCode',
      'a.validity',
      'a.expires_on as expiresOn',
      'a.document_number as documentNumber',
      'a.issued_on as issuedOn',
    ])
    .where('a.published_version', 'is not', null)
    .where('a.status', '<>', 'archived');
}

export async function findSummaries(db: DbOrTx, ids: readonly number[]): Promise<ArticleSummaryRow[]> {
  if (ids.length === 0) return [];
  return summaryQuery(db)
    .where('a.id', 'in', [...ids])
    .execute();
}

/** Published articles an article cites (through its citation keys). */
export async function findCitedArticles(db: DbOrTx, articleId: number, limit: number) {
  const rows = await summaryQuery(db)
    .innerJoin('kb_article_citations as c', 'c.cite_key', 'a.cite_key')
    .select('c.reviewed_at as reviewedAt')
    .where('c.article_id', '=', articleId)
    .where('a.id', '<>', articleId)
    .orderBy('a.id')
    .limit(limit)
    .execute();
  return rows;
}

/** Published articles that cite the given key, newest first, with their count. */
export async function findCitingArticles(db: DbOrTx, citeKey: string, articleId: number, limit: number) {
  const base = summaryQuery(db)
    .innerJoin('kb_article_citations as c', 'c.article_id', 'a.id')
    .where('c.cite_key', '=', citeKey)
    .where('a.id', '<>', articleId);
  const [count, rows] = await Promise.all([
    db
      .selectFrom('kb_article_citations as c')
      .innerJoin('kb_articles as a', 'a.id', 'c.article_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('c.cite_key', '=', citeKey)
      .where('a.published_version', 'is not', null)
      .where('a.status', '<>', 'archived')
      .where('a.id', '<>', articleId)
      .executeTakeFirst(),
    base.orderBy('a.issued_on', 'desc').orderBy('a.id', 'desc').limit(limit).execute(),
  ]);
  return { total: Number(count?.n ?? 0), items: rows };
}

export async function markCitationsReviewed(trx: Tx, articleId: number, userId: number, now: Date): Promise<number> {
  const result = await trx
    .updateTable('kb_article_citations')
    .set({ reviewed_at: now.toISOString(), reviewed_by: userId })
    .where('article_id', '=', articleId)
    .where('reviewed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * The document keys (《…》 names) of the articles whose cite key names an article of a code. A scan
 * of the articles, so it is kept for a minute per database; citations found meanwhile may miss a
 * code imported in that minute by another instance (the next edit of the citing article finds it).
 */
const knownDocumentsCache = new WeakMap<object, { at: number; keys: Set<string> }>();

export async function findKnownDocumentKeys(db: DbOrTx): Promise<Set<string>> {
  const owner = cacheOwner(db);
  const cached = knownDocumentsCache.get(owner);
  if (cached && Date.now() - cached.at < 60_000) return new Set(cached.keys);
  const keys = await scanDocumentKeys(db);
  knownDocumentsCache.set(owner, { at: Date.now(), keys });
  return new Set(keys);
}

/** Adds document keys just written (an import's codes) to the cache, so the next import knows them. */
export function rememberDocumentKeys(db: DbOrTx, keys: Iterable<string>): void {
  const cached = knownDocumentsCache.get(cacheOwner(db));
  if (cached) for (const key of keys) cached.keys.add(key);
}

/** The database behind a connection or transaction (its adapter is shared by both). */
const cacheOwner = (db: DbOrTx): object => db.getExecutor().adapter;

async function scanDocumentKeys(db: DbOrTx): Promise<Set<string>> {
  const rows = await db
    .selectFrom('kb_articles')
    .select('cite_key')
    .distinct()
    .where('cite_key', 'like', '%第%条')
    .execute();
  return new Set(rows.map((r) => r.cite_key!.replace(/第[零〇一二三四五六七八九十百千]+条$/, '')));
}

// ---- attachments ----

export async function insertAttachment(
  trx: Tx,
  row: { articleId: number; fileName: string; contentType: string; content: Buffer; userId: number; now: Date },
): Promise<number> {
  const inserted = await trx
    .insertInto('kb_attachments')
    .values({
      article_id: row.articleId,
      file_name: row.fileName,
      content_type: row.contentType,
      size: row.content.length,
      content: row.content,
      created_by: row.userId,
      created_at: row.now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function findAttachments(db: DbOrTx, articleId: number) {
  return db
    .selectFrom('kb_attachments')
    .select(['id', 'file_name as fileName', 'content_type as contentType', 'size', 'created_at as createdAt'])
    .where('article_id', '=', articleId)
    .orderBy('id')
    .execute();
}

export async function findAttachment(db: DbOrTx, id: number) {
  return db
    .selectFrom('kb_attachments')
    .select(['id', 'article_id as articleId', 'file_name as fileName', 'content_type as contentType', 'content'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function deleteAttachment(trx: Tx, id: number): Promise<void> {
  await trx.deleteFrom('kb_attachments').where('id', '=', id).execute();
}

// ---- votes and events ----

export async function upsertVote(trx: Tx, row: { articleId: number; userId: number; isUseful: boolean; now: Date }) {
  await trx
    .insertInto('kb_article_votes')
    .values({
      article_id: row.articleId,
      user_id: row.userId,
      is_useful: row.isUseful ? 1 : 0,
      at: row.now.toISOString(),
    })
    .onConflict((oc) =>
      oc.columns(['article_id', 'user_id']).doUpdateSet({ is_useful: row.isUseful ? 1 : 0, at: row.now.toISOString() }),
    )
    .execute();
}

export async function findVoteSummary(db: DbOrTx, articleId: number, userId: number) {
  const rows = await db
    .selectFrom('kb_article_votes')
    .select(['user_id', 'is_useful'])
    .where('article_id', '=', articleId)
    .execute();
  const mine = rows.find((r) => r.user_id === userId);
  return {
    useful: rows.filter((r) => r.is_useful === 1).length,
    notUseful: rows.filter((r) => r.is_useful === 0).length,
    myVote: mine ? (mine.is_useful === 1 ? ('useful' as const) : ('not_useful' as const)) : null,
  };
}

export async function insertEvent(
  db: DbOrTx,
  row: { articleId: number; kind: 'view' | 'use'; userId: number | null; contactId: number | null; now: Date },
): Promise<void> {
  await db
    .insertInto('kb_article_events')
    .values({
      article_id: row.articleId,
      kind: row.kind,
      user_id: row.userId,
      contact_id: row.contactId,
      at: row.now.toISOString(),
    })
    .execute();
}

/** The most consulted published articles since a moment: uses in contacts count three times a view. */
export async function findHotArticles(db: DbOrTx, since: Date, limit: number) {
  const rows = await db
    .selectFrom('kb_article_events as e')
    .innerJoin('kb_articles as a', 'a.id', 'e.article_id')
    .innerJoin('kb_libraries as l', 'l.id', 'a.library_id')
    .select(['a.id', 'a.title', 'l.code as libraryCode'])
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when('e.kind', '=', 'use').then(3).else(1).end()).as('weight'),
      eb.fn.sum<number>(eb.case().when('e.kind', '=', 'use').then(1).else(0).end()).as('uses'),
      eb.fn.sum<number>(eb.case().when('e.kind', '=', 'view').then(1).else(0).end()).as('views'),
    ])
    .where('e.at', '>=', since.toISOString())
    .where('a.published_version', 'is not', null)
    .where('a.status', '<>', 'archived')
    .groupBy(['a.id', 'a.title', 'l.code'])
    .orderBy('weight', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    libraryCode: r.libraryCode,
    uses: Number(r.uses),
    views: Number(r.views),
  }));
}
