import { describe, expect, it } from 'vitest';
import { computeStampDuty, computeSurcharges, halveSixTaxesTwoFees } from './local-taxes';
import { Money, ZERO } from './money';

const m = (v: string | number) => new Money(v);
const yuan = (d: { toFixed(n: number): string }) => d.toFixed(2);

describe('stamp duty by item (《印花税法》税目税率表)', () => {
  // 《印花税法》第八条: 应纳税额 = 计税依据 × 适用税率; 买卖合同 价款的万分之三, 借款合同 万分之零点五,
  // 租赁合同 千分之一, 营业账簿 万分之二点五.
  it('multiplies each base by its item rate', () => {
    const r = computeStampDuty({
      date: '2026-11-27',
      category: 'other',
      lines: [
        { item: 'sales_contract', amount: m(1000000) },
        { item: 'loan_contract', amount: m(1000000) },
        { item: 'lease_contract', amount: m(120000) },
        { item: 'account_books', amount: m(5000000) },
        { item: 'intellectual_property_transfer', amount: m('12345.67') },
      ],
    });
    expect(r.lines.map((l) => yuan(l.tax))).toEqual(['300.00', '50.00', '120.00', '1250.00', '3.70']);
    expect([yuan(r.reduction), yuan(r.payable), r.isHalvingEligible]).toEqual(['0.00', '1723.70', false]);
  });

  // 财政部 税务总局公告2023年第12号 第二条: 小规模纳税人等减半征收印花税（不含证券交易印花税）.
  it('halves it for a small-scale taxpayer but not on securities trading', () => {
    const r = computeStampDuty({
      date: '2026-11-27',
      category: 'small_scale',
      lines: [
        { item: 'sales_contract', amount: m(1000000) },
        { item: 'account_books', amount: m(1000) },
      ],
    });
    expect(r.lines.map((l) => [yuan(l.tax), yuan(l.reduction), yuan(l.payable)])).toEqual([
      ['300.00', '150.00', '150.00'],
      ['0.25', '0.13', '0.12'],
    ]);
    expect(r.basis.join()).toContain('财政部 税务总局公告2023年第12号');
  });

  // 财政部 税务总局公告2023年第39号: 自2023年8月28日起，证券交易印花税实施减半征收.
  it('halves securities trading from 2023-08-28 for everybody', () => {
    const line = [{ item: 'securities_trading' as const, amount: m(100000) }];
    expect(yuan(computeStampDuty({ date: '2023-08-27', category: 'small_scale', lines: line }).payable)).toBe('100.00');
    expect(yuan(computeStampDuty({ date: '2023-08-28', category: 'other', lines: line }).payable)).toBe('50.00');
  });

  it('refuses a date before the law took effect on 2022-07-01', () => {
    expect(() =>
      computeStampDuty({ date: '2022-06-30', category: 'other', lines: [{ item: 'sales_contract', amount: m(1) }] }),
    ).toThrow(/暂未收录/);
  });
});

describe('六税两费 and the surcharges', () => {
  it('halves each of the six taxes and two fees for eligible taxpayers only', () => {
    const lines = [
      { kind: 'property_tax' as const, amount: m('1000.01') },
      { kind: 'land_use_tax' as const, amount: m(300) },
    ];
    const eligible = halveSixTaxesTwoFees({ date: '2026-11-27', category: 'individual_business', lines });
    expect(eligible.lines.map((l) => yuan(l.payable))).toEqual(['500.00', '150.00']);
    expect(yuan(eligible.reduction)).toBe('650.01');
    const other = halveSixTaxesTwoFees({ date: '2026-11-27', category: 'other', lines });
    expect(yuan(other.payable)).toBe('1300.01');
    expect(halveSixTaxesTwoFees({ date: '2028-01-01', category: 'small_scale', lines }).isHalvingEligible).toBe(false);
  });

  // 《城市维护建设税法》第四条 7%; 教育费附加 3%; 地方教育附加 2%; 财税〔2016〕12号 exempts the two fees at or
  // below 100,000 a month; 2023年第12号 halves what is left.
  it('computes the surcharges on VAT paid, exempts the fees below the threshold and halves the rest', () => {
    const base = {
      date: '2026-11-27',
      category: 'small_scale' as const,
      location: 'city' as const,
      vatPaid: m(10000),
      consumptionTaxPaid: ZERO,
      periodType: 'month' as const,
    };
    const r = computeSurcharges({ ...base, periodSales: m(1000000) });
    expect(r.lines.map((l) => [yuan(l.tax), yuan(l.payable)])).toEqual([
      ['700.00', '350.00'],
      ['300.00', '150.00'],
      ['200.00', '100.00'],
    ]);
    const small = computeSurcharges({ ...base, periodSales: m(100000) });
    expect([yuan(small.tax), yuan(small.payable)]).toEqual(['700.00', '350.00']);
    const town = computeSurcharges({ ...base, category: 'other', location: 'county_town', periodSales: m(1000000) });
    expect(yuan(town.payable)).toBe('1000.00');
  });
});
