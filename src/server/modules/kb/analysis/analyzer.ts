import type { ColloquialLexicon, Rewrite } from './colloquial-lexicon';
import { type IntentKind, intentMarker, intentsOf } from './intents';
import { foldText, hasCjk, isLatinWord, isWordToken } from './normalize';
import { PinyinIndex, readingsOf } from './pinyin-index';
import { defaultRankingWeights, type RankingWeights } from './ranking-model';
import { isIndexable, type Segmenter } from './segmenter';
import { isStopWord } from './stop-words';
import type { SynonymTable } from './synonyms';

/** What query analysis needs to know about the indexed text. */
export interface Vocabulary {
  /** In how many live documents the term occurs. */
  documentFrequency(term: string): number;
  /** Every term ever indexed, in order of first appearance (append-only). */
  readonly termList: readonly string[];
}

/** One alternative spelling of a query concept and how much a match on it counts. */
export interface Alternative {
  term: string;
  weight: number;
}

/** One meaningful unit of the query: a document matches it through any of its alternatives. */
export interface Concept {
  /** The words as the user typed them (after correction, the corrected form). */
  text: string;
  alternatives: Alternative[];
  /**
   * The parts of a compound (申报期限 → 申报, 期限): a document without the compound still matches
   * the concept through them, scaled by `weight` and by the share of parts it holds.
   */
  parts?: { groups: string[][]; weight: number };
  /**
   * A hint from the way the question is asked (多久 → 按月, 按季, 期限 …): adds to the score of the
   * documents holding it but neither makes a document match nor counts in the query's coverage.
   */
  isHint?: boolean;
  /** The 口语词表 phrase this concept stands for (老板 → 投资者|股东), when the lexicon rewrote it. */
  rewrittenFrom?: string;
}

export interface Correction {
  from: string;
  to: string;
}

export interface AnalyzedQuery {
  concepts: Concept[];
  /** Typos and pinyin the analysis replaced, for a "已按…检索" hint. */
  corrections: Correction[];
  /** What kind of answer the question asks for (period, amount …; see intents.ts). */
  intents: IntentKind[];
  /** The 口语词表 phrases the question was rewritten from. */
  rewrites: string[];
}

export interface AnalyzerOptions {
  lexicon?: ColloquialLexicon | undefined;
  weights?: RankingWeights | undefined;
}
/** Weight of words a prefix could complete to, while the user is still typing. */
const completionWeight = 0.7;
const maxCompletions = 6;

/**
 * The analysis every backend shares: folding, segmentation, stop words, synonyms, homophone and
 * pinyin correction. Indexing uses `Segmenter.indexTokens`; queries come through `analyzeQuery`.
 */
export class Analyzer {
  private readonly pinyin = new PinyinIndex();
  private pinyinCursor = 0;
  private sortedTerms: string[] | null = null;
  private sortedTermsCount = 0;

  private readonly lexicon: ColloquialLexicon | undefined;
  readonly weights: RankingWeights;

  constructor(
    readonly segmenter: Segmenter,
    readonly synonyms: SynonymTable,
    private readonly vocabulary: Vocabulary,
    options: AnalyzerOptions = {},
  ) {
    this.lexicon = options.lexicon;
    this.weights = options.weights ?? defaultRankingWeights;
  }

  /** Index token groups of a text (see Segmenter.indexTokens). */
  indexTokens(text: string): string[][] {
    return this.segmenter.indexTokens(text);
  }

  /** Builds the pinyin keys of every term indexed since the last call (cheap once warm). */
  warmPinyin(): void {
    const terms = this.vocabulary.termList;
    for (; this.pinyinCursor < terms.length; this.pinyinCursor++) {
      const term = terms[this.pinyinCursor]!;
      if (this.vocabulary.documentFrequency(term) > 0 || this.segmenter.isDomainWord(term)) this.pinyin.add(term);
    }
  }

  private df(term: string): number {
    return this.vocabulary.documentFrequency(term);
  }

  /** The best known word for pinyin keys: most documents first, tax terms before general words. */
  private bestOf(candidates: readonly string[], exclude?: string): string | undefined {
    let best: string | undefined;
    let bestScore = 0;
    for (const word of candidates) {
      if (word === exclude) continue;
      const df = this.df(word);
      if (df === 0) continue;
      const score = df * (this.segmenter.isDomainWord(word) ? 4 : 1);
      if (score > bestScore || (score === bestScore && best !== undefined && word < best)) {
        best = word;
        bestScore = score;
      }
    }
    return best;
  }

  /** A known word that sounds like `text` (same pinyin, or same with fuzzy pairs merged). */
  private homophoneOf(text: string): string | undefined {
    for (const syllables of readingsOf(text)) {
      const exact = this.bestOf(this.pinyin.byPinyin(syllables.join('')), text);
      if (exact) return exact;
    }
    for (const syllables of readingsOf(text)) {
      const fuzzy = this.bestOf(this.pinyin.byFuzzyPinyin(syllables), text);
      if (fuzzy) return fuzzy;
    }
    return undefined;
  }

  /**
   * The words typed as pinyin (zengzhishui) or initials (zzs), if the vocabulary has them; initials of
   * several words typed together (gshs → 个税 汇算) are split into the fewest known words, at least two
   * letters each, the most used words winning a tie.
   */
  private wordsForLatin(latin: string): string[] {
    const single = this.bestOf(this.pinyin.byPinyin(latin)) ?? this.bestOf(this.pinyin.byInitials(latin));
    if (single) return [single];
    if (latin.length < 4 || latin.length > 16) return [];
    // best[i]: the fewest words covering latin.slice(0, i), with their summed document frequency.
    const best: Array<{ words: string[]; df: number } | undefined> = [{ words: [], df: 0 }];
    for (let end = 2; end <= latin.length; end++) {
      for (let start = Math.max(0, end - 8); start <= end - 2; start++) {
        const before = best[start];
        if (!before) continue;
        const word = this.bestOf(this.pinyin.byInitials(latin.slice(start, end)));
        if (!word) continue;
        const candidate = { words: [...before.words, word], df: before.df + this.df(word) };
        const current = best[end];
        if (
          !current ||
          candidate.words.length < current.words.length ||
          (candidate.words.length === current.words.length && candidate.df > current.df)
        ) {
          best[end] = candidate;
        }
      }
    }
    return best[latin.length]?.words ?? [];
  }

  /**
   * Replaces typos: a run of tokens that jieba could only cut into single characters (隔/人/所得税)
   * and that is not itself indexed, but sounds like an indexed word (个人所得税). Longest run first.
   */
  private correctHomophones(tokens: string[], corrections: Correction[]): string[] {
    // Only lone characters are suspicious: a dictionary word nobody indexed (时候) is no typo.
    const suspicious = (t: string) => t.length === 1 && hasCjk(t) && !isStopWord(t);
    if (!tokens.some(suspicious)) return tokens;
    this.warmPinyin();
    const out: string[] = [];
    let i = 0;
    while (i < tokens.length) {
      let replaced = false;
      for (let j = Math.min(tokens.length, i + 6); j > i + 0; j--) {
        const run = tokens.slice(i, j);
        const text = run.join('');
        if (text.length < 2 || text.length > 8 || !/^[\u3400-\u9fff]+$/.test(text)) continue;
        if (!run.some(suspicious) || isStopWord(run[0]!) || isStopWord(run[run.length - 1]!)) continue;
        if (this.df(text) > 0) continue;
        const word = this.homophoneOf(text);
        if (word) {
          corrections.push({ from: text, to: word });
          out.push(word);
          i = j;
          replaced = true;
          break;
        }
      }
      if (!replaced) {
        out.push(tokens[i]!);
        i++;
      }
    }
    return out;
  }

  /** The concepts of a query, best effort: never throws on odd input, may return no concepts. */
  analyzeQuery(query: string, options: { completePrefix?: boolean } = {}): AnalyzedQuery {
    const corrections: Correction[] = [];
    const folded = foldText(query).slice(0, 200);
    let tokens = this.segmenter.cut(folded).filter((t) => isWordToken(t));
    // While typing, a lone last character is the start of a word, not a typo.
    const typing = options.completePrefix && tokens.length > 0 && !isIndexable(tokens[tokens.length - 1]!);
    const last = typing ? tokens.pop() : undefined;
    tokens = this.correctHomophones(tokens, corrections);
    if (last !== undefined) tokens.push(last);
    // While typing, the question is not complete: no lexicon and no intent (suggestions stay as they were).
    const whole = !options.completePrefix;
    const intents = whole ? intentsOf(folded) : [];
    // The lexicon reads the corrected words (隔人所得税 is 个人所得税 before 所得税 is looked up).
    const spans: Array<{ text: string; start: number }> = [];
    let offset = 0;
    for (const text of tokens) {
      spans.push({ text, start: offset });
      offset += text.length;
    }
    const rewrites =
      whole && this.lexicon ? this.lexicon.rewritesOf(tokens.join(''), spans, (w) => this.df(w) > 0) : [];
    const items: Array<{ token: string } | { rewrite: Rewrite; covered: string[] }> = [];
    let r = 0;
    for (const { text, start } of spans) {
      while (r < rewrites.length && rewrites[r]!.end <= start) r++;
      const rewrite = rewrites[r];
      if (rewrite && start < rewrite.end && start + text.length > rewrite.start) {
        const previous = items[items.length - 1];
        if (previous && 'rewrite' in previous && previous.rewrite === rewrite) previous.covered.push(text);
        else items.push({ rewrite, covered: [text] });
      } else {
        items.push({ token: text });
      }
    }
    const concepts: Concept[] = [];
    const optional: Concept[] = [];
    const seen = new Set<string>();
    const addConcept = (
      text: string,
      alternatives: Alternative[],
      parts?: Concept['parts'],
      rewrittenFrom?: string,
    ) => {
      const fresh = alternatives.filter((a) => !seen.has(a.term));
      if (fresh.length === 0 && !parts) return;
      if (fresh.length === 0 && parts && parts.groups.every((g) => seen.has(g[0]!))) return;
      for (const a of fresh) seen.add(a.term);
      const concept: Concept = parts ? { text, alternatives: fresh, parts } : { text, alternatives: fresh };
      if (rewrittenFrom) concept.rewrittenFrom = rewrittenFrom;
      concepts.push(concept);
    };
    const hints: Alternative[] = [];
    for (const token of tokens) {
      for (const hint of this.synonyms.hintsOf(token)) {
        if (!hints.some((h) => h.term === hint) && this.df(hint) > 0) {
          hints.push({ term: hint, weight: this.weights.questionHint });
        }
      }
    }
    const lastIndex = items.length - 1;
    const done = new Set<string>();
    items.forEach((item, index) => {
      if ('rewrite' in item) {
        this.addRewrite(item.rewrite, item.covered, addConcept, optional);
        return;
      }
      const token = item.token;
      // A word typed twice is one concept.
      if (done.has(token)) return;
      done.add(token);
      if (isLatinWord(token) && this.df(token) === 0) {
        this.warmPinyin();
        const words = this.wordsForLatin(token);
        if (words.length > 0) corrections.push({ from: token, to: words.join(' ') });
        for (const word of words) addConcept(word, this.withSynonyms(word, 1));
        return;
      }
      if (!isIndexable(token)) {
        if (options.completePrefix && index === lastIndex && hasCjk(token) && !isStopWord(token)) {
          const completion = this.completeTail(folded);
          if (completion) addConcept(completion.prefix, completion.alternatives);
        }
        return;
      }
      const alternatives = this.withSynonyms(token, 1).filter((a) => a.term !== token || this.df(token) > 0);
      if (options.completePrefix && index === lastIndex) {
        const completion = this.completeTail(folded);
        for (const c of completion?.alternatives ?? []) if (c.term !== token) alternatives.push(c);
      }
      // A compound also matches through its parts (研发费用加计扣除 → 研发费用, 加计扣除): a text may say it differently.
      const parts = this.partsOf(token);
      const groups = parts.map((part) => [part, ...this.synonyms.equivalentsOf(part)]);
      addConcept(token, alternatives, groups.length > 0 ? { groups, weight: this.weights.part } : undefined);
    });
    if (concepts.length > 0) {
      for (const c of optional) {
        const fresh = c.alternatives.filter((a) => !seen.has(a.term));
        for (const a of fresh) seen.add(a.term);
        if (fresh.length > 0) concepts.push({ ...c, alternatives: fresh });
      }
      const freshHints = hints.filter((h) => !seen.has(h.term));
      if (freshHints.length > 0) {
        concepts.push({ text: freshHints.map((h) => h.term).join(' '), alternatives: freshHints, isHint: true });
      }
      for (const kind of intents) {
        if (kind === 'case') continue;
        const marker = intentMarker(kind);
        if (this.df(marker) > 0) {
          concepts.push({
            text: marker,
            alternatives: [{ term: marker, weight: this.weights.intent[kind] }],
            isHint: true,
          });
        }
      }
    }
    return { concepts, corrections, intents, rewrites: rewrites.map((x) => x.phrase) };
  }

  /**
   * The concepts of a rewritten phrase. When the caller's words in it are searchable (员工, 房子), each
   * slot of legal terms is a concept a document must answer, the caller's own words counting in full
   * in the last slot (the noun of 卖房子); when they are not (罚多少, 能不能), the legal terms only add score.
   */
  private addRewrite(
    rewrite: Rewrite,
    covered: readonly string[],
    addConcept: (text: string, alternatives: Alternative[], parts?: Concept['parts'], rewrittenFrom?: string) => void,
    optional: Concept[],
  ): void {
    const own = covered.filter((t) => isIndexable(t));
    const weight = own.length > 0 ? this.weights.rewrite : this.weights.optionalRewrite;
    const slots = rewrite.slots.map((slot) =>
      slot.flatMap((term) => this.withSynonyms(term, weight)).filter((a) => this.df(a.term) > 0),
    );
    if (own.length === 0) {
      const alternatives = slots.flat();
      if (alternatives.length > 0) {
        optional.push({ text: rewrite.phrase, alternatives, isHint: true, rewrittenFrom: rewrite.phrase });
      }
      return;
    }
    const ownAlternatives = own.flatMap((t) => this.withSynonyms(t, 1)).filter((a) => this.df(a.term) > 0);
    slots.forEach((alternatives, i) => {
      const all = i === slots.length - 1 ? [...ownAlternatives, ...alternatives] : alternatives;
      if (all.length > 0) addConcept(rewrite.phrase, all, undefined, rewrite.phrase);
    });
  }

  /** Forward maximum matching of a compound into indexed dictionary words (two characters or more), itself excluded. */
  private partsOf(word: string): string[] {
    if (word.length < 3 || !hasCjk(word)) return [];
    const parts: string[] = [];
    let at = 0;
    while (at < word.length) {
      let found = '';
      for (let end = Math.min(word.length, at + word.length - 1); end >= at + 2; end--) {
        const candidate = word.slice(at, end);
        if (candidate !== word && this.segmenter.isWord(candidate) && this.df(candidate) > 0) {
          found = candidate;
          break;
        }
      }
      if (found) {
        if (!isStopWord(found)) parts.push(found);
        at += found.length;
      } else {
        at++;
      }
    }
    return parts.length >= 2 || (parts.length === 1 && this.df(word) === 0) ? parts : [];
  }

  private withSynonyms(term: string, weight: number): Alternative[] {
    return [{ term, weight }, ...this.synonyms.equivalentsOf(term).map((t) => ({ term: t, weight }))];
  }

  /**
   * Completions of what is being typed: the longest end of the text (up to eight characters of one
   * run) that starts indexed words — 增值税专 completes to 增值税专用发票 rather than 专 to 专用.
   */
  private completeTail(folded: string): { prefix: string; alternatives: Alternative[] } | null {
    const tail = /[\u3400-\u9fffa-z0-9]{1,8}$/.exec(folded)?.[0];
    if (!tail) return null;
    for (let length = tail.length; length >= 1; length--) {
      const prefix = tail.slice(tail.length - length);
      const alternatives = this.completions(prefix);
      if (alternatives.length > 0) return { prefix, alternatives };
    }
    return null;
  }

  /** Indexed words that start with what the user has typed so far (增值税专 → 增值税专用发票 …). */
  private completions(prefix: string): Alternative[] {
    const terms = this.vocabulary.termList;
    if (!this.sortedTerms || this.sortedTermsCount !== terms.length) {
      this.sortedTerms = terms.filter((t) => hasCjk(t)).sort();
      this.sortedTermsCount = terms.length;
    }
    const sorted = this.sortedTerms;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (sorted[mid]! < prefix) low = mid + 1;
      else high = mid;
    }
    const found: Array<{ term: string; df: number }> = [];
    for (let i = low; i < sorted.length && sorted[i]!.startsWith(prefix); i++) {
      const df = this.df(sorted[i]!);
      if (df > 0) found.push({ term: sorted[i]!, df });
    }
    found.sort((a, b) => b.df - a.df || (a.term < b.term ? -1 : 1));
    return found.slice(0, maxCompletions).map((f) => ({ term: f.term, weight: completionWeight }));
  }
}
