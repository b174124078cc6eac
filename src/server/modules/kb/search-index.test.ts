import { beforeAll, describe, expect, it } from 'vitest';
import { Analyzer } from './analysis/analyzer';
import { Segmenter } from './analysis/segmenter';
import { SynonymTable } from './analysis/synonyms';
import { dayNumber } from './kb-search-docs';
import { fieldBit, type IndexDocument, postingsOf, SearchIndex, type SearchRequest } from './search-index';

let segmenter: Segmenter;
beforeAll(() => {
  segmenter = new Segmenter([]);
});

interface Doc {
  id: number;
  title: string;
  body: string;
  library?: string;
  validity?: IndexDocument['validity'];
  categoryId?: number;
  taxKinds?: number;
  issued?: string;
  expires?: string;
  useCount?: number;
}

const docOf = (d: Doc): IndexDocument => ({
  articleId: d.id,
  postings: postingsOf({ title: segmenter.indexTokens(d.title), body: segmenter.indexTokens(d.body) }),
  library: d.library ?? 'policy',
  validity: d.validity ?? 'in_force',
  categoryId: d.categoryId ?? null,
  taxKinds: d.taxKinds ?? 0,
  industries: 0,
  taxpayerTypes: 0,
  region: '全国',
  issuedDay: dayNumber(d.issued ?? '2020-01-01'),
  expiresDay: dayNumber(d.expires ?? null),
  useCount: d.useCount ?? 0,
  isPublic: true,
});

const corpus: Doc[] = [
  { id: 1, title: '增值税税率', body: '纳税人销售货物，增值税税率为百分之十三。', categoryId: 10, taxKinds: 1 },
  { id: 2, title: '增值税专用发票的开具', body: '一般纳税人应当开具增值税专用发票。', categoryId: 11, taxKinds: 1 },
  {
    id: 3,
    title: '个人所得税税率',
    body: '综合所得适用百分之三至百分之四十五的超额累进税率。',
    categoryId: 20,
    taxKinds: 8,
  },
  { id: 4, title: '契税税率', body: '契税税率为百分之三至百分之五。', categoryId: 30, issued: '1997-07-07' },
  { id: 5, title: '契税税率（新）', body: '契税税率为百分之三至百分之五。', categoryId: 30, issued: '2020-08-11' },
  { id: 6, title: '旧发票办法', body: '开具发票应当按照规定的时限。', validity: 'void', library: 'policy' },
  {
    id: 7,
    title: '税案通报',
    body: '某公司虚开增值税专用发票被查处，追缴增值税税款。',
    library: 'notice',
    taxKinds: 1,
  },
];

function build(docs: Doc[]) {
  const index = new SearchIndex();
  for (const d of docs) index.upsert(docOf(d));
  const analyzer = new Analyzer(segmenter, new SynonymTable([]), index);
  const search = (q: string, extra: Partial<SearchRequest> = {}) =>
    index.search({
      concepts: analyzer.analyzeQuery(q).concepts,
      filters: {},
      today: dayNumber('2026-11-27'),
      offset: 0,
      limit: 10,
      sort: 'relevance',
      facets: true,
      ...extra,
    });
  return { index, analyzer, search };
}

describe('the in-memory search index', () => {
  it('needs all words of a short query and three quarters of a longer one', () => {
    expect([1, 2, 3, 4, 5, 6, 8].map((n) => SearchIndex.requiredConcepts(n))).toEqual([1, 2, 2, 3, 3, 4, 6]);
  });

  it('ranks the document holding every word first', () => {
    const { search } = build(corpus);
    expect(search('增值税 税率').hits[0]!.articleId).toBe(1);
  });

  it('retries with one word fewer when too little matches, and says so', () => {
    const { search } = build(corpus);
    const result = search('契税 税率 公告');
    expect(result.requiredConcepts).toBeLessThan(3);
    expect(
      result.hits
        .map((h) => h.articleId)
        .slice(0, 2)
        .sort(),
    ).toEqual([4, 5]);
  });

  it('prefers the newer article at equal relevance, and in-force over void', () => {
    const { search } = build(corpus);
    expect(
      search('契税税率')
        .hits.map((h) => h.articleId)
        .slice(0, 2),
    ).toEqual([5, 4]);
    const invoices = search('开具 发票').hits;
    const rank = (id: number) => invoices.findIndex((h) => h.articleId === id);
    expect(rank(2)).toBeLessThan(rank(6));
    expect(invoices[rank(6)]!.validity).toBe('void');
  });

  it('counts facets over every match and filters by library, validity, category and date', () => {
    const { search } = build(corpus);
    const all = search('发票');
    expect(all.total).toBe(3);
    expect(all.facets?.library).toEqual({ policy: 2, notice: 1 });
    expect(all.facets?.validity).toEqual({ in_force: 2, void: 1 });
    expect(Object.values(all.facets?.year ?? {}).reduce((a, b) => a + b, 0)).toBe(3);
    expect(search('发票', { filters: { libraries: ['notice'] } }).hits.map((h) => h.articleId)).toEqual([7]);
    expect(search('发票', { filters: { validities: ['void'] } }).hits.map((h) => h.articleId)).toEqual([6]);
    expect(search('税率', { filters: { categoryIds: new Set([30]) } }).total).toBe(2);
    expect(
      search('税率', { filters: { issuedFromDay: dayNumber('2000-01-01'), issuedToDay: dayNumber('2025-12-31') } })
        .hits.map((h) => h.articleId)
        .includes(4),
    ).toBe(false);
  });

  it('treats an article past its expiry date as void', () => {
    const { search } = build([
      ...corpus,
      { id: 8, title: '临时优惠', body: '增值税税率减按百分之一征收。', expires: '2025-12-31' },
    ]);
    const hit = search('增值税 税率').hits.find((h) => h.articleId === 8);
    expect(hit?.validity).toBe('void');
    expect(search('增值税 税率', { filters: { validities: ['in_force'] } }).hits.map((h) => h.articleId)).not.toContain(
      8,
    );
  });

  it('boosts documents about a tax kind the query names', () => {
    const { search } = build(corpus);
    const plain = search('税率');
    const boosted = search('税率', { taxKindBoostMask: 8 });
    expect(boosted.hits[0]!.articleId).toBe(3);
    expect(plain.hits[0]!.articleId).not.toBe(3);
  });

  it('keeps document frequencies exact through updates, so it ranks like a fresh build', () => {
    const { index, search } = build(corpus);
    index.upsert(docOf({ ...corpus[0]!, body: '纳税人销售货物，税率为百分之十三；出口货物税率为零。' }));
    index.remove(7);
    index.upsert(docOf({ id: 9, title: '增值税发票', body: '增值税普通发票。' }));
    const fresh = build([
      { ...corpus[0]!, body: '纳税人销售货物，税率为百分之十三；出口货物税率为零。' },
      ...corpus.slice(1, 6),
      { id: 9, title: '增值税发票', body: '增值税普通发票。' },
    ]);
    for (const q of ['增值税 税率', '发票', '税率', '增值税专用发票']) {
      expect(search(q).hits, q).toEqual(fresh.search(q).hits);
    }
    expect(index.documentFrequency('发票')).toBe(fresh.index.documentFrequency('发票'));
  });

  it('raises an article agents used often (click-through), within a cap', () => {
    const { index, search } = build(corpus);
    const before = search('契税税率').hits.map((h) => h.articleId);
    index.setUseCount(4, 50);
    const after = search('契税税率').hits.map((h) => h.articleId);
    expect(before.slice(0, 2)).toEqual([5, 4]);
    expect(after.slice(0, 2)).toEqual([4, 5]);
  });

  it('lists everything newest first when there are no words', () => {
    const { search } = build(corpus);
    const result = search('', { sort: 'newest' });
    expect(result.total).toBe(corpus.length);
    expect(result.hits[0]!.articleId).toBe(5);
  });
});

describe('advanced search', () => {
  it('combines field clauses with AND, OR and NOT', () => {
    const { index, analyzer } = build(corpus);
    const run = (clauses: Array<{ op: 'and' | 'or' | 'not'; field: number; text: string }>) =>
      index
        .advancedSearch({
          clauses: clauses.map((c) => ({
            op: c.op,
            fieldMask: c.field,
            concepts: analyzer.analyzeQuery(c.text).concepts.filter((x) => !x.isHint),
          })),
          filters: {},
          today: dayNumber('2026-11-27'),
          offset: 0,
          limit: 20,
          sort: 'relevance',
          facets: false,
        })
        .hits.map((h) => h.articleId)
        .sort();
    expect(run([{ op: 'and', field: fieldBit.title, text: '税率' }])).toEqual([1, 3, 4, 5]);
    expect(
      run([
        { op: 'and', field: fieldBit.title, text: '税率' },
        { op: 'not', field: fieldBit.title, text: '契税' },
      ]),
    ).toEqual([1, 3]);
    expect(
      run([
        { op: 'or', field: fieldBit.title, text: '个人所得税' },
        { op: 'or', field: fieldBit.body, text: '专用发票' },
      ]),
    ).toEqual([2, 3, 7]);
    expect(run([{ op: 'and', field: fieldBit.body, text: '增值税专用发票' }])).toEqual([2, 7]);
  });
});
