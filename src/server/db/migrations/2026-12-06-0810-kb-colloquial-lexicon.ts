import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

/**
 * The knowledge base's 口语词表 (colloquialLexicon): caller phrases → legal terms, one row an entry,
 * loaded with the starter lexicon shipped in resources/kb/colloquial-lexicon.tsv as it is when this
 * migration runs (administrators edit the table afterwards). The analysis version goes up: articles
 * are re-analysed to carry the answer-kind markers of question intent.
 */
const starterFile = path.resolve(import.meta.dirname, '../../../../resources/kb/colloquial-lexicon.tsv');

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('kb_colloquial_terms'))
    .addColumn('phrase', 'text', (c) => c.notNull().unique())
    .addColumn('slots', 'text', notNull)
    .addColumn('category', 'text', notNull)
    .addColumn('note', 'text')
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  const now = new Date().toISOString();
  const rows: Array<Record<string, unknown>> = [];
  const seen = new Set<string>();
  for (const line of fs.readFileSync(starterFile, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [phrase, target, category] = line.split('\t').map((s) => s.trim());
    if (!phrase || !target || !category || seen.has(phrase)) continue;
    seen.add(phrase);
    const slots = target.split(/\s+/).map((slot) => slot.split('|').filter(Boolean));
    rows.push({
      phrase,
      slots: JSON.stringify(slots),
      category,
      note: null,
      updated_by: null,
      created_at: now,
      updated_at: now,
    });
  }
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('kb_colloquial_terms')
      .values(rows.slice(i, i + 200))
      .execute();
  }
  await bumpAnalysisVersion(db, 1);
}

export async function down(db: Kysely<any>): Promise<void> {
  await bumpAnalysisVersion(db, -1);
  await db.schema.dropTable('kb_colloquial_terms').execute();
}

async function bumpAnalysisVersion(db: Kysely<any>, by: number): Promise<void> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', 'kb.analysis_version')
    .executeTakeFirst();
  if (!row) return;
  await db
    .updateTable('settings')
    .set({ value: String(Number(row.value) + by) })
    .where('key', '=', 'kb.analysis_version')
    .execute();
}
