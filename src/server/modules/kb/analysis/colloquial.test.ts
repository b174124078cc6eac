import { beforeAll, describe, expect, it } from 'vitest';
import { withAnswerMarkers } from '../kb-search-docs';
import { type IndexDocument, postingsOf, SearchIndex } from '../search-index';
import { Analyzer } from './analyzer';
import { ColloquialLexicon, parseColloquialLexicon, readStarterLexicon } from './colloquial-lexicon';
import { answerSentences } from './highlight';
import { answerMarkersOf, intentKinds, intentMarker, intentsOf, statesIntent } from './intents';
import { defaultRankingWeights, type RankingWeights } from './ranking-model';
import { Segmenter } from './segmenter';
import { SynonymTable } from './synonyms';

let segmenter: Segmenter;
beforeAll(() => {
  segmenter = new Segmenter([]);
});

const lexiconText = `
# one entry of every category
个税\t个人所得税\ttax
分红\t股息|红利\tthing
员工\t职工|雇员\tparty
卖房子\t转让|销售 不动产|房屋\tverb
逾期\t超过期限\tperiod
罚多少\t罚款\tamount
能不能\t不得|准予\taction
`;

interface Doc {
  id: number;
  title: string;
  body: string;
  library?: string;
}

const docOf = (d: Doc): IndexDocument => ({
  articleId: d.id,
  postings: withAnswerMarkers(
    postingsOf({ title: segmenter.indexTokens(d.title), body: segmenter.indexTokens(d.body) }),
    {
      title: d.title,
      question: '',
      body: d.body,
    },
  ),
  library: d.library ?? 'policy',
  validity: 'in_force',
  categoryId: null,
  taxKinds: 0,
  industries: 0,
  taxpayerTypes: 0,
  region: null,
  issuedDay: 0,
  expiresDay: 0,
  useCount: 0,
  isPublic: true,
});

function engineOver(docs: Doc[], weights: RankingWeights = defaultRankingWeights) {
  const index = new SearchIndex();
  for (const d of docs) index.upsert(docOf(d));
  const lexicon = new ColloquialLexicon(parseColloquialLexicon(lexiconText).entries, segmenter);
  const analyzer = new Analyzer(segmenter, new SynonymTable([]), index, { lexicon, weights });
  const search = (q: string, libraryFactors?: Map<string, number>) => {
    const analysed = analyzer.analyzeQuery(q);
    return index
      .search({
        concepts: analysed.concepts,
        libraryFactors,
        proximityWeight: weights.proximity,
        filters: {},
        today: 20_000,
        offset: 0,
        limit: 10,
        sort: 'relevance',
        facets: false,
      })
      .hits.map((h) => h.articleId);
  };
  return { index, analyzer, search };
}

const corpus: Doc[] = [
  { id: 1, title: '个人所得税 股息红利所得', body: '个人取得的股息、红利所得，适用比例税率，税率为百分之二十。' },
  { id: 2, title: '职工福利', body: '企业发给职工的福利费，不超过工资薪金总额百分之十四的部分准予扣除。' },
  { id: 3, title: '销售不动产', body: '纳税人转让不动产，应当向不动产所在地主管税务机关申报纳税。' },
  { id: 4, title: '超过期限', body: '纳税人超过期限未缴纳税款的，从滞纳税款之日起，按日加收万分之五的滞纳金。' },
  {
    id: 5,
    title: '未按期申报的处罚',
    body: '纳税人未按照规定期限办理纳税申报的，由税务机关责令限期改正，可以处二千元以下的罚款。',
  },
  { id: 6, title: '申报期限', body: '纳税人应当自纳税义务发生之日起十五日内申报纳税。' },
  { id: 7, title: '申报', body: '纳税人应当如实办理纳税申报，报送纳税申报表。' },
];

describe('口语词表 (colloquialLexicon)', () => {
  it('parses the text form and reports bad lines by number', () => {
    const parsed = parseColloquialLexicon('卖房子\t转让|销售 不动产\tverb\n坏行\n老板\t投资者\tnonsense\n');
    expect(parsed.entries).toEqual([{ phrase: '卖房子', slots: [['转让', '销售'], ['不动产']], category: 'verb' }]);
    expect(parsed.errors).toEqual(['第 2 行格式不正确', '第 3 行格式不正确']);
  });

  it('ships a starter lexicon of at least 500 entries covering every category', () => {
    const entries = readStarterLexicon();
    expect(entries.length).toBeGreaterThanOrEqual(500);
    expect(new Set(entries.map((e) => e.category))).toEqual(
      new Set(['tax', 'thing', 'party', 'verb', 'period', 'amount', 'action']),
    );
    expect(new ColloquialLexicon(entries, segmenter).size).toBeGreaterThanOrEqual(500);
  });

  it('cuts a target the segmenter splits (超过期限) into its words', () => {
    const { analyzer } = engineOver(corpus);
    const concept = analyzer.analyzeQuery('逾期').concepts.find((c) => c.rewrittenFrom === '逾期');
    expect(concept?.alternatives.map((a) => a.term)).toEqual(expect.arrayContaining(['超过', '期限']));
  });

  it('rewrites a tax’s common name (tax): 个税 finds the 个人所得税 text', () => {
    const { search, analyzer } = engineOver(corpus);
    expect(analyzer.analyzeQuery('个税').rewrites).toEqual(['个税']);
    expect(search('个税')[0]).toBe(1);
  });

  it('rewrites an income as people name it (thing): 分红 finds 股息、红利', () => {
    expect(engineOver(corpus).search('分红')[0]).toBe(1);
  });

  it('rewrites people (party): 员工 finds 职工, the legal term weighing less than the caller’s own word', () => {
    const { search, analyzer } = engineOver(corpus);
    expect(search('员工 福利')[0]).toBe(2);
    const concept = analyzer.analyzeQuery('员工').concepts[0]!;
    expect(concept.rewrittenFrom).toBe('员工');
    expect(concept.alternatives.find((a) => a.term === '职工')!.weight).toBeLessThan(1);
  });

  it('rewrites a verb phrase into slots that must all be answered (verb): 卖房子 → 转让 + 不动产', () => {
    const { search, analyzer } = engineOver(corpus);
    const concepts = analyzer.analyzeQuery('卖房子').concepts.filter((c) => !c.isHint);
    expect(concepts).toHaveLength(2);
    expect(search('卖房子')).toEqual([3]);
  });

  it('rewrites a period (period): 逾期 finds 超过期限', () => {
    expect(engineOver(corpus).search('逾期 滞纳金')[0]).toBe(4);
  });

  it('adds an amount rewrite of words that are not searched (amount) as score only: 罚多少', () => {
    const { analyzer, search } = engineOver(corpus);
    const analysed = analyzer.analyzeQuery('没申报罚多少');
    const rewritten = analysed.concepts.find((c) => c.rewrittenFrom === '罚多少')!;
    expect(rewritten.isHint).toBe(true);
    expect(search('没申报罚多少')[0]).toBe(5);
  });

  it('lets a one-character phrase rewrite only a whole word, and no phrase inside a longer indexed word', () => {
    const segmenterWords = new Segmenter([]);
    const lexicon = new ColloquialLexicon([{ phrase: '交', slots: [['缴纳']], category: 'verb' }], segmenterWords);
    const tokens = (text: string) => {
      let at = 0;
      return segmenterWords.cut(text).map((t) => {
        const span = { text: t, start: at };
        at += t.length;
        return span;
      });
    };
    expect(lexicon.rewritesOf('交易', tokens('交易'), () => true)).toEqual([]);
    expect(lexicon.rewritesOf('我交了', tokens('我交了'), () => true).map((r) => r.phrase)).toEqual(['交']);
  });
});

describe('question intent', () => {
  it('recognises each kind of question', () => {
    expect(intentsOf('申报期限是多久')).toContain('period');
    expect(intentsOf('起征点是多少钱')).toContain('amount');
    expect(intentsOf('小规模纳税人征收率是几个点')).toContain('rate');
    expect(intentsOf('不按时申报会被罚吗')).toContain('penalty');
    expect(intentsOf('个人能不能代开发票')).toContain('permission');
    expect(intentsOf('注销登记需要什么材料')).toContain('procedure');
    expect(intentsOf('有没有虚开发票被查处的案例')).toContain('case');
    expect(intentsOf('增值税')).toEqual([]);
  });

  it('marks the kinds of answer a text states', () => {
    expect(answerMarkersOf('自纳税义务发生之日起十五日内申报')).toContain(intentMarker('period'));
    expect(answerMarkersOf('月销售额10万元以下的免征')).toContain(intentMarker('amount'));
    expect(answerMarkersOf('税率为13%')).toContain(intentMarker('rate'));
    expect(answerMarkersOf('处二千元以下的罚款')).toContain(intentMarker('penalty'));
    expect(answerMarkersOf('不得从销项税额中抵扣')).toContain(intentMarker('permission'));
    expect(answerMarkersOf('应当提交下列资料办理登记')).toContain(intentMarker('procedure'));
    expect(answerMarkersOf('2019年的一则通知')).toEqual([]);
    for (const kind of intentKinds) expect(typeof statesIntent('十五日内', kind)).toBe('boolean');
  });

  it('weighs in the article that states the asked-for kind of answer: a deadline question prefers a stated period', () => {
    const { search } = engineOver(corpus);
    // Both texts hold 申报; only one states a period.
    expect(search('申报')[0]).toBe(7);
    expect(search('申报要在多久之内')[0]).toBe(6);
  });

  it('prefers case bulletins only when cases are asked for (library factors)', () => {
    const docs: Doc[] = [
      { id: 1, title: '虚开发票', body: '虚开发票的，由税务机关没收违法所得。' },
      { id: 2, title: '虚开发票案', body: '某公司虚开发票被查处，依法处以罚款。', library: 'notice' },
    ];
    const { search } = engineOver(docs);
    expect(search('虚开发票', new Map([['notice', defaultRankingWeights.caseNotAsked]]))[0]).toBe(1);
    expect(search('虚开发票', new Map([['notice', defaultRankingWeights.caseAsked]]))[0]).toBe(2);
  });
});

describe('the ranking weights', () => {
  it('change an order: with the rewrite weight raised, the text in the law’s words passes the caller’s own', () => {
    const docs: Doc[] = [
      { id: 1, title: '员工', body: '员工手册。' },
      { id: 2, title: '职工 职工', body: '职工的工资薪金。' },
    ];
    expect(engineOver(docs, { ...defaultRankingWeights, rewrite: 0.2 }).search('员工')[0]).toBe(1);
    expect(engineOver(docs, { ...defaultRankingWeights, rewrite: 1 }).search('员工')[0]).toBe(2);
  });

  it('change an order: an intent weight decides whether the stated period counts', () => {
    const docs: Doc[] = [
      { id: 1, title: '申报 申报', body: '纳税申报。' },
      { id: 2, title: '申报', body: '纳税人应当自发生之日起十五日内办理。' },
    ];
    const zero = { ...defaultRankingWeights, intent: { ...defaultRankingWeights.intent, period: 0 } };
    const high = { ...defaultRankingWeights, intent: { ...defaultRankingWeights.intent, period: 2 } };
    expect(engineOver(docs, zero).search('申报多久')[0]).toBe(1);
    expect(engineOver(docs, high).search('申报多久')[0]).toBe(2);
  });
});

describe('the answer sentence', () => {
  const body =
    '第一条 为了规范纳税申报，制定本办法。纳税人应当按照规定办理纳税申报。纳税人应当自纳税义务发生之日起十五日内办理纳税申报。本办法自公布之日起施行。';

  it('is the sentence with the most query terms, marked', () => {
    const answer = answerSentences(body, ['纳税义务', '申报'], () => false);
    expect(answer).toContain('<mark>纳税义务</mark>发生之日起十五日内');
  });

  it('prefers the sentence stating the asked-for kind of value', () => {
    const plain = answerSentences('纳税人应当办理纳税申报。申报期限为十五日内。', ['申报'], () => false);
    expect(plain.startsWith('纳税人应当办理纳税')).toBe(true);
    const period = answerSentences('纳税人应当办理纳税申报。申报期限为十五日内。', ['申报'], (s) =>
      statesIntent(s, 'period'),
    );
    expect(period).toContain('期限为十五日内');
    expect(period.indexOf('期限')).toBeLessThan(period.indexOf('纳税人') < 0 ? 99 : period.indexOf('纳税人'));
  });
});
