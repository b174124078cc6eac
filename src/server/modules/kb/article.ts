import { type ArticleStatus, articleStatuses, type Validity } from '../../../shared/kb';

export { type ArticleStatus, articleStatuses, articleStatusNames } from '../../../shared/kb';

/** Pure rules of an article: its lifecycle, its content, how it cites other articles. No I/O. */

/**
 * The lifecycle: a draft is submitted for review, a reviewer publishes it or returns it; editing a
 * published article starts a new draft while the published version stays live; archiving takes it
 * out of search. No status is set anywhere but through this table.
 */
export const articleTransitions = {
  draft: ['review', 'archived'],
  review: ['draft', 'published'],
  published: ['draft', 'archived'],
  archived: ['draft'],
} as const satisfies Record<ArticleStatus, readonly ArticleStatus[]>;

export function canTransition(from: ArticleStatus, to: ArticleStatus): boolean {
  return (articleTransitions[from] as readonly ArticleStatus[]).includes(to);
}

export function isArticleStatus(value: string): value is ArticleStatus {
  return (articleStatuses as readonly string[]).includes(value);
}

/** What an article says and how it is classified: the content a version snapshots. */
export interface ArticleContent {
  libraryCode: string;
  categoryId: number | null;
  title: string;
  question: string | null;
  /** Sanitised HTML. */
  body: string;
  keywords: string[];
  taxKinds: string[];
  industries: string[];
  taxpayerTypes: string[];
  region: string | null;
  issuer: string | null;
  documentNumber: string | null;
  issuedOn: string | null;
  effectiveOn: string | null;
  expiresOn: string | null;
  validity: Validity;
  validityNote: string | null;
  sourceUrl: string | null;
  isPublic: boolean;
}

/** The fields a version snapshot holds, in a stable order (diffs and change detection compare them). */
export const contentFields = [
  'libraryCode',
  'categoryId',
  'title',
  'question',
  'body',
  'keywords',
  'taxKinds',
  'industries',
  'taxpayerTypes',
  'region',
  'issuer',
  'documentNumber',
  'issuedOn',
  'effectiveOn',
  'expiresOn',
  'validity',
  'validityNote',
  'sourceUrl',
  'isPublic',
] as const satisfies readonly (keyof ArticleContent)[];

/** A canonical JSON of the content, for snapshots and to tell whether an import changed anything. */
export function contentJson(content: ArticleContent): string {
  const ordered: Record<string, unknown> = {};
  for (const field of contentFields) ordered[field] = content[field];
  return JSON.stringify(ordered);
}

/** Validity on a given day: an article past its expiry date counts as void, whatever it says. */
export function effectiveValidity(
  article: { validity: Validity; expiresOn: string | null },
  today: string,
): { validity: Validity; isExpired: boolean } {
  if (article.expiresOn && article.expiresOn <= today) return { validity: 'void', isExpired: true };
  return { validity: article.validity, isExpired: false };
}

// ---- citations ----

const articleNumber = /第([零〇一二三四五六七八九十百千]+)条/g;
const selfReference = /本(?:法|条例|细则|办法|规定|解释)$/;
const numberedDocument = /〔\d{4}〕\d{1,4}号|公告\d{4}年第\d{1,4}号/g;
const cjkRun = /[\u4e00-\u9fa5]+$/;
const issuerStops = new Set('见和与及或据照按依的以在于经对即并'.split(''));
const lastStopIndex = (run: string) => {
  for (let i = run.length - 1; i >= 0; i--) if (issuerStops.has(run[i]!)) return i;
  return -1;
};

/** 中华人民共和国企业所得税法 and 企业所得税法 name the same document. */
export function documentKey(name: string): string {
  return name.replace(/\s+/g, '').replace(/^中华人民共和国/, '');
}

/** The key other articles cite an article by: its document number, or 《document》第N条 from its title. */
export function citeKeyOf(article: { title: string; documentNumber: string | null }): string | null {
  if (article.documentNumber?.trim()) return article.documentNumber.replace(/\s+/g, '');
  const match = /^《([^《》]+)》(第[零〇一二三四五六七八九十百千]+条)$/.exec(article.title.trim());
  return match ? `${documentKey(match[1]!)}${match[2]}` : null;
}

/** The document an article of a code belongs to (《中华人民共和国企业所得税法》第八条 → 企业所得税法). */
export function documentOfTitle(title: string): string | null {
  const match = /^《([^《》]+)》第/.exec(title.trim());
  return match ? documentKey(match[1]!) : null;
}

/**
 * The cite keys a text refers to: 《…》第N条, a known code's name followed by 第N条 (企业所得税法第二十二条),
 * 本法第N条 (the article's own document), and document numbers (财税〔2019〕13号).
 * `knownDocuments` are document keys (documentKey) that bare names are matched against. Scans for
 * 第N条 and 〔 first and looks back from there, so long texts cost one pass.
 */
export function citationsIn(
  text: string,
  options: { ownDocument: string | null; knownDocuments: ReadonlySet<string>; ownKey: string | null },
): string[] {
  const keys = new Set<string>();
  if (text.includes('条')) {
    for (const m of text.matchAll(articleNumber)) {
      const at = m.index;
      const before = text.slice(Math.max(0, at - 40), at);
      if (before.endsWith('》')) {
        const open = before.lastIndexOf('《');
        if (open >= 0) keys.add(`${documentKey(before.slice(open + 1, -1))}第${m[1]}条`);
        continue;
      }
      if (options.ownDocument && selfReference.test(before)) {
        keys.add(`${options.ownDocument}第${m[1]}条`);
        continue;
      }
      // A bare name (依照企业所得税法第二十二条): the longest known document the text ends with.
      const run = cjkRun.exec(before)?.[0];
      if (!run) continue;
      for (let start = 0; start < run.length - 1; start++) {
        const name = documentKey(run.slice(start));
        if (options.knownDocuments.has(name)) {
          keys.add(`${name}第${m[1]}条`);
          break;
        }
      }
    }
  }
  if (text.includes('号')) {
    for (const m of text.matchAll(numberedDocument)) {
      // The issuer's name (财税, 国家税务总局) runs back to a word that cannot be part of it (见, 和, 依据 …).
      const run = cjkRun.exec(text.slice(Math.max(0, m.index - 24), m.index))?.[0] ?? '';
      let issuer = run.slice(lastStopIndex(run) + 1);
      if (m[0].startsWith('〔')) issuer = issuer.slice(-6);
      if (issuer) keys.add(`${issuer}${m[0]}`);
    }
  }
  if (options.ownKey) keys.delete(options.ownKey);
  return [...keys];
}
