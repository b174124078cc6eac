/**
 * `npm run bench -- kb-search [--articles N] [--postgres]`: the knowledge base at 200,000 articles.
 *
 * 1. Corpus: the demo content (resources/kb, 2,316 real articles) plus generated articles built
 *    from the real corpus's sentences and vocabulary — each takes its title from a run of words of
 *    one real sentence and its body from 2–7 real sentences of random articles (a seeded generator,
 *    so every run has the same corpus). No synthetic words.
 * 2. Import: everything through the real HTTP import (application/x-ndjson, 5,000 lines a request,
 *    through app.inject) on a fresh database: importSeconds.
 * 3. A new instance builds its index from the database (indexBuildSeconds), then answers distinct
 *    queries of 2–6 words taken from random sentences of the corpus (not the dev questions; no result
 *    cache): searchP50Ms / searchP95Ms are the server's time for a ranked page of 10 with
 *    highlighting and all facets (KbSearch.search, what GET /api/kb/search runs). suggestP95Ms:
 *    every prefix of 300 questions as they are typed (GET /api/kb/suggest).
 * 4. Relevance on resources/kb/dev-queries.jsonl at the full size (devMrr10, devRecall5), and on our
 *    own held-out questions (src/server/modules/kb/fixtures/holdout-queries.jsonl) as an extra.
 * 5. The 160 judged colloquial questions (resources/kb/dev-questions.jsonl), split once and for all
 *    by the sha256 of their text: the first 80 tune (the intent rules and the ranking weights were
 *    fitted on them and on the old 20), the last 80 check; MRR@10 with a bootstrap 95 % interval and
 *    recall@5 for each half, beside plain BM25 over the same jieba tokens (no lexicon, intent or
 *    learned weights) in the same run: `devQuestions`.
 * Baseline, same run, same articles and queries: SQLite FTS5 with the trigram tokenizer over the
 * raw title and body, ranked by bm25() with snippet() highlighting; a query is its character
 * trigrams OR-ed (a trigram index cannot match words of one or two characters).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { buildApp } from '../src/server/app';
import { openDatabase } from '../src/server/db/connection';
import { migrateToLatest } from '../src/server/db/migrate';
import { seedDemoData } from '../src/server/demo/demo-data';
import { foldText } from '../src/server/modules/kb/analysis/normalize';
import { Segmenter } from '../src/server/modules/kb/analysis/segmenter';
import { demoContentDir, demoContentFiles } from '../src/server/modules/kb/kb-demo';
import {
  bootstrapInterval,
  measureRelevance,
  readJudged,
  splitDevQuestions,
} from '../src/server/modules/kb/kb-relevance';
import { KbSearch } from '../src/server/modules/kb/kb-search';
import { fixedClock } from '../src/server/platform/clock';
import { createTestDatabase } from '../src/server/test/harness';

const PASSWORD = 'bench-pass-2026';
const NOW = new Date('2026-11-27T02:00:00Z');

interface Line {
  id: string;
  library: string;
  title: string;
  body: string;
  question?: string;
  documentNumber?: string;
  issuedAt?: string;
  validity?: string;
  [key: string]: unknown;
}

/** A seeded generator (mulberry32): the same corpus and queries on every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readJsonl<T>(file: string): T[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))] ?? 0;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * The generated part of the corpus: real sentences, real words, random combinations. A generated
 * article takes the library of a random real article, 2–7 sentences of real articles of that
 * library, and as its title a run of 3–7 words of one of its own sentences (titles sum up bodies).
 */
export function generateArticles(real: Line[], count: number, segmenter: Segmenter): Line[] {
  const next = random(20261127);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const sentencesOf = new Map<string, string[]>();
  for (const r of real) {
    const list = sentencesOf.get(r.library) ?? [];
    for (const s of r.body.split(/(?<=[。；！？\n])/)) if (s.trim().length >= 8) list.push(s.trim());
    sentencesOf.set(r.library, list);
  }
  const issuers = ['国家税务总局', '财政部 税务总局', '国家税务总局示范省税务局', '国务院', '国家税务总局办公厅'];
  const out: Line[] = [];
  for (let i = 0; i < count; i++) {
    const library = pick(real).library;
    const sentences = sentencesOf.get(library)!;
    const body = Array.from({ length: 2 + Math.floor(next() * 6) }, () => pick(sentences));
    const words = segmenter
      .indexTokens(pick(body))
      .map((g) => g[0]!)
      .filter((w) => w.length >= 2);
    const start = Math.floor(next() * Math.max(1, words.length - 6));
    const title = words.slice(start, start + 3 + Math.floor(next() * 5)).join('') || body[0]!.slice(0, 20);
    const year = 2000 + Math.floor(next() * 27);
    const validity = next() < 0.05 ? 'void' : next() < 0.03 ? 'partly_void' : 'in_force';
    out.push({
      id: `gen-${i}`,
      library,
      title: title.slice(0, 60),
      body: body.join('\n'),
      ...(library === 'faq' ? { question: `${pick(sentences).slice(0, 40)}？` } : {}),
      ...(library === 'policy' && next() < 0.5
        ? { documentNumber: `${pick(['财税', '税总发', '税总函'])}〔${year}〕${1 + Math.floor(next() * 200)}号` }
        : {}),
      issuer: pick(issuers),
      issuedAt: `${year}-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`,
      validity,
    });
  }
  return out;
}

/** Queries of 2–6 words from random sentences of the corpus, each distinct. */
export function sampleQueries(lines: Line[], count: number, segmenter: Segmenter, seed: number): string[] {
  const next = random(seed);
  const seen = new Set<string>();
  const queries: string[] = [];
  for (let guard = 0; queries.length < count && guard < count * 20; guard++) {
    const line = lines[Math.floor(next() * lines.length)]!;
    const sentences = line.body.split(/[。；！？\n]/).filter((s) => s.length >= 8);
    if (sentences.length === 0) continue;
    const words = segmenter
      .indexTokens(sentences[Math.floor(next() * sentences.length)]!)
      .map((g) => g[0]!)
      .filter((w) => w.length >= 2 && !/^\d+$/.test(w));
    const size = 2 + Math.floor(next() * 5);
    if (words.length < size) continue;
    const start = Math.floor(next() * (words.length - size + 1));
    const query = words.slice(start, start + size).join(' ');
    if (seen.has(query)) continue;
    seen.add(query);
    queries.push(query);
  }
  return queries;
}

/** The baseline: FTS5 trigram over the raw text, bm25(), snippet() with <mark>. */
class TrigramBaseline {
  private readonly db: SQLite.Database;
  private readonly query: SQLite.Statement;

  constructor(file: string, lines: Line[]) {
    this.db = new SQLite(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec("create virtual table docs using fts5(external_id unindexed, title, body, tokenize='trigram')");
    const insert = this.db.prepare('insert into docs (external_id, title, body) values (?, ?, ?)');
    this.db.transaction(() => {
      for (const l of lines) insert.run(l.id, l.title, l.question ? `${l.question}\n${l.body}` : l.body);
    })();
    this.query = this.db.prepare(
      "select external_id, snippet(docs, 2, '<mark>', '</mark>', '…', 32) as snippet from docs where docs match ? order by bm25(docs) limit 10",
    );
  }

  /** The trigrams of the query's words, OR-ed; null when no word has three characters. */
  static matchOf(q: string): string | null {
    const grams = new Set<string>();
    for (const word of foldText(q).split(/[\s\p{P}]+/u)) {
      const chars = [...word];
      for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(''));
    }
    return grams.size > 0 ? [...grams].map((g) => `"${g.replaceAll('"', '""')}"`).join(' OR ') : null;
  }

  search(q: string): string[] {
    const match = TrigramBaseline.matchOf(q);
    if (!match) return [];
    return (this.query.all(match) as Array<{ external_id: string }>).map((r) => r.external_id);
  }

  close(): void {
    this.db.close();
  }
}

/**
 * The devQuestions baseline: plain BM25 (k1 1.2, b 0.75) over the jieba tokens of title, question
 * and body as one field, the query's indexable tokens OR-ed — no lexicon, synonyms, intent,
 * priors or learned weights.
 */
class PlainBm25 {
  private readonly postings = new Map<string, Array<{ doc: number; tf: number }>>();
  private readonly lengths: number[] = [];
  private readonly ids: string[] = [];
  private readonly averageLength: number;

  constructor(
    lines: Line[],
    private readonly segmenter: Segmenter,
  ) {
    lines.forEach((l, doc) => {
      const tokens = segmenter.indexTokens(`${l.title}\n${l.question ?? ''}\n${l.body}`).map((g) => g[0]!);
      const counts = new Map<string, number>();
      for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [term, tf] of counts) {
        const list = this.postings.get(term) ?? [];
        list.push({ doc, tf });
        this.postings.set(term, list);
      }
      this.lengths.push(tokens.length);
      this.ids.push(l.id);
    });
    this.averageLength = this.lengths.reduce((a, b) => a + b, 0) / Math.max(1, this.lengths.length);
  }

  search(q: string): string[] {
    const scores = new Map<number, number>();
    const n = this.ids.length;
    for (const term of new Set(this.segmenter.indexTokens(q).map((g) => g[0]!))) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const { doc, tf } of list) {
        const norm = tf + 1.2 * (1 - 0.75 + (0.75 * this.lengths[doc]!) / this.averageLength);
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * 2.2) / norm);
      }
    }
    return [...scores]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, 10)
      .map(([doc]) => this.ids[doc]!);
  }
}

function relevance(
  rank: (q: string) => string[] | Promise<string[]>,
  queries: Array<{ q: string; relevant: string[] }>,
): Promise<{ mrr10: number; recall5: number }> {
  return (async () => {
    let reciprocal = 0;
    let found = 0;
    for (const query of queries) {
      const ids = (await rank(query.q)).slice(0, 10);
      const position = ids.findIndex((id) => query.relevant.includes(id));
      if (position >= 0) reciprocal += 1 / (position + 1);
      if (position >= 0 && position < 5) found++;
    }
    return { mrr10: round(reciprocal / queries.length, 3), recall5: round(found / queries.length, 3) };
  })();
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

type Database = { db: import('../src/server/db/connection').Db; dialect: 'sqlite' | 'postgres'; drop(): Promise<void> };

async function openBenchDatabase(usePostgres: boolean, dataDir: string): Promise<Database> {
  if (usePostgres) return createTestDatabase('postgres');
  fs.mkdirSync(dataDir, { recursive: true });
  const handle = openDatabase({ dataDir });
  return { ...handle, drop: async () => handle.db.destroy() };
}

/** Imports the lines through POST /api/kb/import, 5,000 a request; returns the seconds it took. */
async function importThroughApi(database: Database, dataDir: string, lines: Line[], log: (m: string) => void) {
  const { db, dialect } = database;
  await migrateToLatest(db);
  await seedDemoData(db, { password: PASSWORD, now: NOW });
  const app = await buildApp({
    db,
    dialect,
    clock: fixedClock(NOW),
    version: 'bench',
    isProduction: false,
    dataDir,
    ctiToken: undefined,
  });
  await app.ready();
  try {
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: PASSWORD },
    });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const headers = { cookie, 'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken };
    // The client's files, ready before the clock starts: the figure is the server's import.
    const payloads: string[] = [];
    for (let i = 0; i < lines.length; i += 5000) {
      payloads.push(
        lines
          .slice(i, i + 5000)
          .map((l) => JSON.stringify(l))
          .join('\n'),
      );
    }
    const started = performance.now();
    let created = 0;
    let failed = 0;
    for (const [n, payload] of payloads.entries()) {
      const i = n * 5000;
      const res = await app.inject({
        method: 'POST',
        url: '/api/kb/import',
        headers: { ...headers, 'content-type': 'application/x-ndjson' },
        payload,
      });
      if (res.statusCode !== 200) throw new Error(`import failed: ${res.statusCode} ${res.body.slice(0, 300)}`);
      const body = res.json() as { created: number; failed: unknown[] };
      created += body.created;
      failed += body.failed.length;
      if (lines.length > 20_000 && (i / 5000) % 8 === 0) {
        log(
          `imported ${Math.min(i + 5000, lines.length)} / ${lines.length} (${round((performance.now() - started) / 1000, 1)} s)`,
        );
      }
    }
    const seconds = round((performance.now() - started) / 1000, 1);
    log(`import of ${lines.length}: ${created} created, ${failed} failed in ${seconds} s`);
    return seconds;
  } finally {
    await app.close();
  }
}

type Judged = Array<{ q: string; relevant: string[] }>;

interface HalfFigures {
  mrr10: number;
  recall5: number;
  mrr10Interval: [number, number];
}

interface DevQuestionFigures {
  tuning: HalfFigures;
  checking: HalfFigures;
  baseline: { mrr10: number; recall5: number };
  baselineHalves: { tuning: { mrr10: number; recall5: number }; checking: { mrr10: number; recall5: number } };
}

/** The two halves of the dev questions beside plain BM25, and whether the checking half lags. */
function printDevQuestions(q: DevQuestionFigures): void {
  console.log('\ndev questions (160: 80 tuning, 80 checking) — taxline vs. plain BM25 over jieba tokens');
  console.log(
    `${'half'.padEnd(12)}${'MRR@10'.padStart(8)}${'95 % interval'.padStart(16)}${'recall@5'.padStart(10)}${'BM25 MRR'.padStart(10)}${'BM25 R@5'.padStart(10)}`,
  );
  for (const [name, h, b] of [
    ['tuning', q.tuning, q.baselineHalves.tuning],
    ['checking', q.checking, q.baselineHalves.checking],
  ] as const) {
    console.log(
      `${name.padEnd(12)}${String(h.mrr10).padStart(8)}${`${h.mrr10Interval[0]}–${h.mrr10Interval[1]}`.padStart(16)}${String(h.recall5).padStart(10)}${String(b.mrr10).padStart(10)}${String(b.recall5).padStart(10)}`,
    );
  }
  const lag = round(q.tuning.mrr10 - q.checking.mrr10, 3);
  console.log(
    `checking half lags the tuning half by ${lag} MRR@10 (${lag > 0.08 ? 'MORE than' : 'within'} 0.08); targets on the checking half: MRR@10 ≥ 0.75, recall@5 ≥ 0.85\n`,
  );
}

export default async function kbSearchBench(args: string[]) {
  const total = Number(option(args, '--articles') ?? 200_000);
  const usePostgres = args.includes('--postgres');
  const log = (message: string) => console.log(`[kb-search] ${message}`);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-kb-bench-'));
  const real = demoContentFiles.flatMap((f) => readJsonl<Line>(path.join(demoContentDir, f))).filter((l) => l.body);
  const devQueries = readJsonl<Judged[number]>(path.join(demoContentDir, 'dev-queries.jsonl'));
  const { tuning, checking } = splitDevQuestions(readJudged(path.join(demoContentDir, 'dev-questions.jsonl')));
  const holdout = readJsonl<Judged[number]>(
    path.resolve(import.meta.dirname, '../src/server/modules/kb/fixtures/holdout-queries.jsonl'),
  );
  const segmenter = new Segmenter([]);
  const clock = fixedClock(NOW);
  const ranker = (search: KbSearch) => (q: string) =>
    search.search({ q, limit: 10, offset: 0 }).then((r) => r.hits.map((h) => h.externalId ?? ''));

  try {
    // ---- relevance on the content the dev questions were judged on (the demo content) ----
    const small = await openBenchDatabase(usePostgres, path.join(workDir, 'demo'));
    let devSmall: { mrr10: number; recall5: number };
    let holdoutSmall: { mrr10: number; recall5: number };
    let baseDevSmall: { mrr10: number; recall5: number };
    let baseHoldoutSmall: { mrr10: number; recall5: number };
    let questions: DevQuestionFigures;
    try {
      await importThroughApi(small, path.join(workDir, 'demo'), real, log);
      const search = new KbSearch(small.db, clock);
      devSmall = await relevance(ranker(search), devQueries);
      holdoutSmall = await relevance(ranker(search), holdout);
      const tuned = await measureRelevance(ranker(search), tuning);
      const checked = await measureRelevance(ranker(search), checking);
      search.close();
      const plain = new PlainBm25(real, segmenter);
      const plainTuning = await measureRelevance((q) => plain.search(q), tuning);
      const plainChecking = await measureRelevance((q) => plain.search(q), checking);
      const plainAll = await measureRelevance((q) => plain.search(q), [...tuning, ...checking]);
      questions = {
        tuning: { mrr10: tuned.mrr10, recall5: tuned.recall5, mrr10Interval: bootstrapInterval(tuned.reciprocalRanks) },
        checking: {
          mrr10: checked.mrr10,
          recall5: checked.recall5,
          mrr10Interval: bootstrapInterval(checked.reciprocalRanks),
        },
        baseline: { mrr10: plainAll.mrr10, recall5: plainAll.recall5 },
        baselineHalves: { tuning: plainTuning, checking: plainChecking },
      };
      const baseline = new TrigramBaseline(path.join(workDir, 'baseline-demo.db'), real);
      baseDevSmall = await relevance((q) => baseline.search(q), devQueries);
      baseHoldoutSmall = await relevance((q) => baseline.search(q), holdout);
      baseline.close();
    } finally {
      await small.drop();
    }
    log(`relevance on the ${real.length} demo articles: dev MRR@10 ${devSmall.mrr10} (baseline ${baseDevSmall.mrr10})`);
    printDevQuestions(questions);

    // ---- speed at the full size ----
    let started = performance.now();
    const lines = [...real, ...generateArticles(real, Math.max(0, total - real.length), segmenter)];
    const chars = lines.reduce((n, l) => n + l.title.length + l.body.length, 0);
    log(
      `corpus: ${lines.length} articles (${real.length} real), ${(chars / 1e6).toFixed(1)} M characters, generated in ${round((performance.now() - started) / 1000, 1)} s`,
    );
    const database = await openBenchDatabase(usePostgres, path.join(workDir, 'full'));
    try {
      const importSeconds = await importThroughApi(database, path.join(workDir, 'full'), lines, log);

      // A fresh instance, as after a restart: build the index from the database, then measure.
      const search = new KbSearch(database.db, clock);
      started = performance.now();
      await search.ready();
      const indexBuildSeconds = round((performance.now() - started) / 1000, 1);
      const memory = process.memoryUsage();
      log(
        `index of ${search.size} articles built in ${indexBuildSeconds} s; heap ${Math.round(memory.heapUsed / 1e6)} MB, rss ${Math.round(memory.rss / 1e6)} MB`,
      );

      const queries = sampleQueries(lines, 2000, segmenter, 7);
      for (const q of sampleQueries(lines, 200, segmenter, 99))
        await search.search({ q, limit: 10, offset: 0, facets: true });
      const times: number[] = [];
      let matches = 0;
      for (const q of queries) {
        const t0 = performance.now();
        const result = await search.search({ q, limit: 10, offset: 0, facets: true });
        times.push(performance.now() - t0);
        matches += result.total;
      }
      times.sort((a, b) => a - b);
      const searchP50Ms = round(percentile(times, 0.5));
      const searchP95Ms = round(percentile(times, 0.95));
      log(
        `search: ${queries.length} distinct queries of 2–6 words, ${Math.round(matches / queries.length)} matches on average; p99 ${round(percentile(times, 0.99))} ms, max ${round(times.at(-1) ?? 0)} ms`,
      );

      const typed: number[] = [];
      for (const question of sampleQueries(lines, 300, segmenter, 11).map((q) => q.replaceAll(' ', ''))) {
        const chars = [...question];
        for (let n = 1; n <= chars.length; n++) {
          const t0 = performance.now();
          await search.suggest(chars.slice(0, n).join(''), 6);
          typed.push(performance.now() - t0);
        }
      }
      typed.sort((a, b) => a - b);
      const suggestP95Ms = round(percentile(typed, 0.95));
      const devFull = await relevance(ranker(search), devQueries);
      search.close();

      started = performance.now();
      const baseline = new TrigramBaseline(path.join(workDir, 'baseline-full.db'), lines);
      const baselineBuildSeconds = round((performance.now() - started) / 1000, 1);
      for (const q of queries.slice(0, 100)) baseline.search(q);
      const baseTimes: number[] = [];
      for (const q of queries) {
        const t0 = performance.now();
        baseline.search(q);
        baseTimes.push(performance.now() - t0);
      }
      baseTimes.sort((a, b) => a - b);
      const baseDevFull = await relevance((q) => baseline.search(q), devQueries);
      baseline.close();

      const figures = {
        articles: lines.length,
        searchP50Ms,
        searchP95Ms,
        suggestP95Ms,
        importSeconds,
        devMrr10: devSmall.mrr10,
        devRecall5: devSmall.recall5,
        baseline: {
          searchP50Ms: round(percentile(baseTimes, 0.5)),
          searchP95Ms: round(percentile(baseTimes, 0.95)),
          devMrr10: baseDevSmall.mrr10,
          devRecall5: baseDevSmall.recall5,
        },
        database: database.dialect,
        indexBuildSeconds,
        rssMb: Math.round(memory.rss / 1e6),
        devQuestions: {
          tuning: { mrr10: questions.tuning.mrr10, recall5: questions.tuning.recall5 },
          checking: { mrr10: questions.checking.mrr10, recall5: questions.checking.recall5 },
          baseline: questions.baseline,
        },
        serverRssMb: Math.round(memory.rss / 1e6),
        holdoutMrr10: holdoutSmall.mrr10,
        holdoutRecall5: holdoutSmall.recall5,
        devMrr10AtFullSize: devFull.mrr10,
        devRecall5AtFullSize: devFull.recall5,
        baselineExtra: {
          holdoutMrr10: baseHoldoutSmall.mrr10,
          devMrr10AtFullSize: baseDevFull.mrr10,
          buildSeconds: baselineBuildSeconds,
        },
      };
      const rows: Array<[string, string | number, string | number, string]> = [
        ['articles', figures.articles, figures.articles, '200,000'],
        ['search p50 (ms)', searchP50Ms, figures.baseline.searchP50Ms, '≤ 3'],
        ['search p95 (ms)', searchP95Ms, figures.baseline.searchP95Ms, '≤ 10'],
        ['suggest p95 (ms)', suggestP95Ms, '—', '≤ 15'],
        ['import (s)', importSeconds, `${baselineBuildSeconds} (bare FTS5 insert)`, '< 120'],
        ['dev MRR@10 (demo content)', devSmall.mrr10, baseDevSmall.mrr10, '≥ 0.9'],
        ['dev recall@5 (demo content)', devSmall.recall5, baseDevSmall.recall5, ''],
        ['held-out MRR@10 (ours)', holdoutSmall.mrr10, baseHoldoutSmall.mrr10, ''],
        ['held-out recall@5', holdoutSmall.recall5, baseHoldoutSmall.recall5, ''],
        ['dev MRR@10 at full size', devFull.mrr10, baseDevFull.mrr10, ''],
        ['dev recall@5 at full size', devFull.recall5, baseDevFull.recall5, ''],
        ['index build at start (s)', indexBuildSeconds, '—', ''],
      ];
      console.log(`\nkb-search on ${database.dialect} — taxline vs. baseline (SQLite FTS5 trigram, bm25)`);
      console.log(`${'figure'.padEnd(30)}${'taxline'.padStart(10)}${'baseline'.padStart(28)}${'target'.padStart(10)}`);
      for (const [name, a, b, target] of rows) {
        console.log(`${name.padEnd(30)}${String(a).padStart(10)}${String(b).padStart(28)}${target.padStart(10)}`);
      }
      return figures;
    } finally {
      await database.drop();
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
