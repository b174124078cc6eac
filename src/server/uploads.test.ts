import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseClient } from './modules/cases/test-support';
import { multipart, xlsxOf } from './modules/lookups/upload.test-support';
import { sharedStringsBomb } from './platform/uploads/zip.test-support';
import { createTestApp, type Session, type TestApp, testDialects } from './test/harness';

const dialects = await testDialects();

/** A multipart body written out by hand: `parts` between the boundaries, the closing one unless told. */
function rawMultipart(parts: string[], options: { close?: boolean; boundary?: string } = {}) {
  const boundary = options.boundary ?? 'taxlineBoundary';
  const body =
    parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('') + (options.close === false ? '' : `--${boundary}--\r\n`);
  return { payload: Buffer.from(body), contentType: `multipart/form-data; boundary=${boundary}` };
}

const filePart = (name: string, fileName: string, content: string) =>
  `Content-Disposition: form-data; name="${name}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n${content}`;

/** A 1×1 PNG and a minimal PDF. */
const png = Buffer.from(
  '89504E470D0A1A0A0000000D49484452000000010000000108060000001F15C4890000000D4944415478DA63F8FFFF3F0005FE02FEA7A6A0A90000000049454E44AE426082',
  'hex',
);
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe.each(dialects)('every upload route on %s', (dialect) => {
  let t: TestApp;
  let lead: Session;
  let agent: Session;
  let routes: Array<{ url: string; session: () => Session }>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    lead = await t.login('lead1');
    agent = await t.login('agent1');
    const caseId = await caseClient(t).register(agent);
    const article = await t.app.inject({
      method: 'POST',
      url: '/api/kb/manage/articles',
      headers: lead.writeHeaders,
      payload: {
        library: 'faq',
        title: '附件上传测试',
        question: '附件怎么上传？',
        body: '<p>附件上传测试正文。</p>',
        keywords: [],
        taxKinds: ['vat'],
        taxpayerTypes: [],
        validity: 'in_force',
        isPublic: true,
      },
    });
    expect(article.statusCode, article.body).toBe(200);
    routes = [
      { url: '/api/lookups/imports/invoices', session: () => lead },
      { url: '/api/reminders/lists', session: () => lead },
      { url: '/api/kb/import/xlsx', session: () => lead },
      { url: `/api/kb/manage/articles/${article.json().id}/attachments`, session: () => lead },
      { url: `/api/cases/${caseId}/attachments`, session: () => agent },
    ];
  });
  afterAll(async () => {
    await t?.close();
  });

  const send = (route: { url: string; session: () => Session }, body: { payload: Buffer; contentType: string }) =>
    t.app.inject({
      method: 'POST',
      url: route.url,
      headers: { ...route.session().writeHeaders, 'content-type': body.contentType },
      payload: body.payload,
    });

  it('answers a malformed multipart body with a 400 on every route, never a 500', async () => {
    const malformed = {
      truncated: rawMultipart([filePart('file', 'a.csv', 'a,b\r\n1,2')], { close: false }),
      noBoundary: { payload: Buffer.from('whatever'), contentType: 'multipart/form-data' },
      noBoundaryInBody: { payload: Buffer.from('just some text'), contentType: 'multipart/form-data; boundary=b' },
      cutInHeader: {
        payload: Buffer.from('--b\r\nContent-Disposition: form-da'),
        contentType: 'multipart/form-data; boundary=b',
      },
    };
    for (const route of routes) {
      for (const [name, body] of Object.entries(malformed)) {
        const res = await send(route, body);
        expect({ route: route.url, name, status: res.statusCode, code: res.json().error?.code }).toEqual({
          route: route.url,
          name,
          status: 400,
          code: 'MALFORMED_MULTIPART',
        });
      }
    }
  });

  it('names what is wrong when the file is missing, misnamed, doubled or empty, on every route', async () => {
    const cases = [
      { body: rawMultipart([]), status: 400, code: 'FILE_REQUIRED' },
      { body: rawMultipart([filePart('upload', 'a.csv', 'a,b')]), status: 400, code: 'UNEXPECTED_FIELD' },
      {
        body: rawMultipart([filePart('file', 'a.csv', 'a,b'), filePart('file', 'b.csv', 'c,d')]),
        status: 400,
        code: 'TOO_MANY_FILES',
      },
      { body: rawMultipart([filePart('file', 'a.csv', '')]), status: 400, code: 'FILE_EMPTY' },
      {
        body: rawMultipart([
          'Content-Disposition: form-data; name="surprise"\r\n\r\nx',
          filePart('file', 'a.csv', 'a'),
        ]),
        status: 400,
        code: 'UNEXPECTED_FIELD',
      },
    ];
    for (const route of routes) {
      for (const { body, status, code } of cases) {
        const res = await send(route, body);
        expect({ route: route.url, status: res.statusCode, code: res.json().error?.code }).toEqual({
          route: route.url,
          status,
          code,
        });
        expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('refuses a file whose content is not the type its name claims', async () => {
    const [lookups, , kbImport, kbAttachment, evidence] = routes as [
      (typeof routes)[number],
      (typeof routes)[number],
      (typeof routes)[number],
      (typeof routes)[number],
      (typeof routes)[number],
    ];
    const workbook = await xlsxOf([['发票代码', '发票号码']]);
    const asCsv = await send(lookups, asBody(multipart({}, { name: 'invoices.csv', content: workbook })));
    expect(asCsv.statusCode).toBe(415);
    expect(asCsv.json().error.code).toBe('FILE_TYPE_MISMATCH');
    const pdfAsPng = await send(
      evidence,
      asBody(multipart({}, { name: '现场照片.png', content: pdf, type: 'image/png' })),
    );
    expect(pdfAsPng.statusCode).toBe(415);
    expect(pdfAsPng.json().error.code).toBe('FILE_TYPE_MISMATCH');
    const pngAsPdf = await send(kbAttachment, asBody(multipart({}, { name: '政策原文.pdf', content: png })));
    expect(pngAsPdf.statusCode).toBe(415);
    const csvAsXlsx = await send(kbImport, asBody(multipart({}, { name: '知识.xlsx', content: 'id,title\r\n' })));
    expect(csvAsXlsx.statusCode).toBe(400);
    expect(csvAsXlsx.json().error.code).toBe('INVALID_XLSX');
    // The Content-Type the client sends decides nothing: a real PNG sent as text/csv is still a PNG.
    const png2 = await send(evidence, asBody(multipart({}, { name: 'photo.png', content: png, type: 'text/csv' })));
    expect(png2.statusCode, png2.body).toBe(200);
    expect(png2.json().contentType).toBe('image/png');
  });

  it('refuses an .xlsx whose shared strings expand to 1 GB with a 400, in bounded memory, even when it lies about it', async () => {
    const [lookups, reminders] = routes as [(typeof routes)[number], (typeof routes)[number]];
    const before = process.memoryUsage().rss;
    const honest = await sharedStringsBomb(1024);
    expect(honest.length).toBeLessThan(2 * 1024 * 1024);
    const res = await send(lookups, asBody(multipart({}, { name: 'invoices.xlsx', content: honest })));
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('XLSX_TOO_LARGE');
    // The central directory says 5,000 bytes; the entry is stopped as soon as it inflates past that.
    const lying = await sharedStringsBomb(1024, 5000);
    const lied = await send(
      reminders,
      asBody(multipart({ name: '炸弹', segment: 'unfiled' }, { name: 'list.xlsx', content: lying })),
    );
    expect(lied.statusCode, lied.body).toBe(400);
    expect(lied.json().error.code).toBe('XLSX_TOO_LARGE');
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });
});

function asBody(body: { payload: Buffer; headers: Record<string, string> }) {
  return { payload: body.payload, contentType: body.headers['content-type'] as string };
}
