import type { Db, Tx } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import { invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/request-context';
import * as settingsRepo from './kb-analysis-settings.repository';
import type { KbSearch } from './kb-search';
import * as searchRepo from './kb-search.repository';

/** Use cases of the analysis settings: synonyms and the user dictionary; each change re-analyses the documents. */

export interface SynonymInput {
  kind: 'synonym' | 'abbreviation' | 'question';
  terms: string[];
  note?: string | null | undefined;
}

function checkTerms(input: SynonymInput): string[] {
  const terms = [...new Set(input.terms.map((t) => t.trim()).filter(Boolean))];
  if (terms.length < 2) throw invalidField('terms', 'TOO_FEW_TERMS', '至少填写两个词');
  return terms;
}

/**
 * After a change to the analysis data: apply it on this instance; a small knowledge base is
 * re-analysed before the answer (the change shows at once), a large one in the background.
 */
async function applyAnalysisChange(db: Db, search: KbSearch): Promise<void> {
  await search.refresh();
  const stale = await searchRepo.countStaleSearchDocs(db, (await search.analysis()).version);
  if (stale <= 3000) await search.settled();
}

/** A change to the analysis data: bump the analysis version and tell every instance through the log. */
async function analysisChanged(trx: Tx, now: Date): Promise<void> {
  await settingsRepo.bumpAnalysisVersion(trx, now);
  await searchRepo.appendIndexLog(trx, [{ articleId: null, kind: 'settings' }], now);
}

export async function saveSynonym(
  { db, user, actor, now }: RequestContext,
  search: KbSearch,
  id: number | null,
  input: SynonymInput,
) {
  const terms = checkTerms(input);
  const saved = await db.transaction().execute(async (trx) => {
    const row = { kind: input.kind, terms, note: input.note?.trim() || null, userId: user.id, now };
    let savedId = id;
    if (id === null) savedId = await settingsRepo.insertSynonym(trx, row);
    else if (!(await settingsRepo.updateSynonym(trx, id, row))) throw notFound('SYNONYM_NOT_FOUND', '同义词条目不存在');
    await analysisChanged(trx, now);
    await writeAudit(trx, actor, now, {
      action: id === null ? 'kb.synonym.create' : 'kb.synonym.update',
      entityType: 'kb_synonym',
      entityId: savedId!,
      after: { kind: input.kind, terms },
    });
    return { id: savedId!, kind: input.kind, terms };
  });
  await applyAnalysisChange(db, search);
  return saved;
}

export async function removeSynonym({ db, actor, now }: RequestContext, search: KbSearch, id: number) {
  await db.transaction().execute(async (trx) => {
    if (!(await settingsRepo.deleteSynonym(trx, id))) throw notFound('SYNONYM_NOT_FOUND', '同义词条目不存在');
    await analysisChanged(trx, now);
    await writeAudit(trx, actor, now, { action: 'kb.synonym.delete', entityType: 'kb_synonym', entityId: id });
  });
  await applyAnalysisChange(db, search);
}

const dictionaryWordPattern = /^[\u3400-\u9fffA-Za-z0-9·]{2,20}$/;

export async function addDictionaryWord(
  { db, user, actor, now }: RequestContext,
  search: KbSearch,
  input: { word: string; note?: string | null | undefined },
) {
  const word = input.word.trim();
  if (!dictionaryWordPattern.test(word)) {
    throw invalidField('word', 'INVALID_WORD', '词条须为 2–20 个汉字、字母或数字，不含空格和标点');
  }
  const saved = await db.transaction().execute(async (trx) => {
    if ((await settingsRepo.findDictionaryWords(trx)).some((w) => w.word === word)) {
      throw invalidField('word', 'DUPLICATE_WORD', '词典中已有该词');
    }
    const id = await settingsRepo.insertDictionaryWord(trx, {
      word,
      note: input.note?.trim() || null,
      userId: user.id,
      now,
    });
    await analysisChanged(trx, now);
    await writeAudit(trx, actor, now, {
      action: 'kb.dictionary.add',
      entityType: 'kb_dictionary_word',
      entityId: id,
      after: { word },
    });
    return { id, word };
  });
  await applyAnalysisChange(db, search);
  return saved;
}

export async function removeDictionaryWord({ db, actor, now }: RequestContext, search: KbSearch, id: number) {
  await db.transaction().execute(async (trx) => {
    const word = await settingsRepo.deleteDictionaryWord(trx, id);
    if (word === null) throw notFound('WORD_NOT_FOUND', '词条不存在');
    await analysisChanged(trx, now);
    await writeAudit(trx, actor, now, {
      action: 'kb.dictionary.remove',
      entityType: 'kb_dictionary_word',
      entityId: id,
      before: { word },
    });
  });
  await applyAnalysisChange(db, search);
}

export const listSynonyms = (db: Db) => settingsRepo.findSynonyms(db);

export const listDictionaryWords = (db: Db) => settingsRepo.findDictionaryWords(db);
