import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/connection';
import { isPostgres } from '../../db/migrations/helpers';
import type { Clock } from '../../platform/clock';
import { shanghaiDate } from '../../platform/dates';
import type { AppDeps } from '../../platform/deps';
import { type AnalyzedQuery, Analyzer, type Concept } from './analysis/analyzer';
import { answerSentences, highlightText, snippet } from './analysis/highlight';
import { caseLibraryCodes, type IntentKind, statesIntent } from './analysis/intents';
import type { RankingWeights } from './analysis/ranking-model';
import { type AnalysisConfig, loadAnalysisConfig } from './kb-analysis-config';
import { reanalyseSearchDocs } from './kb-publishing';
import { taxKindMaskOfTerms } from './kb-reference';
import * as searchRepo from './kb-search.repository';
import { dayNumber, indexDocumentOf } from './kb-search-docs';
import {
  type Clause,
  type Facets,
  fieldBit,
  type SearchFilters,
  SearchIndex,
  type SearchResult,
  type Validity,
} from './search-index';

/**
 * Where the index lives: in the memory of every server instance, derived from kb_search_docs and
 * kept current through kb_index_log (see README, "Knowledge base"). The database is the source of
 * truth; before each search an instance applies the log rows written since it last looked — one
 * indexed query that returns nothing most of the time — so a change made through any instance is
 * searchable on every instance at its next search, on SQLite and PostgreSQL alike, and ranking is
 * the same TypeScript code over the same documents on both.
 */

export interface SearchParams {
  q: string;
  libraries?: string[] | undefined;
  validities?: Validity[] | undefined;
  categoryIds?: ReadonlySet<number> | undefined;
  taxKindMask?: number | undefined;
  industryMask?: number | undefined;
  taxpayerTypeMask?: number | undefined;
  regions?: string[] | undefined;
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  limit: number;
  offset: number;
  sort?: 'relevance' | 'newest' | undefined;
  facets?: boolean | undefined;
}

export interface AdvancedClauseInput {
  op: 'and' | 'or' | 'not';
  field: 'any' | 'title' | 'body' | 'documentNumber' | 'issuer';
  text: string;
}

export interface Hit {
  id: number;
  externalId: string | null;
  library: string;
  title: string;
  snippet: string;
  /** The one or two sentences that answer the question (HTML, matched words marked). */
  answer: string;
  score: number;
  validity: Validity;
  categoryId: number | null;
  documentNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
  isExpired: boolean;
  validityNote: string | null;
  bodyText: string;
}

export interface SearchOutcome {
  total: number;
  tookMs: number;
  hits: Hit[];
  facets: Facets | null;
  corrections: AnalyzedQuery['corrections'];
  /** The query needed fewer words than usual to find anything. */
  relaxed: boolean;
}

const clauseFields: Record<AdvancedClauseInput['field'], number> = {
  any: 127,
  title: fieldBit.title | fieldBit.question,
  body: fieldBit.body | fieldBit.lead,
  documentNumber: fieldBit.documentNumber,
  issuer: fieldBit.issuer,
};

/** The terms to mark in titles and snippets: every alternative and part of the query's concepts. */
function highlightTerms(concepts: readonly Concept[]): string[] {
  const terms = new Set<string>();
  for (const c of concepts) {
    if (c.isHint) continue;
    for (const a of c.alternatives) terms.add(a.term);
    for (const g of c.parts?.groups ?? []) for (const t of g) terms.add(t);
  }
  return [...terms];
}

/** The one search index of a server instance, built with the app's dependencies (buildApp). */
export function createKbSearch(deps: Pick<AppDeps, 'db' | 'clock'>, log: FastifyBaseLogger): KbSearch {
  return new KbSearch(deps.db, deps.clock, log);
}

/** One instance's index of the knowledge base and the searches over it. */
export class KbSearch {
  private index = new SearchIndex();
  private config: AnalysisConfig | null = null;
  private analyzer: Analyzer | null = null;
  private lastLogId = 0;
  private building: Promise<void> | null = null;
  private refreshing: Promise<void> | null = null;
  private reanalysing: Promise<void> | null = null;
  private closed = false;
  /** PostgreSQL answers over the network: the log check then overlaps the computation. */
  private readonly overlapsLogCheck: boolean;
  /** Texts of recently shown articles (their published version), dropped when the log says they changed. */
  private readonly hitTexts = new Map<number, HitText>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log?: FastifyBaseLogger,
  ) {
    this.overlapsLogCheck = isPostgres(db);
  }

  /** The analysis settings this instance works with (built on first use). */
  async analysis(): Promise<AnalysisConfig> {
    await this.ready();
    return this.config!;
  }

  /**
   * Ranks with these weights from now on (training tries weights this way; a stored model reaches
   * every instance through the analysis data instead).
   */
  async setRankingWeights(weights: RankingWeights): Promise<void> {
    await this.ready();
    this.config = { ...this.config!, ranking: { ...this.config!.ranking, weights } };
    this.analyzer = analyzerOf(this.config, this.index);
  }

  /** Builds the index from the database on first use; later calls wait for the same build. */
  ready(): Promise<void> {
    this.building ??= this.build().catch((error: unknown) => {
      this.building = null;
      throw error;
    });
    return this.building;
  }

  private async build(): Promise<void> {
    const started = performance.now();
    const config = await loadAnalysisConfig(this.db);
    // Read the log position first: changes made while the documents load are applied again after.
    const lastLogId = await searchRepo.findLastIndexLogId(this.db);
    const index = new SearchIndex();
    index.setLibraryWeights(config.libraryWeights);
    let after = 0;
    for (;;) {
      const rows = await searchRepo.findIndexRowsAfter(this.db, after, 2000);
      for (const row of rows) index.upsert(indexDocumentOf(row));
      if (rows.length < 2000) break;
      after = rows[rows.length - 1]!.article_id;
    }
    index.compact();
    this.index = index;
    this.config = config;
    this.analyzer = analyzerOf(config, index);
    this.lastLogId = lastLogId;
    this.analyzer.warmPinyin();
    this.log?.info({ articles: index.size, ms: Math.round(performance.now() - started) }, 'kb index built');
    await this.applyLog();
    this.startReanalysis();
  }

  /**
   * Runs a computation over the index as of the latest committed change. The check for new log
   * rows is sent first and the computation runs while it travels (a network round trip on
   * PostgreSQL); only when rows came in is the index brought up to date and the computation rerun.
   */
  private async current<T>(compute: () => T): Promise<T> {
    await this.ready();
    if (this.refreshing) await this.refreshing;
    const pending = searchRepo.findIndexLogAfter(this.db, this.lastLogId, 1);
    if (!this.overlapsLogCheck) {
      // SQLite answers in-process: nothing to overlap, check first.
      if ((await pending).length > 0) await this.refresh();
      return compute();
    }
    // Let the query leave for PostgreSQL, then compute while it travels.
    await new Promise((resolve) => setImmediate(resolve));
    const first = compute();
    if ((await pending).length === 0) return first;
    await this.refresh();
    return compute();
  }

  /** Applies the log rows written since the last look (one instance-wide refresh at a time). */
  async refresh(): Promise<void> {
    await this.ready();
    this.refreshing ??= this.applyLog().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async applyLog(): Promise<void> {
    for (;;) {
      const rows = await searchRepo.findIndexLogAfter(this.db, this.lastLogId, 5000);
      if (rows.length === 0) return;
      const docs = new Set<number>();
      const uses = new Set<number>();
      let settingsChanged = false;
      for (const row of rows) {
        if (row.kind === 'settings') settingsChanged = true;
        else if (row.articleId !== null && row.kind === 'doc') docs.add(row.articleId);
        else if (row.articleId !== null && row.kind === 'use') uses.add(row.articleId);
      }
      if (settingsChanged) {
        const config = await loadAnalysisConfig(this.db);
        this.config = config;
        this.index.setLibraryWeights(config.libraryWeights);
        this.analyzer = analyzerOf(config, this.index);
        this.startReanalysis();
      }
      for (const id of docs) this.hitTexts.delete(id);
      const changed = await searchRepo.findIndexRows(this.db, [...docs, ...uses]);
      const present = new Set<number>();
      for (const row of changed) {
        present.add(row.article_id);
        if (docs.has(row.article_id) || !this.index.has(row.article_id)) this.index.upsert(indexDocumentOf(row));
        else this.index.setUseCount(row.article_id, row.use_count);
      }
      for (const id of docs) if (!present.has(id)) this.index.remove(id);
      this.lastLogId = rows[rows.length - 1]!.id;
      if (rows.length < 5000) return;
    }
  }

  /** Re-analyses, in the background, the documents analysed with an older dictionary. */
  startReanalysis(): void {
    if (this.reanalysing || this.closed) return;
    this.reanalysing = this.reanalyse()
      .catch((error: unknown) => this.log?.error({ err: error }, 'kb re-analysis failed'))
      .finally(() => {
        this.reanalysing = null;
      });
  }

  /** Resolves when the background re-analysis (if any) is done; for tests and the dictionary page. */
  async settled(): Promise<void> {
    await this.ready();
    while (this.reanalysing) await this.reanalysing;
  }

  private async reanalyse(): Promise<void> {
    for (;;) {
      if (this.closed) return;
      const config = this.config!;
      const count = await reanalyseSearchDocs(this.db, config, this.clock.now(), 300);
      if (count === 0) return;
      this.log?.info({ documents: count, analysisVersion: config.version }, 'kb documents re-analysed');
    }
  }

  close(): void {
    this.closed = true;
  }

  private today(): { date: string; day: number } {
    const date = shanghaiDate(this.clock.now());
    return { date, day: dayNumber(date) };
  }

  private filtersOf(p: SearchParams): SearchFilters {
    return {
      libraries: p.libraries,
      validities: p.validities,
      categoryIds: p.categoryIds,
      taxKindMask: p.taxKindMask,
      industryMask: p.industryMask,
      taxpayerTypeMask: p.taxpayerTypeMask,
      regions: p.regions,
      issuedFromDay: p.dateFrom ? dayNumber(p.dateFrom) : undefined,
      issuedToDay: p.dateTo ? dayNumber(p.dateTo) : undefined,
    };
  }

  /** Full-text search with filters, facets, highlighting. */
  async search(p: SearchParams): Promise<SearchOutcome> {
    const noQuery = p.q.trim() === '';
    return this.runQuery(p.q, {
      completePrefix: false,
      allowEmpty: noQuery,
      filters: this.filtersOf(p),
      offset: p.offset,
      limit: p.limit,
      sort: p.sort ?? (noQuery ? 'newest' : 'relevance'),
      facets: p.facets ?? false,
    });
  }

  /** Suggestions while typing: the last word may be incomplete, no filters, no facets. */
  async suggest(q: string, limit: number): Promise<SearchOutcome> {
    return this.runQuery(q, {
      completePrefix: true,
      allowEmpty: false,
      filters: {},
      offset: 0,
      limit,
      sort: 'relevance',
      facets: false,
    });
  }

  /**
   * The one query runner of `search` and `suggest`: analyse the text, search the current index,
   * hydrate and highlight the hits. A query of only stop words or hints finds nothing unless
   * `allowEmpty` (a filter-only search, newest first).
   */
  private async runQuery(q: string, o: QueryRun): Promise<SearchOutcome> {
    const started = performance.now();
    const today = this.today();
    const { analysed, main, result } = await this.current(() => {
      const analysed = this.analyzer!.analyzeQuery(q, o.completePrefix ? { completePrefix: true } : undefined);
      const main = analysed.concepts.filter((c) => !c.isHint);
      if (!o.allowEmpty && main.length === 0) return { analysed, main, result: null };
      const weights = this.analyzer!.weights;
      const asksCases = analysed.intents.includes('case');
      const result = this.index.search({
        concepts: analysed.concepts,
        libraryFactors: new Map(
          caseLibraryCodes.map((code) => [code, asksCases ? weights.caseAsked : weights.caseNotAsked]),
        ),
        proximityWeight: weights.proximity,
        requiredShare: weights.requiredShare,
        taxKindBoostMask: taxKindMaskOfTerms(main.flatMap((c) => c.alternatives.map((a) => a.term))),
        filters: o.filters,
        today: today.day,
        offset: o.offset,
        limit: o.limit,
        sort: o.sort,
        facets: o.facets,
      });
      return { analysed, main, result };
    });
    if (!result) {
      return {
        total: 0,
        tookMs: elapsed(started),
        hits: [],
        facets: null,
        corrections: analysed.corrections,
        relaxed: false,
      };
    }
    const hits = await this.hydrate(result, highlightTerms(analysed.concepts), today.date, analysed.intents);
    return {
      total: result.total,
      tookMs: elapsed(started),
      hits,
      facets: result.facets,
      corrections: analysed.corrections,
      // Suggestions do not report a relaxed query (as before the runner was shared).
      relaxed:
        !o.completePrefix &&
        result.requiredConcepts < SearchIndex.requiredConcepts(main.length, this.analyzer!.weights.requiredShare),
    };
  }

  /** Advanced search by field with AND / OR / NOT. */
  async advancedSearch(clauses: readonly AdvancedClauseInput[], p: Omit<SearchParams, 'q'>): Promise<SearchOutcome> {
    const started = performance.now();
    const today = this.today();
    const { analysed, result } = await this.current(() => {
      const analysed: Clause[] = clauses.map((c) => ({
        op: c.op,
        fieldMask: clauseFields[c.field],
        concepts: this.analyzer!.analyzeQuery(c.text).concepts.filter((concept) => !concept.isHint),
      }));
      const result = this.index.advancedSearch({
        clauses: analysed,
        filters: this.filtersOf({ ...p, q: '' }),
        today: today.day,
        offset: p.offset,
        limit: p.limit,
        sort: p.sort ?? 'relevance',
        facets: p.facets ?? false,
      });
      return { analysed, result };
    });
    const terms = highlightTerms(analysed.filter((c) => c.op !== 'not').flatMap((c) => c.concepts));
    const hits = await this.hydrate(result, terms, today.date);
    return {
      total: result.total,
      tookMs: elapsed(started),
      hits,
      facets: result.facets,
      corrections: [],
      relaxed: false,
    };
  }

  private async hydrate(
    result: SearchResult,
    terms: readonly string[],
    today: string,
    intents: readonly IntentKind[] = [],
  ): Promise<Hit[]> {
    const states = (sentence: string) => intents.some((kind) => statesIntent(sentence, kind));
    const missing = result.hits.map((h) => h.articleId).filter((id) => !this.hitTexts.has(id));
    if (missing.length > 0) {
      for (const row of await searchRepo.findHitTexts(this.db, missing)) {
        if (this.hitTexts.size >= hitTextCacheSize) this.hitTexts.delete(this.hitTexts.keys().next().value!);
        this.hitTexts.set(row.id, row);
      }
    }
    const byId = this.hitTexts;
    return result.hits.flatMap((h) => {
      const row = byId.get(h.articleId);
      if (!row) return [];
      const text = row.question ? `${row.question}\n${row.bodyText}` : row.bodyText;
      return [
        {
          id: row.id,
          externalId: row.externalId,
          library: row.libraryCode,
          title: highlightText(row.title, terms),
          snippet: snippet(text, terms),
          answer: answerSentences(row.bodyText, terms, states),
          score: Math.round(h.score * 10_000) / 10_000,
          validity: h.validity,
          categoryId: row.categoryId,
          documentNumber: row.documentNumber,
          issuer: row.issuer,
          issuedOn: row.issuedOn,
          isExpired: row.expiresOn !== null && row.expiresOn <= today,
          validityNote: row.validityNote,
          bodyText: row.bodyText,
        },
      ];
    });
  }

  /** Live documents in this instance's index (for tests and the health of the module). */
  get size(): number {
    return this.index.size;
  }

  /** How many kb_index_log entries this instance has not applied yet (all of them before its first search). */
  async lagBehindLog(): Promise<number> {
    return Math.max(0, (await searchRepo.findLastIndexLogId(this.db)) - this.lastLogId);
  }
}

function analyzerOf(config: AnalysisConfig, index: SearchIndex): Analyzer {
  return new Analyzer(config.segmenter, config.synonyms, index, {
    lexicon: config.lexicon,
    weights: config.ranking.weights,
  });
}

interface QueryRun {
  completePrefix: boolean;
  allowEmpty: boolean;
  filters: SearchFilters;
  offset: number;
  limit: number;
  sort: 'relevance' | 'newest';
  facets: boolean;
}

type HitText = Awaited<ReturnType<typeof searchRepo.findHitTexts>>[number];
const hitTextCacheSize = 2000;

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}
