/** The knowledge base's public face: other modules import only this. */

// The shared Chinese text analysis (segmentation with the tax dictionary, synonyms), for other modules' statistics.
export { foldText } from './analysis/normalize';
export { type RankingModel, shippedModelFile } from './analysis/ranking-model';
export { isIndexable, type Segmenter } from './analysis/segmenter';
export type { SynonymTable } from './analysis/synonyms';
export { kbIndexMetrics } from './kb.metrics';
export { kbRoutes } from './kb.routes';
export type { KbTables } from './kb.tables';
export { loadAnalysisConfig } from './kb-analysis-config';
export { findArticleTitles } from './kb-article-titles';
export { attachmentTypes, maxAttachmentBytes } from './kb-attachments.service';
export { type DemoContentResult, demoContentDir, loadDemoKnowledgeBase } from './kb-demo';
export { saveTrainedRankingModel, trainOnEvidence } from './kb-ranking-training';
export { readJudged, splitDevQuestions } from './kb-relevance';
export { createKbSearch, KbSearch } from './kb-search';
export { type RecordArticleUse, recordArticleUse } from './kb-search.service';
