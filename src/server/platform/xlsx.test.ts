import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { preambleRowCount, streamXlsx, withoutFormulaGuard } from './xlsx';

async function readBook(stream: Readable) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await buffer(stream)) as unknown as ArrayBuffer);
  return workbook;
}

const values = (sheet: ExcelJS.Worksheet, n: number) => (sheet.getRow(n).values as unknown[]).slice(1);

describe('streamXlsx', () => {
  it('heads each sheet with its filters and the export time, then the header and the rows', async () => {
    async function* rows() {
      for (let i = 1; i <= 1200; i++) yield { no: i, name: `第${i}行` };
    }
    const book = await readBook(
      streamXlsx({
        exportedAt: new Date('2026-11-27T02:04:00Z'),
        sheets: [
          {
            name: '列表',
            filters: [
              { label: '开始日期', value: '2026-11-01' },
              { label: '渠道', value: '来电' },
            ],
            columns: [
              { header: '序号', key: 'no' },
              { header: '名称', key: 'name', width: 30 },
            ],
            rows: rows(),
          },
          { name: '空表', columns: [{ header: '甲', key: 'a' }], rows: [] },
        ],
      }),
    );
    const [first, second] = book.worksheets;
    expect(first!.name).toBe('列表');
    expect(values(first!, 1)).toEqual(['筛选条件', '开始日期：2026-11-01']);
    expect(values(first!, 2)[1]).toBe('渠道：来电');
    expect(values(first!, 3)).toEqual(['导出时间', '2026-11-27 10:04']);
    const header =
      preambleRowCount([
        { label: '', value: '' },
        { label: '', value: '' },
      ]) + 1;
    expect(header).toBe(5);
    expect(values(first!, header)).toEqual(['序号', '名称']);
    expect(values(first!, header + 1)).toEqual([1, '第1行']);
    expect(values(first!, header + 1200)).toEqual([1200, '第1200行']);
    expect(first!.rowCount).toBe(header + 1200);
    // No filters: 全部.
    expect(values(second!, 1)).toEqual(['筛选条件', '全部']);
    expect(values(second!, preambleRowCount([]) + 1)).toEqual(['甲']);
  });

  it('fails the stream, not the process, when producing the rows fails', async () => {
    async function* rows() {
      yield { a: 1 };
      throw new Error('数据库连接中断');
    }
    const stream = streamXlsx({
      sheets: [{ name: 'x', columns: [{ header: 'a', key: 'a' }], rows: rows() }],
      exportedAt: new Date(),
    });
    await expect(buffer(Readable.from(stream))).rejects.toThrow('数据库连接中断');
  });

  it('writes text that starts like a formula with a leading apostrophe, so a CSV save cannot run it', async () => {
    const cells = ['=HYPERLINK("http://x","点此")', '+86 138', '-2+3', '@SUM(A1)', '\t=1', '普通文本', "'=quoted"];
    const book = await readBook(
      streamXlsx({
        exportedAt: new Date('2026-11-27T02:04:00Z'),
        sheets: [
          {
            name: '列表',
            columns: [
              { header: '内容', key: 'text' },
              { header: '数', key: 'n' },
            ],
            rows: cells.map((text) => ({ text, n: -5 })),
          },
        ],
      }),
    );
    const sheet = book.worksheets[0]!;
    const first = preambleRowCount(undefined) + 2;
    const written = cells.map((_, i) => values(sheet, first + i));
    expect(written.map((row) => row[0])).toEqual([
      `'=HYPERLINK("http://x","点此")`,
      "'+86 138",
      "'-2+3",
      "'@SUM(A1)",
      "'\t=1",
      '普通文本',
      "''=quoted",
    ]);
    expect(written.every((row) => row[1] === -5)).toBe(true);
    expect(written.map((row) => withoutFormulaGuard(String(row[0])))).toEqual(cells);
  });
});
