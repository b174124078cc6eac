import { diffChars } from 'diff';
import type { Db, Tx } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import { hasPermission } from '../../platform/auth/current-user';
import { shanghaiDate } from '../../platform/dates';
import { conflict, invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/request-context';
import { htmlToText } from './analysis/normalize';
import {
  type ArticleContent,
  type ArticleStatus,
  articleStatusNames,
  canTransition,
  citationsIn,
  citeKeyOf,
  contentFields,
  contentJson,
  documentOfTitle,
  effectiveValidity,
} from './article';
import * as articlesRepo from './kb-articles.repository';
import * as catalogueRepo from './kb-catalogue.repository';
import { categorySubtree } from './kb-catalogue.service';
import { sanitizeArticleHtml } from './kb-html';
import { categoryPathNames, loadCategoryMap, removeSearchDoc, writeSearchDocs } from './kb-publishing';
import { industries, taxKinds, taxpayerTypes } from './kb-reference';
import type { KbSearch } from './kb-search';
import * as searchRepo from './kb-search.repository';
import type { Validity } from './search-index';

/** Use cases of articles: reading, voting, editing, the draft → review → published lifecycle, versions and diffs; each owns its transaction. */

const today = (now: Date) => shanghaiDate(now);

const nameOf = (list: readonly { code: string; name: string }[], code: string) =>
  list.find((e) => e.code === code)?.name ?? code;

async function summariesWithState(rows: articlesRepo.ArticleSummaryRow[], now: Date) {
  return rows.map((r) => {
    const state = effectiveValidity(r, today(now));
    return {
      id: r.id,
      title: r.title,
      library: r.libraryCode,
      validity: state.validity,
      isExpired: state.isExpired,
      documentNumber: r.documentNumber,
      issuedOn: r.issuedOn,
    };
  });
}

/** The published version of an article as an agent reads it, with what surrounds it. Records the view. */
export async function readArticle({ db, user, now }: RequestContext, id: number) {
  const article = await articlesRepo.findArticle(db, id);
  if (!article || article.publishedVersion === null || article.status === 'archived') {
    throw notFound('ARTICLE_NOT_FOUND', '知识不存在或尚未发布');
  }
  const version = await articlesRepo.findVersion(db, id, article.publishedVersion);
  if (!version) throw notFound('ARTICLE_NOT_FOUND', '知识不存在或尚未发布');
  const content = version.content;
  const categories = await loadCategoryMap(db);
  const libraries = await catalogueRepo.findLibraries(db);
  const [relatedIds, cites, citedBy, attachments, votes, isFlagged] = await Promise.all([
    articlesRepo.findRelatedIds(db, id),
    articlesRepo.findCitedArticles(db, id, 50),
    article.citeKey
      ? articlesRepo.findCitingArticles(db, article.citeKey, id, 20)
      : Promise.resolve({ total: 0, items: [] }),
    articlesRepo.findAttachments(db, id),
    articlesRepo.findVoteSummary(db, id, user.id),
    articlesRepo.isArticleFlagged(db, id, today(now)),
  ]);
  const related = await articlesRepo.findSummaries(db, relatedIds);
  await articlesRepo.insertEvent(db, { articleId: id, kind: 'view', userId: user.id, contactId: null, now });
  const state = effectiveValidity(content, today(now));
  const library = libraries.find((l) => l.code === content.libraryCode);
  return {
    id,
    externalId: article.externalId,
    version: version.version,
    publishedAt: version.publishedAt,
    library: { code: content.libraryCode, name: library?.name ?? content.libraryCode },
    category:
      content.categoryId !== null && categories.has(content.categoryId)
        ? { id: content.categoryId, path: categoryPathNames(categories, content.categoryId) }
        : null,
    title: content.title,
    question: content.question,
    body: content.body,
    answerText: htmlToText(content.body),
    keywords: content.keywords,
    taxKinds: content.taxKinds.map((code) => ({ code, name: nameOf(taxKinds, code) })),
    industries: content.industries.map((code) => ({ code, name: nameOf(industries, code) })),
    taxpayerTypes: content.taxpayerTypes.map((code) => ({ code, name: nameOf(taxpayerTypes, code) })),
    region: content.region,
    issuer: content.issuer,
    documentNumber: content.documentNumber,
    issuedOn: content.issuedOn,
    effectiveOn: content.effectiveOn,
    expiresOn: content.expiresOn,
    validity: state.validity,
    isExpired: state.isExpired,
    validityNote: content.validityNote,
    sourceUrl: content.sourceUrl,
    isPublic: content.isPublic,
    isFlagged,
    related: await summariesWithState(related, now),
    cites: (await summariesWithState(cites, now)).map((s, i) => ({ ...s, reviewedAt: cites[i]!.reviewedAt })),
    citedBy: { total: citedBy.total, items: await summariesWithState(citedBy.items, now) },
    attachments,
    votes,
    canEdit: hasPermission(user, 'kb.edit'),
  };
}

/** Records an agent's usefulness vote (one per agent and article; voting again changes it). */
export async function voteOnArticle({ db, user, now }: RequestContext, id: number, isUseful: boolean) {
  return db.transaction().execute(async (trx) => {
    const article = await articlesRepo.findArticle(trx, id);
    if (!article || article.publishedVersion === null) throw notFound('ARTICLE_NOT_FOUND', '知识不存在或尚未发布');
    await articlesRepo.upsertVote(trx, { articleId: id, userId: user.id, isUseful, now });
    return articlesRepo.findVoteSummary(trx, id, user.id);
  });
}

export interface ArticleInput {
  library: string;
  categoryId?: number | null | undefined;
  title: string;
  question?: string | null | undefined;
  body: string;
  keywords?: string[] | undefined;
  taxKinds?: string[] | undefined;
  industries?: string[] | undefined;
  taxpayerTypes?: string[] | undefined;
  region?: string | null | undefined;
  issuer?: string | null | undefined;
  documentNumber?: string | null | undefined;
  issuedOn?: string | null | undefined;
  effectiveOn?: string | null | undefined;
  expiresOn?: string | null | undefined;
  validity: Validity;
  validityNote?: string | null | undefined;
  sourceUrl?: string | null | undefined;
  isPublic: boolean;
  relatedIds?: number[] | undefined;
}

async function contentOfInput(trx: Tx, input: ArticleInput): Promise<{ content: ArticleContent; libraryId: number }> {
  const library = (await catalogueRepo.findLibraries(trx)).find((l) => l.code === input.library);
  if (!library?.isActive) throw invalidField('library', 'LIBRARY_NOT_FOUND', '库种不存在或已停用');
  const categoryId = input.categoryId ?? null;
  if (categoryId !== null && !(await catalogueRepo.findCategory(trx, categoryId))) {
    throw invalidField('categoryId', 'CATEGORY_NOT_FOUND', '所选目录不存在');
  }
  if (input.effectiveOn && input.expiresOn && input.expiresOn <= input.effectiveOn) {
    throw invalidField('expiresOn', 'EXPIRY_BEFORE_EFFECTIVE', '失效日期须晚于生效日期');
  }
  const body = sanitizeArticleHtml(input.body);
  if (!htmlToText(body).trim()) throw invalidField('body', 'BODY_EMPTY', '正文不能为空');
  return {
    libraryId: library.id,
    content: {
      libraryCode: library.code,
      categoryId,
      title: input.title.trim(),
      question: input.question?.trim() || null,
      body,
      keywords: [...new Set((input.keywords ?? []).map((k) => k.trim()).filter(Boolean))],
      taxKinds: [...new Set(input.taxKinds ?? [])],
      industries: [...new Set(input.industries ?? [])],
      taxpayerTypes: [...new Set(input.taxpayerTypes ?? [])],
      region: input.region?.trim() || null,
      issuer: input.issuer?.trim() || null,
      documentNumber: input.documentNumber?.trim() || null,
      issuedOn: input.issuedOn ?? null,
      effectiveOn: input.effectiveOn ?? null,
      expiresOn: input.expiresOn ?? null,
      validity: input.validity,
      validityNote: input.validityNote?.trim() || null,
      sourceUrl: input.sourceUrl?.trim() || null,
      isPublic: input.isPublic,
    },
  };
}

async function checkRelated(trx: Tx, id: number | null, relatedIds: readonly number[]): Promise<number[]> {
  const unique = [...new Set(relatedIds)].filter((r) => r !== id);
  for (const relatedId of unique) {
    if (!(await articlesRepo.findArticle(trx, relatedId))) {
      throw invalidField('relatedIds', 'RELATED_NOT_FOUND', `相关知识不存在（${relatedId}）`);
    }
  }
  return unique;
}

/** The working copy for an editor: content, state, versions, attachments, whether it needs review. */
export async function manageArticle({ db, now }: RequestContext, id: number) {
  const article = await articlesRepo.findArticle(db, id);
  if (!article) throw notFound('ARTICLE_NOT_FOUND', '知识不存在');
  const [relatedIds, versions, attachments, isFlagged, cites] = await Promise.all([
    articlesRepo.findRelatedIds(db, id),
    articlesRepo.findVersions(db, id),
    articlesRepo.findAttachments(db, id),
    articlesRepo.isArticleFlagged(db, id, today(now)),
    articlesRepo.findCitedArticles(db, id, 50),
  ]);
  const related = await articlesRepo.findSummaries(db, relatedIds);
  const { libraryId: _libraryId, createdBy: _c, updatedBy: _u, ...rest } = article;
  return {
    ...rest,
    related: await summariesWithState(related, now),
    cites: (await summariesWithState(cites, now)).map((s, i) => ({ ...s, reviewedAt: cites[i]!.reviewedAt })),
    versions,
    attachments,
    isFlagged,
    effectiveValidity: effectiveValidity(article, today(now)),
  };
}

export async function listManagedArticles(
  { db, now }: RequestContext,
  filter: Omit<articlesRepo.ArticleListFilter, 'today' | 'categoryIds'> & { categoryId?: number | undefined },
  page: { limit: number; offset: number },
) {
  const categoryIds = filter.categoryId !== undefined ? [...(await categorySubtree(db, filter.categoryId))] : undefined;
  return articlesRepo.listArticles(db, { ...filter, categoryIds, today: today(now) }, page);
}

/** Creates a draft. */
export async function createArticle({ db, user, actor, now }: RequestContext, input: ArticleInput) {
  return db.transaction().execute(async (trx) => {
    const { content, libraryId } = await contentOfInput(trx, input);
    const [id] = await articlesRepo.insertArticles(trx, [
      {
        externalId: null,
        libraryId,
        content,
        status: 'draft',
        citeKey: citeKeyOf(content),
        publishedVersion: null,
        userId: user.id,
        now,
      },
    ]);
    await articlesRepo.replaceLinks(trx, id!, await checkRelated(trx, id!, input.relatedIds ?? []));
    await writeAudit(trx, actor, now, {
      action: 'kb.article.create',
      entityType: 'kb_article',
      entityId: id!,
      after: content,
    });
    return { id: id! };
  });
}

/** Edits the working copy. Editing a published article starts a new draft; the published version stays live. */
export async function updateArticle({ db, user, actor, now }: RequestContext, id: number, input: ArticleInput) {
  return db.transaction().execute(async (trx) => {
    const article = await articlesRepo.findArticle(trx, id);
    if (!article) throw notFound('ARTICLE_NOT_FOUND', '知识不存在');
    if (article.status === 'review') throw conflict('ARTICLE_IN_REVIEW', '知识正在审核中，请先退回再修改');
    if (article.status === 'archived') throw conflict('ARTICLE_ARCHIVED', '知识已下架，请先恢复为草稿再修改');
    const { content, libraryId } = await contentOfInput(trx, input);
    const next: ArticleStatus = 'draft';
    const moved = await articlesRepo.updateArticle(trx, id, {
      fromStatus: article.status,
      content: { content, libraryId, citeKey: citeKeyOf(content) },
      status: next,
      userId: user.id,
      now,
    });
    if (!moved) throw conflict('ARTICLE_CHANGED', '知识已被他人修改，请刷新后重试');
    if (input.relatedIds) await articlesRepo.replaceLinks(trx, id, await checkRelated(trx, id, input.relatedIds));
    await writeAudit(trx, actor, now, {
      action: 'kb.article.update',
      entityType: 'kb_article',
      entityId: id,
      before: pickContent(article),
      after: content,
    });
    return { id, status: next };
  });
}

function pickContent(article: ArticleContent): ArticleContent {
  return JSON.parse(contentJson(article)) as ArticleContent;
}

const transitionMessages: Record<string, string> = {
  review: '只有草稿可以提交审核',
  draft: '当前状态不能退回或恢复为草稿',
  published: '只有待审核的知识可以发布',
  archived: '当前状态不能下架',
};

/** Moves an article along its lifecycle (submit, return, publish, archive, restore). */
export async function transitionArticle(
  { db, user, actor, now }: RequestContext,
  search: KbSearch,
  id: number,
  to: ArticleStatus,
  options: { note?: string | null | undefined },
) {
  const config = to === 'published' ? await search.analysis() : null;
  const result = await db.transaction().execute(async (trx) => {
    const article = await articlesRepo.findArticle(trx, id);
    if (!article) throw notFound('ARTICLE_NOT_FOUND', '知识不存在');
    if (!canTransition(article.status, to) || (to === 'draft' && article.status === 'published')) {
      throw conflict(
        'INVALID_TRANSITION',
        `${transitionMessages[to] ?? '不允许的操作'}（当前：${articleStatusNames[article.status]}）`,
      );
    }
    let version: number | undefined;
    if (to === 'published') {
      version = (article.publishedVersion ?? 0) + 1;
      await articlesRepo.insertVersions(trx, [
        { articleId: id, version, content: contentJson(article), userId: user.id, now },
      ]);
      const known = await articlesRepo.findKnownDocumentKeys(trx);
      const own = documentOfTitle(article.title);
      if (own) known.add(own);
      await articlesRepo.replaceCitations(
        trx,
        id,
        citationsIn(htmlToText(article.body), { ownDocument: own, knownDocuments: known, ownKey: article.citeKey }),
      );
      const categories = await loadCategoryMap(trx);
      await writeSearchDocs(
        trx,
        config!,
        [
          {
            articleId: id,
            version,
            content: pickContent(article),
            useCount: await searchRepo.findSearchDocUseCount(trx, id),
          },
        ],
        categories,
        now,
      );
    }
    if (to === 'archived' && article.publishedVersion !== null) await removeSearchDoc(trx, id, now);
    const moved = await articlesRepo.updateArticle(trx, id, {
      fromStatus: article.status,
      status: to,
      ...(version !== undefined ? { publishedVersion: version } : {}),
      reviewNote: to === 'draft' && article.status === 'review' ? (options.note ?? null) : null,
      userId: user.id,
      now,
    });
    if (!moved) throw conflict('ARTICLE_CHANGED', '知识已被他人修改，请刷新后重试');
    await writeAudit(trx, actor, now, {
      action: `kb.article.${to === 'review' ? 'submit' : to === 'published' ? 'publish' : to === 'archived' ? 'archive' : article.status === 'review' ? 'return' : 'restore'}`,
      entityType: 'kb_article',
      entityId: id,
      before: { status: article.status, publishedVersion: article.publishedVersion },
      after: { status: to, publishedVersion: version ?? article.publishedVersion, note: options.note ?? null },
    });
    return { id, status: to, publishedVersion: version ?? article.publishedVersion };
  });
  return result;
}

/** Marks that an editor checked an article after an article it cites became void: clears the flag. */
export async function markCitationsReviewed({ db, user, actor, now }: RequestContext, id: number) {
  return db.transaction().execute(async (trx) => {
    if (!(await articlesRepo.findArticle(trx, id))) throw notFound('ARTICLE_NOT_FOUND', '知识不存在');
    const count = await articlesRepo.markCitationsReviewed(trx, id, user.id, now);
    await writeAudit(trx, actor, now, {
      action: 'kb.article.review_citations',
      entityType: 'kb_article',
      entityId: id,
      after: { count },
    });
    return { reviewed: count };
  });
}

export async function articleVersion(db: Db, id: number, version: number) {
  const found = await articlesRepo.findVersion(db, id, version);
  if (!found) throw notFound('VERSION_NOT_FOUND', '版本不存在');
  return found;
}

/** What changed between two published versions: the text of title and body character by character, other fields as before/after. */
export async function diffVersions(db: Db, id: number, from: number, to: number) {
  const [a, b] = await Promise.all([articlesRepo.findVersion(db, id, from), articlesRepo.findVersion(db, id, to)]);
  if (!a) throw invalidField('from', 'VERSION_NOT_FOUND', `版本 ${from} 不存在`);
  if (!b) throw invalidField('to', 'VERSION_NOT_FOUND', `版本 ${to} 不存在`);
  const parts = (x: string, y: string) =>
    diffChars(x, y).map((c) => ({ value: c.value, added: c.added === true, removed: c.removed === true }));
  const fields = contentFields
    .filter((f) => f !== 'title' && f !== 'body')
    .filter((f) => JSON.stringify(a.content[f]) !== JSON.stringify(b.content[f]))
    .map((f) => ({ field: f, before: a.content[f], after: b.content[f] }));
  return {
    from,
    to,
    title: parts(a.content.title, b.content.title),
    body: parts(htmlToText(a.content.body), htmlToText(b.content.body)),
    fields,
  };
}
