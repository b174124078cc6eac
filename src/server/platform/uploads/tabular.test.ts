import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFileType } from './file-types';
import { readTabularRows, type TabularRow } from './tabular';
import { defaultXlsxLimits } from './xlsx-rows';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-tabular-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let count = 0;
async function rowsOf(content: Buffer, limits = defaultXlsxLimits): Promise<TabularRow[]> {
  const file = path.join(dir, `f${count++}`);
  fs.writeFileSync(file, content);
  const type = await detectFileType(file);
  if (!type) throw new Error('not a tabular file');
  const rows: TabularRow[] = [];
  for await (const row of readTabularRows({ path: file, type }, limits)) rows.push(row);
  return rows;
}

/** GB18030 bytes of 纳税人,名称 / 张三,"多行\n地址": the two-byte codes of each character. */
const gb18030 = Buffer.from([
  ...[0xc4, 0xc9, 0xcb, 0xb0, 0xc8, 0xcb], // 纳税人
  0x2c,
  ...[0xc3, 0xfb, 0xb3, 0xc6], // 名称
  0x0d,
  0x0a,
  ...[0xd5, 0xc5, 0xc8, 0xfd], // 张三
  0x2c,
  0x22,
  ...[0xb6, 0xe0, 0xd0, 0xd0], // 多行
  0x0a,
  ...[0xb5, 0xd8, 0xd6, 0xb7], // 地址
  0x22,
  0x0d,
  0x0a,
  0x0d,
  0x0a,
  ...[0xc0, 0xee, 0xcb, 0xc4], // 李四
  0x2c,
  0x78,
  0x0d,
  0x0a,
]);

describe('the tabular reader', () => {
  it('reads a GB18030 CSV with the line numbers people see, a quoted line break counting as a line', async () => {
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gb18030)).toThrow();
    expect(await rowsOf(gb18030)).toEqual([
      { line: 1, values: ['纳税人', '名称'] },
      { line: 2, values: ['张三', '多行\n地址'] },
      { line: 5, values: ['李四', 'x'] },
    ]);
  });

  it('reads UTF-8 with and without a BOM alike', async () => {
    const text = '纳税人识别号,名称\r\n91330100MA2AAAAA0B,示范科技\r\n';
    const expected = [
      { line: 1, values: ['纳税人识别号', '名称'] },
      { line: 2, values: ['91330100MA2AAAAA0B', '示范科技'] },
    ];
    expect(await rowsOf(Buffer.from(text))).toEqual(expected);
    expect(await rowsOf(Buffer.from(`\uFEFF${text}`))).toEqual(expected);
  });

  it('names the line of a CSV whose quote never closes', async () => {
    await expect(rowsOf(Buffer.from('a,b\r\n1,2\r\n3,"never closed\r\n4,5\r\n'))).rejects.toMatchObject({
      code: 'INVALID_CSV',
      message: expect.stringContaining('第 3 行'),
    });
  });

  it('refuses an .xlsx over its limits of rows or strings with a 400 that says which', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    for (let i = 0; i < 12; i++) sheet.addRow([`纳税人${i}`, `地址${i}`]);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await rowsOf(content)).toHaveLength(12);
    await expect(rowsOf(content, { ...defaultXlsxLimits, maxRows: 10 })).rejects.toMatchObject({
      code: 'XLSX_TOO_MANY_ROWS',
    });
    await expect(rowsOf(content, { ...defaultXlsxLimits, maxSharedStrings: 20 })).rejects.toMatchObject({
      code: 'XLSX_TOO_MANY_STRINGS',
    });
    await expect(rowsOf(content, { ...defaultXlsxLimits, maxSharedStringsBytes: 100 })).rejects.toMatchObject({
      code: 'XLSX_TOO_LARGE',
    });
  });
});
