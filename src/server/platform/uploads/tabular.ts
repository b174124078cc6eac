import fs from 'node:fs';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import { AppError, badRequest } from '../errors';
import type { AcceptedTypes, ReceivedUpload } from './receive';
import { defaultXlsxLimits, readXlsxRows, type XlsxLimits } from './xlsx-rows';

/**
 * Tabular imports: a CSV (UTF-8, UTF-8 with BOM, or GB18030 as Excel on Chinese Windows saves it) or
 * an .xlsx, read as a stream of rows with the line numbers people see in their editor, so a file of a
 * million rows never sits in memory and every bad row can be named by its line.
 */

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The types of a tabular import: text (read as CSV) or an .xlsx; 415 UNSUPPORTED_FILE_TYPE otherwise. */
export const tabularTypes: AcceptedTypes = {
  mimes: new Set(['text/plain; charset=utf-8', 'text/plain; charset=gb18030', XLSX_MIME]),
  refuse: () =>
    new AppError(
      'unsupported_media_type',
      'UNSUPPORTED_FILE_TYPE',
      '不支持的文件类型，请上传 CSV 或 Excel（.xlsx）文件',
      {
        fields: [{ field: 'file', message: '须为 CSV 或 .xlsx 文件' }],
      },
    ),
};

export interface TabularRow {
  /** The line (CSV) or row (.xlsx) number people see, the header usually being 1. */
  line: number;
  values: string[];
}

/** The longest CSV record taken: a field without its closing quote would otherwise swallow the file. */
const MAX_CSV_RECORD_BYTES = 1024 * 1024;

/** The rows of a received CSV or .xlsx, the header first, blank lines left out. */
export async function* readTabularRows(
  upload: Pick<ReceivedUpload, 'path' | 'type'>,
  limits: XlsxLimits = defaultXlsxLimits,
): AsyncGenerator<TabularRow> {
  if (upload.type.mime === XLSX_MIME) {
    yield* readXlsxRows(upload.path, limits);
    return;
  }
  yield* readCsvRows(upload.path, upload.type.mime.endsWith('gb18030') ? 'gb18030' : 'utf-8');
}

/** A GB18030 (GBK) text stream decoded to UTF-8. */
function gb18030ToUtf8(): Transform {
  const decoder = new TextDecoder('gb18030');
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
}

async function* readCsvRows(file: string, encoding: 'utf-8' | 'gb18030'): AsyncGenerator<TabularRow> {
  const source = fs.createReadStream(file, { highWaterMark: 1024 * 1024 });
  const text = encoding === 'utf-8' ? source : source.pipe(gb18030ToUtf8());
  // No `info` from the parser (it doubles the parsing time): lines are counted here, one per record
  // plus the line breaks inside quoted fields, which keeps them exact.
  const parser = text.pipe(parse({ bom: true, relax_column_count: true, max_record_size: MAX_CSV_RECORD_BYTES }));
  let nextLine = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const line = nextLine;
      nextLine += 1;
      for (const value of record) {
        if (value.includes('\n')) nextLine += value.split('\n').length - 1;
      }
      if (record.length === 1 && record[0]?.trim() === '') continue;
      yield { line, values: record };
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code?.startsWith('CSV_')) {
      const reason = code === 'CSV_MAX_RECORD_SIZE' ? '一行过长，可能缺少配对的引号' : '请检查引号是否成对';
      throw badRequest('INVALID_CSV', `CSV 文件格式错误（第 ${nextLine} 行附近）：${reason}`, {
        fields: [{ field: 'file', message: 'CSV 格式错误' }],
        line: nextLine,
      });
    }
    throw error;
  } finally {
    source.destroy();
  }
}

/** A column of an import: its field, the header names people use for it, and whether it must be there. */
export interface ColumnSpec<F extends string> {
  field: F;
  headers: readonly string[];
  required: boolean;
}

/** Maps the header row to fields; a missing required column refuses the whole file. */
export function mapHeader<F extends string>(header: string[], columns: readonly ColumnSpec<F>[]): Map<F, number> {
  const normalised = header.map((h) => h.replace(/\s+/g, '').toLowerCase());
  const found = new Map<F, number>();
  for (const column of columns) {
    const names = new Set(column.headers.map((name) => name.toLowerCase()));
    const index = normalised.findIndex((h) => names.has(h));
    if (index >= 0) found.set(column.field, index);
  }
  const missing = columns.filter((c) => c.required && !found.has(c.field));
  if (missing.length > 0) {
    throw badRequest('MISSING_COLUMNS', `文件缺少必需的列：${missing.map((c) => c.headers[0]).join('、')}`, {
      fields: [{ field: 'file', message: `缺少列：${missing.map((c) => c.headers[0]).join('、')}` }],
      missing: missing.map((c) => c.headers[0]),
    });
  }
  return found;
}

/** The row as an object of the mapped fields, trimmed (empty cells as ''). */
export function pick<F extends string>(values: string[], mapping: Map<F, number>): Record<F, string> {
  const out = {} as Record<F, string>;
  for (const [field, index] of mapping) out[field] = (values[index] ?? '').trim();
  return out;
}

/** How many bad rows an import keeps in full; the count of the rest is still reported. */
export const MAX_REPORTED_ERRORS = 500;

export interface RowError {
  line: number;
  error: string;
}

/** The 400 of a file with no header row at all. */
export const emptyTable = () =>
  badRequest('EMPTY_FILE', '文件中没有表头和数据', { fields: [{ field: 'file', message: '文件为空' }] });
