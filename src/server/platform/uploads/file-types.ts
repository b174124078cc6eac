import fs from 'node:fs';
import path from 'node:path';
import { fileTypeFromFile } from 'file-type';

/** What a file is by its content: the magic bytes (file-type), or text when it has none and no NUL byte. */
export interface DetectedType {
  /** A short name of the type: `pdf`, `png`, `xlsx`, `cfb` (legacy Office), `txt` … */
  ext: string;
  /** The content type it is stored and served with; text carries its charset (`utf-8` or `gb18030`). */
  mime: string;
}

const TEXT_SNIFF_BYTES = 64 * 1024;

/** The type of a stored file by its content alone; null for binary content nobody recognises. */
export async function detectFileType(file: string): Promise<DetectedType | null> {
  const detected = await fileTypeFromFile(file);
  if (detected) return { ext: detected.ext, mime: detected.mime };
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(TEXT_SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head.includes(0)) return null;
    if (decodes(head, 'utf-8')) return { ext: 'txt', mime: 'text/plain; charset=utf-8' };
    if (decodes(head, 'gb18030')) return { ext: 'txt', mime: 'text/plain; charset=gb18030' };
    return null;
  } finally {
    await handle.close();
  }
}

/** True when the bytes decode without error (a multi-byte character cut at the end is allowed). */
function decodes(bytes: Buffer, encoding: 'utf-8' | 'gb18030'): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * The types a file name's extension stands for. A name may leave the type open (no extension, or one
 * not listed), but a name that says one type while the content is another is refused: a PDF renamed
 * to .png, or a workbook saved as .csv, is a mistake or a disguise.
 */
const typesOfExtension: Record<string, readonly string[]> = {
  csv: ['txt'],
  txt: ['txt'],
  tsv: ['txt'],
  xlsx: ['xlsx'],
  xls: ['cfb', 'xls'],
  doc: ['cfb', 'doc'],
  ppt: ['cfb', 'ppt'],
  docx: ['docx'],
  pptx: ['pptx'],
  odt: ['odt'],
  ods: ['ods'],
  pdf: ['pdf'],
  png: ['png'],
  jpg: ['jpg'],
  jpeg: ['jpg'],
  gif: ['gif'],
  webp: ['webp'],
  bmp: ['bmp'],
  tif: ['tif'],
  tiff: ['tif'],
  zip: ['zip'],
};

/** False when the name's extension promises a type other than the content's. */
export function nameMatchesType(fileName: string, type: DetectedType): boolean {
  const extension = path.extname(fileName).slice(1).toLowerCase();
  const expected = typesOfExtension[extension];
  return expected === undefined || expected.includes(type.ext);
}
