import { describe, expect, it } from 'vitest';
import { bonusCliffs, reconcileAnnualIncome, taxAnnualBonus, withholdOnRemuneration, withholdOnWages } from './iit';
import { annualBonusTable } from './iit.rates';
import { Money, ZERO } from './money';

const m = (v: string | number) => new Money(v);
const yuan = (d: { toFixed(n: number): string }) => d.toFixed(2);

const month = (income: number, socialInsurance: number, special: number, other = 0) => ({
  income: m(income),
  socialInsurance: m(socialInsurance),
  specialAdditionalDeductions: m(special),
  otherDeductions: m(other),
});

describe('cumulative withholding on wages (累计预扣法)', () => {
  // 国家税务总局《关于〈个人所得税扣缴申报管理办法（试行）〉的解读》(国家税务总局公告2018年第61号), 举例1:
  // 每月工资10000元, 三险一金1500元, 子女教育1000元 → 1、2、3月各预扣75元, 全年累计应纳税所得额30000元。
  it('matches the STA worked example 1: 10,000 a month withholds 75 every month', () => {
    const result = withholdOnWages(
      Array.from({ length: 12 }, () => month(10000, 1500, 1000)),
      '2019-06-30',
    );
    expect(result.months.slice(0, 3).map((r) => yuan(r.tax))).toEqual(['75.00', '75.00', '75.00']);
    expect(result.months.every((r) => r.tax.eq(75))).toBe(true);
    expect(yuan(result.months[11]!.cumulativeTaxableIncome)).toBe('30000.00');
    expect(yuan(result.totalTax)).toBe('900.00');
    // Each document once, a title inside a title in 〈〉.
    expect(result.basis).toEqual([...new Set(result.basis)]);
    expect(result.basis.join()).toContain('《国家税务总局关于发布〈个人所得税扣缴申报管理办法（试行）〉的公告》');
    expect(result.basis.join()).not.toMatch(/《[^》]*《/);
  });

  // Same 解读, 举例2: 每月工资30000元, 三险一金4500元, 专项附加扣除2000元 →
  // 1月 (30000−5000−4500−2000)×3% = 555; 2月 37000×10%−2520−555 = 625; 3月 55500×10%−2520−555−625 = 1850.
  it('matches the STA worked example 2: 555, 625, 1,850 as the rate rises to 10 %', () => {
    const result = withholdOnWages(
      Array.from({ length: 3 }, () => month(30000, 4500, 2000)),
      '2019-03-31',
    );
    expect(result.months.map((r) => yuan(r.tax))).toEqual(['555.00', '625.00', '1850.00']);
    expect(result.months.map((r) => yuan(r.cumulativeTaxableIncome))).toEqual(['18500.00', '37000.00', '55500.00']);
    expect(result.months.map((r) => yuan(r.cumulativeTax))).toEqual(['555.00', '1180.00', '3030.00']);
    expect(result.months[1]!.rate.toString()).toBe('0.1');
  });

  it('withholds the year of example 2 in full: 222,000 taxable at 20 % less 16,920 is 27,480', () => {
    const result = withholdOnWages(
      Array.from({ length: 12 }, () => month(30000, 4500, 2000)),
      '2026-12-31',
    );
    expect(yuan(result.months[11]!.cumulativeTaxableIncome)).toBe('222000.00');
    expect(yuan(result.totalTax)).toBe('27480.00');
    expect(yuan(result.months[11]!.cumulativeTax)).toBe('27480.00');
  });

  it('puts a cumulative amount exactly on a bracket limit in the lower bracket', () => {
    // 36,000 cumulative taxable in one month → 3 %; one fen more → 10 % less 2,520.
    expect(yuan(withholdOnWages([month(41000, 0, 0)], '2026-01-31').months[0]!.tax)).toBe('1080.00');
    expect(withholdOnWages([month(41000, 0, 0)], '2026-01-31').months[0]!.rate.toString()).toBe('0.03');
    expect(yuan(withholdOnWages([month(41000.01, 0, 0)], '2026-01-31').months[0]!.tax)).toBe('1080.00');
    expect(withholdOnWages([month(41000.01, 0, 0)], '2026-01-31').months[0]!.rate.toString()).toBe('0.1');
    expect(yuan(withholdOnWages([month(965000, 0, 0)], '2026-01-31').months[0]!.tax)).toBe('250080.00');
    expect(yuan(withholdOnWages([month(965000.01, 0, 0)], '2026-01-31').months[0]!.tax)).toBe('250080.00');
    expect(yuan(withholdOnWages([month(1005000, 0, 0)], '2026-01-31').months[0]!.tax)).toBe('268080.00');
  });

  it('withholds nothing below the deductions and never refunds during the year', () => {
    const result = withholdOnWages([month(20000, 0, 0), month(0, 0, 0), month(3000, 0, 0)], '2026-03-31');
    expect(result.months.map((r) => yuan(r.tax))).toEqual(['450.00', '0.00', '0.00']);
    expect(yuan(result.months[1]!.cumulativeTax)).toBe('300.00');
    expect(yuan(result.months[2]!.cumulativeTaxableIncome)).toBe('8000.00');
  });

  it('counts other deductions and keeps fen exact (no binary floating point drift)', () => {
    const result = withholdOnWages(
      Array.from({ length: 10 }, () => month(8000.1, 1000.2, 0, 0.3)),
      '2026-10-31',
    );
    // (8000.10 − 5000 − 1000.20 − 0.30) × 10 = 19996.00; × 3 % = 599.88.
    expect(yuan(result.months[9]!.cumulativeTaxableIncome)).toBe('19996.00');
    expect(yuan(result.totalTax)).toBe('599.88');
  });

  it('refuses a year before the 2019 reform', () => {
    expect(() => withholdOnWages([month(10000, 0, 0)], '2018-12-31')).toThrow(/暂未收录/);
  });
});

describe('annual one-off bonus taxed separately (全年一次性奖金)', () => {
  // 财税〔2018〕164号 第一条(一), 财政部 税务总局公告2023年第30号: 应纳税额 = 奖金 × 税率 − 速算扣除数,
  // the rate found from 奖金 ÷ 12 in 按月换算后的综合所得税率表.
  it('taxes 36,000 at 3 % and 36,000.01 at 10 % less 210 (the first cliff)', () => {
    expect(yuan(taxAnnualBonus(m(36000), '2026-12-31').tax)).toBe('1080.00');
    const over = taxAnnualBonus(m('36000.01'), '2026-12-31');
    expect(yuan(over.tax)).toBe('3390.00');
    expect(over.rate.toString()).toBe('0.1');
    expect(over.quickDeduction.toString()).toBe('210');
    expect(over.inCliff?.from.toString()).toBe('36000');
  });

  it('taxes every bracket edge with its own rate', () => {
    const cases: Array<[string, string, string]> = [
      ['144000', '14190.00', '0.1'],
      ['144001', '27390.20', '0.2'],
      ['300000', '58590.00', '0.2'],
      ['420000', '102340.00', '0.25'],
      ['660000', '193590.00', '0.3'],
      ['960000', '328840.00', '0.35'],
      ['960001', '416840.45', '0.45'],
    ];
    for (const [bonus, tax, rate] of cases) {
      const result = taxAnnualBonus(m(bonus), '2026-12-31');
      expect([bonus, yuan(result.tax), result.rate.toString()]).toEqual([bonus, tax, rate]);
    }
  });

  it('names the six cliffs where more bonus takes home less', () => {
    const cliffs = bonusCliffs(annualBonusTable[2]!.value).map((c) => [c.from.toFixed(2), c.to.toFixed(2)]);
    expect(cliffs).toEqual([
      ['36000.00', '38566.67'],
      ['144000.00', '160500.00'],
      ['300000.00', '318333.33'],
      ['420000.00', '447500.00'],
      ['660000.00', '706538.46'],
      ['960000.00', '1120000.00'],
    ]);
    // Inside a cliff take-home pay is below the edge's; at its upper end it has caught up.
    const edge = taxAnnualBonus(m(36000), '2026-12-31').afterTax;
    expect(taxAnnualBonus(m(38000), '2026-12-31').afterTax.lt(edge)).toBe(true);
    expect(taxAnnualBonus(m('38566.67'), '2026-12-31').afterTax.gte(edge)).toBe(true);
    expect(taxAnnualBonus(m('38566.68'), '2026-12-31').inCliff).toBeNull();
  });

  it('cites the document in force for the year: 2023年第30号 from 2024, 2021年第42号 before', () => {
    expect(taxAnnualBonus(m(1), '2026-12-31').basis.join()).toContain('财政部 税务总局公告2023年第30号');
    expect(taxAnnualBonus(m(1), '2023-12-31').basis.join()).toContain('财政部 税务总局公告2021年第42号');
    expect(() => taxAnnualBonus(m(1), '2028-01-01')).toThrow(/暂未收录/);
  });
});

describe('labour remuneration, author’s remuneration and royalties', () => {
  // 国家税务总局公告2018年第61号解读: 劳务报酬2000元 → 收入额 2000−800 = 1200, 预扣 1200×20% = 240.
  it('matches the STA example: 2,000 of labour remuneration withholds 240', () => {
    const r = withholdOnRemuneration('labour', m(2000), '2026-11-27');
    expect([yuan(r.taxableIncome), yuan(r.tax)]).toEqual(['1200.00', '240.00']);
  });

  // Same 解读: 稿酬40000元 → 收入额 (40000−40000×20%)×70% = 22400, 预扣 22400×20% = 4480.
  it('matches the STA example: 40,000 of author’s remuneration withholds 4,480', () => {
    const r = withholdOnRemuneration('author', m(40000), '2026-11-27');
    expect([yuan(r.taxableIncome), yuan(r.tax)]).toEqual(['22400.00', '4480.00']);
  });

  // 61号公告 预扣率表二: 40000 − 20% = 32000 → 32000×30% − 2000 = 7600 (the STA's 劳务报酬 example).
  it('applies the 30 % and 40 % labour rates above 20,000 and 50,000 of taxable income', () => {
    expect(yuan(withholdOnRemuneration('labour', m(40000), '2026-11-27').tax)).toBe('7600.00');
    expect(yuan(withholdOnRemuneration('labour', m(25000), '2026-11-27').tax)).toBe('4000.00');
    expect(yuan(withholdOnRemuneration('labour', m(25000.01), '2026-11-27').tax)).toBe('4000.00');
    expect(withholdOnRemuneration('labour', m('25000.01'), '2026-11-27').rate.toString()).toBe('0.3');
    expect(yuan(withholdOnRemuneration('labour', m(62500), '2026-11-27').tax)).toBe('13000.00');
    expect(yuan(withholdOnRemuneration('labour', m(100000), '2026-11-27').tax)).toBe('25000.00');
  });

  it('deducts 800 up to 4,000 and 20 % above, and nothing is due up to 800', () => {
    expect(yuan(withholdOnRemuneration('labour', m(800), '2026-11-27').tax)).toBe('0.00');
    expect(yuan(withholdOnRemuneration('labour', m(500), '2026-11-27').deduction)).toBe('500.00');
    expect(yuan(withholdOnRemuneration('labour', m(4000), '2026-11-27').taxableIncome)).toBe('3200.00');
    expect(yuan(withholdOnRemuneration('labour', m(4000.01), '2026-11-27').taxableIncome)).toBe('3200.01');
    expect(yuan(withholdOnRemuneration('royalty', m(10000), '2026-11-27').tax)).toBe('1600.00');
  });
});

describe('annual reconciliation of comprehensive income (综合所得年度汇算)', () => {
  const base = {
    year: 2025,
    wages: ZERO,
    labour: ZERO,
    author: ZERO,
    royalties: ZERO,
    socialInsurance: ZERO,
    specialAdditionalDeductions: ZERO,
    otherDeductions: ZERO,
    donations: ZERO,
    withheld: ZERO,
  };

  it('settles to zero when wages alone were withheld by the cumulative method all year', () => {
    const withheld = withholdOnWages(
      Array.from({ length: 12 }, () => month(30000, 4500, 2000)),
      '2025-12-31',
    );
    const r = reconcileAnnualIncome({
      ...base,
      wages: m(360000),
      socialInsurance: m(54000),
      specialAdditionalDeductions: m(24000),
      withheld: withheld.totalTax,
    });
    expect([yuan(r.annualTax), yuan(r.balance), r.outcome]).toEqual(['27480.00', '0.00', 'settled']);
  });

  it('adds labour remuneration at 80 % and asks for the difference', () => {
    // Wages 120,000 (withheld 1,800 on 60,000 taxable), labour 50,000 (withheld 8,000):
    // income 120,000 + 40,000 = 160,000; taxable 100,000 → 100,000×10% − 2,520 = 7,480; refund 2,320.
    const r = reconcileAnnualIncome({ ...base, wages: m(120000), labour: m(50000), withheld: m(9800) });
    expect([yuan(r.incomeAmount), yuan(r.taxableIncome), yuan(r.annualTax), yuan(r.balance), r.outcome]).toEqual([
      '160000.00',
      '100000.00',
      '7480.00',
      '-2320.00',
      'refund',
    ]);
  });

  it('says no reconciliation is needed when at most 400 is due (财政部 税务总局公告2023年第32号)', () => {
    const r = reconcileAnnualIncome({ ...base, wages: m(200000), withheld: m(13880) });
    // 140,000 taxable → 11,480; withheld 13,880 would be a refund. Now owe 400 exactly:
    expect(r.outcome).toBe('refund');
    const owe400 = reconcileAnnualIncome({ ...base, wages: m(200000), withheld: m(11080) });
    expect([yuan(owe400.balance), owe400.isExemptFromPayment]).toEqual(['400.00', true]);
    expect(owe400.basis.join()).toContain('2023年第32号');
    const owe401 = reconcileAnnualIncome({ ...base, wages: m(200000), withheld: m(11079) });
    expect(owe401.isExemptFromPayment).toBe(false);
    const lowIncome = reconcileAnnualIncome({ ...base, wages: m(120000), withheld: ZERO });
    // 60,000 taxable → 60,000×10% − 2,520 = 3,480 due, but a year's income of 120,000 needs no reconciliation.
    expect([yuan(lowIncome.balance), lowIncome.isExemptFromPayment]).toEqual(['3480.00', true]);
  });
});
