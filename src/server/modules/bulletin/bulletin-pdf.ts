/**
 * .docx → PDF with LibreOffice (`libreoffice --headless --convert-to pdf`, Debian package
 * libreoffice-writer-nogui). Each conversion gets its own user profile and folder, so conversions
 * running at the same time never share LibreOffice's profile lock; a few run at once at most.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const CONVERSION_TIMEOUT_MS = 120_000;
const MAX_PARALLEL_CONVERSIONS = 2;
const candidates = ['/usr/bin/libreoffice', '/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice'];

/** The PDF converter is not installed on this server: the HTTP layer answers 503 with this code. */
export const PDF_CONVERTER_MISSING = 'PDF_CONVERTER_MISSING';
/** LibreOffice ran but gave no PDF (or took too long). */
export const PDF_CONVERSION_FAILED = 'PDF_CONVERSION_FAILED';

/** A conversion that could not be done; not the caller's fault, so not an AppError kind of 4xx. */
export class PdfConversionError extends Error {
  constructor(
    readonly code: typeof PDF_CONVERTER_MISSING | typeof PDF_CONVERSION_FAILED,
    message: string,
  ) {
    super(message);
    this.name = 'PdfConversionError';
  }
}

/** The LibreOffice binary, or null when none is installed. */
export function findLibreOffice(): string | null {
  return candidates.find((file) => fs.existsSync(file)) ?? null;
}

let running = 0;
const waiting: Array<() => void> = [];

async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL_CONVERSIONS) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/** Converts a .docx to PDF; throws PdfConversionError when LibreOffice is missing, fails or times out. */
export async function convertDocxToPdf(docx: Buffer, binary: string | null = findLibreOffice()): Promise<Buffer> {
  if (!binary || !fs.existsSync(binary)) {
    throw new PdfConversionError(
      PDF_CONVERTER_MISSING,
      '服务器未安装 LibreOffice（libreoffice-writer-nogui），无法生成 PDF，请下载 Word 版本',
    );
  }
  return withSlot(async () => {
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'taxline-bulletin-'));
    try {
      const input = path.join(dir, 'bulletin.docx');
      await fs.promises.writeFile(input, docx);
      const profile = pathToFileURL(path.join(dir, 'profile')).href;
      await new Promise<void>((resolve, reject) => {
        execFile(
          binary,
          [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, input],
          { timeout: CONVERSION_TIMEOUT_MS, killSignal: 'SIGKILL', env: { ...process.env, HOME: dir } },
          (error, _stdout, stderr) => {
            if (error) {
              reject(
                new PdfConversionError(
                  PDF_CONVERSION_FAILED,
                  `PDF 转换失败：${error.killed ? '超时' : String(stderr).trim().slice(0, 200) || error.message}`,
                ),
              );
            } else resolve();
          },
        );
      });
      const output = path.join(dir, 'bulletin.pdf');
      if (!fs.existsSync(output)) throw new PdfConversionError(PDF_CONVERSION_FAILED, 'PDF 转换失败：未生成文件');
      return await fs.promises.readFile(output);
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
  });
}

/** The error body of a failed conversion, for the route (503: the server lacks what it needs). */
export function conversionErrorBody(error: PdfConversionError) {
  return { error: { code: error.code, message: error.message } };
}
