import { foldText } from './analysis/normalize';

/**
 * Reference lists of the knowledge base: tax kinds, industries (GB/T 4754-2017 sections), taxpayer
 * types and validities. An article stores each multi-valued list as a bit mask over these lists, so
 * the order is frozen: add new entries at the end only.
 */

export const taxKinds = [
  { code: 'vat', name: '增值税' },
  { code: 'consumption', name: '消费税' },
  { code: 'corporate_income', name: '企业所得税' },
  { code: 'individual_income', name: '个人所得税' },
  { code: 'resource', name: '资源税' },
  { code: 'urban_construction', name: '城市维护建设税' },
  { code: 'property', name: '房产税' },
  { code: 'urban_land_use', name: '城镇土地使用税' },
  { code: 'land_value_added', name: '土地增值税' },
  { code: 'vehicle_vessel', name: '车船税' },
  { code: 'vehicle_purchase', name: '车辆购置税' },
  { code: 'stamp', name: '印花税' },
  { code: 'deed', name: '契税' },
  { code: 'farmland_occupation', name: '耕地占用税' },
  { code: 'tobacco_leaf', name: '烟叶税' },
  { code: 'customs', name: '关税' },
  { code: 'tonnage', name: '船舶吨税' },
  { code: 'environmental_protection', name: '环境保护税' },
  { code: 'education_surcharge', name: '教育费附加' },
  { code: 'social_insurance', name: '社会保险费' },
] as const;
export type TaxKindCode = (typeof taxKinds)[number]['code'];

export const industries = [
  { code: 'A', name: '农、林、牧、渔业' },
  { code: 'B', name: '采矿业' },
  { code: 'C', name: '制造业' },
  { code: 'D', name: '电力、热力、燃气及水生产和供应业' },
  { code: 'E', name: '建筑业' },
  { code: 'F', name: '批发和零售业' },
  { code: 'G', name: '交通运输、仓储和邮政业' },
  { code: 'H', name: '住宿和餐饮业' },
  { code: 'I', name: '信息传输、软件和信息技术服务业' },
  { code: 'J', name: '金融业' },
  { code: 'K', name: '房地产业' },
  { code: 'L', name: '租赁和商务服务业' },
  { code: 'M', name: '科学研究和技术服务业' },
  { code: 'N', name: '水利、环境和公共设施管理业' },
  { code: 'O', name: '居民服务、修理和其他服务业' },
  { code: 'P', name: '教育' },
  { code: 'Q', name: '卫生和社会工作' },
  { code: 'R', name: '文化、体育和娱乐业' },
  { code: 'S', name: '公共管理、社会保障和社会组织' },
  { code: 'T', name: '国际组织' },
] as const;
export type IndustryCode = (typeof industries)[number]['code'];

export const taxpayerTypes = [
  { code: 'general', name: '一般纳税人' },
  { code: 'small_scale', name: '小规模纳税人' },
  { code: 'individual_business', name: '个体工商户' },
  { code: 'natural_person', name: '自然人' },
  { code: 'non_resident', name: '非居民' },
  { code: 'other_organization', name: '其他单位' },
] as const;
export type TaxpayerTypeCode = (typeof taxpayerTypes)[number]['code'];

export const validityNames = { in_force: '现行有效', partly_void: '部分失效', void: '全文失效' } as const;

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
