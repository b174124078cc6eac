/**
 * Individual income tax rates and thresholds, each with its source document and the period it applies to.
 * Amounts are decimal strings in yuan; rates are decimal fractions.
 */
import type { PolicyDocument, PolicyRow } from './policy';

/** One bracket of a progressive table: amounts up to `upTo` (inclusive; null = no upper limit). */
export interface Bracket {
  upTo: string | null;
  rate: string;
  quickDeduction: string;
}

export const iitLaw: PolicyDocument = {
  number: '中华人民共和国个人所得税法',
  title: '中华人民共和国个人所得税法',
  article: '第六条、附《个人所得税税率表一（综合所得适用）》',
};

export const withholdingRules: PolicyDocument = {
  number: '国家税务总局公告2018年第61号',
  title: '国家税务总局关于发布《个人所得税扣缴申报管理办法（试行）》的公告',
  article: '第六条、第八条及附件《个人所得税预扣率表一、二》',
};

/** 个人所得税预扣率表一 / 税率表一: cumulative (annual) comprehensive income. */
export const comprehensiveIncomeTable: readonly PolicyRow<readonly Bracket[]>[] = [
  {
    validFrom: '2019-01-01',
    validTo: null,
    documents: [iitLaw, withholdingRules],
    value: [
      { upTo: '36000', rate: '0.03', quickDeduction: '0' },
      { upTo: '144000', rate: '0.10', quickDeduction: '2520' },
      { upTo: '300000', rate: '0.20', quickDeduction: '16920' },
      { upTo: '420000', rate: '0.25', quickDeduction: '31920' },
      { upTo: '660000', rate: '0.30', quickDeduction: '52920' },
      { upTo: '960000', rate: '0.35', quickDeduction: '85920' },
      { upTo: null, rate: '0.45', quickDeduction: '181920' },
    ],
  },
];

/** 减除费用: 60,000 a year, 5,000 a month under the cumulative withholding method. */
export const basicDeduction: readonly PolicyRow<{ monthly: string; annual: string }>[] = [
  {
    validFrom: '2019-01-01',
    validTo: null,
    documents: [{ ...iitLaw, article: '第六条第一款第（一）项' }, withholdingRules],
    value: { monthly: '5000', annual: '60000' },
  },
];

/** 个人所得税预扣率表二: labour remuneration withholding, per payment. */
export const labourWithholdingTable: readonly PolicyRow<readonly Bracket[]>[] = [
  {
    validFrom: '2019-01-01',
    validTo: null,
    documents: [withholdingRules],
    value: [
      { upTo: '20000', rate: '0.20', quickDeduction: '0' },
      { upTo: '50000', rate: '0.30', quickDeduction: '2000' },
      { upTo: null, rate: '0.40', quickDeduction: '7000' },
    ],
  },
];

/**
 * Withholding on labour remuneration, author's remuneration and royalties: 800 deducted from a
 * payment up to 4,000, 20 % above; author's remuneration counted at 70 %; author's and royalties at 20 % flat.
 */
export const remunerationRules: readonly PolicyRow<{
  flatDeductionUpTo: string;
  flatDeduction: string;
  proportionalDeduction: string;
  authorIncomeShare: string;
  flatRate: string;
}>[] = [
  {
    validFrom: '2019-01-01',
    validTo: null,
    documents: [withholdingRules, { ...iitLaw, article: '第六条第二款' }],
    value: {
      flatDeductionUpTo: '4000',
      flatDeduction: '800',
      proportionalDeduction: '0.20',
      authorIncomeShare: '0.70',
      flatRate: '0.20',
    },
  },
];

/** 按月换算后的综合所得税率表: the annual one-off bonus taxed on its own, bonus ÷ 12 picks the bracket. */
const monthlyConvertedTable: readonly Bracket[] = [
  { upTo: '3000', rate: '0.03', quickDeduction: '0' },
  { upTo: '12000', rate: '0.10', quickDeduction: '210' },
  { upTo: '25000', rate: '0.20', quickDeduction: '1410' },
  { upTo: '35000', rate: '0.25', quickDeduction: '2660' },
  { upTo: '55000', rate: '0.30', quickDeduction: '4410' },
  { upTo: '80000', rate: '0.35', quickDeduction: '7160' },
  { upTo: null, rate: '0.45', quickDeduction: '15160' },
];

const bonusNotice2018: PolicyDocument = {
  number: '财税〔2018〕164号',
  title: '财政部 税务总局关于个人所得税法修改后有关优惠政策衔接问题的通知',
  article: '第一条第（一）项及附件《按月换算后的综合所得税率表》',
};

export const annualBonusTable: readonly PolicyRow<readonly Bracket[]>[] = [
  { validFrom: '2019-01-01', validTo: '2021-12-31', documents: [bonusNotice2018], value: monthlyConvertedTable },
  {
    validFrom: '2022-01-01',
    validTo: '2023-12-31',
    documents: [
      bonusNotice2018,
      {
        number: '财政部 税务总局公告2021年第42号',
        title: '财政部 税务总局关于延续实施全年一次性奖金等个人所得税优惠政策的公告',
        article: '第一条',
      },
    ],
    value: monthlyConvertedTable,
  },
  {
    validFrom: '2024-01-01',
    validTo: '2027-12-31',
    documents: [
      bonusNotice2018,
      {
        number: '财政部 税务总局公告2023年第30号',
        title: '财政部 税务总局关于延续实施全年一次性奖金个人所得税政策的公告',
        article: '第一条',
      },
    ],
    note: '全年一次性奖金单独计税政策执行至2027年12月31日，也可选择并入当年综合所得计税。',
    value: monthlyConvertedTable,
  },
];

/**
 * 免于办理汇算: no annual reconciliation is needed when the year's comprehensive income is at most
 * 120,000 and tax is due, or when the tax due is at most 400. Keyed by the tax year's dates.
 */
export const reconciliationExemption: readonly PolicyRow<{ incomeUpTo: string; paymentUpTo: string }>[] = [
  {
    validFrom: '2019-01-01',
    validTo: '2020-12-31',
    documents: [
      {
        number: '财政部 税务总局公告2019年第94号',
        title: '财政部 税务总局关于个人所得税综合所得汇算清缴涉及有关政策问题的公告',
        article: '第一条',
      },
    ],
    value: { incomeUpTo: '120000', paymentUpTo: '400' },
  },
  {
    validFrom: '2021-01-01',
    validTo: '2023-12-31',
    documents: [
      {
        number: '财政部 税务总局公告2021年第42号',
        title: '财政部 税务总局关于延续实施全年一次性奖金等个人所得税优惠政策的公告',
        article: '第三条',
      },
    ],
    value: { incomeUpTo: '120000', paymentUpTo: '400' },
  },
  {
    validFrom: '2024-01-01',
    validTo: '2027-12-31',
    documents: [
      {
        number: '财政部 税务总局公告2023年第32号',
        title: '财政部 税务总局关于个人所得税综合所得汇算清缴涉及有关政策问题的公告',
        article: '第一条',
      },
    ],
    value: { incomeUpTo: '120000', paymentUpTo: '400' },
  },
];
