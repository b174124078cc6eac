import type { HotQuestion, HotQuestionArticle } from '../../../shared/reports';
import { foldText, isIndexable, type Segmenter, type SynonymTable } from '../kb';

/**
 * Hot questions (热点问题), pure: the questions of a period are cut into words with the knowledge
 * base's segmenter (jieba with the tax user dictionary), synonyms folded onto one spelling (个税 →
 * 个人所得税), then near-identical questions — the same key terms, or nearly the same — are grouped
 * into topics and compared with the previous period.
 */

export interface QuestionGroup {
  subject: string;
  taxKind: string | null;
  /** JSON `[{id, title}]` of the articles the agent used, as stored on the contact. */
  kbArticles: string | null;
  count: number;
}

export interface QuestionAnalysis {
  segmenter: Segmenter;
  synonyms: SynonymTable;
}

/** Two questions with at least this share of key terms in common (Jaccard) are one topic. */
const SAME_TOPIC = 0.6;
/** A topic is flagged rising when asked at least this often and at least RISING_FACTOR times as before. */
const RISING_MIN_COUNT = 3;
const RISING_FACTOR = 2;
const MAX_TERMS = 6;

/** Words that say how people ask, not what about: they never make two questions one topic. */
const askingWords = new Set([
  '问题',
  '咨询',
  '询问',
  '请问',
  '如何',
  '怎么',
  '怎样',
  '怎么办',
  '是否',
  '可以',
  '能否',
  '能不能',
  '需要',
  '相关',
  '有关',
  '情况',
  '多少',
  '哪些',
  '什么',
  '关于',
  '办理',
]);

/** The key terms of one question: segmented, stop and asking words removed, synonyms folded, deduplicated. */
export function questionTerms(analysis: QuestionAnalysis, text: string): string[] {
  const terms: string[] = [];
  for (const token of analysis.segmenter.cut(foldText(text))) {
    if (!isIndexable(token) || askingWords.has(token) || /^\d+(\.\d+)?$/.test(token)) continue;
    const term = canonicalTerm(analysis.synonyms, token);
    if (!terms.includes(term)) terms.push(term);
  }
  // Tax terms first: they name the topic.
  return terms
    .map((term, index) => ({ term, index, isDomain: analysis.segmenter.isDomainWord(term) }))
    .sort((a, b) => Number(b.isDomain) - Number(a.isDomain) || a.index - b.index)
    .map((t) => t.term)
    .slice(0, MAX_TERMS);
}

/** The one spelling a group of synonyms is counted under: the longest (the full name), then the first in order. */
function canonicalTerm(synonyms: SynonymTable, term: string): string {
  let best = term;
  for (const other of synonyms.equivalentsOf(term)) {
    if (other.length > best.length || (other.length === best.length && other < best)) best = other;
  }
  return best;
}

function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.includes(t)) shared += 1;
  return shared / (a.length + b.length - shared);
}

interface Topic {
  terms: string[];
  count: number;
  previousCount: number;
  subjects: Map<string, number>;
  taxKinds: Map<string, number>;
  articles: Map<number, HotQuestionArticle>;
}

/** Topics indexed by their terms, to compare a question only with topics sharing a term. */
class TopicIndex {
  readonly topics: Topic[] = [];
  private readonly byTerm = new Map<string, number[]>();

  find(terms: readonly string[]): Topic | undefined {
    let best: Topic | undefined;
    let bestScore = 0;
    const seen = new Set<number>();
    for (const term of terms) {
      for (const i of this.byTerm.get(term) ?? []) {
        if (seen.has(i)) continue;
        seen.add(i);
        const topic = this.topics[i]!;
        const score = jaccard(terms, topic.terms);
        if (score > bestScore) {
          best = topic;
          bestScore = score;
        }
      }
    }
    return bestScore >= SAME_TOPIC ? best : undefined;
  }

  add(terms: string[]): Topic {
    const topic: Topic = {
      terms,
      count: 0,
      previousCount: 0,
      subjects: new Map(),
      taxKinds: new Map(),
      articles: new Map(),
    };
    const index = this.topics.push(topic) - 1;
    for (const term of terms) {
      const list = this.byTerm.get(term) ?? [];
      list.push(index);
      this.byTerm.set(term, list);
    }
    return topic;
  }
}

function articlesOf(json: string | null): Array<{ id: number; title: string }> {
  if (!json) return [];
  try {
    const parsed = JSON.parse(json) as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (a): a is { id: number; title: string } =>
        typeof a === 'object' && a !== null && typeof a.id === 'number' && typeof a.title === 'string',
    );
  } catch {
    return [];
  }
}

const top = (counts: Map<string, number>, n: number) =>
  [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'))
    .slice(0, n)
    .map(([key]) => key);

/**
 * Groups the questions of a period into topics (most asked first), counts the same topics among the
 * previous period's questions, and flags those that rose sharply.
 */
export function rankHotQuestions(
  analysis: QuestionAnalysis,
  current: readonly QuestionGroup[],
  previous: readonly QuestionGroup[],
  limit: number,
): HotQuestion[] {
  const index = new TopicIndex();
  const termCache = new Map<string, string[]>();
  const termsOf = (subject: string) => {
    let terms = termCache.get(subject);
    if (!terms) {
      terms = questionTerms(analysis, subject);
      termCache.set(subject, terms);
    }
    return terms;
  };
  // Most asked first, so a topic is named after its most common wording.
  const sorted = [...current].sort((a, b) => b.count - a.count || a.subject.localeCompare(b.subject, 'zh-CN'));
  for (const group of sorted) {
    const terms = termsOf(group.subject);
    if (terms.length === 0) continue;
    const topic = index.find(terms) ?? index.add(terms);
    topic.count += group.count;
    const subject = group.subject.trim();
    topic.subjects.set(subject, (topic.subjects.get(subject) ?? 0) + group.count);
    if (group.taxKind) topic.taxKinds.set(group.taxKind, (topic.taxKinds.get(group.taxKind) ?? 0) + group.count);
    for (const a of articlesOf(group.kbArticles)) {
      const known = topic.articles.get(a.id) ?? { id: a.id, title: a.title, count: 0 };
      known.count += group.count;
      topic.articles.set(a.id, known);
    }
  }
  for (const group of previous) {
    const terms = termsOf(group.subject);
    if (terms.length === 0) continue;
    const topic = index.find(terms);
    if (topic) topic.previousCount += group.count;
  }
  return index.topics
    .sort((a, b) => b.count - a.count || a.terms.join().localeCompare(b.terms.join(), 'zh-CN'))
    .slice(0, limit)
    .map((topic, i) => {
      const [question = '', ...others] = top(topic.subjects, 4);
      return {
        rank: i + 1,
        terms: topic.terms,
        question,
        count: topic.count,
        previousCount: topic.previousCount,
        change:
          topic.previousCount === 0
            ? null
            : Math.round(((topic.count - topic.previousCount) / topic.previousCount) * 1000) / 1000,
        isRising: topic.count >= RISING_MIN_COUNT && topic.count >= RISING_FACTOR * topic.previousCount,
        taxKinds: top(topic.taxKinds, 3),
        examples: others,
        articles: [...topic.articles.values()].sort((a, b) => b.count - a.count || a.id - b.id).slice(0, 5),
      };
    });
}
