import { type TaxKindCode, taxKinds } from '../../../shared/kb';
import { foldText } from './analysis/normalize';

/**
 * Reference lists of the knowledge base: tax kinds, industries (GB/T 4754-2017 sections), taxpayer
 * types and validities. An article stores each multi-valued list as a bit mask over these lists, so
 * the order is frozen: add new entries at the end only.
 */

export {
  type IndustryCode,
  industries,
  type TaxKindCode,
  type TaxpayerTypeCode,
  taxKinds,
  taxpayerTypes,
  validityNames,
} from '../../../shared/kb';

type CodeList = readonly { code: string; name: string }[];

/** The bit mask of the given codes over a reference list; unknown codes are ignored. */
export function maskOf(list: CodeList, codes: readonly string[]): number {
  let mask = 0;
  for (const code of codes) {
    const bit = list.findIndex((e) => e.code === code);
    if (bit >= 0) mask |= 1 << bit;
  }
  return mask >>> 0;
}

/** The codes of a bit mask over a reference list. */
export function codesOf(list: CodeList, mask: number): string[] {
  return list.filter((_, bit) => (mask >>> bit) & 1).map((e) => e.code);
}

// Longest name first, so that 土地增值税 is read as itself and not also as 增值税.
const taxKindPattern = new RegExp(
  [...taxKinds]
    .sort((a, b) => b.name.length - a.name.length)
    .map((k) => k.name)
    .join('|'),
  'g',
);
const taxKindByName = new Map<string, TaxKindCode>(taxKinds.map((k) => [k.name, k.code]));

/** How often each tax kind is named in a text (土地增值税 does not count as 增值税). */
export function countTaxKinds(text: string): Map<TaxKindCode, number> {
  const counts = new Map<TaxKindCode, number>();
  if (!text.includes('税') && !text.includes('费')) return counts;
  for (const m of foldText(text).matchAll(taxKindPattern)) {
    const code = taxKindByName.get(m[0])!;
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return counts;
}

/** The tax kinds a query or a title names. */
export function taxKindsNamedIn(text: string): TaxKindCode[] {
  return [...countTaxKinds(text).keys()];
}

/** The tax kinds a query's concepts name, through any alternative (个税 → 个人所得税), as a mask. */
export function taxKindMaskOfTerms(terms: Iterable<string>): number {
  let mask = 0;
  for (const term of terms) {
    const bit = taxKinds.findIndex((k) => k.name === term);
    if (bit >= 0) mask |= 1 << bit;
  }
  return mask >>> 0;
}
