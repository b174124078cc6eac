/**
 * Stamp duty (印花税税目税率表), the surcharges on VAT and consumption tax, and the halving of the
 * 六税两费 for small taxpayers — each with its source and period.
 */
import {
  type SixTaxesTwoFeesKind,
  type SmallTaxpayerCategory,
  type StampDutyItem,
  sixTaxesTwoFeesKinds,
  smallTaxpayerCategories,
  stampDutyItems,
  type UrbanLocation,
  urbanLocations,
} from '../../../shared/tools';
import type { PolicyDocument, PolicyRow } from './policy';

const stampDutyLaw: PolicyDocument = {
  number: '中华人民共和国印花税法',
  title: '中华人民共和国印花税法',
  article: '第五条、第八条及附《印花税税目税率表》',
};

export { type StampDutyItem, stampDutyItems };

export interface StampDutyRate {
  /** 税目 (and 子目). */
  name: string;
  rate: string;
  /** How the rate is written in the law, e.g. 价款的万分之三. */
  rateText: string;
  /** 计税依据. */
  base: string;
}

/** 《印花税税目税率表》, in force since 2022-07-01. */
export const stampDutyRates: readonly PolicyRow<Record<StampDutyItem, StampDutyRate>>[] = [
  {
    validFrom: '2022-07-01',
    validTo: null,
    documents: [stampDutyLaw],
    value: {
      loan_contract: { name: '借款合同', rate: '0.00005', rateText: '借款金额的万分之零点五', base: '借款金额' },
      finance_lease_contract: {
        name: '融资租赁合同',
        rate: '0.00005',
        rateText: '租金的万分之零点五',
        base: '租金',
      },
      sales_contract: { name: '买卖合同', rate: '0.0003', rateText: '价款的万分之三', base: '价款' },
      contracting_contract: { name: '承揽合同', rate: '0.0003', rateText: '报酬的万分之三', base: '报酬' },
      construction_contract: { name: '建设工程合同', rate: '0.0003', rateText: '价款的万分之三', base: '价款' },
      transport_contract: { name: '运输合同', rate: '0.0003', rateText: '运输费用的万分之三', base: '运输费用' },
      technology_contract: {
        name: '技术合同',
        rate: '0.0003',
        rateText: '价款、报酬或者使用费的万分之三',
        base: '价款、报酬或者使用费',
      },
      lease_contract: { name: '租赁合同', rate: '0.001', rateText: '租金的千分之一', base: '租金' },
      custody_contract: { name: '保管合同', rate: '0.001', rateText: '保管费的千分之一', base: '保管费' },
      warehousing_contract: { name: '仓储合同', rate: '0.001', rateText: '仓储费的千分之一', base: '仓储费' },
      property_insurance_contract: {
        name: '财产保险合同',
        rate: '0.001',
        rateText: '保险费的千分之一',
        base: '保险费',
      },
      land_use_right_grant: {
        name: '产权转移书据——土地使用权出让书据',
        rate: '0.0005',
        rateText: '价款的万分之五',
        base: '价款',
      },
      real_property_transfer: {
        name: '产权转移书据——土地使用权、房屋等建筑物和构筑物所有权转让书据',
        rate: '0.0005',
        rateText: '价款的万分之五',
        base: '价款',
      },
      equity_transfer: {
        name: '产权转移书据——股权转让书据（不包括应缴纳证券交易印花税的）',
        rate: '0.0005',
        rateText: '价款的万分之五',
        base: '价款',
      },
      intellectual_property_transfer: {
        name: '产权转移书据——商标专用权、著作权、专利权、专有技术使用权转让书据',
        rate: '0.0003',
        rateText: '价款的万分之三',
        base: '价款',
      },
      account_books: {
        name: '营业账簿',
        rate: '0.00025',
        rateText: '实收资本（股本）、资本公积合计金额的万分之二点五',
        base: '实收资本（股本）、资本公积合计金额',
      },
      securities_trading: { name: '证券交易', rate: '0.001', rateText: '成交金额的千分之一', base: '成交金额' },
    },
  },
];

/** Securities trading stamp duty halved (on the seller) since 2023-08-28. */
export const securitiesTradingRelief: readonly PolicyRow<{ factor: string }>[] = [
  {
    validFrom: '2023-08-28',
    validTo: null,
    documents: [
      { number: '财政部 税务总局公告2023年第39号', title: '财政部 税务总局关于减半征收证券交易印花税的公告' },
    ],
    value: { factor: '0.5' },
  },
];

export { type SmallTaxpayerCategory, smallTaxpayerCategories };
export const smallTaxpayerCategoryNames: Record<SmallTaxpayerCategory, string> = {
  small_scale: '增值税小规模纳税人',
  small_low_profit: '小型微利企业',
  individual_business: '个体工商户',
  other: '其他纳税人',
};

export { type SixTaxesTwoFeesKind, sixTaxesTwoFeesKinds };
export const sixTaxesTwoFeesNames: Record<SixTaxesTwoFeesKind, string> = {
  resource_tax: '资源税（不含水资源税）',
  urban_maintenance_tax: '城市维护建设税',
  property_tax: '房产税',
  land_use_tax: '城镇土地使用税',
  stamp_duty: '印花税（不含证券交易印花税）',
  farmland_occupation_tax: '耕地占用税',
  education_surcharge: '教育费附加',
  local_education_surcharge: '地方教育附加',
};

/** 六税两费减半: who qualifies and by how much. */
export const sixTaxesTwoFeesRelief: readonly PolicyRow<{
  categories: readonly SmallTaxpayerCategory[];
  factor: string;
}>[] = [
  {
    validFrom: '2023-01-01',
    validTo: '2027-12-31',
    documents: [
      {
        number: '财政部 税务总局公告2023年第12号',
        title: '财政部 税务总局关于进一步支持小微企业和个体工商户发展有关税费政策的公告',
        article: '第二条',
      },
    ],
    note: '增值税小规模纳税人、小型微利企业和个体工商户减半征收；已依法享受其他优惠政策的，可叠加享受。',
    value: { categories: ['small_scale', 'small_low_profit', 'individual_business'], factor: '0.5' },
  },
];

export { type UrbanLocation, urbanLocations };

/** 城市维护建设税, 教育费附加 and 地方教育附加 on the VAT and consumption tax actually paid. */
export const surchargeRates: readonly PolicyRow<{
  urbanMaintenance: Record<UrbanLocation, { rate: string; name: string }>;
  education: string;
  localEducation: string;
}>[] = [
  {
    validFrom: '2021-09-01',
    validTo: null,
    documents: [
      { number: '中华人民共和国城市维护建设税法', title: '中华人民共和国城市维护建设税法', article: '第二条、第四条' },
      { number: '国务院令第60号', title: '征收教育费附加的暂行规定', article: '第三条' },
      { number: '财综〔2010〕98号', title: '财政部关于统一地方教育附加政策有关问题的通知', article: '第二条' },
    ],
    value: {
      urbanMaintenance: {
        city: { rate: '0.07', name: '市区（7%）' },
        county_town: { rate: '0.05', name: '县城、镇（5%）' },
        other: { rate: '0.01', name: '不在市区、县城或镇（1%）' },
      },
      education: '0.03',
      localEducation: '0.02',
    },
  },
];

/** 教育费附加 and 地方教育附加 are not charged below 100,000 of sales a month (300,000 a quarter). */
export const educationSurchargeExemption: readonly PolicyRow<{ monthlyUpTo: string; quarterlyUpTo: string }>[] = [
  {
    validFrom: '2016-02-01',
    validTo: null,
    documents: [
      {
        number: '财税〔2016〕12号',
        title: '财政部 国家税务总局关于扩大有关政府性基金免征范围的通知',
        article: '第一条',
      },
    ],
    value: { monthlyUpTo: '100000', quarterlyUpTo: '300000' },
  },
];
