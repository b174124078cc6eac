/**
 * Imported tables (CSV or .xlsx): uploads are stored to a temporary file, their type checked by content,
 * then read row by row as a stream, so a file of a million rows never sits in memory.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Multipart } from '@fastify/multipart';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import type { FastifyRequest } from 'fastify';
import { fileTypeFromFile } from 'file-type';
import { AppError, badRequest } from '../../platform/errors';
import { loadExcelJs } from '../../platform/xlsx';

export type TabularFormat = 'csv' | 'xlsx';

export interface StoredUpload {
  path: string;
  fileName: string;
  format: TabularFormat;
  /** Text fields sent with the file. */
  fields: Record<string, string>;
  /** Removes the temporary file. */
  discard(): Promise<void>;
}

const unsupported = () =>
  new AppError(
    'unsupported_media_type',
    'UNSUPPORTED_FILE_TYPE',
    '不支持的文件类型，请上传 CSV 或 Excel（.xlsx）文件',
    {
      fields: [{ field: 'file', message: '须为 CSV 或 .xlsx 文件' }],
    },
  );

/**
 * Reads a multipart upload (one file, a few text fields) into a temporary file under `dataDir/imports`,
 * refusing it once it passes `maxBytes`, and decides its format from its content: an .xlsx is a zip
 * with a workbook inside; anything else must be text (UTF-8 or GB18030), which is read as CSV.
 */
export async function storeUpload(request: FastifyRequest, dataDir: string, maxBytes: number): Promise<StoredUpload> {
  if (!request.isMultipart()) {
    throw new AppError('unsupported_media_type', 'MULTIPART_REQUIRED', '请以 multipart/form-data 方式上传文件', {
      fields: [{ field: 'file', message: '缺少上传文件' }],
    });
  }
  const dir = path.join(dataDir, 'imports');
  await fs.promises.mkdir(dir, { recursive: true });
  const target = path.join(dir, `${randomUUID()}.upload`);
  const discard = () => fs.promises.rm(target, { force: true });
  const fields: Record<string, string> = {};
  let fileName: string | null = null;
  try {
    const parts: AsyncIterableIterator<Multipart> = request.parts({
      limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 10_000 },
    });
    for await (const part of parts) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value ?? '');
        continue;
      }
      if (fileName !== null) {
        part.file.resume();
        continue;
      }
      fileName = part.filename || 'upload';
      await pipeline(part.file, fs.createWriteStream(target));
      if (part.file.truncated) {
        throw badRequest('FILE_TOO_LARGE', `文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB 的上限`, {
          fields: [{ field: 'file', message: '文件过大' }],
        });
      }
    }
    if (fileName === null)
      throw badRequest('FILE_REQUIRED', '请选择要上传的文件', { fields: [{ field: 'file', message: '缺少上传文件' }] });
    const format = await detectFormat(target);
    return { path: target, fileName, format, fields, discard };
  } catch (error) {
    await discard();
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw badRequest('FILE_TOO_LARGE', `文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB 的上限`, {
        fields: [{ field: 'file', message: '文件过大' }],
      });
    }
    if (code?.startsWith('FST_')) throw badRequest('INVALID_UPLOAD', '上传的内容不完整或格式不正确，请重新上传');
    throw error;
  }
}

/** The format of a stored file by its content; anything but .xlsx or text is refused. */
export async function detectFormat(file: string): Promise<TabularFormat> {
  const type = await fileTypeFromFile(file);
  if (type?.ext === 'xlsx') return 'xlsx';
  if (type) throw unsupported();
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead === 0)
      throw badRequest('EMPTY_FILE', '上传的文件是空的', { fields: [{ field: 'file', message: '文件为空' }] });
    if (buffer.subarray(0, bytesRead).includes(0)) throw unsupported();
    return 'csv';
  } finally {
    await handle.close();
  }
}

/** True when the first 64 KiB decode as UTF-8 (a multi-byte character cut at the end is allowed). */
async function isUtf8(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, bytesRead), { stream: true });
      return true;
    } catch {
      return false;
    }
  } finally {
    await handle.close();
  }
}

/** A GB18030 (GBK) text stream decoded to UTF-8, as Excel on Chinese Windows saves CSV. */
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

export interface TabularRow {
  /** The line (CSV) or row (.xlsx) number people see in their editor, the header being 1. */
  line: number;
  values: string[];
}

/** The rows of the file, the header first, blank lines left out. */
export async function* readRows(file: string, format: TabularFormat): AsyncGenerator<TabularRow> {
  if (format === 'xlsx') {
    yield* readXlsxRows(file);
    return;
  }
  const source = fs.createReadStream(file, { highWaterMark: 1024 * 1024 });
  const text = (await isUtf8(file)) ? source : source.pipe(gb18030ToUtf8());
  // No `info` from the parser (it doubles the parsing time): lines are counted here, one per record
  // plus the line breaks inside quoted fields, which keeps them exact.
  const parser = text.pipe(parse({ bom: true, relax_column_count: true }));
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
      throw badRequest('INVALID_CSV', `CSV 文件格式错误（第 ${nextLine} 行附近）：请检查引号是否成对`, {
        fields: [{ field: 'file', message: 'CSV 格式错误' }],
      });
    }
    throw error;
  } finally {
    source.destroy();
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
  }
  return String(value);
}

async function* readXlsxRows(file: string): AsyncGenerator<TabularRow> {
  const { stream: excelStream } = await loadExcelJs();
  const workbook = new excelStream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  try {
    for await (const worksheet of workbook) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const cells = (row.values as ExcelJS.CellValue[]).slice(1).map((v) => cellText(v).trim());
        if (cells.every((c) => c === '')) continue;
        yield { line: row.number, values: cells };
      }
      return;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw badRequest('INVALID_XLSX', 'Excel 文件无法读取，请另存为 .xlsx 后重试', {
      fields: [{ field: 'file', message: 'Excel 文件已损坏或格式不支持' }],
    });
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
