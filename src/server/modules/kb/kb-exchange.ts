import { Readable } from 'node:stream';
import type { Db } from '../../db/connection';
import { invalidField } from '../../platform/errors';
import { readXlsxRows } from '../../platform/uploads';
import { streamXlsx, withoutFormulaGuard } from '../../platform/xlsx';
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

/**
 * The rows of an .xlsx import as import lines, numbered by their row in the sheet. The first row
 * names the columns (the JSONL keys); lists are separated by 、 or commas; 是/否 for `public`.
 */
export async function readXlsxImport(file: string): Promise<Array<{ line: number; value: unknown } | ImportFailure>> {
  // The header is the first row naming the columns; an export's filter rows may stand above it.
  let header: string[] | null = null;
  const out: Array<{ line: number; value: unknown } | ImportFailure> = [];
  for await (const row of readXlsxRows(file)) {
    if (!header) {
      if (row.values.includes('id') && row.values.includes('title')) header = row.values;
      else if (row.line >= HEADER_SEARCH_ROWS) break;
      continue;
    }
    const item: Record<string, unknown> = {};
    let any = false;
    header.forEach((key, column) => {
      if (!key) return;
      const text = withoutFormulaGuard(row.values[column] ?? '');
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
    if (any) out.push({ line: row.line, value: item });
  }
  if (!header) throw invalidField('file', 'XLSX_HEADER', '第一行须为列名，至少包括 id、library、title、body');
  return out;
}
