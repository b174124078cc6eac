import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp, testDialects } from '../../test/harness';

const dialects = await testDialects();

const line = (value: object) => JSON.stringify(value);
const law = (id: string, articleNo: string, body: string, extra: object = {}) => ({
  id,
  library: 'policy',
  title: `《中华人民共和国示范税法》${articleNo}`,
  documentTitle: '中华人民共和国示范税法',
  articleNo,
  chapter: '第二章 税率',
  body,
  issuer: '全国人民代表大会常务委员会',
  issuedAt: '2024-06-01',
  validity: 'in_force',
  ...extra,
});

describe.each(dialects)('knowledge-base import and export on %s', (dialect) => {
  let t: TestApp;
  let lead: Session;
  let agent: Session;
  let admin: Session;

  const importNdjson = (s: Session, text: string, contentType = 'application/x-ndjson') =>
    t.app.inject({
      method: 'POST',
      url: '/api/kb/import',
      headers: { ...s.writeHeaders, 'content-type': contentType },
      payload: text,
    });
  const search = async (q: string) =>
    (
      await t.app.inject({ method: 'GET', url: `/api/kb/search?q=${encodeURIComponent(q)}`, headers: agent.headers })
    ).json();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    [lead, agent, admin] = await Promise.all([t.login('lead1'), t.login('agent1'), t.login('admin')]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps the good lines and reports each bad line with its number and reason', async () => {
    const text = [
      line(law('demo-1', '第一条', '示范税的税率为百分之五。')),
      'this is not json',
      line({ id: 'demo-2', library: 'policy', title: '', body: '正文' }),
      '',
      line({ id: 'demo-3', library: 'unknown', title: '标题', body: '正文' }),
      line(law('demo-1', '第一条', '重复的 id。')),
      line({ ...law('demo-4', '第二条', '依照本法第一条的规定计算。'), issuedAt: '2024-02-30' }),
      line(law('demo-5', '第三条', '纳税人应当依照本法第一条缴纳示范税，按季申报。', { related: ['demo-1'] })),
    ].join('\n');
    const res = await importNdjson(lead, text);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      created: 2,
      updated: 0,
      failed: [
        { line: 2, error: '不是合法的 JSON' },
        { line: 3, error: expect.stringContaining('title') },
        { line: 5, error: expect.stringContaining('库种不存在') },
        { line: 6, error: expect.stringContaining('与第 1 行重复') },
        { line: 7, error: expect.stringContaining('issuedAt') },
      ],
    });
    const found = await search('示范税 税率');
    expect(found.hits[0]).toMatchObject({ externalId: 'demo-1', library: 'policy', validity: 'in_force' });
    // 本法第一条 in demo-5 is a citation of demo-1, and demo-5 names demo-1 as related.
    const citing = found.hits[0].id as number;
    const read = (
      await t.app.inject({ method: 'GET', url: `/api/kb/articles/${citing}`, headers: agent.headers })
    ).json();
    expect(read.citedBy.items.map((i: { title: string }) => i.title)).toEqual(['《中华人民共和国示范税法》第三条']);
    expect(read.related.map((i: { title: string }) => i.title)).toEqual(['《中华人民共和国示范税法》第三条']);
    expect(read.category.path).toEqual(['其他税收法规', '税率']);
  });

  it('is idempotent by id: importing again updates instead of duplicating, with a new version only when changed', async () => {
    const first = await importNdjson(lead, line(law('demo-10', '第十条', '示范税按月计算。')));
    expect(first.json()).toEqual({ created: 1, updated: 0, failed: [] });
    const again = await importNdjson(lead, line(law('demo-10', '第十条', '示范税按月计算。')));
    expect(again.json()).toEqual({ created: 0, updated: 1, failed: [] });
    const changed = await importNdjson(lead, line(law('demo-10', '第十条', '示范税按季计算，按次申报。')));
    expect(changed.json()).toEqual({ created: 0, updated: 1, failed: [] });
    const rows = await t.database.db
      .selectFrom('kb_articles')
      .select(['id', 'published_version'])
      .where('external_id', '=', 'demo-10')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.published_version).toBe(2);
    const hits = (await search('示范税 按季计算')).hits;
    expect(hits[0].externalId).toBe('demo-10');
    expect(hits[0].snippet).toContain('<mark>按季</mark>');
  });

  it('refuses other content types and callers without the publish permission', async () => {
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/kb/import',
      headers: lead.writeHeaders,
      payload: { id: 'x' },
    });
    expect(json.statusCode).toBe(415);
    expect(json.json().error.code).toBe('NDJSON_REQUIRED');
    expect((await importNdjson(agent, line(law('demo-20', '第二十条', '正文')))).statusCode).toBe(403);
    const audit = (
      await t.app.inject({ method: 'GET', url: '/api/admin/audit?action=kb.import', headers: admin.headers })
    ).json();
    expect(audit.items[0].after).toMatchObject({ created: expect.any(Number), failed: expect.any(Number) });
  });

  it('imports an .xlsx sheet and exports what it imported in the same shape', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('知识');
    sheet.addRow(['id', 'library', 'title', 'question', 'body', 'category', 'keywords', 'taxKinds', 'public']);
    sheet.addRow([
      'xlsx-1',
      'faq',
      '个体工商户如何办理定期定额',
      '个体户怎么核定定额？',
      '个体工商户可以向主管税务机关申请定期定额征收。',
      '个人所得税/定期定额',
      '定额、个体户',
      'individual_income',
      '是',
    ]);
    sheet.addRow(['xlsx-2', 'faq', '', '', '缺标题', '', '', '', '']);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const boundary = 'kbXlsx';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="知识.xlsx"\r\n\r\n`),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/kb/import/xlsx',
      headers: { ...lead.writeHeaders, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(res.json()).toEqual({
      created: 1,
      updated: 0,
      failed: [{ line: 3, error: expect.stringContaining('title') }],
    });
    expect((await search('个体户 定额')).hits[0].externalId).toBe('xlsx-1');

    const exported = await t.app.inject({
      method: 'GET',
      url: '/api/kb/export?format=jsonl&library=faq',
      headers: lead.headers,
    });
    expect(exported.headers['content-type']).toContain('application/x-ndjson');
    const lines = exported.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({
        id: 'xlsx-1',
        library: 'faq',
        question: '个体户怎么核定定额？',
        category: '个人所得税/定期定额',
        keywords: ['定额', '个体户'],
        taxKinds: ['individual_income'],
        public: true,
      }),
    ]);
    // The export imports back unchanged.
    expect((await importNdjson(lead, exported.body)).json()).toEqual({ created: 0, updated: 1, failed: [] });
    const xlsx = await t.app.inject({ method: 'GET', url: '/api/kb/export?format=xlsx', headers: lead.headers });
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    // The filters and the export time head the sheet; the header row of JSONL keys follows.
    expect(back.worksheets[0]!.getRow(1).getCell(1).value).toBe('筛选条件');
    expect(back.worksheets[0]!.getRow(4).getCell(1).value).toBe('id');
    expect(back.worksheets[0]!.rowCount).toBeGreaterThan(4);
    // An .xlsx export, its filter rows above the header, imports back unchanged too.
    const faq = await t.app.inject({
      method: 'GET',
      url: '/api/kb/export?format=xlsx&library=faq',
      headers: lead.headers,
    });
    const faqBook = new ExcelJS.Workbook();
    await faqBook.xlsx.load(faq.rawPayload as unknown as ArrayBuffer);
    expect(faqBook.worksheets[0]!.getRow(1).getCell(2).value).toBe('知识库：faq');
    const reimported = await t.app.inject({
      method: 'POST',
      url: '/api/kb/import/xlsx',
      headers: { ...lead.writeHeaders, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="导出.xlsx"\r\n\r\n`),
        faq.rawPayload,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(reimported.json()).toMatchObject({ created: 0, failed: [] });
  });
});

describe('the analysis of a large import', () => {
  it('gives texts analysed on the worker threads exactly the postings of the main thread', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { demoContentDir } = await import('./kb-demo');
    const { AnalysisPool } = await import('./kb-analysis-pool');
    const { Segmenter } = await import('./analysis/segmenter');
    const { analyseFields, fieldTextsOf } = await import('./kb-search-docs');
    const userWords = ['个税', '个人所得税', '专票', '增值税专用发票'];
    const segmenter = new Segmenter(userWords);
    const texts = fs
      .readFileSync(path.join(demoContentDir, 'notice-tax-case-bulletins.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .slice(0, 600)
      .map((l) => JSON.parse(l) as { title: string; body: string })
      .map((a) =>
        fieldTextsOf(
          { title: a.title, question: null, keywords: [], documentNumber: null, issuer: null },
          ['税案通报'],
          a.body,
        ),
      );
    const pool = AnalysisPool.for(segmenter.dictionaryKey, userWords);
    expect(pool).not.toBeNull();
    const onWorkers = await pool!.analyse(texts);
    pool!.close();
    expect(onWorkers).toHaveLength(texts.length);
    for (let i = 0; i < texts.length; i += 7) expect(onWorkers[i]).toEqual(await analyseFields(segmenter, texts[i]!));
  });
});
