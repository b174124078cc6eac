import { answerMarkersOf } from './analysis/intents';
import { htmlToText } from './analysis/normalize';
import type { Segmenter } from './analysis/segmenter';
import type { ArticleContent } from './article';
import type { KbSearchDocTable } from './kb.tables';
import { industries, maskOf, taxKinds, taxpayerTypes } from './kb-reference';
import { type FieldName, fieldNames, type IndexDocument, type Postings, postingsOf } from './search-index';

/**
 * The search document of an article's published version: its analysed tokens and the columns the
 * index filters and facets on. Stored in kb_search_docs, so an instance builds its index from the
 * database without segmenting anything again.
 *
 * Stored form of the postings: `tokens` holds the distinct terms separated by spaces; `weights`
 * holds, base64, their BM25F weights (float32), first positions (uint16) and field masks (uint8).
 */

/** Days since 1970-01-01 of a YYYY-MM-DD date (0 for none). */
export function dayNumber(date: string | null | undefined): number {
  if (!date) return 0;
  const ms = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 86_400_000);
}

/** The first sentence of a text (at most 60 characters): law articles state their subject there. */
export function leadOf(text: string): string {
  const end = text.search(/[。；！？\n]/);
  return (end < 0 ? text : text.slice(0, end)).slice(0, 60);
}

/** The postings as the two stored columns. */
export function encodePostings(p: Postings): { tokens: string; weights: string } {
  const n = p.terms.length;
  const bytes = Buffer.alloc(n * 7);
  Buffer.from(p.weights.buffer, p.weights.byteOffset, n * 4).copy(bytes, 0);
  Buffer.from(p.positions.buffer, p.positions.byteOffset, n * 2).copy(bytes, n * 4);
  Buffer.from(p.masks.buffer, p.masks.byteOffset, n).copy(bytes, n * 6);
  return { tokens: p.terms.join(' '), weights: bytes.toString('base64') };
}

/** The postings back from the stored columns. */
export function decodePostings(tokens: string, weights: string): Postings {
  const terms = tokens ? tokens.split(' ') : [];
  const n = terms.length;
  const bytes = Buffer.from(weights, 'base64');
  // Copies into fresh, aligned buffers (a Buffer may start at any offset of its pool).
  const copy = (from: number, length: number) => {
    const out = new ArrayBuffer(length);
    bytes.copy(new Uint8Array(out), 0, from, from + length);
    return out;
  };
  return {
    terms,
    weights: new Float32Array(copy(0, n * 4)),
    positions: new Uint16Array(copy(n * 4, n * 2)),
    masks: new Uint8Array(copy(n * 6, n)),
  };
}

export interface SearchDocInput {
  articleId: number;
  version: number;
  analysisVersion: number;
  content: ArticleContent;
  categoryPathNames: string[];
  useCount: number;
  now: Date;
  /** The body as plain text, when the caller has it already. */
  bodyText?: string | undefined;
  /** The postings, when they were analysed already (by the analysis worker). */
  encoded?: EncodedPostings | undefined;
}

export type EncodedPostings = ReturnType<typeof encodePostings>;
export type FieldTexts = Record<FieldName, string>;

/** The text of each indexed field of an article. */
export function fieldTextsOf(
  content: Pick<ArticleContent, 'title' | 'question' | 'keywords' | 'documentNumber' | 'issuer'>,
  categoryPathNames: readonly string[],
  bodyText: string,
): FieldTexts {
  return {
    title: content.title,
    question: content.question ?? '',
    keywords: [...content.keywords, ...categoryPathNames].join(' '),
    body: bodyText,
    documentNumber: content.documentNumber ?? '',
    issuer: content.issuer ?? '',
    lead: leadOf(bodyText),
  };
}

/** Segments the fields (jieba on the thread pool) and computes their stored postings. */
export async function analyseFields(segmenter: Segmenter, texts: FieldTexts): Promise<EncodedPostings> {
  const cut = await Promise.all(fieldNames.map((f) => segmenter.indexTokensAsync(texts[f])));
  const groups: Partial<Record<FieldName, string[][]>> = {};
  fieldNames.forEach((f, i) => {
    groups[f] = cut[i]!;
  });
  return encodePostings(withAnswerMarkers(postingsOf(groups), texts));
}

/** The same, synchronously (the analysis worker, which has the thread to itself). */
export function analyseFieldsSync(segmenter: Segmenter, texts: FieldTexts): EncodedPostings {
  const groups: Partial<Record<FieldName, string[][]>> = {};
  for (const f of fieldNames) groups[f] = segmenter.indexTokens(texts[f]);
  return encodePostings(withAnswerMarkers(postingsOf(groups), texts));
}

/** Where marker terms sit: past every word of the body, so that they are never near a query word. */
const markerPosition = fieldNames.indexOf('body') * 8192 + 8191;

/**
 * Adds the answer-kind markers of the text (§period, §amount … see analysis/intents.ts) to the
 * postings, each with weight 1 in the body: a question of that kind weighs them in.
 */
export function withAnswerMarkers(p: Postings, texts: Pick<FieldTexts, 'title' | 'question' | 'body'>): Postings {
  const markers = answerMarkersOf(`${texts.title}\n${texts.question}\n${texts.body}`);
  if (markers.length === 0) return p;
  const n = p.terms.length;
  const weights = new Float32Array(n + markers.length);
  weights.set(p.weights);
  weights.fill(1, n);
  const masks = new Uint8Array(n + markers.length);
  masks.set(p.masks);
  masks.fill(8, n);
  const positions = new Uint16Array(n + markers.length);
  positions.set(p.positions);
  positions.fill(markerPosition, n);
  return { terms: [...p.terms, ...markers], weights, masks, positions };
}

/** Analyses the published content into the kb_search_docs row. */
export async function buildSearchDoc(segmenter: Segmenter, input: SearchDocInput): Promise<KbSearchDocTable> {
  const c = input.content;
  const bodyText = input.bodyText ?? htmlToText(c.body);
  const { tokens, weights } =
    input.encoded ?? (await analyseFields(segmenter, fieldTextsOf(c, input.categoryPathNames, bodyText)));
  return {
    article_id: input.articleId,
    version: input.version,
    analysis_version: input.analysisVersion,
    tokens,
    weights,
    library_code: c.libraryCode,
    validity: c.validity,
    category_id: c.categoryId,
    tax_kinds: maskOf(taxKinds, c.taxKinds),
    industries: maskOf(industries, c.industries),
    taxpayer_types: maskOf(taxpayerTypes, c.taxpayerTypes),
    region: c.region,
    issued_day: dayNumber(c.issuedOn),
    expires_day: dayNumber(c.expiresOn),
    use_count: input.useCount,
    is_public: c.isPublic ? 1 : 0,
    title: c.title,
    question: c.question,
    body_text: bodyText,
    updated_at: input.now.toISOString(),
  };
}

/** The row columns the index needs (everything but the stored texts). */
export type IndexRow = Pick<
  KbSearchDocTable,
  | 'article_id'
  | 'tokens'
  | 'weights'
  | 'library_code'
  | 'validity'
  | 'category_id'
  | 'tax_kinds'
  | 'industries'
  | 'taxpayer_types'
  | 'region'
  | 'issued_day'
  | 'expires_day'
  | 'use_count'
  | 'is_public'
>;

export const indexRowColumns = [
  'article_id',
  'tokens',
  'weights',
  'library_code',
  'validity',
  'category_id',
  'tax_kinds',
  'industries',
  'taxpayer_types',
  'region',
  'issued_day',
  'expires_day',
  'use_count',
  'is_public',
] as const;

/** The index document of a kb_search_docs row. */
export function indexDocumentOf(row: IndexRow): IndexDocument {
  return {
    articleId: row.article_id,
    postings: decodePostings(row.tokens, row.weights),
    library: row.library_code,
    validity: row.validity,
    categoryId: row.category_id,
    taxKinds: row.tax_kinds,
    industries: row.industries,
    taxpayerTypes: row.taxpayer_types,
    region: row.region,
    issuedDay: row.issued_day,
    expiresDay: row.expires_day,
    useCount: row.use_count,
    isPublic: row.is_public === 1,
  };
}
