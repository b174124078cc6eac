import { parentPort } from 'node:worker_threads';
import { Segmenter } from './analysis/segmenter';
import { analyseFieldsSync, type EncodedPostings, type FieldTexts } from './kb-search-docs';

/**
 * The analysis worker (see kb-analysis-pool.ts): the same segmenter and postings code as the main
 * thread, on its own core. Loaded through kb-analysis.worker.mjs, which registers the TypeScript loader.
 */

export type WorkerRequest = { type: 'init'; userWords: string[] } | { type: 'analyse'; id: number; docs: FieldTexts[] };
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'done'; id: number; results: EncodedPostings[] }
  | { type: 'failed'; id: number; error: string };

let segmenter: Segmenter | null = null;

parentPort?.on('message', (request: WorkerRequest) => {
  if (request.type === 'init') {
    segmenter = new Segmenter(request.userWords);
    parentPort!.postMessage({ type: 'ready' } satisfies WorkerReply);
    return;
  }
  try {
    const results = request.docs.map((texts) => analyseFieldsSync(segmenter!, texts));
    parentPort!.postMessage({ type: 'done', id: request.id, results } satisfies WorkerReply);
  } catch (error) {
    parentPort!.postMessage({ type: 'failed', id: request.id, error: String(error) } satisfies WorkerReply);
  }
});
