import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './kb-analysis.worker';
import type { EncodedPostings, FieldTexts } from './kb-search-docs';

/**
 * Analysis of large imports on another core: segmentation and postings are the bulk of an
 * import's CPU, so a batch of thousands of articles is analysed in worker threads while the main
 * thread validates and writes to the database. Same code, same dictionary, so the postings are the
 * same as analysed in the main thread. Workers start on first use and stop after a minute idle.
 */

interface PooledWorker {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, { resolve: (r: EncodedPostings[]) => void; reject: (e: Error) => void }>;
}

const chunkSize = 250;
const idleMs = 60_000;

export class AnalysisPool {
  private static current: { key: string; pool: AnalysisPool } | null = null;
  private static unavailable = false;

  private readonly workers: PooledWorker[] = [];
  private nextId = 0;
  private turn = 0;
  private idleTimer: NodeJS.Timeout | null = null;

  private constructor(userWords: readonly string[], size: number) {
    for (let i = 0; i < size; i++) this.workers.push(this.start(userWords));
  }

  /** The pool for this dictionary (`key` changes with it), or null when workers cannot run here. */
  static for(key: string, userWords: readonly string[]): AnalysisPool | null {
    if (AnalysisPool.unavailable) return null;
    if (AnalysisPool.current?.key === key) return AnalysisPool.current.pool;
    AnalysisPool.current?.pool.close();
    const size = Math.max(1, Math.min(2, os.availableParallelism() - 1));
    try {
      const pool = new AnalysisPool(userWords, size);
      AnalysisPool.current = { key, pool };
      return pool;
    } catch {
      AnalysisPool.unavailable = true;
      return null;
    }
  }

  private start(userWords: readonly string[]): PooledWorker {
    const worker = new Worker(new URL('./kb-analysis.worker.mjs', import.meta.url));
    worker.unref();
    const pending: PooledWorker['pending'] = new Map();
    let markReady: () => void = () => {};
    let markFailed: (e: Error) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      markFailed = reject;
    });
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'ready') return markReady();
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (reply.type === 'done') waiting.resolve(reply.results);
      else waiting.reject(new Error(reply.error));
    });
    const fail = (error: Error) => {
      markFailed(error);
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
      AnalysisPool.unavailable = true;
      AnalysisPool.current = null;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`analysis worker exited with ${code}`));
    });
    worker.postMessage({ type: 'init', userWords: [...userWords] } satisfies WorkerRequest);
    return { worker, ready, pending };
  }

  /** The postings of every document, in order, analysed in chunks across the workers. */
  async analyse(docs: readonly FieldTexts[]): Promise<EncodedPostings[]> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const chunks: Promise<EncodedPostings[]>[] = [];
    for (let i = 0; i < docs.length; i += chunkSize) {
      const slot = this.workers[this.turn++ % this.workers.length]!;
      const id = this.nextId++;
      const part = docs.slice(i, i + chunkSize);
      chunks.push(
        slot.ready.then(
          () =>
            new Promise<EncodedPostings[]>((resolve, reject) => {
              slot.pending.set(id, { resolve, reject });
              slot.worker.postMessage({ type: 'analyse', id, docs: part } satisfies WorkerRequest);
            }),
        ),
      );
    }
    try {
      return (await Promise.all(chunks)).flat();
    } finally {
      this.idleTimer = setTimeout(() => this.close(), idleMs);
      this.idleTimer.unref();
    }
  }

  close(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const w of this.workers) void w.worker.terminate();
    this.workers.length = 0;
    if (AnalysisPool.current?.pool === this) AnalysisPool.current = null;
  }
}
