import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../../test/harness';
import { multipart, xlsxOf } from './upload.test-support';

const dialects = await testDialects();

const seller = '91330100MA2AAAAA0B';
const buyer = '91330100MA2BBBBB0K';
const shop = '92330100MA2CCCCC0Q';

const invoiceCsv = [
  '发票代码,发票号码,开票日期,销售方纳税人识别号,销售方名称,购买方纳税人识别号,购买方名称,金额,税额,校验码,发票状态',
  `3300231130,00000001,2026-11-02,${seller},示范科技有限公司,${buyer},东城贸易有限公司,"10,000.00",1300.00,,正常`,
  `033002600111,12345678,2026/11/03,${seller},示范科技有限公司,,张三,100.00,1.00,12345678901234567890,正常`,
  `,26332000000000000001,20261104,${seller},示范科技有限公司,${buyer},东城贸易有限公司,200.00,26.00,,作废`,
  `3300231130,0000000X,2026-11-02,${seller},示范科技有限公司,${buyer},东城贸易有限公司,1,0.13,,正常`,
  `3300231130,00000002,2026-13-02,${seller},示范科技有限公司,${buyer},东城贸易有限公司,1,0.13,,正常`,
  `3300231130,00000003,2026-11-02,91330100MA2AAAAA0C,示范科技有限公司,${buyer},东城贸易有限公司,1,0.13,,正常`,
  `3300231130,00000004,2026-11-02,${seller},示范科技有限公司,${buyer},东城贸易有限公司,1.234,0.13,,正常`,
  `3300231130,00000005,2026-11-02,${seller},示范科技有限公司,${buyer},东城贸易有限公司,1,0.13,,遗失`,
].join('\r\n');

describe.each(dialects)('lookups on %s', (dialect) => {
  let t: TestApp;
  let agent: Session;
  let lead: Session;

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-11-27T02:00:00Z' });
    agent = await t.login('agent1');
    lead = await t.login('lead1');
  });
  afterAll(async () => {
    await t.close();
  });

  const { get, post } = sessionRequests(() => t);
  const upload = (s: Session, registry: string, file: { name: string; content: Buffer | string }) => {
    const body = multipart({}, file);
    return t.app.inject({
      method: 'POST',
      url: `/api/lookups/imports/${registry}`,
      headers: { ...s.writeHeaders, ...body.headers },
      payload: body.payload,
    });
  };

  it('imports the invoice registry, reporting each bad row by line and keeping the good ones', async () => {
    const res = await upload(lead, 'invoices', { name: 'invoices.csv', content: invoiceCsv });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ registry: 'invoices', totalRows: 8, loaded: 3, failed: 5 });
    expect(body.errors.map((e: { line: number }) => e.line)).toEqual([5, 6, 7, 8, 9]);
    expect(body.errors[0].error).toContain('发票号码');
    expect(body.errors[1].error).toContain('开票日期');
    expect(body.errors[2].error).toContain('校验位');
    expect(body.errors[3].error).toContain('金额');
    expect(body.errors[4].error).toContain('发票状态');
    const batch = (await get(lead, `/api/lookups/imports/${body.batchId}`)).json();
    expect(batch).toMatchObject({ loadedRows: 3, failedRows: 5, fileName: 'invoices.csv' });
    expect(batch.errors).toHaveLength(5);
  });

  it('verifies an invoice against the registry and says the answer is local, not the national platform', async () => {
    const res = await post(agent, '/api/lookups/invoices/verify', {
      code: '3300231130',
      number: '00000001',
      issueDate: '2026-11-02',
      amount: '10000',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      result: 'consistent',
      format: { region: '浙江省', year: 2023, invoiceType: '增值税专用发票' },
      source: { isNationalPlatform: false, name: '本地发票登记库' },
      invoice: { sellerName: '示范科技有限公司', amountFen: 1000000, taxFen: 130000, status: 'normal' },
    });
    const wrongAmount = await post(agent, '/api/lookups/invoices/verify', {
      code: '3300231130',
      number: '00000001',
      issueDate: '2026-11-02',
      amount: '9999',
    });
    expect(wrongAmount.json()).toMatchObject({ result: 'inconsistent', mismatches: ['amount'], invoice: null });
    const byCheckCode = await post(agent, '/api/lookups/invoices/verify', {
      code: '033002600111',
      number: '12345678',
      issueDate: '2026-11-03',
      checkCodeLast6: '567890',
    });
    expect(byCheckCode.json().result).toBe('consistent');
    const digital = await post(agent, '/api/lookups/invoices/verify', {
      number: '26332000000000000001',
      issueDate: '2026-11-04',
      amount: '226.00',
    });
    expect(digital.json()).toMatchObject({ result: 'consistent', invoice: { status: 'void' } });
    const missing = await post(agent, '/api/lookups/invoices/verify', {
      code: '3300231130',
      number: '09999999',
      issueDate: '2026-11-02',
      amount: '1',
    });
    expect(missing.json().result).toBe('not_found');
  });

  it('refuses a malformed invoice code or a verification without amount or check code', async () => {
    const bad = await post(agent, '/api/lookups/invoices/verify', {
      code: '9900231130',
      number: '00000001',
      issueDate: '2026-11-02',
      amount: '1',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: 'INVOICE_REGION_UNKNOWN',
      details: { fields: [{ field: 'code' }] },
    });
    const noElement = await post(agent, '/api/lookups/invoices/verify', {
      code: '3300231130',
      number: '00000001',
      issueDate: '2026-11-02',
    });
    expect(noElement.json().error.details.fields[0].field).toBe('amount');
  });

  it('imports taxpayers from .xlsx and finds them by id or name with the 定期定额 amounts and tax office', async () => {
    const xlsx = await xlsxOf([
      [
        '纳税人识别号',
        '纳税人名称',
        '登记状态',
        '纳税人类型',
        '纳税信用级别',
        '评价年度',
        '主管税务机关代码',
        '定额月销售额',
        '定额月应纳税额',
        '定额起始月份',
        '定额终止月份',
      ],
      [seller, '示范科技有限公司', '正常', '一般纳税人', 'A', 2025, 'SF-DC-ZS', '', '', '', ''],
      [shop, '东城区小王便利店', '正常', '个体工商户', '', '', 'SF-DC-ZS', 30000, '300.00', '2026-01', '2026-12'],
      [buyer, '东城贸易有限公司', '吊销', '一般纳税人', '', '', '', '', '', '', ''],
      ['91330100MA2DDDDD04', '未知机关公司', '正常', '小规模纳税人', '', '', 'XX-99', '', '', '', ''],
    ]);
    const res = await upload(lead, 'taxpayers', { name: 'taxpayers.xlsx', content: xlsx });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ totalRows: 4, loaded: 2, failed: 2 });
    expect(res.json().errors).toEqual([
      { line: 4, error: expect.stringContaining('登记状态') },
      { line: 5, error: expect.stringContaining('XX-99') },
    ]);
    const byId = (await get(agent, `/api/lookups/taxpayers?q=${shop}`)).json();
    expect(byId).toHaveLength(1);
    expect(byId[0]).toMatchObject({
      name: '东城区小王便利店',
      taxpayerType: 'individual_business',
      orgUnitName: expect.stringContaining('中山'),
      quota: { monthlySalesFen: 3000000, monthlyTaxFen: 30000, from: '2026-01', to: '2026-12' },
    });
    const byName = (await get(agent, `/api/lookups/taxpayers?q=${encodeURIComponent('科技')}`)).json();
    expect(byName.map((r: { creditRating: string }) => r.creditRating)).toEqual(['A']);
    const wildcard = (await get(agent, `/api/lookups/taxpayers?q=${encodeURIComponent('%%')}`)).json();
    expect(wildcard).toEqual([]);
  });

  it('imports progress records and shows them newest first; a re-import updates the same item', async () => {
    const csv = [
      '纳税人识别号,业务类别,事项,所属期,办理状态,办理日期,备注',
      `${shop},登记,设立登记,2026,已办结,2026-01-05,`,
      `${shop},申报,增值税申报,2026-10,已申报,2026-11-10,`,
      `${shop},缴款,增值税缴款,2026-10,未缴款,2026-11-10,`,
      `${shop},缴款,增值税缴款,2026-10,已缴款,2026-11-12,银行端缴款`,
      `${shop},咨询,增值税缴款,2026-10,已缴款,2026-11-12,`,
    ].join('\n');
    const res = await upload(lead, 'progress', { name: 'progress.csv', content: csv });
    expect(res.json()).toMatchObject({ loaded: 4, failed: 1, errors: [{ line: 6 }] });
    const progress = (await get(agent, `/api/lookups/progress?taxpayerId=${shop}`)).json();
    expect(progress.taxpayerName).toBe('东城区小王便利店');
    expect(progress.records.map((r: { item: string; status: string }) => `${r.item}:${r.status}`)).toEqual([
      '增值税缴款:已缴款',
      '增值税申报:已申报',
      '设立登记:已办结',
    ]);
    const badId = await get(agent, '/api/lookups/progress?taxpayerId=123');
    expect(badId.statusCode).toBe(400);
  });

  it('reads a GB18030 CSV as Excel saves it on Chinese Windows', async () => {
    const csv = `纳税人识别号,业务类别,事项,所属期,办理状态,办理日期\r\n${buyer},申报,企业所得税申报,2026Q3,已申报,2026-10-20\r\n`;
    const encoded = encodeGb18030(csv);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(encoded)).toThrow();
    const res = await upload(lead, 'progress', { name: 'gbk.csv', content: encoded });
    expect(res.json()).toMatchObject({ loaded: 1, failed: 0 });
    const progress = (await get(agent, `/api/lookups/progress?taxpayerId=${buyer}`)).json();
    expect(progress.records[0].item).toBe('企业所得税申报');
  });

  it('commits a big import in batches and answers other requests between them', async () => {
    const header = '纳税人识别号,业务类别,事项,所属期,办理状态,办理日期';
    const rows = Array.from({ length: 6000 }, (_, i) => `${buyer},申报,批量导入事项${i},2026Q3,已申报,2026-10-20`);
    let isFinished = false;
    const importing = upload(lead, 'progress', { name: 'big.csv', content: [header, ...rows].join('\r\n') }).then(
      (res) => {
        isFinished = true;
        return res;
      },
    );
    // Poll the import list while the import runs: each answer notes whether the import had finished.
    // app.inject never leaves the microtask queue, so each poll first lets the event loop turn, as
    // requests arriving on sockets would.
    const seen: Array<{ loadedRows: number; isFinished: boolean }> = [];
    while (!isFinished) {
      await new Promise((resolve) => setImmediate(resolve));
      const batches = (await get(lead, '/api/lookups/imports')).json() as Array<{
        fileName: string;
        loadedRows: number;
      }>;
      seen.push({ loadedRows: batches.find((b) => b.fileName === 'big.csv')?.loadedRows ?? 0, isFinished });
    }
    const res = await importing;
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ totalRows: 6000, loaded: 6000, failed: 0 });
    // Another request was answered in the middle of the import, and saw part of it committed.
    expect(seen.some((s) => !s.isFinished && s.loadedRows > 0 && s.loadedRows < 6000)).toBe(true);
    const batch = (await get(lead, `/api/lookups/imports/${res.json().batchId}`)).json();
    expect(batch).toMatchObject({ totalRows: 6000, loadedRows: 6000, failedRows: 0 });
  });

  it('refuses files that are not CSV or .xlsx by their content, whatever their name', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const res = await upload(lead, 'invoices', { name: 'invoices.csv', content: png });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_FILE_TYPE');
    const noHeader = await upload(lead, 'invoices', { name: 'x.csv', content: 'a,b,c\r\n1,2,3\r\n' });
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json().error.code).toBe('MISSING_COLUMNS');
    const notMultipart = await post(lead, '/api/lookups/imports/invoices', { file: 'x' });
    expect(notMultipart.statusCode).toBe(415);
  });

  it('lets only managers import, and everyone with the tools permission look things up', async () => {
    const res = await upload(agent, 'invoices', { name: 'invoices.csv', content: invoiceCsv });
    expect(res.statusCode).toBe(403);
    const offices = (await get(agent, `/api/lookups/tax-offices?q=${encodeURIComponent('滨江')}`)).json();
    expect(offices).toHaveLength(1);
    expect(offices[0]).toMatchObject({
      address: expect.stringContaining('江南大道'),
      phone: '0571-87005678',
      levelName: '区县局',
    });
    const all = (await get(agent, '/api/lookups/tax-offices')).json();
    expect(all.length).toBeGreaterThanOrEqual(7);
    const overview = (await get(agent, '/api/lookups/registries')).json();
    expect(overview.counts).toMatchObject({ invoices: 3, taxpayers: 2 });
  });
});

/** GB18030 bytes of a string, through the WHATWG decoder run backwards over the BMP (tests only). */
function encodeGb18030(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else bytes.push(...(table.get(ch) ?? [0x3f]));
  }
  return Buffer.from(bytes);
}
