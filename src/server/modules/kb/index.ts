/** The knowledge base's public face: other modules import only this. */

export { kbRoutes } from './kb.routes';
export { type RecordArticleUse, recordArticleUse } from './kb.service';
export type { KbTables } from './kb.tables';
export { loadDemoKnowledgeBase } from './kb-demo';
