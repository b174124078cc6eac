/**
 * Tax policy as data: each rate, threshold or table is a row that names the document it comes from
 * and the period it applies to, so that a policy change is a new row, not new code.
 */
import { invalidField } from '../../platform/errors';

export interface PolicyDocument {
  /** 文号 or the title of the law, e.g. 财政部 税务总局公告2023年第19号. */
  number: string;
  /** What the document is called, in full. */
  title: string;
  /** The article or item the figures come from. */
  article?: string;
}

export interface PolicyRow<T> {
  /** First day it applies (YYYY-MM-DD). */
  validFrom: string;
  /** Last day it applies (YYYY-MM-DD), or null while open-ended. */
  validTo: string | null;
  documents: readonly PolicyDocument[];
  /** A remark shown to the agent (in Chinese), e.g. how a rule carries over under a new law. */
  note?: string;
  value: T;
}

/** True when the row applies on `date`. */
export function appliesOn(row: PolicyRow<unknown>, date: string): boolean {
  return row.validFrom <= date && (row.validTo === null || date <= row.validTo);
}

/** The row in force on `date`, or undefined when none is. */
export function findInForce<T>(rows: readonly PolicyRow<T>[], date: string): PolicyRow<T> | undefined {
  return rows.find((row) => appliesOn(row, date));
}

/** The row in force on `date`; a date outside every row is the caller's mistake (400 on `field`). */
export function requireInForce<T>(
  rows: readonly PolicyRow<T>[],
  date: string,
  field: string,
  what: string,
): PolicyRow<T> {
  const row = findInForce(rows, date);
  if (!row) {
    const first = rows.map((r) => r.validFrom).sort()[0];
    const open = rows.some((r) => r.validTo === null);
    const last = open
      ? '今'
      : rows
          .map((r) => r.validTo ?? '')
          .sort()
          .at(-1);
    throw invalidField(field, 'POLICY_NOT_COVERED', `${what}暂未收录 ${date} 适用的政策（已收录 ${first} 至 ${last}）`);
  }
  return row;
}

/** The documents of a row, as a reply shows them: `文号《标题》条款`. */
export function citeDocuments(row: PolicyRow<unknown>): string[] {
  return row.documents.map((d) => citeDocument(d));
}

/** The documents of the rows a result rests on, each cited once, in order of first use. */
export function citeBasis(...rows: ReadonlyArray<PolicyRow<unknown>>): string[] {
  return [...new Set(rows.flatMap(citeDocuments))];
}

/**
 * A title in book-title marks; a title quoted inside it takes the inner marks, as GB/T 15834 writes
 * nested titles: 关于《增值税法》… → 《关于〈增值税法〉…》.
 */
export function bookTitle(title: string): string {
  return `《${title.replaceAll('《', '〈').replaceAll('》', '〉')}》`;
}

/** One document as people cite it: `《法律》第六条`, or `文号《标题》`. */
export function citeDocument(d: PolicyDocument): string {
  return `${d.number === d.title ? '' : d.number}${bookTitle(d.title)}${d.article ?? ''}`;
}
