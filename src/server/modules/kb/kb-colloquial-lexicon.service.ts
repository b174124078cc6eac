import type { KbColloquialTermInput } from '../../../shared/kb';
import type { Tx } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import { invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/request-context';
import { intentRules } from './analysis/intents';
import * as settingsRepo from './kb-analysis-settings.repository';
import type { KbSearch } from './kb-search';
import * as searchRepo from './kb-search.repository';

/**
 * Use cases of the 口语词表 (colloquialLexicon). The lexicon is applied to questions only, so a change
 * re-analyses no article: it appends a `settings` row to kb_index_log in its transaction, and every
 * instance reloads its analysis data before its next search (the way synonym changes travel).
 */

type Input = Pick<KbColloquialTermInput, 'phrase' | 'slots' | 'category' | 'note'>;

function cleanSlots(slots: readonly (readonly string[])[]): string[][] {
  const out = slots.map((slot) => [...new Set(slot.map((t) => t.trim()).filter(Boolean))]).filter((s) => s.length > 0);
  if (out.length === 0) throw invalidField('slots', 'NO_LEGAL_TERMS', '至少填写一个规范词');
  return out;
}

async function lexiconChanged(trx: Tx, now: Date): Promise<void> {
  await searchRepo.appendIndexLog(trx, [{ articleId: null, kind: 'settings' }], now);
}

/** Creates (id null) or changes an entry; the phrase is unique. */
export async function saveColloquialTerm(ctx: RequestContext, search: KbSearch, id: number | null, input: Input) {
  const phrase = input.phrase.trim();
  const slots = cleanSlots(input.slots);
  const saved = await ctx.db.transaction().execute(async (trx) => {
    const holder = await settingsRepo.findColloquialTermIdByPhrase(trx, phrase);
    if (holder !== null && holder !== id) throw invalidField('phrase', 'DUPLICATE_PHRASE', '口语词表中已有该口语词');
    const row = {
      phrase,
      slots,
      category: input.category,
      note: input.note?.trim() || null,
      userId: ctx.user.id,
      now: ctx.now,
    };
    let savedId = id;
    let before: string[][] | null = null;
    if (id === null) savedId = await settingsRepo.insertColloquialTerm(trx, row);
    else {
      before = await settingsRepo.updateColloquialTerm(trx, id, row);
      if (before === null) throw notFound('COLLOQUIAL_TERM_NOT_FOUND', '口语词条目不存在');
    }
    await lexiconChanged(trx, ctx.now);
    await writeAudit(trx, ctx.actor, ctx.now, {
      action: id === null ? 'kb.colloquial.create' : 'kb.colloquial.update',
      entityType: 'kb_colloquial_term',
      entityId: savedId!,
      ...(before ? { before: { slots: before } } : {}),
      after: { phrase, slots, category: input.category },
    });
    return { id: savedId!, phrase, slots, category: input.category };
  });
  await search.refresh();
  return saved;
}

export async function removeColloquialTerm(ctx: RequestContext, search: KbSearch, id: number) {
  await ctx.db.transaction().execute(async (trx) => {
    const phrase = await settingsRepo.deleteColloquialTerm(trx, id);
    if (phrase === null) throw notFound('COLLOQUIAL_TERM_NOT_FOUND', '口语词条目不存在');
    await lexiconChanged(trx, ctx.now);
    await writeAudit(trx, ctx.actor, ctx.now, {
      action: 'kb.colloquial.delete',
      entityType: 'kb_colloquial_term',
      entityId: id,
      before: { phrase },
    });
  });
  await search.refresh();
}

export const listColloquialTerms = (ctx: Pick<RequestContext, 'db'>) => settingsRepo.findColloquialTerms(ctx.db);

/** The question-intent rules as text, for administrators to read. */
export function listIntentRules() {
  return intentRules.map((r) => ({
    kind: r.kind,
    label: r.label,
    asks: r.asks.source,
    states: r.states?.source ?? null,
  }));
}
