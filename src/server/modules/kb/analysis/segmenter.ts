import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { dict as defaultDictionary } from '@node-rs/jieba/dict';
import { foldText, hasCjk, isWordToken } from './normalize';
import { isStopWord } from './stop-words';
import { taxTerms } from './tax-terms';

const lexiconDir = path.resolve(import.meta.dirname, '../../../../../resources/lexicon');
const lexiconFiles = ['THUOCL_caijing.txt', 'THUOCL_law.txt'];

/** Frequency given to user-dictionary words: high enough that jieba keeps them whole. */
const userWordFrequency = 3000;
/** THUOCL words get less, so that they join text but do not override the tax terms. */
const lexiconWordFrequency = 300;

let defaultWords: Set<string> | undefined;
let lexiconWords: string[] | undefined;
let lexiconOnlyWords: Set<string> | undefined;

/** jieba's own dictionary as a set (read once per process). */
function defaultWordSet(): Set<string> {
  if (!defaultWords) {
    defaultWords = new Set();
    const text = Buffer.from(defaultDictionary).toString('utf8');
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const space = text.indexOf(' ', start);
      if (space > start && space < end) defaultWords.add(foldText(text.slice(start, space)));
      start = end + 1;
    }
  }
  return defaultWords;
}

/** THUOCL's finance and law word lists shipped in resources/lexicon (word, tab, document frequency). */
export function thuoclWords(): string[] {
  if (!lexiconWords) {
    lexiconWords = [];
    for (const file of lexiconFiles) {
      for (const line of fs.readFileSync(path.join(lexiconDir, file), 'utf8').split('\n')) {
        const word = foldText(line.split('\t')[0]?.trim() ?? '');
        if (word.length >= 2 && hasCjk(word)) lexiconWords.push(word);
      }
    }
  }
  return lexiconWords;
}

/** THUOCL words that jieba's dictionary lacks. */
function lexiconOnlyWordSet(): Set<string> {
  if (!lexiconOnlyWords) {
    const known = defaultWordSet();
    lexiconOnlyWords = new Set(thuoclWords().filter((w) => !known.has(w)));
  }
  return lexiconOnlyWords;
}

const jiebaCache = new Map<string, Jieba>();

/**
 * Word segmentation with jieba (HMM off at index and at query time, so a word is cut the same way
 * in a document and in a query) over jieba's dictionary, THUOCL and the tax user dictionary.
 */
export class Segmenter {
  private readonly jieba: Jieba;
  private readonly userWords: ReadonlySet<string>;
  /** Identifies the dictionary: two segmenters with the same key cut every text the same way. */
  readonly dictionaryKey: string;
  /** A token's index group (itself and the words inside it), or null when it is not indexed. Groups are shared: never mutate them. */
  private readonly groupCache = new Map<string, string[] | null>();

  /** `userWords`: the tax terms, every synonym and abbreviation, and the administrators' words. */
  constructor(userWords: Iterable<string>) {
    const words = new Set<string>();
    for (const w of [...taxTerms, ...userWords]) {
      const folded = foldText(w.trim());
      if (folded.length >= 2 && !/\s/.test(folded)) words.add(folded);
    }
    this.userWords = words;
    const lines: string[] = [];
    for (const w of lexiconOnlyWordSet()) if (!words.has(w)) lines.push(`${w} ${lexiconWordFrequency} n`);
    for (const w of words) lines.push(`${w} ${userWordFrequency} n`);
    const userDictionary = lines.join('\n');
    const key = createHash('sha1').update(userDictionary).digest('hex');
    this.dictionaryKey = key;
    let jieba = jiebaCache.get(key);
    if (!jieba) {
      jieba = Jieba.withDict(defaultDictionary);
      jieba.loadDict(Buffer.from(userDictionary, 'utf8'));
      if (jiebaCache.size >= 4) jiebaCache.delete(jiebaCache.keys().next().value!);
      jiebaCache.set(key, jieba);
    }
    this.jieba = jieba;
  }

  /** True when the word is in any of the dictionaries. */
  isWord(word: string): boolean {
    return this.userWords.has(word) || defaultWordSet().has(word) || lexiconOnlyWordSet().has(word);
  }

  /** True when the word is in the tax user dictionary (tax terms, synonyms, administrators' words). */
  isDomainWord(word: string): boolean {
    return this.userWords.has(word);
  }

  /** jieba's cut of folded text, HMM off. */
  cut(folded: string): string[] {
    return this.jieba.cut(folded, false);
  }

  /** The dictionary words strictly inside a word (两字 and longer), for search-mode indexing. */
  innerWords(word: string): string[] {
    const inner: string[] = [];
    if (word.length < 3 || !hasCjk(word)) return inner;
    for (let length = word.length - 1; length >= 2; length--) {
      for (let start = 0; start + length <= word.length; start++) {
        const part = word.slice(start, start + length);
        if (this.isWord(part) && !isStopWord(part)) inner.push(part);
      }
    }
    return inner;
  }

  /**
   * What a text is indexed under: one group per word of the cut, the word first, then the
   * dictionary words inside it (search mode: 增值税专用发票 also yields 增值税, 专用发票, 发票 …),
   * which share its position. Stop words, punctuation and lone Chinese characters are left out.
   */
  indexTokens(text: string): string[][] {
    return this.groupsOf(this.cut(foldText(text)));
  }

  /** indexTokens with jieba on libuv's thread pool: a batch of documents is cut in parallel. */
  async indexTokensAsync(text: string): Promise<string[][]> {
    if (!text) return [];
    return this.groupsOf((await this.jieba.cutAsync(foldText(text), false)) as string[]);
  }

  private groupsOf(tokens: readonly string[]): string[][] {
    const groups: string[][] = [];
    for (const token of tokens) {
      let group = this.groupCache.get(token);
      if (group === undefined) {
        group = isIndexable(token) ? [token, ...this.innerWords(token)] : null;
        if (this.groupCache.size >= 500_000) this.groupCache.clear();
        this.groupCache.set(token, group);
      }
      if (group) groups.push(group);
    }
    return groups;
  }
}

/** A token that goes into the index: a word (not a stop word), not a lone Chinese character. */
export function isIndexable(token: string): boolean {
  if (!isWordToken(token) || isStopWord(token) || /[\s|]/.test(token)) return false;
  if (token.length === 1 && hasCjk(token)) return false;
  return token.trim().length > 0;
}
