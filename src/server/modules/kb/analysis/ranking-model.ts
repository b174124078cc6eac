import fs from 'node:fs';
import path from 'node:path';
import type { IntentKind } from './intents';

/**
 * The learned ranking weights: how much each feature the engine computes counts beside BM25F — the
 * lexicon's rewrites, the question hints, the parts of compounds, proximity, each answer kind a
 * question asks for, and the case library with and without a question about cases. Small and
 * readable on purpose (one number a feature), learned by coordinate ascent on judged questions
 * (`npm run kb:train`, see kb-train.ts) and stored beside the analysis data: the shipped model is
 * ranking-model.json; a model trained on a running installation's evidence is kept in `settings`
 * (`kb.ranking_model`) and wins over the shipped one.
 */
export interface RankingWeights {
  /** A legal term the lexicon rewrote a caller's word to (the caller's own word counts 1). */
  rewrite: number;
  /** A rewrite of words that are not searched themselves (罚多少 → 罚款): adds score, never required. */
  optionalRewrite: number;
  /** Question hints (多久 → 按月 …, the synonyms table's `question` rows). */
  questionHint: number;
  /** The parts of a compound the documents know (申报期限 → 申报, 期限). */
  part: number;
  /** Consecutive query words close together in one field. */
  proximity: number;
  /** The share of a longer question's concepts a document must cover (coverage). */
  requiredShare: number;
  /** A document stating the kind of answer the question asks for (its idf-weighted marker). */
  intent: Record<Exclude<IntentKind, 'case'>, number>;
  /** The case library's factor when the question asks for cases, and when it does not. */
  caseAsked: number;
  caseNotAsked: number;
}

export interface RankingModel {
  /** The analysis data the model was trained with (analysis version, lexicon size) and on what evidence. */
  trainedWith: { analysisVersion: number; lexiconEntries: number; questions: number; clicks: number; mrr10: number };
  weights: RankingWeights;
}

export const defaultRankingWeights: RankingWeights = {
  rewrite: 0.7,
  optionalRewrite: 0.3,
  questionHint: 0.3,
  part: 0.5,
  proximity: 0.5,
  requiredShare: 0.75,
  intent: { period: 0.3, amount: 0.3, rate: 0.3, penalty: 0.3, permission: 0.1, procedure: 0.1 },
  caseAsked: 1.5,
  caseNotAsked: 0.7,
};

export const shippedModelFile = path.resolve(import.meta.dirname, 'ranking-model.json');

/** The shipped model (the defaults when the file is missing). */
export function readShippedModel(): RankingModel {
  try {
    return parseRankingModel(fs.readFileSync(shippedModelFile, 'utf8'));
  } catch {
    return {
      trainedWith: { analysisVersion: 0, lexiconEntries: 0, questions: 0, clicks: 0, mrr10: 0 },
      weights: defaultRankingWeights,
    };
  }
}

/** A stored model, its missing weights taken from the defaults. */
export function parseRankingModel(text: string): RankingModel {
  const parsed = JSON.parse(text) as Partial<RankingModel>;
  const w = (parsed.weights ?? {}) as Partial<RankingWeights>;
  return {
    trainedWith: parsed.trainedWith ?? { analysisVersion: 0, lexiconEntries: 0, questions: 0, clicks: 0, mrr10: 0 },
    weights: {
      ...defaultRankingWeights,
      ...w,
      intent: { ...defaultRankingWeights.intent, ...(w.intent ?? {}) },
    },
  };
}
