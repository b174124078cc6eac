/**
 * VAT rates and small-scale taxpayer thresholds, each with its source and period.
 *
 * In force on 2026-11-27: 《中华人民共和国增值税法》 (from 2026-01-01; 《增值税暂行条例》 is void) fixes
 * the rates (第十条) and the 3 % simplified-method rate (第十一条), leaves the small-scale threshold
 * (起征点, 第二十三条) and special preferences for small businesses (第二十五条) to the State Council.
 * The 1 % reduced rate and the 100,000-a-month / 300,000-a-quarter exemption of 财政部 税务总局公告
 * 2023年第19号 run to 2027-12-31; taxline applies them on through the new law as that announcement's
 * own period says. Should a transition announcement set other figures, that is a new row here.
 */
import { type GeneralRateCode, generalRateCodes } from '../../../shared/tools';
import type { PolicyDocument, PolicyRow } from './policy';

const vatLaw: PolicyDocument = { number: '中华人民共和国增值税法', title: '中华人民共和国增值税法' };
const provisionalRegulations: PolicyDocument = {
  number: '中华人民共和国增值税暂行条例',
  title: '中华人民共和国增值税暂行条例',
};
const announcement2023No19: PolicyDocument = {
  number: '财政部 税务总局公告2023年第19号',
  title: '财政部 税务总局关于增值税小规模纳税人减免增值税政策的公告',
};
const staAnnouncement2023No1: PolicyDocument = {
  number: '国家税务总局公告2023年第1号',
  title: '国家税务总局关于增值税小规模纳税人减免增值税等政策有关征管事项的公告',
  article: '第一条',
};

/** 征收率 for the simplified method (小规模纳税人). */
export const simplifiedRate: readonly PolicyRow<string>[] = [
  {
    validFrom: '2009-01-01',
    validTo: '2025-12-31',
    documents: [{ ...provisionalRegulations, article: '第十二条' }],
    value: '0.03',
  },
  { validFrom: '2026-01-01', validTo: null, documents: [{ ...vatLaw, article: '第十一条' }], value: '0.03' },
];

export interface SmallScaleRelief {
  /** The rate that replaces 3 %. */
  reducedRate: string;
  /** Sales (excluding tax) up to this amount per month are exempt. */
  monthlyExemptUpTo: string;
  quarterlyExemptUpTo: string;
}

/** Reliefs for small-scale taxpayers: the reduced rate and the exemption thresholds. */
export const smallScaleRelief: readonly PolicyRow<SmallScaleRelief>[] = [
  {
    validFrom: '2023-01-01',
    validTo: '2025-12-31',
    documents: [
      { ...announcement2023No19, article: '第一条、第二条' },
      staAnnouncement2023No1,
      { ...provisionalRegulations, article: '第十二条' },
    ],
    value: { reducedRate: '0.01', monthlyExemptUpTo: '100000', quarterlyExemptUpTo: '300000' },
  },
  {
    validFrom: '2026-01-01',
    validTo: '2027-12-31',
    documents: [
      { ...announcement2023No19, article: '第一条、第二条' },
      staAnnouncement2023No1,
      { ...vatLaw, article: '第二十三条、第二十五条' },
    ],
    note: '《增值税法》自2026年1月1日施行，小规模纳税人起征点和小微企业专项优惠由国务院规定；2023年第19号公告所定减按1%征收率、月销售额10万元（季度30万元）以下免征的政策执行至2027年12月31日。如有新的衔接公告，以新公告为准。',
    value: { reducedRate: '0.01', monthlyExemptUpTo: '100000', quarterlyExemptUpTo: '300000' },
  },
];

export { type GeneralRateCode, generalRateCodes };

/** Rates for general taxpayers (一般纳税人), by their code in per cent. */
export const generalRates: readonly PolicyRow<Record<GeneralRateCode, { rate: string; name: string }>>[] = [
  {
    validFrom: '2019-04-01',
    validTo: '2025-12-31',
    documents: [
      {
        number: '财政部 税务总局 海关总署公告2019年第39号',
        title: '财政部 税务总局 海关总署关于深化增值税改革有关政策的公告',
        article: '第一条',
      },
      { ...provisionalRegulations, article: '第二条' },
    ],
    value: {
      '13': { rate: '0.13', name: '13%（货物、加工修理修配劳务、有形动产租赁服务）' },
      '9': { rate: '0.09', name: '9%（交通运输、建筑、不动产、农产品等）' },
      '6': { rate: '0.06', name: '6%（现代服务、金融、生活服务、无形资产等）' },
      '0': { rate: '0', name: '零税率（出口货物、跨境应税行为）' },
    },
  },
  {
    validFrom: '2026-01-01',
    validTo: null,
    documents: [{ ...vatLaw, article: '第十条' }],
    value: {
      '13': { rate: '0.13', name: '13%（货物、加工修理修配服务、有形动产租赁服务、进口货物）' },
      '9': { rate: '0.09', name: '9%（交通运输、邮政、基础电信、建筑、不动产租赁、销售不动产、农产品等）' },
      '6': { rate: '0.06', name: '6%（其他服务、无形资产）' },
      '0': { rate: '0', name: '零税率（出口货物、跨境销售国务院规定范围内的服务和无形资产）' },
    },
  },
];
