import { describe, expect, it } from 'vitest';
import { Money, ZERO } from './money';
import { computeGeneralVat, computeSmallScaleVat } from './vat';

const m = (v: string | number) => new Money(v);
const yuan = (d: { toFixed(n: number): string }) => d.toFixed(2);

describe('small-scale taxpayer VAT', () => {
  const base = { periodType: 'month' as const, date: '2026-11-27', specialInvoiceSales: ZERO, includesTax: false };

  // 财政部 税务总局公告2023年第19号 第一条: 月销售额10万元以下（含本数）的增值税小规模纳税人，免征增值税.
  it('exempts monthly sales up to and including 100,000', () => {
    const r = computeSmallScaleVat({ ...base, sales: m(100000) });
    expect([r.isWithinThreshold, yuan(r.tax), yuan(r.exemptSales)]).toEqual([true, '0.00', '100000.00']);
    expect(r.basis.join()).toContain('财政部 税务总局公告2023年第19号');
    expect(r.basis.join()).toContain('《中华人民共和国增值税法》第二十三条');
  });

  // 同公告 第二条: 适用3%征收率的应税销售收入，减按1%征收率征收; above the threshold all sales are taxed.
  it('taxes all of 100,000.01 at the 1 % reduced rate once over the threshold', () => {
    const r = computeSmallScaleVat({ ...base, sales: m('100000.01') });
    expect([r.isWithinThreshold, yuan(r.taxedSales), yuan(r.tax), r.rate.toString()]).toEqual([
      false,
      '100000.01',
      '1000.00',
      '0.01',
    ]);
    expect(yuan(r.relief)).toBe('2000.00');
  });

  // 国家税务总局公告2023年第1号 第一条: 按季纳税的，季度销售额未超过30万元; 开具增值税专用发票的销售额不享受免税.
  it('uses the quarterly threshold of 300,000 and taxes special-invoice sales even below it', () => {
    const quarter = { ...base, periodType: 'quarter' as const };
    expect(yuan(computeSmallScaleVat({ ...quarter, sales: m(300000) }).tax)).toBe('0.00');
    expect(yuan(computeSmallScaleVat({ ...quarter, sales: m(450000) }).tax)).toBe('4500.00');
    const mixed = computeSmallScaleVat({ ...base, sales: m(80000), specialInvoiceSales: m(20000) });
    expect([yuan(mixed.tax), yuan(mixed.exemptSales)]).toEqual(['200.00', '60000.00']);
  });

  it('converts tax-inclusive receipts at 1 + 1 %: 101,000 including tax is exactly 100,000', () => {
    const r = computeSmallScaleVat({ ...base, sales: m(101000), includesTax: true });
    expect([yuan(r.sales), r.isWithinThreshold]).toEqual(['100000.00', true]);
    const over = computeSmallScaleVat({ ...base, sales: m(202000), includesTax: true });
    expect([yuan(over.sales), yuan(over.tax)]).toEqual(['200000.00', '2000.00']);
  });

  it('cites the provisional regulations before 2026 and the VAT law from 2026, and refuses 2022', () => {
    expect(computeSmallScaleVat({ ...base, date: '2025-06-30', sales: m(1) }).basis.join()).toContain('增值税暂行条例');
    expect(computeSmallScaleVat({ ...base, date: '2026-01-01', sales: m(1) }).basis.join()).toContain(
      '《中华人民共和国增值税法》第十一条',
    );
    expect(() => computeSmallScaleVat({ ...base, date: '2022-12-31', sales: m(1) })).toThrow(/暂未收录/);
  });
});

describe('general taxpayer VAT', () => {
  // 《增值税法》第十条 rates; 应纳税额 = 销项税额 − 进项税额 (第十六条), the excess carried forward.
  it('takes input tax and the previous credit off the output tax of each rate', () => {
    const r = computeGeneralVat({
      date: '2026-11-27',
      lines: [
        { rate: '13', sales: m(100000) },
        { rate: '9', sales: m(50000) },
        { rate: '6', sales: m('33333.33') },
      ],
      inputTax: m(10000),
      inputTaxTransferredOut: m(500),
      previousCredit: m(2000),
    });
    expect(r.lines.map((l) => yuan(l.outputTax))).toEqual(['13000.00', '4500.00', '2000.00']);
    expect([yuan(r.outputTax), yuan(r.tax), yuan(r.creditCarriedForward)]).toEqual(['19500.00', '8000.00', '0.00']);
    expect(r.basis.join()).toContain('《中华人民共和国增值税法》第十条');
  });

  it('carries an excess of input tax forward instead of a negative tax', () => {
    const r = computeGeneralVat({
      date: '2025-11-27',
      lines: [{ rate: '13', sales: m(10000) }],
      inputTax: m(2000),
      inputTaxTransferredOut: ZERO,
      previousCredit: ZERO,
    });
    expect([yuan(r.tax), yuan(r.creditCarriedForward)]).toEqual(['0.00', '700.00']);
    expect(r.basis.join()).toContain('2019年第39号');
  });
});
