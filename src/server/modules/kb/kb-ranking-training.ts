import type { Db } from '../../db/connection';
import { intentKinds } from './analysis/intents';
import type { RankingModel, RankingWeights } from './analysis/ranking-model';
import * as settingsRepo from './kb-analysis-settings.repository';
import { type JudgedQuestion, measureRelevance } from './kb-relevance';
import type { KbSearch } from './kb-search';
import * as searchRepo from './kb-search.repository';

/**
 * Learning the ranking weights from evidence by coordinate ascent (Metzler & Croft's linear
 * learning-to-rank): one weight at a time is tried over a grid of values around its current one and
 * kept when the judged questions' mean reciprocal rank improves by more than `minimumGain`; rounds
 * repeat until none improves. Deterministic, no service, a few hundred evaluations.
 */

type Path = { key: Exclude<keyof RankingWeights, 'intent'> } | { intent: keyof RankingWeights['intent'] };

const paths: Path[] = [
  { key: 'rewrite' },
  { key: 'optionalRewrite' },
  { key: 'questionHint' },
  { key: 'part' },
  { key: 'proximity' },
  { key: 'requiredShare' },
  ...intentKinds.filter((k) => k !== 'case').map((k) => ({ intent: k as keyof RankingWeights['intent'] })),
  { key: 'caseAsked' },
  { key: 'caseNotAsked' },
];

const bounds: Record<string, [number, number]> = {
  caseAsked: [0.5, 4],
  caseNotAsked: [0.1, 1.2],
  rewrite: [0.1, 1],
  part: [0.1, 1],
  // Below 0.6 a long question's candidates grow too many for the speed target at 200,000 articles.
  requiredShare: [0.6, 1],
};

function nameOf(path: Path): string {
  return 'key' in path ? path.key : `intent.${path.intent}`;
}

function read(weights: RankingWeights, path: Path): number {
  return 'key' in path ? weights[path.key] : weights.intent[path.intent];
}

/** A copy of the weights with one weight set. */
export function withWeight(weights: RankingWeights, path: Path, value: number): RankingWeights {
  if ('key' in path) return { ...weights, [path.key]: value };
  return { ...weights, intent: { ...weights.intent, [path.intent]: value } };
}

export interface TrainingStep {
  weight: string;
  from: number;
  to: number;
  objective: number;
}

/** Coordinate ascent from `start`; `objective` scores a set of weights (higher is better). */
export async function trainRankingWeights(
  start: RankingWeights,
  objective: (weights: RankingWeights) => Promise<number>,
  options: { rounds?: number; minimumGain?: number; log?: (step: TrainingStep) => void } = {},
): Promise<{ weights: RankingWeights; objective: number; steps: TrainingStep[] }> {
  const rounds = options.rounds ?? 3;
  const minimumGain = options.minimumGain ?? 0.002;
  let weights = start;
  let best = await objective(weights);
  const steps: TrainingStep[] = [];
  for (let round = 0; round < rounds; round++) {
    let improved = false;
    for (const path of paths) {
      const current = read(weights, path);
      const [low, high] = bounds[nameOf(path)] ?? [0, 2];
      // Steps around the current value, and a few absolute ones so that a weight at zero can come back.
      const candidates = [
        ...[0, 0.25, 0.5, 0.75, 1.5, 2, 3].map((m) => (m === 0 ? low : current * m)),
        ...[0.25, 0.5, 1],
      ]
        .map((v) => Math.round(Math.min(high, Math.max(low, v)) * 1000) / 1000)
        .filter((v, i, all) => v !== current && all.indexOf(v) === i);
      for (const value of candidates) {
        const trial = withWeight(weights, path, value);
        const score = await objective(trial);
        if (score > best + minimumGain) {
          const step = { weight: nameOf(path), from: read(weights, path), to: value, objective: score };
          steps.push(step);
          options.log?.(step);
          weights = trial;
          best = score;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return { weights, objective: best, steps };
}

export interface TrainingOptions {
  /** Add the agents' click-through (articles used in contacts) to the judged questions. */
  withClickThrough: boolean;
  log: (message: string) => void;
  /** Print the questions whose answer is not first after training. */
  explain?: boolean | undefined;
  rounds?: number | undefined;
}

/** Trains the ranking weights of `search` on judged questions (and click-through) over its database. */
export async function trainOnEvidence(
  db: Db,
  search: KbSearch,
  judged: readonly JudgedQuestion[],
  options: TrainingOptions,
): Promise<{ model: RankingModel }> {
  const clicks = options.withClickThrough ? await searchRepo.findClickThroughQuestions(db, 5000) : [];
  const questions = [...judged, ...clicks];
  const config = await search.analysis();
  const rank = async (q: string) =>
    (await search.search({ q, limit: 10, offset: 0 })).hits.map((h) => h.externalId ?? `#${h.id}`);
  const objective = async (weights: RankingWeights) => {
    await search.setRankingWeights(weights);
    const r = await measureRelevance(rank, questions);
    // Recall@5 breaks ties between equal MRRs.
    return r.mrr10 + r.recall5 / 100;
  };
  const start = config.ranking.weights;
  const before = await objective(start);
  options.log(`${judged.length} judged questions, ${clicks.length} from click-through; start ${before.toFixed(3)}`);
  const trained = await trainRankingWeights(start, objective, {
    rounds: options.rounds ?? 3,
    log: (s) => options.log(`${s.weight}: ${s.from} → ${s.to} (${s.objective.toFixed(3)})`),
  });
  await search.setRankingWeights(trained.weights);
  const final = await measureRelevance(rank, questions);
  options.log(`trained: MRR@10 ${final.mrr10}, recall@5 ${final.recall5}`);
  if (options.explain) {
    for (const [i, q] of questions.entries()) {
      if (final.reciprocalRanks[i] === 1) continue;
      const ids = await rank(q.q);
      options.log(
        `rank ${final.reciprocalRanks[i] ? Math.round(1 / final.reciprocalRanks[i]!) : '-'}: ${q.q} → want ${q.relevant.join(',')}; got ${ids.slice(0, 5).join(',')}`,
      );
    }
  }
  return {
    model: {
      trainedWith: {
        analysisVersion: config.version,
        lexiconEntries: config.lexicon.size,
        questions: judged.length,
        clicks: clicks.length,
        mrr10: final.mrr10,
      },
      weights: trained.weights,
    },
  };
}

/** Stores a trained model with the analysis data; every instance reloads it before its next search. */
export async function saveTrainedRankingModel(db: Db, model: RankingModel, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await settingsRepo.saveRankingModel(trx, JSON.stringify(model), now);
    await searchRepo.appendIndexLog(trx, [{ articleId: null, kind: 'settings' }], now);
  });
}
