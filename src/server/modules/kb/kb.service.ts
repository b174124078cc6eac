import { diffChars } from 'diff';
import { fileTypeFromBuffer } from 'file-type';
import type { Db, Tx } from '../../db/connection';
import { type Actor, writeAudit } from '../../platform/audit';
import type { CurrentUser } from '../../platform/auth/current-user';
import { hasPermission } from '../../platform/auth/current-user';
import { addDays, shanghaiDate, shanghaiMidnight } from '../../platform/dates';
import { conflict, invalidField, notFound } from '../../platform/errors';
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
import * as settingsRepo from './kb-analysis-settings.repository';
import * as articlesRepo from './kb-articles.repository';
import * as catalogueRepo from './kb-catalogue.repository';
import { sanitizeArticleHtml } from './kb-html';
import { categoryPathNames, loadCategoryMap, removeSearchDoc, writeSearchDocs } from './kb-publishing';
import { industries, taxKinds, taxpayerTypes, validityNames } from './kb-reference';
import type { KbSearch } from './kb-search';
import * as searchRepo from './kb-search.repository';
import { clickThroughBoost, type Validity } from './search-index';

/** Use cases of the knowledge base; each owns its transaction and writes its audit row in it. */

const today = (now: Date) => shanghaiDate(now);

const nameOf = (list: readonly { code: string; name: string }[], code: string) =>
  list.find((e) => e.code === code)?.name ?? code;

// ---- reference data ----

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

// ---- articles: reading ----

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
export async function readArticle(db: Db, user: CurrentUser, id: number, now: Date) {
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
export async function voteOnArticle(db: Db, user: CurrentUser, id: number, isUseful: boolean, now: Date) {
  return db.transaction().execute(async (trx) => {
    const article = await articlesRepo.findArticle(trx, id);
    if (!article || article.publishedVersion === null) throw notFound('ARTICLE_NOT_FOUND', '知识不存在或尚未发布');
    await articlesRepo.upsertVote(trx, { articleId: id, userId: user.id, isUseful, now });
    return articlesRepo.findVoteSummary(trx, id, user.id);
  });
}

/** The most consulted articles of the last `days` days (热点问题). */
export async function hotArticles(db: Db, now: Date, days: number, limit: number) {
  const since = shanghaiMidnight(addDays(today(now), -(days - 1)));
  return articlesRepo.findHotArticles(db, since, limit);
}

export interface RecordArticleUse {
  articleId: number;
  contactId: number | null;
  userId: number;
  now: Date;
}

/**
 * Records that a contact was answered with an article, inside the caller's transaction (the
 * contact's): the usage feeds hot questions and the click-through boost, which every server
 * instance picks up through the index log.
 */
export async function recordArticleUse(trx: Tx, use: RecordArticleUse): Promise<void> {
  const article = await articlesRepo.findArticle(trx, use.articleId);
  if (!article || article.publishedVersion === null || article.status === 'archived') {
    throw invalidField('articleId', 'ARTICLE_NOT_FOUND', '所采用的知识不存在或已下架');
  }
  await articlesRepo.insertEvent(trx, {
    articleId: use.articleId,
    kind: 'use',
    userId: use.userId,
    contactId: use.contactId,
    now: use.now,
  });
  await searchRepo.changeUseCount(trx, use.articleId, { add: 1 });
  await searchRepo.appendIndexLog(trx, [{ articleId: use.articleId, kind: 'use' }], use.now);
}

// ---- articles: editing and the lifecycle ----

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
export async function manageArticle(db: Db, id: number, now: Date) {
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
  db: Db,
  filter: Omit<articlesRepo.ArticleListFilter, 'today' | 'categoryIds'> & { categoryId?: number | undefined },
  page: { limit: number; offset: number },
  now: Date,
) {
  const categoryIds = filter.categoryId !== undefined ? [...(await categorySubtree(db, filter.categoryId))] : undefined;
  return articlesRepo.listArticles(db, { ...filter, categoryIds, today: today(now) }, page);
}

/** Creates a draft. */
export async function createArticle(db: Db, user: CurrentUser, input: ArticleInput, actor: Actor, now: Date) {
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
export async function updateArticle(
  db: Db,
  user: CurrentUser,
  id: number,
  input: ArticleInput,
  actor: Actor,
  now: Date,
) {
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
  db: Db,
  search: KbSearch,
  user: CurrentUser,
  id: number,
  to: ArticleStatus,
  options: { note?: string | null | undefined },
  actor: Actor,
  now: Date,
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
export async function markCitationsReviewed(db: Db, user: CurrentUser, id: number, actor: Actor, now: Date) {
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

// ---- versions ----

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

// ---- attachments ----

const allowedAttachmentTypes = new Map<string, string>([
  ['pdf', 'application/pdf'],
  ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  ['doc', 'application/msword'],
  ['xls', 'application/vnd.ms-excel'],
  ['cfb', 'application/x-cfb'],
  ['png', 'image/png'],
  ['jpg', 'image/jpeg'],
  ['gif', 'image/gif'],
  ['zip', 'application/zip'],
]);
export const maxAttachmentBytes = 10 * 1024 * 1024;

/** Stores an attachment after checking what it is by its content, not by its name. */
export async function addAttachment(
  db: Db,
  user: CurrentUser,
  input: { articleId: number; fileName: string; content: Buffer },
  actor: Actor,
  now: Date,
) {
  if (input.content.length === 0) throw invalidField('file', 'FILE_EMPTY', '文件为空');
  const detected = await fileTypeFromBuffer(input.content);
  let contentType = detected ? allowedAttachmentTypes.get(detected.ext) : undefined;
  if (!detected && /\.txt$/i.test(input.fileName) && isUtf8Text(input.content))
    contentType = 'text/plain; charset=utf-8';
  if (!contentType) {
    throw invalidField('file', 'FILE_TYPE_NOT_ALLOWED', '仅支持 PDF、Word、Excel、PowerPoint、图片、压缩包和文本文件');
  }
  const fileName = input.fileName.replace(/[\\/\r\n"]/g, '_').slice(0, 200) || '附件';
  return db.transaction().execute(async (trx) => {
    if (!(await articlesRepo.findArticle(trx, input.articleId))) throw notFound('ARTICLE_NOT_FOUND', '知识不存在');
    const id = await articlesRepo.insertAttachment(trx, {
      articleId: input.articleId,
      fileName,
      contentType,
      content: input.content,
      userId: user.id,
      now,
    });
    await writeAudit(trx, actor, now, {
      action: 'kb.attachment.add',
      entityType: 'kb_article',
      entityId: input.articleId,
      after: { attachmentId: id, fileName, size: input.content.length },
    });
    return { id, fileName, contentType, size: input.content.length };
  });
}

function isUtf8Text(content: Buffer): boolean {
  if (content.includes(0)) return false;
  return !new TextDecoder('utf-8', { fatal: false }).decode(content).includes('\uFFFD');
}

export async function attachmentFile(db: Db, id: number) {
  const found = await articlesRepo.findAttachment(db, id);
  if (!found) throw notFound('ATTACHMENT_NOT_FOUND', '附件不存在');
  return found;
}

export async function removeAttachment(db: Db, id: number, actor: Actor, now: Date) {
  return db.transaction().execute(async (trx) => {
    const found = await articlesRepo.findAttachment(trx, id);
    if (!found) throw notFound('ATTACHMENT_NOT_FOUND', '附件不存在');
    await articlesRepo.deleteAttachment(trx, id);
    await writeAudit(trx, actor, now, {
      action: 'kb.attachment.remove',
      entityType: 'kb_article',
      entityId: found.articleId,
      before: { attachmentId: id, fileName: found.fileName },
    });
  });
}

// ---- libraries and categories ----

export async function createLibrary(
  db: Db,
  input: { code: string; name: string; description?: string | null | undefined; rankWeight: number; sortOrder: number },
  actor: Actor,
  now: Date,
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
  db: Db,
  code: string,
  patch: Partial<{
    name: string;
    description: string | null;
    rankWeight: number;
    sortOrder: number;
    isActive: boolean;
  }>,
  actor: Actor,
  now: Date,
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
  if (ids.length === 0) return;
  await trx.updateTable('kb_search_docs').set({ analysis_version: 0 }).where('category_id', 'in', ids).execute();
}

export async function createCategory(
  db: Db,
  input: { parentId: number | null; name: string; sortOrder: number },
  actor: Actor,
  now: Date,
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
  db: Db,
  search: KbSearch,
  id: number,
  patch: { name?: string | undefined; sortOrder?: number | undefined },
  actor: Actor,
  now: Date,
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

export async function deleteCategory(db: Db, id: number, actor: Actor, now: Date) {
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

// ---- synonyms, dictionary, click-through ----

export interface SynonymInput {
  kind: 'synonym' | 'abbreviation' | 'question';
  terms: string[];
  note?: string | null | undefined;
}

function checkTerms(input: SynonymInput): string[] {
  const terms = [...new Set(input.terms.map((t) => t.trim()).filter(Boolean))];
  if (terms.length < 2) throw invalidField('terms', 'TOO_FEW_TERMS', '至少填写两个词');
  return terms;
}

/**
 * After a change to the analysis data: apply it on this instance; a small knowledge base is
 * re-analysed before the answer (the change shows at once), a large one in the background.
 */
async function applyAnalysisChange(db: Db, search: KbSearch): Promise<void> {
  await search.refresh();
  const stale = await db
    .selectFrom('kb_search_docs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('analysis_version', '<', (await search.analysis()).version)
    .executeTakeFirst();
  if (Number(stale?.n ?? 0) <= 3000) await search.settled();
}

/** A change to the analysis data: bump the analysis version and tell every instance through the log. */
async function analysisChanged(trx: Tx, now: Date): Promise<void> {
  await settingsRepo.bumpAnalysisVersion(trx, now);
  await searchRepo.appendIndexLog(trx, [{ articleId: null, kind: 'settings' }], now);
}

export async function saveSynonym(
  db: Db,
  search: KbSearch,
  user: CurrentUser,
  id: number | null,
  input: SynonymInput,
  actor: Actor,
  now: Date,
) {
  const terms = checkTerms(input);
  const saved = await db.transaction().execute(async (trx) => {
    const row = { kind: input.kind, terms, note: input.note?.trim() || null, userId: user.id, now };
    let savedId = id;
    if (id === null) savedId = await settingsRepo.insertSynonym(trx, row);
    else if (!(await settingsRepo.updateSynonym(trx, id, row))) throw notFound('SYNONYM_NOT_FOUND', '同义词条目不存在');
    await analysisChanged(trx, now);
    await writeAudit(trx, actor, now, {
      action: id === null ? 'kb.synonym.create' : 'kb.synonym.update',
      entityType: 'kb_synonym',
      entityId: savedId!,
      after: { kind: input.kind, terms },
    });
    return { id: savedId!, kind: input.kind, terms };
  });
  await applyAnalysisChange(db, search);
  return saved;
}

export async function removeSynonym(db: Db, search: KbSearch, id: number, actor: Actor, now: Date) {
  await db.transaction().execute(async (trx) => {
    if (!(await settingsRepo.deleteSynonym(trx, id))) throw notFound('SYNONYM_NOT_FOUND', '同义词条目不存在');
    await analysisChanged(trx, now);
    await writeAudit(trx, actor, now, { action: 'kb.synonym.delete', entityType: 'kb_synonym', entityId: id });
  });
  await applyAnalysisChange(db, search);
}

const dictionaryWordPattern = /^[\u3400-\u9fffA-Za-z0-9·]{2,20}$/;

export async function addDictionaryWord(
  db: Db,
  search: KbSearch,
  user: CurrentUser,
  input: { word: string; note?: string | null | undefined },
  actor: Actor,
  now: Date,
) {
  const word = input.word.trim();
  if (!dictionaryWordPattern.test(word)) {
    throw invalidField('word', 'INVALID_WORD', '词条须为 2–20 个汉字、字母或数字，不含空格和标点');
  }
  const saved = await db.transaction().execute(async (trx) => {
    if ((await settingsRepo.findDictionaryWords(trx)).some((w) => w.word === word)) {
      throw invalidField('word', 'DUPLICATE_WORD', '词典中已有该词');
    }
    const id = await settingsRepo.insertDictionaryWord(trx, {
      word,
      note: input.note?.trim() || null,
      userId: user.id,
      now,
    });
    await analysisChanged(trx, now);
    await writeAudit(trx, actor, now, {
      action: 'kb.dictionary.add',
      entityType: 'kb_dictionary_word',
      entityId: id,
      after: { word },
    });
    return { id, word };
  });
  await applyAnalysisChange(db, search);
  return saved;
}

export async function removeDictionaryWord(db: Db, search: KbSearch, id: number, actor: Actor, now: Date) {
  await db.transaction().execute(async (trx) => {
    const word = await settingsRepo.deleteDictionaryWord(trx, id);
    if (word === null) throw notFound('WORD_NOT_FOUND', '词条不存在');
    await analysisChanged(trx, now);
    await writeAudit(trx, actor, now, {
      action: 'kb.dictionary.remove',
      entityType: 'kb_dictionary_word',
      entityId: id,
      before: { word },
    });
  });
  await applyAnalysisChange(db, search);
}

export const listSynonyms = (db: Db) => settingsRepo.findSynonyms(db);
export const listDictionaryWords = (db: Db) => settingsRepo.findDictionaryWords(db);

/** The articles agents used most, with the ranking boost it gives them. */
export async function clickThrough(db: Db, limit: number) {
  const rows = await searchRepo.findClickThrough(db, limit);
  return rows.map((r) => ({ ...r, boostPercent: Math.round(clickThroughBoost(r.useCount) * 1000) / 10 }));
}

/** Resets the click-through count of one article, or of every article. */
export async function resetClickThrough(db: Db, articleId: number | null, actor: Actor, now: Date) {
  return db.transaction().execute(async (trx) => {
    let ids: number[];
    if (articleId === null) ids = await searchRepo.resetAllUseCounts(trx);
    else {
      if (!(await articlesRepo.findArticle(trx, articleId)))
        throw invalidField('articleId', 'ARTICLE_NOT_FOUND', '知识不存在');
      await searchRepo.changeUseCount(trx, articleId, { set: 0 });
      ids = [articleId];
    }
    await searchRepo.appendIndexLog(
      trx,
      ids.map((id) => ({ articleId: id, kind: 'use' as const })),
      now,
    );
    await writeAudit(trx, actor, now, {
      action: 'kb.click_through.reset',
      entityType: 'kb_article',
      entityId: articleId ?? 'all',
      after: { articles: ids.length },
    });
    return { reset: ids.length };
  });
}
