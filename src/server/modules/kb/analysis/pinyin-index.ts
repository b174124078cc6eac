import { pinyin } from 'pinyin-pro';

/**
 * Pinyin keys over the vocabulary: the whole-word toneless pinyin (个人所得税 → gerensuodeshui),
 * the same with the usual input-method fuzzy pairs merged (zh/z, ch/c, sh/s, n/l, -ng/-n), and the
 * initials (增值税 → zzs). One lookup answers a homophone typo, full pinyin and initials input.
 */

const syllablesOf = (text: string): string[] =>
  pinyin(text, { toneType: 'none', type: 'array', v: true, nonZh: 'removed' }) as string[];

/** Toneless pinyin of a Chinese text, syllables joined. */
export function pinyinKey(text: string): string {
  return syllablesOf(text).join('');
}

/** The fuzzy form of one syllable: retroflex and flat initials merged, n/l merged, -ng finals merged with -n. */
export function fuzzySyllable(syllable: string): string {
  return syllable
    .replace(/^([zcs])h/, '$1')
    .replace(/^l/, 'n')
    .replace(/([aei])ng$/, '$1n')
    .replace(/ong$/, 'on');
}

/** Initials of a Chinese text (增值税 → zzs). */
export function initialsKey(text: string): string {
  return syllablesOf(text)
    .map((s) => s[0] ?? '')
    .join('');
}

/** Every reading of each character (polyphones), at most `limit` combinations: a typo's characters carry no context. */
export function readingsOf(text: string, limit = 16): string[][] {
  let combos: string[][] = [[]];
  for (const char of text) {
    const readings = [
      ...new Set(pinyin(char, { toneType: 'none', type: 'array', v: true, multiple: true }) as string[]),
    ].slice(0, 3);
    if (readings.length === 0) return [syllablesOf(text)];
    const next: string[][] = [];
    for (const combo of combos) for (const r of readings) next.push([...combo, r]);
    if (next.length > limit) return [syllablesOf(text)];
    combos = next;
  }
  return combos;
}

export class PinyinIndex {
  private readonly full = new Map<string, string[]>();
  private readonly fuzzy = new Map<string, string[]>();
  private readonly initials = new Map<string, string[]>();
  private readonly words = new Set<string>();

  /** Adds a Chinese word (two to eight characters) to the keys. */
  add(word: string): void {
    if (this.words.has(word) || word.length < 2 || word.length > 8 || !/^[\u3400-\u9fff]+$/.test(word)) return;
    this.words.add(word);
    const syllables = syllablesOf(word);
    if (syllables.length !== word.length) return;
    push(this.full, syllables.join(''), word);
    push(this.fuzzy, syllables.map(fuzzySyllable).join(''), word);
    push(this.initials, syllables.map((s) => s[0]).join(''), word);
  }

  get size(): number {
    return this.words.size;
  }

  /** Words whose pinyin is exactly `key`. */
  byPinyin(key: string): readonly string[] {
    return this.full.get(key) ?? [];
  }

  /** Words whose fuzzy pinyin equals the fuzzy form of the syllables. */
  byFuzzyPinyin(syllables: readonly string[]): readonly string[] {
    return this.fuzzy.get(syllables.map(fuzzySyllable).join('')) ?? [];
  }

  /** Words whose initials are `key`. */
  byInitials(key: string): readonly string[] {
    return this.initials.get(key) ?? [];
  }
}

function push(map: Map<string, string[]>, key: string, word: string): void {
  const list = map.get(key);
  if (list) list.push(word);
  else map.set(key, [word]);
}
