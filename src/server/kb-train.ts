import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from './config';
import { openDatabase } from './db/connection';
import { migrateToLatest } from './db/migrate';
import {
  demoContentDir,
  KbSearch,
  loadDemoKnowledgeBase,
  type RankingModel,
  readJudged,
  saveTrainedRankingModel,
  shippedModelFile,
  splitDevQuestions,
  trainOnEvidence,
} from './modules/kb';
import { fixedClock } from './platform/clock';

const usage = `usage: npm run kb:train [-- --store] [--explain]
Learns the knowledge base's ranking weights (coordinate ascent over MRR@10) from judged questions:
the tuning half of resources/kb/dev-questions.jsonl and resources/kb/dev-queries.jsonl.
  (default)  over the demo content in a scratch SQLite database; writes the shipped model,
             src/server/modules/kb/analysis/ranking-model.json
  --store    over the installation's own database (DATABASE_URL / TAXLINE_DATA_DIR), adding the
             agents' click-through (the articles used in contacts, by the contact's subject);
             stores the model with the analysis data, and every instance ranks with it at its next search
  --rounds N rounds of coordinate ascent (default 3; 0 measures the current weights only)
  --explain  prints the tuning questions whose answer is not first (never the checking half)`;

async function main() {
  const { values } = parseArgs({
    options: {
      store: { type: 'boolean', default: false },
      explain: { type: 'boolean', default: false },
      rounds: { type: 'string', default: '3' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const now = new Date();
  const judged = [
    ...splitDevQuestions(readJudged(path.join(demoContentDir, 'dev-questions.jsonl'))).tuning,
    ...readJudged(path.join(demoContentDir, 'dev-queries.jsonl')),
  ];
  const scratch = values.store ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-kb-train-'));
  const config = values.store ? loadConfig(process.env) : null;
  const handle = openDatabase(
    config ? { databaseUrl: config.databaseUrl, dataDir: config.dataDir } : { dataDir: scratch! },
  );
  try {
    if (!values.store) {
      await migrateToLatest(handle.db);
      const loaded = await loadDemoKnowledgeBase(handle.db, now);
      console.log(`[kb:train] demo content: ${loaded.articles} articles in ${loaded.ms} ms`);
    }
    const search = new KbSearch(handle.db, fixedClock(now));
    const result = await trainOnEvidence(handle.db, search, judged, {
      withClickThrough: values.store,
      log: (message) => console.log(`[kb:train] ${message}`),
      explain: values.explain,
      rounds: Number(values.rounds),
    });
    search.close();
    if (values.store) {
      await saveTrainedRankingModel(handle.db, result.model, now);
      console.log('[kb:train] stored with the analysis data (settings kb.ranking_model)');
    } else {
      fs.writeFileSync(shippedModelFile, `${JSON.stringify(result.model satisfies RankingModel, null, 2)}\n`);
      console.log(`[kb:train] written to ${path.relative(process.cwd(), shippedModelFile)}`);
    }
  } finally {
    await handle.db.destroy();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
