import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { Db } from '../../db/connection';
import { invalidField } from '../../platform/errors';
import { loadExcelJs, streamXlsx, withoutFormulaGuard } from '../../platform/xlsx';
import type { ArticleContent } from './article';
import type { ImportFailure } from './kb-import';
import { categoryPathNames, loadCategoryMap } from './kb-publishing';

/**
 * Export of the published articles in the import's own shape (JSONL or .xlsx), so an export can be
 * edited and imported again; and reading an .xlsx import into the same lines as JSONL.
 */

/** The columns of the .xlsx template, in order: the JSONL keys. Lists are separated by 、 or commas. */
export const exchangeColumns = [
  'id',
  'library',
  'title',
  'question',
  'body',
  'category',
  'keywords',
  'taxKinds',
  'industries',
  'taxpayerTypes',
  'region',
  'issuer',
  'documentNumber',
  'issuedAt',
  'effectiveAt',
  'expiresAt',
  'validity',
  'validityNote',
  'sourceUrl',
  'public',
] as const;
/** How far down an import looks for its header row (an export puts its filters above it). */
const HEADER_SEARCH_ROWS = 20;
const listColumns = new Set(['keywords', 'taxKinds', 'industries', 'taxpayerTypes', 'related']);

async function* exportLines(db: Db, library: string | undefined): AsyncGenerator<Record<string, unknown>> {
  const categories = await loadCategoryMap(db);
  let after = 0;
  for (;;) {
    let q = db
      .selectFrom('kb_articles as a')
      .innerJoin('kb_article_versions as v', (join) =>
        join.onRef('v.article_id', '=', 'a.id').onRef('v.version', '=', 'a.published_version'),
      )
      .innerJoin('kb_libraries as l', 'l.id', 'a.library_id')
      .select(['a.id', 'a.external_id', 'v.content'])
      .where('a.status', '<>', 'archived')
      .where('a.id', '>', after)
      .orderBy('a.id')
      .limit(500);
    if (library) q = q.where('l.code', '=', library);
    const rows = await q.execute();
    for (const row of rows) {
      const c = JSON.parse(row.content) as ArticleContent;
      yield {
        id: row.external_id ?? `kb-${row.id}`,
        library: c.libraryCode,
        title: c.title,
        question: c.question,
        body: c.body,
        category: categoryPathNames(categories, c.categoryId).join('/') || null,
        keywords: c.keywords,
        taxKinds: c.taxKinds,
        industries: c.industries,
        taxpayerTypes: c.taxpayerTypes,
        region: c.region,
        issuer: c.issuer,
        documentNumber: c.documentNumber,
        issuedAt: c.issuedOn,
        effectiveAt: c.effectiveOn,
        expiresAt: c.expiresOn,
        validity: c.validity,
        validityNote: c.validityNote,
        sourceUrl: c.sourceUrl,
        public: c.isPublic,
      };
    }
    if (rows.length < 500) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** The published articles as JSONL, streamed page by page. */
export function exportJsonl(db: Db, library: string | undefined): Readable {
  return Readable.from(
    (async function* () {
      for await (const line of exportLines(db, library)) yield `${JSON.stringify(line)}\n`;
    })(),
  );
}

/**
 * The published articles as an .xlsx workbook, streamed through the shared writer: the filter (the
 * library) and the export time head the sheet, then the header row of JSONL keys, so the file imports back.
 */
export function exportXlsx(db: Db, library: string | undefined, exportedAt: Date): Readable {
  async function* rows() {
    for await (const line of exportLines(db, library)) {
      const row: Record<string, unknown> = {};
      for (const key of exchangeColumns) {
        const value = line[key];
        row[key] = Array.isArray(value) ? value.join('、') : typeof value === 'boolean' ? (value ? '是' : '否') : value;
      }
      yield row;
    }
  }
  return streamXlsx({
    exportedAt,
    sheets: [
      {
        name: '知识',
        filters: library ? [{ label: '知识库', value: library }] : [],
        columns: exchangeColumns.map((key) => ({ header: key, key, width: key === 'body' ? 80 : 18 })),
        rows: rows(),
      },
    ],
  });
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

/**
 * The rows of an .xlsx import as import lines, numbered by their row in the sheet. The first row
 * names the columns (the JSONL keys); lists are separated by 、 or commas; 是/否 for `public`.
 */
export async function readXlsxImport(
  content: Buffer,
): Promise<Array<{ line: number; value: unknown } | ImportFailure>> {
  const { Workbook } = await loadExcelJs();
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw invalidField('file', 'INVALID_XLSX', '文件不是有效的 .xlsx 工作簿');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw invalidField('file', 'INVALID_XLSX', '工作簿中没有工作表');
  // The header is the first row naming the columns; an export's filter rows may stand above it.
  let headerRow = 0;
  let header: string[] = [];
  for (let n = 1; n <= Math.min(sheet.rowCount, HEADER_SEARCH_ROWS) && headerRow === 0; n++) {
    const cells = (sheet.getRow(n).values as ExcelJS.CellValue[]).map((v) => cellText(v).trim());
    if (cells.includes('id') && cells.includes('title')) {
      headerRow = n;
      header = cells;
    }
  }
  if (headerRow === 0) {
    throw invalidField('file', 'XLSX_HEADER', '第一行须为列名，至少包括 id、library、title、body');
  }
  const out: Array<{ line: number; value: unknown } | ImportFailure> = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber <= headerRow) return;
    const values = row.values as ExcelJS.CellValue[];
    const item: Record<string, unknown> = {};
    let any = false;
    header.forEach((key, column) => {
      if (!key) return;
      const text = withoutFormulaGuard(cellText(values[column]).trim());
      if (!text) return;
      any = true;
      if (listColumns.has(key))
        item[key] = text
          .split(/[、,，;；]/)
          .map((s) => s.trim())
          .filter(Boolean);
      else if (key === 'public') item[key] = /^(是|true|1|yes)$/i.test(text);
      else item[key] = text;
    });
    if (any) out.push({ line: rowNumber, value: item });
  });
  return out;
}
