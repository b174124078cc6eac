import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../../test/harness';

const dialects = await testDialects();

describe.each(dialects)('calculator API on %s', (dialect) => {
  let t: TestApp;
  let agent: Session;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    agent = await t.login('agent1');
  });
  afterAll(async () => {
    await t.close();
  });

  const { get, post } = sessionRequests(() => t);

  // 国家税务总局公告2018年第61号解读 举例2 (see iit.test.ts): 555, 625, 1,850.
  it('answers the wages calculator in the contract shape with the STA worked example', async () => {
    const month = { income: 30000, socialInsurance: 4500, specialAdditionalDeductions: 2000 };
    const res = await post(agent, '/api/tools/iit/wages', { months: [month, month, { ...month, otherDeductions: 0 }] });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.months).toHaveLength(3);
    expect(body.months.map((m: { tax: number }) => m.tax)).toEqual([555, 625, 1850]);
    expect(body.months[2]).toMatchObject({ cumulativeTaxableIncome: 55500, cumulativeTax: 3030, tax: 1850 });
    expect(body.basis.join()).toContain('国家税务总局公告2018年第61号');
  });

  it('answers the annual bonus and labour calculators in the contract shape', async () => {
    const bonus = await post(agent, '/api/tools/iit/annual-bonus', { bonus: 36001 });
    expect(bonus.statusCode).toBe(200);
    expect(bonus.json()).toMatchObject({ tax: 3390.1, rate: 0.1, quickDeduction: 210 });
    expect(bonus.json().inCliff).toMatchObject({ from: 36000, to: 38566.67 });
    const labour = await post(agent, '/api/tools/iit/labour', { income: 2000 });
    expect(labour.json()).toMatchObject({ taxableIncome: 1200, tax: 240 });
    const author = await post(agent, '/api/tools/iit/author-remuneration', { income: '40000' });
    expect(author.json()).toMatchObject({ taxableIncome: 22400, tax: 4480 });
  });

  it('answers the reconciliation, VAT, stamp duty, 六税两费 and surcharge calculators', async () => {
    const reconciliation = await post(agent, '/api/tools/iit/annual-reconciliation', {
      year: 2025,
      wages: 120000,
      labour: 50000,
      withheld: 9800,
    });
    expect(reconciliation.json()).toMatchObject({ annualTax: 7480, balance: -2320, outcome: 'refund' });
    const small = await post(agent, '/api/tools/vat/small-scale', { periodType: 'quarter', sales: 450000 });
    expect(small.json()).toMatchObject({ tax: 4500, rate: 0.01, isWithinThreshold: false });
    const general = await post(agent, '/api/tools/vat/general', {
      lines: [{ rate: '13', sales: 100000 }],
      inputTax: 5000,
    });
    expect(general.json()).toMatchObject({ outputTax: 13000, tax: 8000 });
    const stamp = await post(agent, '/api/tools/stamp-duty', {
      category: 'small_scale',
      lines: [{ item: 'sales_contract', amount: 1000000 }],
    });
    expect(stamp.json()).toMatchObject({ tax: 300, reduction: 150, payable: 150, isHalvingEligible: true });
    const halving = await post(agent, '/api/tools/six-taxes-two-fees', {
      category: 'small_low_profit',
      lines: [{ kind: 'property_tax', amount: 1000 }],
    });
    expect(halving.json()).toMatchObject({ payable: 500 });
    const surcharges = await post(agent, '/api/tools/surcharges', {
      location: 'city',
      vatPaid: 10000,
      periodSales: 1000000,
    });
    expect(surcharges.json()).toMatchObject({ tax: 1200, payable: 1200 });
  });

  it('rejects bad amounts with the field named, never a 500', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['/api/tools/iit/wages', { months: [] }, 'months'],
      [
        '/api/tools/iit/wages',
        { months: [{ income: -1, socialInsurance: 0, specialAdditionalDeductions: 0 }] },
        'months.0.income',
      ],
      ['/api/tools/iit/wages', { months: [{ income: 1, socialInsurance: 0 }] }, 'months.0.specialAdditionalDeductions'],
      [
        '/api/tools/iit/wages',
        { months: [{ income: 1, socialInsurance: 0, specialAdditionalDeductions: 0, bonus: 1 }] },
        'months.0.bonus',
      ],
      ['/api/tools/iit/annual-bonus', { bonus: '1.001' }, 'bonus'],
      ['/api/tools/iit/annual-bonus', { bonus: 'abc' }, 'bonus'],
      ['/api/tools/iit/annual-bonus', { bonus: 1e-7 }, 'bonus'],
      ['/api/tools/iit/annual-bonus', { bonus: 1, year: 2030 }, 'year'],
      ['/api/tools/iit/labour', { income: 1e15 }, 'income'],
      ['/api/tools/iit/labour', { income: 100, date: '2026-02-30' }, 'date'],
      [
        '/api/tools/vat/small-scale',
        { periodType: 'month', sales: 10, specialInvoiceSales: 20 },
        'specialInvoiceSales',
      ],
      ['/api/tools/vat/small-scale', { periodType: 'year', sales: 10 }, 'periodType'],
      ['/api/tools/stamp-duty', { lines: [{ item: 'poetry', amount: 1 }] }, 'lines.0.item'],
    ];
    for (const [url, payload, field] of cases) {
      const res = await post(agent, url, payload);
      expect(res.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(400);
      expect(res.json().error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('lists the policy catalogue with documents and what is in force today', async () => {
    const res = await get(agent, '/api/tools/policies');
    expect(res.statusCode).toBe(200);
    const relief = res.json().find((p: { key: string }) => p.key === 'vat.small_scale_relief');
    const inForce = relief.rows.filter((r: { isInForce: boolean }) => r.isInForce);
    expect(inForce).toHaveLength(1);
    expect(inForce[0].documents.join()).toContain('《中华人民共和国增值税法》');
    expect(inForce[0].note).toContain('2027年12月31日');
  });

  it('requires a signed-in user with the tools permission and the CSRF token', async () => {
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/tools/iit/labour', payload: { income: 1 } });
    expect(anonymous.statusCode).toBe(401);
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/tools/iit/labour',
      headers: agent.headers,
      payload: { income: 1 },
    });
    expect(noCsrf.statusCode).toBe(403);
  });
});
