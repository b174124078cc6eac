import { createHash } from 'node:crypto';
import fs from 'node:fs';

/**
 * Relevance on judged questions (MRR@10, recall@5), the fixed split of the dev questions and a
 * bootstrap interval: shared by the benchmark and the ranking model's training (kb-train.ts).
 */

export interface JudgedQuestion {
  q: string;
  relevant: string[];
  kind?: string;
}

export function readJudged(file: string): JudgedQuestion[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as JudgedQuestion);
}

/**
 * The split is fixed, not chosen: the questions ordered by the sha256 of their text; the first
 * half tunes, the second half checks (and is never looked at while tuning).
 */
export function splitDevQuestions(questions: readonly JudgedQuestion[]): {
  tuning: JudgedQuestion[];
  checking: JudgedQuestion[];
} {
  const ordered = [...questions]
    .map((q) => ({ q, key: createHash('sha256').update(q.q, 'utf8').digest('hex') }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.q);
  const half = Math.ceil(ordered.length / 2);
  return { tuning: ordered.slice(0, half), checking: ordered.slice(half) };
}

export interface Relevance {
  mrr10: number;
  recall5: number;
  /** Per question: 1/rank of the first relevant hit in the top 10, else 0. */
  reciprocalRanks: number[];
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** MRR@10 and recall@5 of a ranking function over judged questions. */
export async function measureRelevance(
  rank: (q: string) => string[] | Promise<string[]>,
  questions: readonly JudgedQuestion[],
): Promise<Relevance> {
  const reciprocalRanks: number[] = [];
  let found = 0;
  for (const question of questions) {
    const ids = (await rank(question.q)).slice(0, 10);
    const position = ids.findIndex((id) => question.relevant.includes(id));
    reciprocalRanks.push(position >= 0 ? 1 / (position + 1) : 0);
    if (position >= 0 && position < 5) found++;
  }
  const n = Math.max(1, questions.length);
  return {
    mrr10: round3(reciprocalRanks.reduce((a, b) => a + b, 0) / n),
    recall5: round3(found / n),
    reciprocalRanks,
  };
}

/** A bootstrap 95 % interval of the mean (2,000 resamples, a seeded generator: the same every run). */
export function bootstrapInterval(values: readonly number[], seed = 20261206): [number, number] {
  if (values.length === 0) return [0, 0];
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const means: number[] = [];
  for (let r = 0; r < 2000; r++) {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[Math.floor(next() * values.length)]!;
    means.push(sum / values.length);
  }
  means.sort((a, b) => a - b);
  return [round3(means[49]!), round3(means[1949]!)];
}
