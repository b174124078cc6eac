import fs from 'node:fs';
import path from 'node:path';
import { type ColloquialCategory, colloquialCategories } from '../../../../shared/kb';
import { foldText, hasCjk } from './normalize';
import { isIndexable, type Segmenter } from './segmenter';

/**
 * The 口语词表 (colloquialLexicon): how callers say it → the words the law uses (老板分红 → 股息|红利,
 * 卖房子 → 转让|销售 不动产|房屋, 逾期 → 超过|期限). One-way rewrites applied to questions only, at a
 * weight below the caller's own words; documents are never analysed with it, so an edit takes effect
 * at the next search without re-analysing anything.
 *
 * An entry's target is a list of slots, each a set of alternative legal terms: a document answers a
 * slot through any of its alternatives. A target that the segmenter cuts into several words
 * (超过期限) contributes each of its words as an alternative of its slot.
 */
export interface ColloquialEntry {
  phrase: string;
  /** Slots of alternatives: [['转让', '销售'], ['不动产', '房屋']]. */
  slots: string[][];
  category: ColloquialCategory;
}

/** A rewrite found in a question: the characters it spans and the slots of index terms it stands for. */
export interface Rewrite {
  phrase: string;
  start: number;
  end: number;
  slots: string[][];
  category: ColloquialCategory;
}

const longestPhrase = 12;

/** The lexicon as the analyzer uses it: phrases by their folded text, targets cut into index terms. */
export class ColloquialLexicon {
  private readonly byPhrase = new Map<string, { slots: string[][]; category: ColloquialCategory }>();
  private maxLength = 1;

  constructor(entries: Iterable<ColloquialEntry>, segmenter: Segmenter) {
    for (const entry of entries) {
      const phrase = foldText(entry.phrase.trim());
      if (!phrase) continue;
      const slots = entry.slots
        .map((slot) => [...new Set(slot.flatMap((alternative) => termsOf(alternative, segmenter)))])
        .filter((slot) => slot.length > 0);
      if (slots.length === 0) continue;
      this.byPhrase.set(phrase, { slots, category: entry.category });
      this.maxLength = Math.max(this.maxLength, Math.min(phrase.length, longestPhrase));
    }
  }

  get size(): number {
    return this.byPhrase.size;
  }

  /**
   * The rewrites of a folded question, longest phrase first from left to right, never overlapping.
   * `tokens` is the segmenter's cut with each token's offset: a one-character phrase (交, 罚) must be
   * a whole token, and no phrase counts inside a longer word the index knows (`isKnownWord`).
   */
  rewritesOf(
    folded: string,
    tokens: ReadonlyArray<{ text: string; start: number }>,
    isKnownWord: (word: string) => boolean,
  ): Rewrite[] {
    const out: Rewrite[] = [];
    const tokenAt = new Map<number, string>();
    for (const t of tokens) tokenAt.set(t.start, t.text);
    const enclosing = (start: number, end: number) =>
      tokens.find((t) => t.start <= start && t.start + t.text.length >= end && t.text.length > end - start);
    let at = 0;
    while (at < folded.length) {
      let found: Rewrite | null = null;
      for (let length = Math.min(this.maxLength, folded.length - at); length >= 1; length--) {
        const phrase = folded.slice(at, at + length);
        const entry = this.byPhrase.get(phrase);
        if (!entry) continue;
        if (length === 1 && tokenAt.get(at) !== phrase) continue;
        const word = enclosing(at, at + length);
        if (word && isKnownWord(word.text)) continue;
        found = { phrase, start: at, end: at + length, slots: entry.slots, category: entry.category };
        break;
      }
      if (found) {
        out.push(found);
        at = found.end;
      } else {
        at++;
      }
    }
    return out;
  }
}

/** The index terms of one target alternative: itself when it is one word, else the words it is cut into. */
function termsOf(alternative: string, segmenter: Segmenter): string[] {
  const folded = foldText(alternative.trim());
  if (!folded) return [];
  const groups = segmenter.indexTokens(folded);
  if (groups.length === 1 && groups[0]![0] === folded) return [folded];
  return groups.map((g) => g[0]!).filter((t) => isIndexable(t) && hasCjk(t));
}

/** Parses the lexicon's text form: `phrase<TAB>slot slot…<TAB>category`, alternatives joined by |, # comments. */
export function parseColloquialLexicon(text: string): { entries: ColloquialEntry[]; errors: string[] } {
  const entries: ColloquialEntry[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const [phrase, target, category] = line.split('\t').map((s) => s.trim());
    const slots = (target ?? '')
      .split(/\s+/)
      .map((slot) => slot.split('|').filter(Boolean))
      .filter((slot) => slot.length > 0);
    if (!phrase || slots.length === 0 || !colloquialCategories.includes(category as ColloquialCategory)) {
      errors.push(`第 ${i + 1} 行格式不正确`);
      return;
    }
    entries.push({ phrase, slots, category: category as ColloquialCategory });
  });
  return { entries, errors };
}

/** The starter lexicon shipped in resources/kb (loaded into kb_colloquial_terms by its migration). */
export const starterLexiconFile = path.resolve(
  import.meta.dirname,
  '../../../../../resources/kb/colloquial-lexicon.tsv',
);

export function readStarterLexicon(): ColloquialEntry[] {
  return parseColloquialLexicon(fs.readFileSync(starterLexiconFile, 'utf8')).entries;
}
