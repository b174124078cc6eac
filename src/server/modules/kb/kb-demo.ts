import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/connection';
import { systemContext } from '../../platform/request-context';
import { loadAnalysisConfig } from './kb-analysis-config';
import { importArticles, parseNdjson } from './kb-import';

/** The knowledge-base content shipped in resources/kb (see resources/SOURCES.md). */
export const demoContentDir = path.resolve(import.meta.dirname, '../../../../resources/kb');
export const demoContentFiles = [
  'policy-law-articles.jsonl',
  'notice-tax-case-bulletins.jsonl',
  'faq-12366-2019.jsonl',
] as const;

export interface DemoContentResult {
  articles: number;
  failed: number;
  ms: number;
}

/**
 * Loads the demo content (1,184 law articles, 1,090 case bulletins, 43 FAQ) into the knowledge
 * base, published and searchable. Idempotent: a second run updates nothing that did not change.
 * Called by startup right after the demo data is created; tests call it when they need the corpus.
 */
export async function loadDemoKnowledgeBase(db: Db, now: Date): Promise<DemoContentResult> {
  const started = performance.now();
  const config = await loadAnalysisConfig(db);
  let articles = 0;
  let failed = 0;
  for (const file of demoContentFiles) {
    const parsed = parseNdjson(fs.readFileSync(path.join(demoContentDir, file), 'utf8'));
    for (let i = 0; i < parsed.length; i += 1000) {
      const result = await importArticles(systemContext(db, now), config, parsed.slice(i, i + 1000), { audit: false });
      articles += result.created + result.updated;
      failed += result.failed.length;
    }
  }
  return { articles, failed, ms: Math.round(performance.now() - started) };
}
