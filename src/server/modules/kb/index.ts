/** The knowledge base's public face: other modules import only this. */

// The shared Chinese text analysis (segmentation with the tax dictionary, synonyms), for other modules' statistics.
export { foldText } from './analysis/normalize';
export { isIndexable, type Segmenter } from './analysis/segmenter';
export type { SynonymTable } from './analysis/synonyms';
export { kbIndexMetrics } from './kb.metrics';
export { kbRoutes } from './kb.routes';
export type { KbTables } from './kb.tables';
export { loadAnalysisConfig } from './kb-analysis-config';
export { type DemoContentResult, loadDemoKnowledgeBase } from './kb-demo';
export { createKbSearch, KbSearch } from './kb-search';
export { type RecordArticleUse, recordArticleUse } from './kb-search.service';
export { type RankingModel, shippedModelFile } from './analysis/ranking-model';
export { saveTrainedRankingModel, trainOnEvidence } from './kb-ranking-training';
export { demoContentDir } from './kb-demo';
export { readJudged, splitDevQuestions } from './kb-relevance';
