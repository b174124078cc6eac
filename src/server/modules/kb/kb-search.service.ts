import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { KbSearchQuery, kbAdvancedSearchSchema } from '../../../shared/kb';
import type { Db, Tx } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import { addDays, shanghaiDate, shanghaiMidnight } from '../../platform/dates';
import { invalidField } from '../../platform/errors';
import type { RequestContext } from '../../platform/request-context';
import * as articlesRepo from './kb-articles.repository';
import { categorySubtree, checkLibraryCodes } from './kb-catalogue.service';
import { industries, maskOf, taxKinds, taxpayerTypes } from './kb-reference';
import type { Hit, KbSearch, SearchOutcome } from './kb-search';
import * as searchRepo from './kb-search.repository';
import { clickThroughBoost } from './search-index';

/** Use cases around search: the searches, hot questions, and the click-through boost fed by the articles agents use. */

const today = (now: Date) => shanghaiDate(now);

/** The most consulted articles of the last `days` days (热点问题). */
export async function hotArticles({ db, now }: RequestContext, days: number, limit: number) {
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

/** The articles agents used most, with the ranking boost it gives them. */
export async function clickThrough(db: Db, limit: number) {
  const rows = await searchRepo.findClickThrough(db, limit);
  return rows.map((r) => ({ ...r, boostPercent: Math.round(clickThroughBoost(r.useCount) * 1000) / 10 }));
}

/** Resets the click-through count of one article, or of every article. */
export async function resetClickThrough({ db, actor, now }: RequestContext, articleId: number | null) {
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

/** Warms the index at start when there is content (tests without content never pay for it). */
export async function warmSearchIndex(db: Db, search: KbSearch, log: FastifyBaseLogger): Promise<void> {
  if (!(await searchRepo.hasSearchDocs(db))) return;
  search.ready().catch((error: unknown) => log.error({ err: error }, 'kb index build failed'));
}

/** The contract's hit: exactly these keys. */
const contractHit = (h: Hit) => ({
  id: h.id,
  externalId: h.externalId,
  library: h.library,
  title: h.title,
  snippet: h.snippet,
  score: h.score,
  validity: h.validity,
});

const fullHit = (h: Hit) => {
  const { bodyText: _bodyText, ...rest } = h;
  return rest;
};

const fullOutcome = (o: SearchOutcome) => ({
  total: o.total,
  tookMs: o.tookMs,
  hits: o.hits.map(fullHit),
  facets: o.facets,
  corrections: o.corrections,
  relaxed: o.relaxed,
});

function checkDateRange(from: string | undefined, to: string | undefined): void {
  if (from && to && to < from) throw invalidField('to', 'DATE_RANGE', '结束日期不能早于开始日期');
}

/** Full-text search: the contract's shape, or with `view=full` the web app's (facets, corrections, more per hit). */
export async function searchArticles(db: Db, search: KbSearch, q: KbSearchQuery) {
  checkDateRange(q.from, q.to);
  if (q.library) await checkLibraryCodes(db, q.library, 'library');
  const outcome = await search.search({
    q: q.q,
    libraries: q.library,
    validities: q.validity,
    categoryIds: q.category !== undefined ? await categorySubtree(db, q.category) : undefined,
    taxKindMask: q.taxKind ? maskOf(taxKinds, q.taxKind) : undefined,
    industryMask: q.industry ? maskOf(industries, q.industry) : undefined,
    taxpayerTypeMask: q.taxpayerType ? maskOf(taxpayerTypes, q.taxpayerType) : undefined,
    regions: q.region,
    dateFrom: q.from,
    dateTo: q.to,
    limit: q.limit,
    offset: q.offset,
    sort: q.sort,
    facets: q.view === 'full',
  });
  if (q.view === 'full') return fullOutcome(outcome);
  return { total: outcome.total, tookMs: outcome.tookMs, hits: outcome.hits.map(contractHit) };
}

/** Suggestions while typing, each with the start of its answer. */
export async function suggestArticles(search: KbSearch, q: string, limit: number) {
  const outcome = await search.suggest(q, limit);
  return {
    total: outcome.total,
    tookMs: outcome.tookMs,
    corrections: outcome.corrections,
    hits: outcome.hits.map((h) => ({
      id: h.id,
      library: h.library,
      title: h.title,
      snippet: h.snippet,
      validity: h.validity,
      isExpired: h.isExpired,
      answerText: h.bodyText.slice(0, 4000),
    })),
  };
}

/** Advanced search by field with AND / OR / NOT, in the full view. */
export async function advancedSearch(db: Db, search: KbSearch, b: z.output<typeof kbAdvancedSearchSchema>) {
  checkDateRange(b.from, b.to);
  if (b.library) await checkLibraryCodes(db, b.library, 'library');
  const outcome = await search.advancedSearch(b.clauses, {
    libraries: b.library,
    validities: b.validity,
    dateFrom: b.from,
    dateTo: b.to,
    sort: b.sort,
    limit: b.limit,
    offset: b.offset,
    facets: true,
  });
  return fullOutcome(outcome);
}
