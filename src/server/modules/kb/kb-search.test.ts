import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialectName } from '../../db/connection';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../../test/harness';
import { demoContentDir, loadDemoKnowledgeBase } from './kb-demo';

const dialects = await testDialects();
const devQueries = fs
  .readFileSync(path.join(demoContentDir, 'dev-queries.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { q: string; relevant: string[] });

/** The top five external ids of every dev query, per dialect: they must agree. */
const topFiveByDialect = new Map<DialectName, string[][]>();

const strip = (html: string) => html.replace(/<\/?mark>/g, '');

describe.each(dialects)('knowledge-base search over the demo content on %s', (dialect) => {
  let t: TestApp;
  let agent: Session;
  const { get, post } = sessionRequests(() => t);
  const search = async (query: Record<string, string | number>) => {
    const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
    return get(agent, `/api/kb/search?${qs}`);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const loaded = await loadDemoKnowledgeBase(t.database.db, t.clock.now());
    // 1,184 + 1,090 + 43 lines; one FAQ line of the source has an empty body and is reported, not loaded.
    expect(loaded).toMatchObject({ articles: 2316, failed: 1 });
    agent = await t.login('agent1');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers in the contract shape, best first, with matched words marked', async () => {
    const res = await search({ q: '增值税专用发票', limit: 5 });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['hits', 'tookMs', 'total']);
    expect(body.total).toBeGreaterThan(5);
    expect(body.hits).toHaveLength(5);
    for (const hit of body.hits) {
      expect(Object.keys(hit).sort()).toEqual(['externalId', 'id', 'library', 'score', 'snippet', 'title', 'validity']);
      expect(hit.snippet).toContain('<mark>');
    }
    const scores = body.hits.map((h: { score: number }) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('finds a word inside a longer word (search-mode segmentation)', async () => {
    const hits = (await search({ q: '专用发票', limit: 10 })).json().hits as Array<{ snippet: string }>;
    expect(hits.some((h) => h.snippet.includes('增值税<mark>专用发票</mark>'))).toBe(true);
  });

  it('expands abbreviations: 城建税 finds the 城市维护建设税 law, 个税 the 个人所得税 law', async () => {
    const city = (await search({ q: '城建税的计税依据是什么', limit: 3 })).json();
    expect(city.hits[0].externalId).toBe('law-e678b03d150a');
    expect(city.hits[0].snippet).toContain('<mark>城市维护建设税</mark>');
    const iit = (await search({ q: '个税', library: 'policy', limit: 5 })).json();
    expect(iit.hits.every((h: { title: string }) => strip(h.title).includes('个人所得税'))).toBe(true);
  });

  it('corrects a homophone typo and reads pinyin initials', async () => {
    const typo = (await search({ q: '隔人所得税 汇算清缴', limit: 5, view: 'full' })).json();
    expect(typo.corrections).toEqual([{ from: '隔人所得税', to: '个人所得税' }]);
    expect(strip(typo.hits[0].title)).toContain('个人所得税');
    const initials = (await search({ q: 'zzs 纳税地点', limit: 5, view: 'full' })).json();
    expect(initials.corrections).toEqual([{ from: 'zzs', to: '增值税' }]);
    expect(initials.hits.map((h: { externalId: string }) => h.externalId)).toContain('law-8ceeafb8e992');
    const fullPinyin = (await search({ q: 'gerensuodeshui', limit: 3, view: 'full' })).json();
    expect(fullPinyin.corrections).toEqual([{ from: 'gerensuodeshui', to: '个人所得税' }]);
    expect(fullPinyin.total).toBeGreaterThan(0);
  });

  it('filters by library and validity and counts facets over every match', async () => {
    const all = (await search({ q: '发票', view: 'full', limit: 1 })).json();
    const libraries = all.facets.library as Record<string, number>;
    expect(Object.values(libraries).reduce((a, b) => a + b, 0)).toBe(all.total);
    expect(libraries.policy).toBeGreaterThan(0);
    expect(libraries.notice).toBeGreaterThan(0);
    const policy = (await search({ q: '发票', library: 'policy', view: 'full', limit: 50 })).json();
    expect(policy.total).toBe(libraries.policy!);
    expect(policy.hits.every((h: { library: string }) => h.library === 'policy')).toBe(true);
    const both = (await search({ q: '发票', library: 'policy,faq', limit: 1 })).json();
    expect(both.total).toBe(libraries.policy! + (libraries.faq ?? 0));
    const voided = (await search({ q: '发票', validity: 'void', view: 'full', limit: 50 })).json();
    expect(voided.total).toBe(all.facets.validity.void);
    expect(voided.hits.every((h: { validity: string }) => h.validity === 'void')).toBe(true);
    expect(voided.hits.some((h: { title: string }) => strip(h.title).includes('发票管理办法'))).toBe(true);
  });

  it('filters by category subtree, tax kind and date range', async () => {
    const tree = (await get(agent, '/api/kb/categories')).json() as Array<{
      id: number;
      parentId: number | null;
      name: string;
      count: number;
    }>;
    const cit = tree.find((c) => c.name === '企业所得税' && c.parentId === null)!;
    const incentives = tree.find((c) => c.name === '税收优惠' && c.parentId === cit.id)!;
    expect(cit.count).toBeGreaterThan(incentives.count);
    const inTree = (await search({ q: '扣除', category: cit.id, view: 'full', limit: 100 })).json();
    const subtree = new Set(tree.filter((c) => c.id === cit.id || c.parentId === cit.id).map((c) => c.id));
    expect(inTree.total).toBeGreaterThan(0);
    expect(inTree.hits.every((h: { categoryId: number }) => subtree.has(h.categoryId))).toBe(true);
    const byKind = (await search({ q: '税率', taxKind: 'deed', view: 'full', limit: 20 })).json();
    expect(byKind.hits.every((h: { title: string }) => strip(h.title).includes('契税'))).toBe(true);
    const recent = (await search({ q: '偷税', from: '2025-01-01', to: '2025-12-31', view: 'full', limit: 50 })).json();
    expect(recent.total).toBeGreaterThan(0);
    expect(
      recent.hits.every((h: { issuedOn: string }) => h.issuedOn >= '2025-01-01' && h.issuedOn <= '2025-12-31'),
    ).toBe(true);
  });

  it('rejects bad parameters with a 400 naming the field', async () => {
    for (const [query, field] of [
      [{ q: '发票', limit: 0 }, 'querystring.limit'],
      [{ q: '发票', validity: 'sometimes' }, 'querystring.validity.0'],
      [{ q: '发票', color: 'red' }, 'querystring.color'],
      [{ q: '发票', from: '2025-13-01' }, 'querystring.from'],
      [{ q: '发票', library: 'policy,rumours' }, 'library'],
    ] as const) {
      const res = await search(query);
      expect(res.statusCode, JSON.stringify(query)).toBe(400);
      expect(res.json().error.details.fields[0].field).toBe(field);
    }
  });

  it('runs advanced searches by field with AND, OR and NOT', async () => {
    const advancedSearch = (payload: object) => post(agent, '/api/kb/advanced-search', payload);
    const titleOnly = (
      await advancedSearch({ clauses: [{ op: 'and', field: 'title', text: '车船税法' }], limit: 100 })
    ).json();
    expect(titleOnly.total).toBe(13 + 27);
    const notRegulation = (
      await advancedSearch({
        clauses: [
          { op: 'and', field: 'title', text: '车船税法' },
          { op: 'not', field: 'title', text: '实施条例' },
        ],
        limit: 100,
      })
    ).json();
    expect(notRegulation.total).toBe(13);
    const issuer = (
      await advancedSearch({
        clauses: [
          { op: 'and', field: 'issuer', text: '最高人民法院' },
          { op: 'or', field: 'body', text: '虚开' },
          { op: 'or', field: 'body', text: '骗取出口退税' },
        ],
        from: '2020-01-01',
        limit: 100,
      })
    ).json();
    expect(issuer.total).toBeGreaterThan(0);
    expect(issuer.hits.every((h: { issuer: string }) => h.issuer.includes('最高人民法院'))).toBe(true);
    expect(issuer.hits.every((h: { issuedOn: string }) => h.issuedOn >= '2020-01-01')).toBe(true);
    const empty = await advancedSearch({ clauses: [] });
    expect(empty.statusCode).toBe(400);
  });

  it('suggests articles while the question is still being typed', async () => {
    const res = await get(agent, `/api/kb/suggest?q=${encodeURIComponent('环境保护税多久申')}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.hits.length).toBeGreaterThan(0);
    expect(strip(body.hits[0].title)).toContain('环境保护税');
    expect(body.hits[0].answerText.length).toBeGreaterThan(10);
  });

  it('ranks the dev questions well: MRR@10 at least 0.9', async () => {
    const topFive: string[][] = [];
    let reciprocal = 0;
    for (const query of devQueries) {
      const hits = (await search({ q: query.q, limit: 10 })).json().hits as Array<{ externalId: string }>;
      topFive.push(hits.slice(0, 5).map((h) => h.externalId));
      const rank = hits.findIndex((h) => query.relevant.includes(h.externalId));
      if (rank >= 0) reciprocal += 1 / (rank + 1);
    }
    topFiveByDialect.set(dialect, topFive);
    expect(reciprocal / devQueries.length).toBeGreaterThanOrEqual(0.9);
  });
});

describe('ranking across databases', () => {
  it.runIf(dialects.length === 2)('gives every dev query the same top five on SQLite and PostgreSQL', () => {
    const sqlite = topFiveByDialect.get('sqlite');
    const postgres = topFiveByDialect.get('postgres');
    expect(sqlite).toHaveLength(devQueries.length);
    expect(postgres).toEqual(sqlite);
  });
});
