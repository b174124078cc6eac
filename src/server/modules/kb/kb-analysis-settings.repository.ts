import type { ColloquialCategory, SynonymKind } from '../../../shared/kb';
import type { DbOrTx, Tx } from '../../db/connection';
import { parseList } from './kb-rows';

/** Every SQL statement on the analysis settings: synonyms, the user dictionary and the analysis version. */

// ---- synonyms and dictionary ----

export async function findSynonyms(db: DbOrTx) {
  const rows = await db.selectFrom('kb_synonyms').selectAll().orderBy('kind').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    terms: parseList(r.terms),
    note: r.note,
    updatedAt: r.updated_at,
  }));
}

export async function insertSynonym(
  trx: Tx,
  row: { kind: SynonymKind; terms: string[]; note: string | null; userId: number; now: Date },
): Promise<number> {
  const inserted = await trx
    .insertInto('kb_synonyms')
    .values({
      kind: row.kind,
      terms: JSON.stringify(row.terms),
      note: row.note,
      updated_by: row.userId,
      created_at: row.now.toISOString(),
      updated_at: row.now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateSynonym(
  trx: Tx,
  id: number,
  row: { kind: SynonymKind; terms: string[]; note: string | null; userId: number; now: Date },
): Promise<boolean> {
  const result = await trx
    .updateTable('kb_synonyms')
    .set({
      kind: row.kind,
      terms: JSON.stringify(row.terms),
      note: row.note,
      updated_by: row.userId,
      updated_at: row.now.toISOString(),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteSynonym(trx: Tx, id: number): Promise<boolean> {
  const result = await trx.deleteFrom('kb_synonyms').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function findDictionaryWords(db: DbOrTx) {
  return db
    .selectFrom('kb_dictionary_words as w')
    .leftJoin('users as u', 'u.id', 'w.created_by')
    .select(['w.id', 'w.word', 'w.note', 'w.created_at as createdAt', 'u.name as createdByName'])
    .orderBy('w.word')
    .execute();
}

export async function insertDictionaryWord(
  trx: Tx,
  row: { word: string; note: string | null; userId: number; now: Date },
): Promise<number> {
  const inserted = await trx
    .insertInto('kb_dictionary_words')
    .values({ word: row.word, note: row.note, created_by: row.userId, created_at: row.now.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function deleteDictionaryWord(trx: Tx, id: number): Promise<string | null> {
  const row = await trx.selectFrom('kb_dictionary_words').select('word').where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  await trx.deleteFrom('kb_dictionary_words').where('id', '=', id).execute();
  return row.word;
}

// ---- 口语词表 (colloquialLexicon) ----

export async function findColloquialTerms(db: DbOrTx) {
  const rows = await db.selectFrom('kb_colloquial_terms').selectAll().orderBy('category').orderBy('phrase').execute();
  return rows.map((r) => ({
    id: r.id,
    phrase: r.phrase,
    slots: JSON.parse(r.slots) as string[][],
    category: r.category,
    note: r.note,
    updatedAt: r.updated_at,
  }));
}

export interface ColloquialTermRow {
  phrase: string;
  slots: string[][];
  category: ColloquialCategory;
  note: string | null;
  userId: number;
  now: Date;
}

export async function findColloquialTermIdByPhrase(db: DbOrTx, phrase: string): Promise<number | null> {
  const row = await db.selectFrom('kb_colloquial_terms').select('id').where('phrase', '=', phrase).executeTakeFirst();
  return row?.id ?? null;
}

export async function insertColloquialTerm(trx: Tx, row: ColloquialTermRow): Promise<number> {
  const inserted = await trx
    .insertInto('kb_colloquial_terms')
    .values({
      phrase: row.phrase,
      slots: JSON.stringify(row.slots),
      category: row.category,
      note: row.note,
      updated_by: row.userId,
      created_at: row.now.toISOString(),
      updated_at: row.now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** Updates an entry; returns its slots before, or null when there is no such entry. */
export async function updateColloquialTerm(trx: Tx, id: number, row: ColloquialTermRow): Promise<string[][] | null> {
  const before = await trx.selectFrom('kb_colloquial_terms').select('slots').where('id', '=', id).executeTakeFirst();
  if (!before) return null;
  await trx
    .updateTable('kb_colloquial_terms')
    .set({
      phrase: row.phrase,
      slots: JSON.stringify(row.slots),
      category: row.category,
      note: row.note,
      updated_by: row.userId,
      updated_at: row.now.toISOString(),
    })
    .where('id', '=', id)
    .execute();
  return JSON.parse(before.slots) as string[][];
}

/** Deletes an entry; returns its phrase, or null when there is no such entry. */
export async function deleteColloquialTerm(trx: Tx, id: number): Promise<string | null> {
  const row = await trx.selectFrom('kb_colloquial_terms').select('phrase').where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  await trx.deleteFrom('kb_colloquial_terms').where('id', '=', id).execute();
  return row.phrase;
}

// ---- analysis settings ----

export async function findAnalysisVersion(db: DbOrTx): Promise<number> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', 'kb.analysis_version')
    .executeTakeFirst();
  return Number(row?.value ?? 1);
}

/** Bumps the analysis version (the dictionary or the synonyms changed): documents analysed before are re-analysed. */
export async function bumpAnalysisVersion(trx: Tx, now: Date): Promise<number> {
  const next = (await findAnalysisVersion(trx)) + 1;
  await trx
    .updateTable('settings')
    .set({ value: String(next), updated_at: now.toISOString() })
    .where('key', '=', 'kb.analysis_version')
    .execute();
  return next;
}

/** The ranking model trained on this installation's evidence (JSON), or null when the shipped one applies. */
export async function findRankingModel(db: DbOrTx): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'kb.ranking_model').executeTakeFirst();
  return row?.value ?? null;
}

export async function saveRankingModel(trx: Tx, model: string, now: Date): Promise<void> {
  const updated = await trx
    .updateTable('settings')
    .set({ value: model, updated_at: now.toISOString() })
    .where('key', '=', 'kb.ranking_model')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await trx
      .insertInto('settings')
      .values({ key: 'kb.ranking_model', value: model, updated_at: now.toISOString() })
      .execute();
  }
}
