import { beforeAll, describe, expect, it } from 'vitest';
import { postingsOf, SearchIndex } from '../search-index';
import { Analyzer } from './analyzer';
import { findMatches, highlightText, snippet } from './highlight';
import { foldText } from './normalize';
import { fuzzySyllable, initialsKey, pinyinKey } from './pinyin-index';
import { Segmenter } from './segmenter';
import { SynonymTable } from './synonyms';
import { taxTerms } from './tax-terms';

const synonyms = new SynonymTable(
  [
    ['个税', '个人所得税'],
    ['专票', '增值税专用发票'],
    ['城建税', '城市维护建设税'],
    ['汇算', '汇算清缴'],
    ['小规模', '小规模纳税人'],
  ],
  [{ trigger: '多久', hints: ['按月', '按季'] }],
);

let segmenter: Segmenter;
beforeAll(() => {
  segmenter = new Segmenter(synonyms.terms());
});

/** An analyzer over an index of the given texts (one document each, in the body). */
function analyzerOver(texts: string[]) {
  const index = new SearchIndex();
  texts.forEach((text, i) => {
    index.upsert({
      articleId: i + 1,
      postings: postingsOf({ body: segmenter.indexTokens(text) }),
      library: 'policy',
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
  });
  return { index, analyzer: new Analyzer(segmenter, synonyms, index) };
}

describe('normalisation', () => {
  it('folds full-width letters and digits to ASCII, keeps punctuation, and keeps the length', () => {
    const raw = 'ＺＺＳ　增值税１３％，ＡＢＣ';
    const folded = foldText(raw);
    expect(folded).toBe('zzs 增值税13％，abc');
    expect(folded).toHaveLength(raw.length);
  });
});

describe('segmentation', () => {
  it('keeps every built-in tax term whole with the user dictionary', () => {
    const split = taxTerms.filter((term) => {
      const cut = segmenter.cut(foldText(term));
      return cut.length !== 1;
    });
    expect(split).toEqual([]);
  });

  it('keeps every synonym whole, so 个税 is not cut into 个/税', () => {
    expect(segmenter.cut('个税汇算怎么办')).toEqual(expect.arrayContaining(['个税', '汇算']));
    expect(segmenter.cut('专票丢了')).toContain('专票');
  });

  it('indexes a compound with the dictionary words inside it, which share its position', () => {
    const groups = segmenter.indexTokens('取得增值税专用发票');
    const group = groups.find((g) => g[0] === '增值税专用发票');
    expect(group).toEqual(expect.arrayContaining(['增值税', '专用发票', '发票']));
    expect(groups.flat()).not.toContain('的');
  });

  it('cuts a word the same way in a document and in a query (HMM off)', () => {
    const text = '车船税纳税义务发生时间为取得车船所有权或者管理权的当月';
    const inDocument = segmenter.indexTokens(text).map((g) => g[0]);
    const inQuery = segmenter.cut(foldText('纳税义务发生时间'));
    expect(inQuery).toEqual(['纳税义务发生时间']);
    expect(inDocument).toContain('纳税义务发生时间');
  });
});

describe('query analysis', () => {
  it('expands synonyms and abbreviations both ways', () => {
    const { analyzer } = analyzerOver(['个人所得税按年计算', '城市维护建设税的计税依据']);
    const concepts = analyzer.analyzeQuery('个税').concepts;
    expect(concepts[0]!.alternatives.map((a) => a.term)).toContain('个人所得税');
    expect(analyzer.analyzeQuery('城建税计税依据').concepts[0]!.alternatives.map((a) => a.term)).toContain(
      '城市维护建设税',
    );
  });

  it('corrects a homophone typo to the indexed word that sounds the same', () => {
    const { analyzer } = analyzerOver(['个人所得税按年计算', '居民个人取得综合所得']);
    const analysed = analyzer.analyzeQuery('隔人所得税怎么交');
    expect(analysed.corrections).toEqual([{ from: '隔人所得税', to: '个人所得税' }]);
    expect(analysed.concepts[0]!.alternatives.map((a) => a.term)).toContain('个人所得税');
  });

  it('does not correct a dictionary word that is no typo', () => {
    const { analyzer } = analyzerOver(['事后补办手续', '汇算清缴的期限']);
    expect(analyzer.analyzeQuery('汇算清缴什么时候办').corrections).toEqual([]);
  });

  it('reads pinyin initials and full pinyin as the word they spell', () => {
    const { analyzer } = analyzerOver(['增值税税率为百分之十三', '增值税专用发票', '个人所得税']);
    expect(analyzer.analyzeQuery('zzs').corrections).toEqual([{ from: 'zzs', to: '增值税' }]);
    expect(analyzer.analyzeQuery('gerensuodeshui').corrections).toEqual([{ from: 'gerensuodeshui', to: '个人所得税' }]);
  });

  it('reads the initials of several words typed together as those words', () => {
    const { analyzer } = analyzerOver(['个税汇算的时间', '年度汇算清缴', '个人所得税']);
    const analysed = analyzer.analyzeQuery('gshs');
    expect(analysed.corrections).toEqual([{ from: 'gshs', to: '个税 汇算' }]);
    expect(analysed.concepts.map((c) => c.text)).toEqual(['个税', '汇算']);
    expect(analyzer.analyzeQuery('qqqq').concepts).toEqual([]);
  });

  it('matches a compound through its parts when no document uses it whole', () => {
    const { analyzer } = analyzerOver(['资源税按月申报缴纳，不能按固定期限计算的按次申报']);
    const concept = analyzer.analyzeQuery('申报期限').concepts[0]!;
    expect(concept.parts?.groups.map((g) => g[0])).toEqual(['申报', '期限']);
  });

  it('turns question words into hints that do not count as required words', () => {
    const { analyzer } = analyzerOver(['环境保护税按月计算，按季申报缴纳']);
    const concepts = analyzer.analyzeQuery('环境保护税多久申报一次').concepts;
    const hint = concepts.find((c) => c.isHint);
    expect(hint?.alternatives.map((a) => a.term)).toEqual(['按月', '按季']);
    expect(concepts.filter((c) => !c.isHint).map((c) => c.text)).toEqual(
      expect.arrayContaining(['环境保护税', '申报']),
    );
  });

  it('completes the word being typed from the indexed vocabulary', () => {
    const { analyzer } = analyzerOver(['增值税专用发票的开具', '增值税专用发票丢失']);
    const concepts = analyzer.analyzeQuery('增值税专', { completePrefix: true }).concepts;
    expect(concepts.flatMap((c) => c.alternatives.map((a) => a.term))).toContain('增值税专用发票');
  });
});

describe('pinyin keys', () => {
  it('keys words by toneless pinyin, fuzzy pairs and initials', () => {
    expect(pinyinKey('增值税')).toBe('zengzhishui');
    expect(initialsKey('增值税')).toBe('zzs');
    expect(fuzzySyllable('zhi')).toBe('zi');
    expect(fuzzySyllable('ling')).toBe('nin');
  });
});

describe('highlighting', () => {
  it('marks the longest term first without overlaps, at the right offsets of the raw text', () => {
    const text = '开具增值税专用发票，发票联';
    expect(highlightText(text, ['发票', '增值税专用发票'])).toBe(
      '开具<mark>增值税专用发票</mark>，<mark>发票</mark>联',
    );
    const matches = findMatches('ＺＺＳ和zzs', ['zzs']);
    expect(matches.map((m) => [m.start, m.end])).toEqual([
      [0, 3],
      [4, 7],
    ]);
  });

  it('escapes the text so that only <mark> is markup', () => {
    expect(highlightText('<script>alert(1)</script>发票', ['发票'])).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt;<mark>发票</mark>',
    );
  });

  it('cuts a snippet around the densest cluster of terms', () => {
    const text = `${'前文无关内容。'.repeat(30)}纳税人取得增值税专用发票后应当按规定抵扣进项税额。${'后文。'.repeat(30)}`;
    const cut = snippet(text, ['增值税专用发票', '抵扣'], 60);
    expect(cut).toContain('<mark>增值税专用发票</mark>');
    expect(cut).toContain('<mark>抵扣</mark>');
    expect(cut.startsWith('…')).toBe(true);
  });
});
