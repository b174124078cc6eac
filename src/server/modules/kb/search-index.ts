import { type Validity, validities } from '../../../shared/kb';
import type { Alternative, Concept } from './analysis/analyzer';

/**
 * The in-memory inverted index every server instance keeps, derived from kb_search_docs (see
 * kb-search.ts for how it follows the database). A pure data structure: no I/O, deterministic, so
 * two instances holding the same documents rank identically whatever the database behind them.
 *
 * A posting holds, per term and document, the BM25F-saturated weight of the term over the fields,
 * a bit mask of the fields it occurs in (advanced search by field) and its first position
 * (proximity). Matching is "most of the words": a document must cover all concepts of a short
 * query and all but a quarter of a longer one, so candidates come from the rarest concepts' lists
 * only and the common ones are probed or scanned for those candidates — the work follows the size
 * of the answer, not the size of the head terms' lists. Totals and facets are exact over the match set.
 */

export const fieldNames = ['title', 'question', 'keywords', 'body', 'documentNumber', 'issuer', 'lead'] as const;
export type FieldName = (typeof fieldNames)[number];
export const fieldBit: Record<FieldName, number> = {
  title: 1,
  question: 2,
  keywords: 4,
  body: 8,
  documentNumber: 16,
  issuer: 32,
  lead: 64,
};
export const allFieldsMask = 127;

/**
 * Field weights and length normalisation (BM25F). The average lengths are fixed rather than
 * measured, so a posting's weight depends on its own document only and an instance that has
 * followed a thousand edits holds exactly the weights of one that has just been rebuilt.
 */
const fieldParameters: Record<FieldName, { weight: number; b: number; averageLength: number }> = {
  title: { weight: 3, b: 0.5, averageLength: 12 },
  question: { weight: 3, b: 0.5, averageLength: 15 },
  keywords: { weight: 2, b: 0, averageLength: 8 },
  body: { weight: 1, b: 0.75, averageLength: 100 },
  documentNumber: { weight: 1.5, b: 0, averageLength: 8 },
  issuer: { weight: 0.5, b: 0, averageLength: 4 },
  lead: { weight: 1, b: 0.5, averageLength: 20 },
};
const k1 = 1.2;
/** A document about a tax kind the query names (环境保护税 …) ranks this much higher. */
const taxKindBoost = 1.25;
/** Proximity: how many of the best candidates are reordered, the window in words, the weight per close pair. */
const rerankDepth = 100;
const proximityWindow = 5;
const proximityWeight = 0.5;
/** Positions are counted per field in blocks of this many words, so words of different fields are never near. */
const fieldSpan = 8192;
/** A compound's parts are ignored when the compound occurs in at least this share of the rarest part's documents. */
const redundantPartsShare = 0.5;
/** A concept is common when its lists hold more than this share of the index (and at least `commonMinimum` postings). */
const commonShare = 0.05;
const commonMinimum = 5000;
/** A document must cover this share of a longer query's concepts (all of a query of one or two). */
const defaultRequiredShare = 0.75;
/** When a query finds fewer documents than this, it is retried needing one concept fewer. */
const relaxBelow = 10;

export { type Validity, validities } from '../../../shared/kb';

const validityNames: readonly Validity[] = validities;
const validityCode: Record<Validity, number> = { in_force: 0, partly_void: 1, void: 2 };
/** At equal relevance: in force before partly void before void (expired counts as void). */
const validityFactor = [1, 0.92, 0.8];

/**
 * What a document contributes to the index, computed once when it is analysed (and stored, so an
 * instance builds its index without segmenting again): per distinct term its BM25F weight, the
 * fields it occurs in and its first position.
 */
export interface Postings {
  terms: readonly string[];
  weights: Float32Array;
  masks: Uint8Array;
  positions: Uint16Array;
}

/**
 * The postings of a document from its token groups per field (Segmenter.indexTokens of each
 * field's text: a word and the dictionary words inside it, which share its position).
 */
export function postingsOf(fields: Partial<Record<FieldName, readonly (readonly string[])[]>>): Postings {
  const slotOf = new Map<string, number>();
  const terms: string[] = [];
  const frequencies: number[] = [];
  const positions: number[] = [];
  const lengths = fieldNames.map((f) => fields[f]?.length ?? 0);
  const width = fieldNames.length;
  fieldNames.forEach((field, f) => {
    const groups = fields[field] ?? [];
    for (let position = 0; position < groups.length; position++) {
      for (const term of groups[position]!) {
        let slot = slotOf.get(term);
        if (slot === undefined) {
          slot = terms.length;
          slotOf.set(term, slot);
          terms.push(term);
          positions.push(f * fieldSpan + Math.min(position, fieldSpan - 1));
          for (let k = 0; k < width; k++) frequencies.push(0);
        }
        frequencies[slot * width + f]!++;
      }
    }
  });
  const weights = new Float32Array(terms.length);
  const masks = new Uint8Array(terms.length);
  for (let slot = 0; slot < terms.length; slot++) {
    let tf = 0;
    let mask = 0;
    for (let f = 0; f < width; f++) {
      const n = frequencies[slot * width + f]!;
      if (n === 0) continue;
      mask |= 1 << f;
      const p = fieldParameters[fieldNames[f]!];
      tf += (p.weight * n) / (1 - p.b + (p.b * lengths[f]!) / p.averageLength);
    }
    weights[slot] = (tf * (k1 + 1)) / (tf + k1);
    masks[slot] = mask;
  }
  return { terms, weights, masks, positions: Uint16Array.from(positions) };
}

export interface IndexDocument {
  articleId: number;
  postings: Postings;
  library: string;
  validity: Validity;
  categoryId: number | null;
  /** Bit masks over the reference lists (tax kinds, GB/T 4754 sections, taxpayer types). */
  taxKinds: number;
  industries: number;
  taxpayerTypes: number;
  region: string | null;
  /** Days since 1970-01-01 (0: unknown). */
  issuedDay: number;
  /** The article stops being in force at the start of this day (0: no expiry). */
  expiresDay: number;
  useCount: number;
  isPublic: boolean;
}

export interface SearchFilters {
  libraries?: readonly string[] | undefined;
  validities?: readonly Validity[] | undefined;
  /** Category ids to keep (a node and its descendants, already expanded). */
  categoryIds?: ReadonlySet<number> | undefined;
  taxKindMask?: number | undefined;
  industryMask?: number | undefined;
  taxpayerTypeMask?: number | undefined;
  regions?: readonly string[] | undefined;
  issuedFromDay?: number | undefined;
  issuedToDay?: number | undefined;
  publicOnly?: boolean | undefined;
}

export interface Clause {
  op: 'and' | 'or' | 'not';
  /** The fields the clause's words must occur in (fieldBit values or-ed). */
  fieldMask: number;
  concepts: readonly Concept[];
}

interface PageRequest {
  filters: SearchFilters;
  /** Today, in days since 1970-01-01, for expiry. */
  today: number;
  offset: number;
  limit: number;
  sort: 'relevance' | 'newest';
  facets: boolean;
}

export interface SearchRequest extends PageRequest {
  /** The analysed query; no concepts lists every document that passes the filters. */
  concepts: readonly Concept[];
  /** Tax kinds the query names: documents about one of them rank higher. */
  taxKindBoostMask?: number | undefined;
  /** Factors of libraries for this query (the case library when cases are, or are not, asked for). */
  libraryFactors?: ReadonlyMap<string, number> | undefined;
  /** Weight of a close pair of consecutive query words (the default when not given). */
  proximityWeight?: number | undefined;
  /** The share of a longer query's concepts a document must cover (the default when not given). */
  requiredShare?: number | undefined;
}

export interface AdvancedSearchRequest extends PageRequest {
  /** Every `and` clause, at least one `or` clause (when there are any), no `not` clause. */
  clauses: readonly Clause[];
}

export interface Facets {
  library: Record<string, number>;
  validity: Record<string, number>;
  category: Record<number, number>;
  taxKind: Record<number, number>;
  industry: Record<number, number>;
  taxpayerType: Record<number, number>;
  region: Record<string, number>;
  year: Record<number, number>;
}

export interface SearchResult {
  total: number;
  hits: Array<{ articleId: number; score: number; validity: Validity }>;
  facets: Facets | null;
  /** How many of the query's concepts a document had to cover (after relaxing, if it was relaxed). */
  requiredConcepts: number;
}

class PostingList {
  docs = new Uint32Array(2);
  weights = new Float32Array(2);
  masks = new Uint8Array(2);
  /** Where the term first occurs in the document (field block + word index), for proximity. */
  positions = new Uint16Array(2);
  length = 0;
  /** Live documents holding the term: its document frequency. */
  live = 0;

  push(doc: number, weight: number, mask: number, position: number): void {
    if (this.length === this.docs.length) {
      const size = this.length * 2;
      const docs = new Uint32Array(size);
      docs.set(this.docs);
      this.docs = docs;
      const weights = new Float32Array(size);
      weights.set(this.weights);
      this.weights = weights;
      const masks = new Uint8Array(size);
      masks.set(this.masks);
      this.masks = masks;
      const positions = new Uint16Array(size);
      positions.set(this.positions);
      this.positions = positions;
    }
    this.docs[this.length] = doc;
    this.weights[this.length] = weight;
    this.masks[this.length] = mask;
    this.positions[this.length] = position;
    this.length++;
  }

  /** The posting index of a document (lists are in ordinal order), or -1. */
  find(doc: number): number {
    const docs = this.docs;
    let low = 0;
    let high = this.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const at = docs[mid]!;
      if (at === doc) return mid;
      if (at < doc) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  /**
   * The posting index of a document searching forward from `from` (galloping), or −1 − the index
   * where the search stopped; with candidates in ascending order each probe costs O(log gap).
   */
  seek(doc: number, from: number): number {
    const docs = this.docs;
    const length = this.length;
    if (from >= length || docs[from]! > doc) {
      const at = this.find(doc);
      return at >= 0 ? at : -1 - from;
    }
    let low = from;
    let step = 1;
    let high = from + 1;
    while (high < length && docs[high]! < doc) {
      low = high;
      step *= 2;
      high = from + step;
    }
    if (high > length - 1) high = length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const at = docs[mid]!;
      if (at === doc) return mid;
      if (at < doc) low = mid + 1;
      else high = mid - 1;
    }
    return -1 - low;
  }

  /** Drops postings of dead documents and spare capacity. */
  compact(isLive: Uint8Array): void {
    let w = 0;
    for (let r = 0; r < this.length; r++) {
      const doc = this.docs[r]!;
      if (!isLive[doc]) continue;
      this.docs[w] = doc;
      this.weights[w] = this.weights[r]!;
      this.masks[w] = this.masks[r]!;
      this.positions[w] = this.positions[r]!;
      w++;
    }
    this.length = w;
    const size = Math.max(w, 2);
    this.docs = this.docs.slice(0, size);
    this.weights = this.weights.slice(0, size);
    this.masks = this.masks.slice(0, size);
    this.positions = this.positions.slice(0, size);
  }
}

type NumericArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

function grow<T extends NumericArray>(array: T, size: number): T {
  if (array.length >= size) return array;
  const next = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}

const withoutParts = (c: ResolvedConcept): ResolvedConcept => (c.parts.length === 0 ? c : { ...c, parts: [] });

/** Keeps the best `size` entries by (score, tie), worst on top; higher tie wins (newer, then higher id). */
class TopK {
  private readonly items: number[] = [];
  private readonly scores: number[] = [];
  private readonly ties: number[] = [];
  constructor(private readonly size: number) {}

  private worse(i: number, j: number): boolean {
    const a = this.scores[i]!;
    const b = this.scores[j]!;
    return a < b || (a === b && this.ties[i]! < this.ties[j]!);
  }

  private swap(i: number, j: number): void {
    const item = this.items[i]!;
    this.items[i] = this.items[j]!;
    this.items[j] = item;
    const score = this.scores[i]!;
    this.scores[i] = this.scores[j]!;
    this.scores[j] = score;
    const tie = this.ties[i]!;
    this.ties[i] = this.ties[j]!;
    this.ties[j] = tie;
  }

  /** Scores below this cannot enter (−∞ until the heap is full). */
  floor(): number {
    return this.items.length < this.size ? Number.NEGATIVE_INFINITY : this.scores[0]!;
  }

  offer(item: number, score: number, tie: number): void {
    if (this.size === 0) return;
    if (this.items.length < this.size) {
      this.items.push(item);
      this.scores.push(score);
      this.ties.push(tie);
      let i = this.items.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(i, parent)) break;
        this.swap(i, parent);
        i = parent;
      }
      return;
    }
    const s = this.scores[0]!;
    if (score < s || (score === s && tie <= this.ties[0]!)) return;
    this.items[0] = item;
    this.scores[0] = score;
    this.ties[0] = tie;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.items.length && this.worse(l, m)) m = l;
      if (r < this.items.length && this.worse(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }

  /** Best first. */
  sorted(): Array<{ item: number; score: number; tie: number }> {
    return this.items
      .map((item, i) => ({ item, score: this.scores[i]!, tie: this.ties[i]! }))
      .sort((x, y) => y.score - x.score || y.tie - x.tie);
  }
}

/** A concept resolved against the index: its posting lists with their factors (idf × weight). */
interface ResolvedConcept {
  concept: Concept;
  lists: PostingList[];
  factors: number[];
  /** Parts: one entry per part, each the lists of the part and its synonyms with one factor; smallest first. */
  parts: Array<{ lists: PostingList[]; factor: number; size: number }>;
  /** At most how many documents it matches (its lists, and its rarest part): candidates come from the smallest. */
  size: number;
  isHint: boolean;
}

export class SearchIndex {
  private readonly termIds = new Map<string, number>();
  private readonly lists: PostingList[] = [];
  /** Every term ever indexed, in order of first appearance (the analyzer's pinyin keys follow it). */
  readonly termList: string[] = [];

  // Per-document columns, indexed by ordinal. An update appends a new ordinal and kills the old one.
  private count = 0;
  private liveCount = 0;
  private deadPostings = 0;
  private livePostings = 0;
  private readonly ordinalOf = new Map<number, number>();
  private articleIds = new Int32Array(1024);
  private isLive = new Uint8Array(1024);
  /**
   * Packed per-document attributes, one word, so that filtering, facets and ranking read few arrays:
   * library (bits 0–4), stored validity (5–6), has an expiry date (7), year − 1900 (8–15),
   * region (16–23), public (24).
   */
  private attrs = new Uint32Array(1024);
  private categoryOf = new Int32Array(1024);
  private taxKindsOf = new Uint32Array(1024);
  /** Industries (bits 0–19) and taxpayer types (bits 20–25). */
  private typesOf = new Uint32Array(1024);
  private issuedOf = new Int32Array(1024);
  private expiresOf = new Int32Array(1024);
  private useCountOf = new Uint32Array(1024);
  /** Ranking prior of the document as stored: recency × click-through × library weight × validity. */
  private rankOf = new Float32Array(1024);
  /** Term ids of each ordinal, so that document frequencies stay exact when a document leaves. */
  private termStart = new Uint32Array(1025);
  private termArena = new Uint32Array(4096);
  private arenaLength = 0;

  private readonly libraryCodes: string[] = [];
  private libraryWeights = new Float32Array(64).fill(1);
  /** The query's own library factors (SearchRequest.libraryFactors), 1 for every library otherwise. */
  private queryLibraryFactors = new Float32Array(64).fill(1);
  private readonly configuredLibraryWeights = new Map<string, number>();
  private readonly regionCodes: string[] = [''];

  // Scratch space of one search (searches run one at a time on the event loop).
  /** Per document: the query it was last touched by (high 26 bits) and how many concepts it covers (low 6). */
  private state = new Uint32Array(1024);
  private queryCounter = 0;
  private accumulator = new Float32Array(1024);
  private requiredCoverage = new Uint8Array(1024);
  private conceptStamp = new Uint32Array(1024);
  private conceptValue = new Float32Array(1024);
  private partStamp = new Uint32Array(1024);
  private partHolders = new Uint32Array(1024);
  private groupSeen = new Uint32Array(1024);
  private partSum = new Float32Array(1024);
  private partCount = new Uint8Array(1024);
  private touched = new Uint32Array(1024);
  private conceptTouched = new Uint32Array(1024);
  private stamp = 0;
  // Facet counters of one search, by code.
  private facetLibrary = new Uint32Array(64);
  private facetValidity = new Uint32Array(3);
  private facetCategory = new Uint32Array(1024);
  private facetTaxKind = new Uint32Array(32);
  private facetIndustry = new Uint32Array(32);
  private facetTaxpayerType = new Uint32Array(32);
  private facetRegion = new Uint32Array(64);
  private facetYear = new Uint32Array(256);

  /** Live documents. */
  get size(): number {
    return this.liveCount;
  }

  /** In how many live documents the term occurs. */
  documentFrequency(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.lists[id]!.live;
  }

  has(articleId: number): boolean {
    return this.ordinalOf.has(articleId);
  }

  private codeOf(list: string[], value: string): number {
    let code = list.indexOf(value);
    if (code < 0) {
      code = list.length;
      list.push(value);
      if (list === this.libraryCodes) {
        this.libraryWeights = grow(this.libraryWeights, code + 1);
        this.libraryWeights[code] = this.configuredLibraryWeights.get(value) ?? 1;
      }
    }
    return code;
  }

  /** Sets the rank weight of each library (1 when not given): an authority prior, policy answers and case bulletins illustrate. */
  setLibraryWeights(weights: ReadonlyMap<string, number>): void {
    this.configuredLibraryWeights.clear();
    for (const [code, weight] of weights) this.configuredLibraryWeights.set(code, weight);
    this.libraryCodes.forEach((code, i) => {
      this.libraryWeights[i] = weights.get(code) ?? 1;
    });
    for (let ordinal = 0; ordinal < this.count; ordinal++) {
      if (this.isLive[ordinal]) this.rankOf[ordinal] = this.rankPrior(ordinal);
    }
  }

  private ensureCapacity(size: number): void {
    if (this.articleIds.length >= size) return;
    this.articleIds = grow(this.articleIds, size);
    this.isLive = grow(this.isLive, size);
    this.attrs = grow(this.attrs, size);
    this.categoryOf = grow(this.categoryOf, size);
    this.taxKindsOf = grow(this.taxKindsOf, size);
    this.typesOf = grow(this.typesOf, size);
    this.issuedOf = grow(this.issuedOf, size);
    this.expiresOf = grow(this.expiresOf, size);
    this.useCountOf = grow(this.useCountOf, size);
    this.rankOf = grow(this.rankOf, size);
    this.termStart = grow(this.termStart, size + 1);
    this.state = grow(this.state, size);
    this.accumulator = grow(this.accumulator, size);
    this.requiredCoverage = grow(this.requiredCoverage, size);
    this.conceptStamp = grow(this.conceptStamp, size);
    this.conceptValue = grow(this.conceptValue, size);
    this.partStamp = grow(this.partStamp, size);
    this.partHolders = grow(this.partHolders, size);
    this.groupSeen = grow(this.groupSeen, size);
    this.partSum = grow(this.partSum, size);
    this.partCount = grow(this.partCount, size);
    this.touched = grow(this.touched, size);
    this.conceptTouched = grow(this.conceptTouched, size);
  }

  private termIdOf(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.lists.length;
      this.termIds.set(term, id);
      this.lists.push(new PostingList());
      this.termList.push(term);
    }
    return id;
  }

  /** Adds a document, replacing the one with the same article id. */
  upsert(doc: IndexDocument): void {
    this.remove(doc.articleId);
    const ordinal = this.count++;
    this.ensureCapacity(this.count);
    this.ordinalOf.set(doc.articleId, ordinal);
    this.articleIds[ordinal] = doc.articleId;
    this.isLive[ordinal] = 1;
    this.liveCount++;
    const library = this.codeOf(this.libraryCodes, doc.library);
    const region = doc.region ? this.codeOf(this.regionCodes, doc.region) : 0;
    const year = doc.issuedDay > 0 ? new Date(doc.issuedDay * 86_400_000).getUTCFullYear() - 1900 : 0;
    this.attrs[ordinal] =
      (library & 31) |
      (validityCode[doc.validity] << 5) |
      (doc.expiresDay > 0 ? 128 : 0) |
      ((Math.min(Math.max(year, 0), 255) & 255) << 8) |
      ((region & 255) << 16) |
      (doc.isPublic ? 1 << 24 : 0);
    this.categoryOf[ordinal] = doc.categoryId ?? -1;
    if (doc.categoryId !== null) this.facetCategory = grow(this.facetCategory, doc.categoryId + 1);
    this.taxKindsOf[ordinal] = doc.taxKinds >>> 0;
    this.typesOf[ordinal] = ((doc.industries & 0xfffff) | ((doc.taxpayerTypes & 63) << 20)) >>> 0;
    this.facetRegion = grow(this.facetRegion, this.regionCodes.length);
    this.facetLibrary = grow(this.facetLibrary, this.libraryCodes.length);
    this.issuedOf[ordinal] = doc.issuedDay;
    this.expiresOf[ordinal] = doc.expiresDay;
    this.useCountOf[ordinal] = doc.useCount;
    this.rankOf[ordinal] = this.rankPrior(ordinal);

    const postings = doc.postings;
    const n = postings.terms.length;
    this.termArena = grow(this.termArena, this.arenaLength + n);
    this.termStart[ordinal] = this.arenaLength;
    for (let i = 0; i < n; i++) {
      const id = this.termIdOf(postings.terms[i]!);
      const list = this.lists[id]!;
      list.push(ordinal, postings.weights[i]!, postings.masks[i]!, postings.positions[i]!);
      list.live++;
      this.termArena[this.arenaLength++] = id;
    }
    this.termStart[ordinal + 1] = this.arenaLength;
    this.livePostings += n;
  }

  /** Removes a document (nothing when absent). */
  remove(articleId: number): void {
    const ordinal = this.ordinalOf.get(articleId);
    if (ordinal === undefined) return;
    this.ordinalOf.delete(articleId);
    this.isLive[ordinal] = 0;
    this.liveCount--;
    const from = this.termStart[ordinal]!;
    const to = this.termStart[ordinal + 1]!;
    for (let i = from; i < to; i++) this.lists[this.termArena[i]!]!.live--;
    this.deadPostings += to - from;
    this.livePostings -= to - from;
    if (this.deadPostings > 50_000 && this.deadPostings > this.livePostings / 4) this.compact();
  }

  /** Updates the click-through count of a document in place. */
  setUseCount(articleId: number, useCount: number): void {
    const ordinal = this.ordinalOf.get(articleId);
    if (ordinal === undefined) return;
    this.useCountOf[ordinal] = useCount;
    this.rankOf[ordinal] = this.rankPrior(ordinal);
  }

  /** Drops dead postings and trims spare capacity (after a bulk load, or when many documents changed). */
  compact(): void {
    for (const list of this.lists) list.compact(this.isLive);
    this.deadPostings = 0;
  }

  private effectiveValidity(ordinal: number, today: number): number {
    const attrs = this.attrs[ordinal]!;
    if (attrs & 128 && this.expiresOf[ordinal]! <= today) return 2;
    return (attrs >>> 5) & 3;
  }

  private idf(alternatives: readonly Alternative[] | readonly string[]): number {
    let df = 0;
    for (const a of alternatives) df = Math.max(df, this.documentFrequency(typeof a === 'string' ? a : a.term));
    return Math.log(1 + (this.liveCount - df + 0.5) / (df + 0.5));
  }

  /** One idf per concept (the most frequent alternative's): synonyms do not outscore each other by rarity. */
  private resolve(concept: Concept): ResolvedConcept {
    const resolved: ResolvedConcept = {
      concept,
      lists: [],
      factors: [],
      parts: [],
      size: 0,
      isHint: concept.isHint === true,
    };
    const idf = this.idf(concept.alternatives);
    for (const alternative of concept.alternatives) {
      const id = this.termIds.get(alternative.term);
      if (id === undefined) continue;
      resolved.lists.push(this.lists[id]!);
      resolved.factors.push(alternative.weight * idf);
      resolved.size += this.lists[id]!.length;
    }
    for (const group of concept.parts?.groups ?? []) {
      const lists = group.flatMap((term) => {
        const id = this.termIds.get(term);
        return id === undefined ? [] : [this.lists[id]!];
      });
      const size = lists.reduce((n, l) => n + l.length, 0);
      resolved.parts.push({ lists, factor: (concept.parts?.weight ?? 0) * this.idf(group), size });
    }
    resolved.parts.sort((a, b) => a.size - b.size);
    // Parts only help when the compound is much rarer than its parts (申报期限 against 申报, 期限);
    // when most texts holding the parts hold the compound too (中华人民共和国), they add nothing.
    const rarestPart = resolved.parts[0]?.size ?? 0;
    if (rarestPart > 0 && resolved.size >= rarestPart * redundantPartsShare) resolved.parts = [];
    // The parts match where all of them occur: at most as many documents as the rarest part.
    if (resolved.parts.length > 0) resolved.size += rarestPart;
    return resolved;
  }

  /**
   * Adds one concept to the candidates' scores. A document gets the best of the concept's
   * alternatives, or — when it holds every part of a compound — the parts' weights. With `collect`,
   * documents not yet touched become candidates; otherwise only candidates count, and a list much
   * longer than the candidates is probed by binary search instead of scanned.
   */
  private applyConcept(c: ResolvedConcept, query: number, touchedCount: number, collect: boolean): number {
    if (c.parts.length === 0 && c.lists.length === 1) return this.applyList(c, query, touchedCount, collect);
    const state = this.state;
    const checkLive = this.deadPostings > 0;
    const live = this.isLive;
    const conceptStamp = this.conceptStamp;
    const value = this.conceptValue;
    const local = this.conceptTouched;
    const stamp = this.nextStamp();
    let inConcept = 0;

    if (!collect && c.size > touchedCount * 12) {
      // Few candidates, long lists: look each candidate up.
      for (let j = 0; j < touchedCount; j++) {
        const doc = this.touched[j]!;
        let best = -1;
        for (let k = 0; k < c.lists.length; k++) {
          const at = c.lists[k]!.find(doc);
          if (at >= 0) best = Math.max(best, c.lists[k]!.weights[at]! * c.factors[k]!);
        }
        let sum = 0;
        let count = 0;
        for (const part of c.parts) {
          let found = false;
          for (const list of part.lists) {
            const at = list.find(doc);
            if (at >= 0) {
              sum += list.weights[at]! * part.factor;
              found = true;
              break;
            }
          }
          if (!found) break;
          count++;
        }
        if (c.parts.length > 0 && count === c.parts.length) best = Math.max(best, sum);
        if (best >= 0) this.accept(doc, best, c.isHint);
      }
      return touchedCount;
    }

    for (let k = 0; k < c.lists.length; k++) {
      const list = c.lists[k]!;
      const docs = list.docs;
      const weights = list.weights;
      const factor = c.factors[k]!;
      const n = list.length;
      for (let i = 0; i < n; i++) {
        const doc = docs[i]!;
        if (state[doc]! >>> 6 !== query) {
          if (!collect || (checkLive && live[doc] === 0)) continue;
          touchedCount = this.touch(doc, query, touchedCount);
        }
        const v = weights[i]! * factor;
        if (conceptStamp[doc] !== stamp) {
          conceptStamp[doc] = stamp;
          value[doc] = v;
          local[inConcept++] = doc;
        } else if (v > value[doc]!) value[doc] = v;
      }
    }
    // Through its parts a concept matches only a document holding every part: intersect them,
    // smallest group first, so a common part is probed for the few documents left.
    if (c.parts.length > 0) {
      const groups = c.parts;
      const partStamp = this.partStamp;
      const partCount = this.partCount;
      const partSum = this.partSum;
      const holders = this.partHolders;
      const partStampId = this.nextStamp();
      let held = 0;
      for (let g = 0; g < groups.length; g++) {
        const part = groups[g]!;
        if (g === 0) {
          if (!collect && part.size > touchedCount * 12) {
            for (let j = 0; j < touchedCount; j++) {
              const doc = this.touched[j]!;
              for (const list of part.lists) {
                const at = list.find(doc);
                if (at < 0) continue;
                partStamp[doc] = partStampId;
                partCount[doc] = 1;
                partSum[doc] = list.weights[at]! * part.factor;
                holders[held++] = doc;
                break;
              }
            }
            continue;
          }
          for (const list of part.lists) {
            const docs = list.docs;
            const n = list.length;
            for (let i = 0; i < n; i++) {
              const doc = docs[i]!;
              if (partStamp[doc] === partStampId) continue;
              if (collect ? checkLive && live[doc] === 0 : state[doc]! >>> 6 !== query) continue;
              partStamp[doc] = partStampId;
              partCount[doc] = 1;
              partSum[doc] = list.weights[i]! * part.factor;
              holders[held++] = doc;
            }
          }
          continue;
        }
        if (part.size > held * 12) {
          for (let j = 0; j < held; j++) {
            const doc = holders[j]!;
            if (partCount[doc] !== g) continue;
            for (const list of part.lists) {
              const at = list.find(doc);
              if (at >= 0) {
                partSum[doc]! += list.weights[at]! * part.factor;
                partCount[doc]!++;
                break;
              }
            }
          }
        } else {
          const groupStamp = this.nextStamp();
          for (const list of part.lists) {
            const docs = list.docs;
            const n = list.length;
            for (let i = 0; i < n; i++) {
              const doc = docs[i]!;
              if (partStamp[doc] !== partStampId || partCount[doc] !== g || this.groupSeen[doc] === groupStamp)
                continue;
              this.groupSeen[doc] = groupStamp;
              partSum[doc]! += list.weights[i]! * part.factor;
              partCount[doc]!++;
            }
          }
        }
      }
      for (let j = 0; j < held; j++) {
        const doc = holders[j]!;
        if (partCount[doc] !== groups.length) continue;
        if (state[doc]! >>> 6 !== query) touchedCount = this.touch(doc, query, touchedCount);
        const v = partSum[doc]!;
        if (conceptStamp[doc] !== stamp) {
          conceptStamp[doc] = stamp;
          value[doc] = v;
          local[inConcept++] = doc;
        } else if (v > value[doc]!) value[doc] = v;
      }
    }
    for (let j = 0; j < inConcept; j++) {
      const doc = local[j]!;
      this.accept(doc, value[doc]!, c.isHint);
    }
    return touchedCount;
  }

  /** Makes a document a candidate of this query: score 0, no concept covered yet. */
  private touch(doc: number, query: number, touchedCount: number): number {
    this.state[doc] = query * 64;
    this.accumulator[doc] = 0;
    this.touched[touchedCount] = doc;
    return touchedCount + 1;
  }

  /** Adds a concept's value to a candidate, and counts the concept as covered (hints are not counted). */
  private accept(doc: number, value: number, isHint: boolean): void {
    this.accumulator[doc]! += value;
    if (!isHint) this.state[doc]!++;
  }

  /** A fresh stamp for the per-concept marks (they wrap around safely: the arrays are cleared then). */
  private nextStamp(): number {
    if (this.stamp >= 0xfffffff0) {
      this.stamp = 0;
      this.conceptStamp.fill(0);
      this.partStamp.fill(0);
      this.groupSeen.fill(0);
    }
    return ++this.stamp;
  }

  /** A fresh query number for the per-document state (26 bits; the state is cleared when they run out). */
  private nextQuery(): number {
    if (this.queryCounter >= (1 << 26) - 1) {
      this.queryCounter = 0;
      this.state.fill(0);
    }
    return ++this.queryCounter;
  }

  /**
   * The common case, kept tight: a concept with one term (no synonyms, no parts). Each document
   * occurs once in a list, so its weight adds directly; the packed state (query number and count of
   * covered concepts in one word) keeps the work per posting to two arrays.
   */
  private applyList(c: ResolvedConcept, query: number, touchedCount: number, collect: boolean): number {
    const list = c.lists[0]!;
    const docs = list.docs;
    const weights = list.weights;
    const n = list.length;
    const factor = c.factors[0]!;
    const step = c.isHint ? 0 : 1;
    const state = this.state;
    const acc = this.accumulator;
    const touched = this.touched;
    if (collect) {
      const checkLive = this.deadPostings > 0;
      const live = this.isLive;
      const fresh = query * 64;
      for (let i = 0; i < n; i++) {
        const doc = docs[i]!;
        const current = state[doc]!;
        if (current >>> 6 !== query) {
          if (checkLive && live[doc] === 0) continue;
          state[doc] = fresh + step;
          acc[doc] = weights[i]! * factor;
          touched[touchedCount++] = doc;
        } else {
          state[doc] = current + step;
          acc[doc]! += weights[i]! * factor;
        }
      }
      return touchedCount;
    }
    if (n > touchedCount * 4) {
      // Candidates mostly come in ascending order: gallop from the last position found.
      let cursor = 0;
      for (let j = 0; j < touchedCount; j++) {
        const doc = touched[j]!;
        const at = list.seek(doc, cursor);
        if (at < 0) {
          cursor = -1 - at;
          continue;
        }
        cursor = at + 1;
        acc[doc]! += weights[at]! * factor;
        state[doc]! += step;
      }
      return touchedCount;
    }
    for (let i = 0; i < n; i++) {
      const doc = docs[i]!;
      const current = state[doc]!;
      if (current >>> 6 !== query) continue;
      acc[doc]! += weights[i]! * factor;
      state[doc] = current + step;
    }
    return touchedCount;
  }

  /** How many concepts a document must cover: all of a short query, three quarters of a longer one. */
  static requiredConcepts(conceptCount: number, share = defaultRequiredShare): number {
    return conceptCount <= 2 ? conceptCount : Math.max(2, Math.floor(conceptCount * share));
  }

  private filterState(f: SearchFilters) {
    let libraries: Uint8Array | null = null;
    if (f.libraries && f.libraries.length > 0) {
      libraries = new Uint8Array(Math.max(this.libraryCodes.length, 1));
      for (const code of f.libraries) {
        const i = this.libraryCodes.indexOf(code);
        if (i >= 0) libraries[i] = 1;
      }
    }
    let validities = 7;
    if (f.validities && f.validities.length > 0) {
      validities = 0;
      for (const v of f.validities) validities |= 1 << validityCode[v];
    }
    let regions: Uint8Array | null = null;
    if (f.regions && f.regions.length > 0) {
      regions = new Uint8Array(this.regionCodes.length);
      for (const r of f.regions) {
        const i = this.regionCodes.indexOf(r);
        if (i > 0) regions[i] = 1;
      }
    }
    return { libraries, validities, regions };
  }

  private passes(ordinal: number, f: SearchFilters, state: ReturnType<SearchIndex['filterState']>, today: number) {
    const attrs = this.attrs[ordinal]!;
    if (state.libraries && !state.libraries[attrs & 31]) return false;
    if (state.validities !== 7 && !(state.validities & (1 << this.effectiveValidity(ordinal, today)))) return false;
    if (f.categoryIds && !f.categoryIds.has(this.categoryOf[ordinal]!)) return false;
    if (f.taxKindMask && !(this.taxKindsOf[ordinal]! & f.taxKindMask)) return false;
    if (f.industryMask && !(this.typesOf[ordinal]! & 0xfffff & f.industryMask)) return false;
    if (f.taxpayerTypeMask && !((this.typesOf[ordinal]! >>> 20) & f.taxpayerTypeMask)) return false;
    if (state.regions && !state.regions[(attrs >>> 16) & 255]) return false;
    const issued = this.issuedOf[ordinal]!;
    if (f.issuedFromDay !== undefined && (issued === 0 || issued < f.issuedFromDay)) return false;
    if (f.issuedToDay !== undefined && (issued === 0 || issued > f.issuedToDay)) return false;
    if (f.publicOnly && !(attrs & (1 << 24))) return false;
    return true;
  }

  private priorFactor(ordinal: number, today: number, boostMask: number): number {
    let factor = this.rankOf[ordinal]! * this.queryLibraryFactors[this.attrs[ordinal]! & 31]!;
    if (boostMask !== 0 && (this.taxKindsOf[ordinal]! & boostMask) !== 0) factor *= taxKindBoost;
    const attrs = this.attrs[ordinal]!;
    // Past its expiry date the article ranks as void, whatever validity it was stored with.
    if (attrs & 128 && this.expiresOf[ordinal]! <= today)
      factor *= validityFactor[2]! / validityFactor[(attrs >>> 5) & 3]!;
    return factor;
  }

  /** The document's stored ranking prior (recomputed when its click-through count or a library weight changes). */
  private rankPrior(ordinal: number): number {
    const attrs = this.attrs[ordinal]!;
    return Math.fround(
      priorOf(this.useCountOf[ordinal]!, this.issuedOf[ordinal]!) *
        this.libraryWeights[attrs & 31]! *
        validityFactor[(attrs >>> 5) & 3]!,
    );
  }

  /** Collects a page, the total and the facets over candidate ordinals and their relevance. */
  private collectPage(
    request: PageRequest,
    boostMask: number,
    candidates: (visit: (ordinal: number, relevance: number) => void) => void,
    depth: number,
  ) {
    const f = request.filters;
    const state = this.filterState(f);
    const unfiltered = isUnfiltered(f);
    const today = request.today;
    const withFacets = request.facets;
    if (withFacets) this.resetFacets();
    const top = new TopK(Math.max(request.offset + request.limit, depth));
    let total = 0;
    candidates((ordinal, relevance) => {
      if (!unfiltered && !this.passes(ordinal, f, state, today)) return;
      total++;
      if (withFacets) this.countFacets(ordinal, today);
      const issued = this.issuedOf[ordinal]!;
      const id = this.articleIds[ordinal]!;
      if (request.sort === 'newest') top.offer(ordinal, issued, id);
      else top.offer(ordinal, Math.fround(relevance * this.priorFactor(ordinal, today, boostMask)), issued * 1e7 + id);
    });
    return { total, facets: withFacets ? this.facetsOut() : null, ranked: top.sorted() };
  }

  private page(
    request: PageRequest,
    collected: { total: number; facets: Facets | null; ranked: Array<{ item: number; score: number }> },
    requiredConcepts: number,
  ): SearchResult {
    return {
      total: collected.total,
      hits: collected.ranked.slice(request.offset, request.offset + request.limit).map(({ item, score }) => ({
        articleId: this.articleIds[item]!,
        score: request.sort === 'newest' ? 0 : score,
        validity: validityNames[this.effectiveValidity(item, request.today)]!,
      })),
      facets: collected.facets,
      requiredConcepts,
    };
  }

  /** Free-text search: ranked page, exact total and facet counts over every match passing the filters. */
  search(request: SearchRequest): SearchResult {
    const boostMask = request.taxKindBoostMask ?? 0;
    this.setQueryLibraryFactors(request.libraryFactors);
    const resolved = request.concepts.map((c) => this.resolve(c));
    const main = resolved.filter((c) => !c.isHint);
    const hints = resolved.filter((c) => c.isHint);
    if (main.length === 0) {
      const all = this.collectPage(
        request,
        0,
        (visit) => {
          for (let ordinal = 0; ordinal < this.count; ordinal++) if (this.isLive[ordinal]) visit(ordinal, 0);
        },
        0,
      );
      return this.page(request, all, 0);
    }
    // Common concepts (in more than `commonShare` of a large index: 依据, 公司, 税务 …) are scored for
    // the documents the rarer concepts find, not searched for (as Lucene's common-terms query): they
    // cost a probe per candidate instead of a pass over a list holding half the index.
    const commonFloor = Math.max(commonMinimum, this.liveCount * commonShare);
    const rare = main.filter((c) => c.size < commonFloor);
    const required_ = rare.length > 0 ? rare : main;
    const optional = rare.length > 0 ? main.filter((c) => c.size >= commonFloor) : [];
    // Rarest first: a document covering `required` concepts must hold one of the first n - required + 1.
    const bySize = [...required_].sort((a, b) => a.size - b.size);
    const useProximity = request.sort === 'relevance' && main.length >= 2;
    let required = SearchIndex.requiredConcepts(required_.length, request.requiredShare);
    for (;;) {
      const query = this.nextQuery();
      let touched = 0;
      const generators = bySize.length - required + 1;
      const needed = required;
      for (let i = 0; i < generators; i++) touched = this.applyConcept(bySize[i]!, query, touched, true);
      for (let i = generators; i < bySize.length; i++) {
        // Drop candidates that cannot reach `required` even with every concept still to come:
        // the candidates shrink, and the longer lists that follow are probed rather than scanned.
        touched = this.dropHopeless(touched, needed - (bySize.length - i));
        touched = this.applyConcept(bySize[i]!, query, touched, false);
      }
      touched = this.dropHopeless(touched, needed);
      // What the candidates cover of the rare concepts decides the match; the rest only adds score.
      if (optional.length > 0) this.snapshotCoverage(touched);
      // Common concepts only add score: their own words, not a pass over their parts' long lists.
      for (const c of optional) touched = this.applyConcept(withoutParts(c), query, touched, false);
      for (const hint of hints) touched = this.applyConcept(hint, query, touched, false);
      const collected = this.collectCandidates(
        request,
        boostMask,
        touched,
        optional.length > 0 ? this.requiredCoverage : null,
        needed,
        main.length,
        useProximity,
      );
      if (collected.total < relaxBelow && required > 1) {
        required--;
        continue;
      }
      if (useProximity) {
        collected.ranked = this.rerankByProximity(
          collected.ranked,
          main,
          (ordinal) => this.priorFactor(ordinal, request.today, boostMask),
          request.proximityWeight ?? proximityWeight,
        );
      }
      return this.page(request, collected, required);
    }
  }

  private setQueryLibraryFactors(factors: ReadonlyMap<string, number> | undefined): void {
    this.queryLibraryFactors.fill(1);
    if (!factors) return;
    this.libraryCodes.forEach((code, i) => {
      this.queryLibraryFactors[i] = factors.get(code) ?? 1;
    });
  }

  /** Remembers the coverage of the rare concepts before the common ones add theirs. */
  private snapshotCoverage(count: number): void {
    for (let i = 0; i < count; i++) {
      const doc = this.touched[i]!;
      this.requiredCoverage[doc] = this.state[doc]! & 63;
    }
  }

  /** Keeps the candidates that cover at least `floor` concepts (in place); returns how many remain. */
  private dropHopeless(count: number, floor: number): number {
    if (floor <= 0) return count;
    const touched = this.touched;
    const state = this.state;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const doc = touched[i]!;
      if ((state[doc]! & 63) >= floor) touched[kept++] = doc;
    }
    return kept;
  }

  /** The page, total and facets over the candidates that cover enough concepts (the hot loop, kept flat). */
  private collectCandidates(
    request: SearchRequest,
    boostMask: number,
    candidateCount: number,
    requiredCoverage: Uint8Array | null,
    needed: number,
    conceptCount: number,
    useProximity: boolean,
  ) {
    const f = request.filters;
    const filters = this.filterState(f);
    const unfiltered = isUnfiltered(f);
    const today = request.today;
    const withFacets = request.facets;
    if (withFacets) this.resetFacets();
    const top = new TopK(Math.max(request.offset + request.limit, useProximity ? rerankDepth : 0));
    const newest = request.sort === 'newest';
    const touched = this.touched;
    const state = this.state;
    const accumulator = this.accumulator;
    const issuedOf = this.issuedOf;
    const articleIds = this.articleIds;
    let total = 0;
    for (let i = 0; i < candidateCount; i++) {
      const ordinal = touched[i]!;
      const covered = state[ordinal]! & 63;
      if ((requiredCoverage ? requiredCoverage[ordinal]! : covered) < needed) continue;
      if (!unfiltered && !this.passes(ordinal, f, filters, today)) continue;
      total++;
      if (withFacets) this.countFacets(ordinal, today);
      if (newest) top.offer(ordinal, issuedOf[ordinal]!, articleIds[ordinal]!);
      else {
        const score = Math.fround(
          ((accumulator[ordinal]! * covered) / conceptCount) * this.priorFactor(ordinal, today, boostMask),
        );
        if (score >= top.floor()) top.offer(ordinal, score, issuedOf[ordinal]! * 1e7 + articleIds[ordinal]!);
      }
    }
    return { total, facets: withFacets ? this.facetsOut() : null, ranked: top.sorted() };
  }

  /** Where a concept's words first occur in a document (the earliest of its alternatives, else parts), or -1. */
  private conceptPosition(c: ResolvedConcept, ordinal: number): number {
    let best = -1;
    const consider = (list: PostingList) => {
      const at = list.find(ordinal);
      if (at < 0) return;
      const position = list.positions[at]!;
      if (best < 0 || position < best) best = position;
    };
    for (const list of c.lists) consider(list);
    if (best < 0) for (const part of c.parts) for (const list of part.lists) consider(list);
    return best;
  }

  /**
   * Reorders the best candidates by proximity: consecutive query concepts standing close together
   * in one field of a document (申报 … 期限) add to its score. Only the first `rerankDepth`
   * candidates are reordered, whatever the page, so paging stays stable.
   */
  private rerankByProximity(
    ranked: Array<{ item: number; score: number; tie: number }>,
    concepts: readonly ResolvedConcept[],
    factorOf: (ordinal: number) => number,
    weight: number,
  ): Array<{ item: number; score: number; tie: number }> {
    const head = ranked.slice(0, rerankDepth);
    const idfs = concepts.map((c) =>
      this.idf(c.concept.alternatives.length > 0 ? c.concept.alternatives : (c.concept.parts?.groups.flat() ?? [])),
    );
    const rescored = head.map(({ item, score, tie }) => {
      const positions = concepts.map((c) => this.conceptPosition(c, item));
      let bonus = 0;
      for (let i = 0; i + 1 < concepts.length; i++) {
        const a = positions[i]!;
        const b = positions[i + 1]!;
        if (a < 0 || b < 0 || Math.floor(a / fieldSpan) !== Math.floor(b / fieldSpan)) continue;
        const distance = Math.abs(b - a);
        if (distance < proximityWindow) {
          bonus += weight * Math.min(idfs[i]!, idfs[i + 1]!) * (1 - distance / proximityWindow);
        }
      }
      return { item, score: Math.fround(score + bonus * factorOf(item)), tie };
    });
    rescored.sort((x, y) => y.score - x.score || y.tie - x.tie);
    return [...rescored, ...ranked.slice(rerankDepth)];
  }

  /**
   * Advanced search (高级检索): each clause's words must all occur in one of the clause's fields;
   * a document must satisfy every `and` clause, one `or` clause when there are any, and no `not`
   * clause. Ranked by the weight of the matched words.
   */
  advancedSearch(request: AdvancedSearchRequest): SearchResult {
    this.setQueryLibraryFactors(undefined);
    const clauses = request.clauses.filter((c) => c.concepts.length > 0);
    const matchClause = (clause: Clause): Map<number, number> => {
      let result: Map<number, number> | null = null;
      for (const concept of clause.concepts) {
        const idf = this.idf(concept.alternatives);
        const scores = new Map<number, number>();
        const add = (term: string, weight: number) => {
          const id = this.termIds.get(term);
          if (id === undefined) return;
          const list = this.lists[id]!;
          for (let i = 0; i < list.length; i++) {
            const doc = list.docs[i]!;
            if (!this.isLive[doc] || (list.masks[i]! & clause.fieldMask) === 0) continue;
            if (result && !result.has(doc)) continue;
            const v = list.weights[i]! * weight * idf;
            if (v > (scores.get(doc) ?? 0)) scores.set(doc, v);
          }
        };
        for (const a of concept.alternatives) add(a.term, a.weight);
        // Without the compound itself, a document must hold every part of it in the field.
        if (concept.parts && concept.parts.groups.length > 0) {
          let viaParts: Map<number, number> | null = null;
          for (const group of concept.parts.groups) {
            const groupScores = new Map<number, number>();
            for (const term of group) {
              const id = this.termIds.get(term);
              if (id === undefined) continue;
              const list = this.lists[id]!;
              for (let i = 0; i < list.length; i++) {
                const doc = list.docs[i]!;
                if (!this.isLive[doc] || (list.masks[i]! & clause.fieldMask) === 0) continue;
                if (viaParts && !viaParts.has(doc)) continue;
                groupScores.set(doc, (viaParts?.get(doc) ?? 0) + list.weights[i]! * this.idf(group) * 0.5);
              }
            }
            viaParts = groupScores;
          }
          for (const [doc, v] of viaParts ?? []) if (v > (scores.get(doc) ?? 0)) scores.set(doc, v);
        }
        const next = new Map<number, number>();
        for (const [doc, v] of scores) if (!result || result.has(doc)) next.set(doc, (result?.get(doc) ?? 0) + v);
        result = next;
      }
      return result ?? new Map();
    };
    const ands = clauses.filter((c) => c.op === 'and').map(matchClause);
    const ors = clauses.filter((c) => c.op === 'or').map(matchClause);
    const nots = clauses.filter((c) => c.op === 'not').map(matchClause);
    const collected = this.collectPage(
      request,
      0,
      (visit) => {
        const accept = (ordinal: number) => !nots.some((n) => n.has(ordinal));
        if (ands.length === 0 && ors.length === 0) {
          for (let ordinal = 0; ordinal < this.count; ordinal++) {
            if (this.isLive[ordinal] && accept(ordinal)) visit(ordinal, 0);
          }
          return;
        }
        const seeds = ands.length > 0 ? [...ands].sort((a, b) => a.size - b.size)[0]! : mergeMaps(ors);
        for (const [ordinal] of seeds) {
          if (!ands.every((m) => m.has(ordinal))) continue;
          if (ors.length > 0 && !ors.some((m) => m.has(ordinal))) continue;
          if (!accept(ordinal)) continue;
          let score = 0;
          for (const m of [...ands, ...ors]) score += m.get(ordinal) ?? 0;
          visit(ordinal, score);
        }
      },
      0,
    );
    return this.page(request, collected, 0);
  }

  private resetFacets(): void {
    this.facetLibrary.fill(0);
    this.facetValidity.fill(0);
    this.facetCategory.fill(0);
    this.facetTaxKind.fill(0);
    this.facetIndustry.fill(0);
    this.facetTaxpayerType.fill(0);
    this.facetRegion.fill(0);
    this.facetYear.fill(0);
  }

  private countFacets(ordinal: number, today: number): void {
    const attrs = this.attrs[ordinal]!;
    this.facetLibrary[attrs & 31]!++;
    this.facetValidity[this.effectiveValidity(ordinal, today)]!++;
    const category = this.categoryOf[ordinal]!;
    if (category >= 0) this.facetCategory[category]!++;
    countBits(this.facetTaxKind, this.taxKindsOf[ordinal]!);
    const types = this.typesOf[ordinal]!;
    if (types !== 0) {
      countBits(this.facetIndustry, types & 0xfffff);
      countBits(this.facetTaxpayerType, types >>> 20);
    }
    this.facetRegion[(attrs >>> 16) & 255]!++;
    const year = (attrs >>> 8) & 255;
    if (year > 0) this.facetYear[year]!++;
  }

  private facetsOut(): Facets {
    const byIndex = (counts: Uint32Array, key: (i: number) => string | number | undefined) => {
      const out: Record<string | number, number> = {};
      for (let i = 0; i < counts.length; i++) {
        const k = key(i);
        if (counts[i]! > 0 && k !== undefined && k !== '') out[k] = counts[i]!;
      }
      return out;
    };
    return {
      library: byIndex(this.facetLibrary, (i) => this.libraryCodes[i]),
      validity: byIndex(this.facetValidity, (i) => validityNames[i]),
      category: byIndex(this.facetCategory, (i) => i),
      taxKind: byIndex(this.facetTaxKind, (i) => i),
      industry: byIndex(this.facetIndustry, (i) => i),
      taxpayerType: byIndex(this.facetTaxpayerType, (i) => i),
      region: byIndex(this.facetRegion, (i) => this.regionCodes[i]),
      year: byIndex(this.facetYear, (i) => 1900 + i),
    };
  }
}

function isUnfiltered(f: SearchFilters): boolean {
  return (
    !f.libraries?.length &&
    !f.validities?.length &&
    !f.categoryIds &&
    !f.taxKindMask &&
    !f.industryMask &&
    !f.taxpayerTypeMask &&
    !f.regions?.length &&
    f.issuedFromDay === undefined &&
    f.issuedToDay === undefined &&
    !f.publicOnly
  );
}

function mergeMaps(maps: ReadonlyArray<Map<number, number>>): Map<number, number> {
  const merged = new Map<number, number>();
  for (const m of maps) for (const [k, v] of m) merged.set(k, (merged.get(k) ?? 0) + v);
  return merged;
}

function countBits(counts: Uint32Array, mask: number): void {
  let m = mask;
  while (m !== 0) {
    counts[31 - Math.clz32(m & -m)]!++;
    m &= m - 1;
  }
}

/**
 * Ranking priors that depend on the document only: newer slightly before older at equal relevance,
 * and the click-through boost from the articles agents used in contacts (at most +20 %). Validity
 * is applied at search time (expiry depends on the day).
 */
function priorOf(useCount: number, issuedDay: number): number {
  const yearsSince2000 = issuedDay > 0 ? Math.min(Math.max((issuedDay - 10_957) / 365.25, 0), 30) : 0;
  const recency = 1 + 0.003 * yearsSince2000;
  return Math.fround(recency * (1 + clickThroughBoost(useCount)));
}

/** The click-through boost of an article used `useCount` times in contacts: +5 % per e-fold, at most +20 %. */
export function clickThroughBoost(useCount: number): number {
  return Math.min(0.2, 0.05 * Math.log1p(useCount));
}
