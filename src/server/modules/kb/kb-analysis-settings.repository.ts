import type { SynonymKind } from '../../../shared/kb';
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
