/** The knowledge base's public face: other modules import only this. */

// The shared Chinese text analysis (segmentation with the tax dictionary, synonyms), for other modules' statistics.
export { foldText } from './analysis/normalize';
export { isIndexable, type Segmenter } from './analysis/segmenter';
export type { SynonymTable } from './analysis/synonyms';
export { kbIndexMetrics } from './kb.metrics';
export { kbRoutes } from './kb.routes';
export type { KbTables } from './kb.tables';
export { loadAnalysisConfig } from './kb-analysis-config';
export { findArticleTitles } from './kb-article-titles';
export { attachmentTypes, maxAttachmentBytes } from './kb-attachments.service';
export { type DemoContentResult, loadDemoKnowledgeBase } from './kb-demo';
export { createKbSearch, type KbSearch } from './kb-search';
export { type RecordArticleUse, recordArticleUse } from './kb-search.service';
