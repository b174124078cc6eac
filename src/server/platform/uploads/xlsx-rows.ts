import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { AppError, badRequest } from '../errors';
import { loadExcelJs } from '../xlsx';

/**
 * Reading the rows of an .xlsx within limits. exceljs keeps every shared string in memory (a cell
 * names its string by index, so they cannot be streamed), and it unzips whatever the file holds
 * however far it expands. So the zip is opened with yauzl first: the central directory's uncompressed
 * sizes are checked against the limits before anything is inflated, and only the entries the rows
 * need are handed to exceljs — inflated by yauzl, which stops an entry the moment it grows past its
 * declared size, and passed on stored (uncompressed), so exceljs never inflates anything itself.
 * Shared strings are then counted and measured as exceljs reads them, and the rows as they come.
 */

export interface XlsxLimits {
  /** Entries in the zip's central directory. */
  maxEntries: number;
  /** Uncompressed bytes of the entries read (workbook, relations, styles, shared strings, the sheet). */
  maxUncompressedBytes: number;
  /** Uncompressed bytes of xl/sharedStrings.xml. */
  maxSharedStringsBytes: number;
  /** Uncompressed bytes of xl/styles.xml (read for date formats). */
  maxStylesBytes: number;
  /** Shared strings, and their characters in all. */
  maxSharedStrings: number;
  maxSharedStringChars: number;
  /** Rows of the sheet: Excel's own limit. */
  maxRows: number;
}

/**
 * Enough for a sheet of Excel's 1,048,576 rows of taxpayer lists (an id, a name and a phone a row are
 * about 80 bytes of shared strings), and a bound on memory: the strings of one file take at most
 * some 150 MB, where an unchecked file of 1 GB of strings took the server from 0.7 to 2 GB.
 */
export const defaultXlsxLimits: XlsxLimits = {
  maxEntries: 10_000,
  maxUncompressedBytes: 768 * 1024 * 1024,
  maxSharedStringsBytes: 100 * 1024 * 1024,
  maxStylesBytes: 16 * 1024 * 1024,
  maxSharedStrings: 2_000_000,
  maxSharedStringChars: 40_000_000,
  maxRows: 1_048_576,
};

const fileField = (message: string) => ({ fields: [{ field: 'file', message }] });

const invalidXlsx = () =>
  badRequest('INVALID_XLSX', 'Excel 文件无法读取，请另存为 .xlsx 后重试', fileField('Excel 文件已损坏或格式不支持'));

const tooLarge = (what: string, limit: string) =>
  badRequest('XLSX_TOO_LARGE', `Excel 文件${what}超过上限（${limit}），请拆分后分批导入`, fileField(`${what}超过上限`));

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** A cell as the text people see (dates as YYYY-MM-DD, formulas as their result, errors as ''). */
export function cellText(value: ExcelJS.CellValue): string {
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

type Entry = yauzl.Entry;

/** The entries exceljs needs for the first sheet, in the order it wants them (relations before the sheet). */
function pickEntries(entries: Entry[], limits: XlsxLimits): Entry[] {
  const byName = new Map(entries.map((e) => [e.fileName, e]));
  const sheets = entries
    .map((e) => ({ entry: e, n: /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(e.fileName)?.[1] }))
    .filter((s): s is { entry: Entry; n: string } => s.n !== undefined)
    .sort((a, b) => Number(a.n) - Number(b.n));
  const sheet = sheets[0]?.entry;
  const rels = byName.get('xl/_rels/workbook.xml.rels');
  const workbook = byName.get('xl/workbook.xml');
  if (!sheet || !rels || !workbook) throw invalidXlsx();
  const sharedStrings = byName.get('xl/sharedStrings.xml');
  const styles = byName.get('xl/styles.xml');
  if (sharedStrings && sharedStrings.uncompressedSize > limits.maxSharedStringsBytes)
    throw tooLarge('的共享字符串', megabytes(limits.maxSharedStringsBytes));
  if (styles && styles.uncompressedSize > limits.maxStylesBytes)
    throw tooLarge('的样式表', megabytes(limits.maxStylesBytes));
  const picked = [rels, workbook, styles, sharedStrings, sheet].filter((e): e is Entry => e !== undefined);
  const total = picked.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (total > limits.maxUncompressedBytes) throw tooLarge('解压后', megabytes(limits.maxUncompressedBytes));
  return picked;
}

/** A zip local file header of a stored entry, as unzipper (inside exceljs) reads it. */
function storedHeader(entry: Entry): Buffer {
  const name = Buffer.from(entry.fileName, 'utf8');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(0x0800, 6); // UTF-8 names
  header.writeUInt16LE(0, 8); // stored
  header.writeUInt16LE(0, 10);
  header.writeUInt16LE(0x21, 12); // 1980-01-01
  header.writeUInt32LE(entry.crc32, 14);
  header.writeUInt32LE(entry.uncompressedSize, 18);
  header.writeUInt32LE(entry.uncompressedSize, 22);
  header.writeUInt16LE(name.length, 26);
  header.writeUInt16LE(0, 28);
  return Buffer.concat([header, name]);
}

/** Resolves once the stream wants more (or is gone), so a writer keeps to its pace. */
function drained(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed) return resolve();
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/**
 * The picked entries as a stream of stored zip entries, each inflated by yauzl. An entry that fails
 * part-way — it inflates past its declared size (a lying central directory), or its data is broken —
 * is padded to its declared size with NUL bytes, which no XML parser takes, and the stream ends there:
 * exceljs would otherwise wait for the rest of the entry forever. The failure is kept in `state`.
 */
function storedZip(zip: yauzl.ZipFile, entries: Entry[], state: { failure: unknown }): PassThrough {
  const source = new PassThrough({ highWaterMark: 1024 * 1024 });
  // The reader destroys the stream when it stops early; a write racing that is of no interest.
  source.on('error', () => {});
  const write = async (chunk: Buffer) => {
    if (!source.destroyed && !source.write(chunk)) await drained(source);
  };
  const copyEntries = async () => {
    for (const entry of entries) {
      let written = 0;
      try {
        await write(storedHeader(entry));
        for await (const chunk of await zip.openReadStreamPromise(entry)) {
          if (source.destroyed) return;
          written += (chunk as Buffer).length;
          await write(chunk as Buffer);
        }
      } catch (error) {
        state.failure = error;
        const padding = Buffer.alloc(64 * 1024);
        for (let left = entry.uncompressedSize - written; left > 0 && !source.destroyed; left -= padding.length) {
          await write(left >= padding.length ? padding : padding.subarray(0, left));
        }
        break;
      }
    }
    source.end();
  };
  void copyEntries();
  return source;
}

/** One row: its number in the sheet (the header usually 1) and its cells as trimmed text, A first. */
export interface XlsxRow {
  line: number;
  values: string[];
}

/**
 * The rows of the first sheet of an .xlsx, blank rows left out, within the limits; a file over a
 * limit is a 400 XLSX_TOO_LARGE / XLSX_TOO_MANY_STRINGS / XLSX_TOO_MANY_ROWS before it costs memory,
 * a broken one a 400 INVALID_XLSX.
 */
export async function* readXlsxRows(file: string, limits: XlsxLimits = defaultXlsxLimits): AsyncGenerator<XlsxRow> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: false });
  } catch {
    throw invalidXlsx();
  }
  const state: { failure: unknown } = { failure: null };
  let source: PassThrough | undefined;
  try {
    if (zip.entryCount > limits.maxEntries) throw tooLarge('的条目数', String(limits.maxEntries));
    const entries: Entry[] = [];
    try {
      for await (const entry of zip.eachEntry()) entries.push(entry);
    } catch {
      throw invalidXlsx();
    }
    source = storedZip(zip, pickEntries(entries, limits), state);
    const { stream: excelStream } = await loadExcelJs();
    const reader = new excelStream.xlsx.WorkbookReader(source, {
      sharedStrings: 'emit',
      hyperlinks: 'ignore',
      styles: 'cache',
      worksheets: 'emit',
    });
    // exceljs takes its shared strings from this array when a sheet is read; filled below, within limits.
    const strings: unknown[] = [];
    (reader as unknown as { sharedStrings: unknown[] }).sharedStrings = strings;
    let chars = 0;
    const events = reader.parse() as AsyncIterator<
      { index: number; text: unknown } | { eventType: string; value: unknown }
    >;
    try {
      for await (const event of { [Symbol.asyncIterator]: () => events }) {
        if ('index' in event) {
          strings.push(event.text);
          chars += cellText(event.text as ExcelJS.CellValue).length;
          if (strings.length > limits.maxSharedStrings || chars > limits.maxSharedStringChars) {
            throw badRequest(
              'XLSX_TOO_MANY_STRINGS',
              `Excel 文件的文字内容超过上限（${limits.maxSharedStrings} 个字符串、共 ${limits.maxSharedStringChars} 字），请拆分后分批导入`,
              fileField('文字内容超过上限'),
            );
          }
          continue;
        }
        if (event.eventType !== 'worksheet') continue;
        for await (const row of event.value as AsyncIterable<ExcelJS.Row>) {
          if (row.number > limits.maxRows) {
            throw badRequest(
              'XLSX_TOO_MANY_ROWS',
              `Excel 文件超过 ${limits.maxRows} 行，请拆分后分批导入`,
              fileField('行数超过上限'),
            );
          }
          const cells = (row.values as ExcelJS.CellValue[]).slice(1);
          const values = Array.from(cells, (v) => cellText(v).trim());
          if (values.every((c) => c === '')) continue;
          yield { line: row.number, values };
        }
        break;
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw state.failure ? failureOf(state.failure, limits) : invalidXlsx();
    }
    if (state.failure) throw failureOf(state.failure, limits);
  } finally {
    source?.destroy();
    zip.close();
  }
}

/** An entry that inflated past its declared size is a disguised bomb; anything else is a broken file. */
function failureOf(failure: unknown, limits: XlsxLimits): AppError {
  if (failure instanceof Error && /too many bytes/.test(failure.message))
    return tooLarge('解压后', megabytes(limits.maxUncompressedBytes));
  return invalidXlsx();
}
