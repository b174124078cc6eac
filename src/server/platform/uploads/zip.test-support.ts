import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';

/** Zip files made by hand for the tests of the .xlsx limits: bombs, and central directories that lie. */

interface RawEntry {
  name: string;
  /** The deflated bytes as stored. */
  data: Buffer;
  /** The uncompressed size the headers declare (the truth, or a lie). */
  declaredSize: number;
  crc32: number;
}

/** A zip of deflated entries whose headers declare the given sizes. */
export function zipOf(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(entry.crc32, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(entry.crc32, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * Raw deflate of `head`, then `repeat` times `chunk`, then `tail`, without holding the expansion: each
 * piece is deflated on its own and ends on a full flush, so the pieces concatenate into one stream.
 */
function deflatedRepeat(head: string, chunk: Buffer, repeat: number, tail: string): Buffer {
  const flush = { finishFlush: zlib.constants.Z_FULL_FLUSH, level: 9 };
  const middle = zlib.deflateRawSync(chunk, flush);
  return Buffer.concat([
    zlib.deflateRawSync(Buffer.from(head), flush),
    ...Array.from({ length: repeat }, () => middle),
    zlib.deflateRawSync(Buffer.from(tail)),
  ]);
}

/** The entries of a small real workbook (one sheet, one shared string), deflated as stored. */
async function workbookEntries(): Promise<RawEntry[]> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Sheet1').addRow(['纳税人识别号', '纳税人名称']);
  const zip = await yauzl.fromBufferPromise(Buffer.from(await workbook.xlsx.writeBuffer()), { lazyEntries: true });
  const entries: RawEntry[] = [];
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    const content = Buffer.concat(chunks);
    entries.push({
      name: entry.fileName,
      data: zlib.deflateRawSync(content),
      declaredSize: content.length,
      crc32: zlib.crc32(content),
    });
  }
  return entries;
}

/**
 * An .xlsx whose shared strings expand to `megabytes` MB (one string of 'A's) from about 1 KB per MB;
 * `declaredSize` is what its headers claim (the truth by default; a lie hides the bomb from a check of
 * the central directory alone).
 */
export async function sharedStringsBomb(megabytes: number, declaredSize?: number): Promise<Buffer> {
  const head =
    '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>';
  const tail = '</t></si></sst>';
  const data = deflatedRepeat(head, Buffer.alloc(1024 * 1024, 'A'), megabytes, tail);
  const size = head.length + tail.length + megabytes * 1024 * 1024;
  const entries = (await workbookEntries()).filter((e) => e.name !== 'xl/sharedStrings.xml');
  const bomb = { name: 'xl/sharedStrings.xml', data, declaredSize: declaredSize ?? size, crc32: 0 };
  const sheet = entries.findIndex((e) => e.name.startsWith('xl/worksheets/'));
  entries.splice(sheet, 0, bomb);
  return zipOf(entries);
}
