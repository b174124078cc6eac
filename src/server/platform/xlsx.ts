import type { EventEmitter } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { shanghaiDate, shanghaiTime } from './dates';

/**
 * The one .xlsx writer of every export: exceljs's streaming workbook writer, so rows are written and
 * flushed as they come and memory stays flat however long the list. Each sheet opens with the filters
 * the list was exported with (筛选条件) and the export time, then the header row, then the rows.
 */

let excelJs: Promise<typeof ExcelJS> | undefined;

/**
 * exceljs, loaded with the first workbook read or written instead of with the server: it takes 1-3 s
 * to import, which every server start and every test file paid.
 */
export function loadExcelJs(): Promise<typeof ExcelJS> {
  excelJs ??= import('exceljs').then((module) => module.default);
  return excelJs;
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface XlsxColumn {
  header: string;
  key: string;
  width?: number | undefined;
}

/** One filter as people read it, e.g. `{ label: '开始日期', value: '2026-11-01' }`. */
export interface XlsxFilter {
  label: string;
  value: string;
}

export type XlsxRows = AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>;

export interface XlsxSheet {
  /** The sheet's tab name (Excel allows 31 characters; longer names are cut). */
  name: string;
  columns: readonly XlsxColumn[];
  /** The filters shown above the header; an empty list is shown as 全部. */
  filters?: readonly XlsxFilter[] | undefined;
  rows: XlsxRows;
}

export interface StreamXlsxOptions {
  sheets: readonly XlsxSheet[];
  /** The export time shown in each sheet: the server's clock, never the real one (TAXLINE_CLOCK, tests). */
  exportedAt: Date;
}

/** Rows written between two yields to the event loop, so the zip stream can drain. */
const YIELD_EVERY = 500;
/** Pause the producer while this many bytes wait for the consumer. */
const HIGH_WATER_BYTES = 1024 * 1024;

/** The number of header lines streamXlsx writes above the header row of each sheet (filters + time + blank). */
export function preambleRowCount(filters: readonly XlsxFilter[] | undefined): number {
  return Math.max(1, filters?.length ?? 0) + 2;
}

interface StreamState {
  _writableState?: { length?: number };
}

/**
 * The bytes of a sheet that exceljs has passed to the zip and the zip has not read yet: exceljs's
 * sheet stream (a StreamBuf) writes into one pipe per consumer, never waiting for it. These are
 * exceljs 4 internals, read defensively: if they change, this reports nothing and only the output
 * side paces the producer.
 */
function pendingInZip(sheet: ExcelJS.Worksheet): { bytes: number; emitter?: EventEmitter } {
  const sheetStream = (sheet as unknown as { _stream?: { pipes?: unknown[] } })._stream;
  const pipe = sheetStream?.pipes?.[0] as (EventEmitter & StreamState) | undefined;
  const bytes = pipe?._writableState?.length;
  return typeof bytes === 'number' && pipe ? { bytes, emitter: pipe } : { bytes: 0 };
}

/**
 * Text a spreadsheet reads as a formula once the sheet is saved as CSV and opened again (= + - @, tab,
 * CR), or text that already starts with apostrophes before one: it gets one more, so that reading an
 * export back (withoutFormulaGuard) always gives the original.
 */
const formulaStart = /^'*[=+\-@\t\r]/;

/**
 * A cell as an export writes it: text that starts like a formula gets a leading apostrophe, so that
 * a CSV save of the export can never turn a taxpayer's words into a formula (CSV injection).
 */
export function neutraliseFormula(value: unknown): unknown {
  return typeof value === 'string' && formulaStart.test(value) ? `'${value}` : value;
}

/** The text of an exported cell as it was before neutraliseFormula, for imports that read exports back. */
export function withoutFormulaGuard(text: string): string {
  return text.startsWith("'") && formulaStart.test(text.slice(1)) ? text.slice(1) : text;
}

function neutraliseRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = neutraliseFormula(value);
  return out;
}

const sheetName = (name: string) => name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Sheet1';

/** Writes a workbook of one or more sheets into a stream; errors while producing rows destroy the stream. */
export function streamXlsx(options: StreamXlsxOptions): Readable {
  const stream = new PassThrough({ highWaterMark: HIGH_WATER_BYTES });
  const { exportedAt } = options;
  // exceljs never pushes back: its sheet stream hands every chunk on to the zip at once, however far
  // the compression or the consumer (the socket) is behind. So the producer pauses itself while the
  // sheet's data waits for the zip, or the zip's output waits for the consumer.
  const waitForConsumer = async (sheet: ExcelJS.Worksheet) => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (;;) {
      if (stream.destroyed) return;
      const pending = pendingInZip(sheet);
      const isBehind =
        pending.bytes >= HIGH_WATER_BYTES || stream.writableNeedDrain || stream.readableLength >= HIGH_WATER_BYTES;
      if (!isBehind) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 10);
        function done() {
          clearTimeout(timer);
          pending.emitter?.off('drain', done);
          stream.off('drain', done);
          stream.off('close', done);
          resolve();
        }
        pending.emitter?.once('drain', done);
        stream.once('drain', done);
        stream.once('close', done);
      });
    }
  };
  const write = async () => {
    const { stream: excelStream } = await loadExcelJs();
    const workbook = new excelStream.xlsx.WorkbookWriter({
      stream,
      useStyles: true,
      useSharedStrings: false,
      // Fast deflate: an export is read once; level 1 costs a few per cent of size and halves the time.
      zip: { zlib: { level: 1 } },
    } as Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions>);
    for (const spec of options.sheets) {
      const sheet = workbook.addWorksheet(sheetName(spec.name));
      sheet.columns = spec.columns.map((c) => ({ key: c.key, width: c.width ?? 16 }));
      const filterTexts = spec.filters?.length ? spec.filters.map((f) => `${f.label}：${f.value}`) : ['全部'];
      filterTexts.forEach((text, i) => {
        const row = sheet.addRow([i === 0 ? '筛选条件' : '', text]);
        row.getCell(1).font = { bold: true };
        row.commit();
      });
      const timeRow = sheet.addRow(['导出时间', `${shanghaiDate(exportedAt)} ${shanghaiTime(exportedAt)}`]);
      timeRow.getCell(1).font = { bold: true };
      timeRow.commit();
      sheet.addRow([]).commit();
      const header = sheet.addRow(spec.columns.map((c) => c.header));
      header.font = { bold: true };
      header.commit();
      let count = 0;
      for await (const row of spec.rows) {
        if (stream.destroyed) return;
        sheet.addRow(neutraliseRow(row)).commit();
        count += 1;
        if (count % YIELD_EVERY === 0) await waitForConsumer(sheet);
      }
      sheet.commit();
    }
    await workbook.commit();
  };
  write().catch((error: unknown) => stream.destroy(error instanceof Error ? error : new Error(String(error))));
  return stream;
}

/**
 * Sends an .xlsx stream as a download with a Chinese file name (RFC 5987 `filename*`, plus an ASCII
 * fallback for old clients).
 */
export function sendXlsx(reply: FastifyReply, fileName: string, stream: Readable, asciiFallback = 'export.xlsx') {
  return reply
    .header('content-type', XLSX_CONTENT_TYPE)
    .header(
      'content-disposition',
      `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    )
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(stream);
}
