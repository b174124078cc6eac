import { describe, expect, it } from 'vitest';
import {
  changeText,
  cleanRemark,
  cleanRemarks,
  issueOf,
  monthPeriod,
  nextMonth,
  percentText,
  previousMonth,
} from './bulletin';
import { convertDocxToPdf, PDF_CONVERTER_MISSING } from './bulletin-pdf';

describe('bulletin rules', () => {
  it('states the change against the previous month, and says when there is none to state', () => {
    expect(changeText(6, 2)).toBe('环比增长200.0%');
    expect(changeText(1, 6)).toBe('环比下降83.3%');
    expect(changeText(5, 5)).toBe('与上月持平');
    expect(changeText(3, 0)).toBe('上月无记录，不计算环比');
    expect(changeText(0, 0)).toBe('与上月持平');
    expect(changeText(0, 4)).toBe('环比下降100.0%');
    expect(percentText(0.8765)).toBe('87.7%');
    expect(percentText(null)).toBe('—');
  });

  it('numbers the issue by the month and finds the month’s days across year ends', () => {
    expect(issueOf('2026-11')).toBe('2026年第11期');
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(monthPeriod('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(monthPeriod('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('keeps remarks plain: no control or direction characters, normal line breaks, trimmed', () => {
    expect(cleanRemark('  甲\u0000乙\r\n丙\u202e\u200b\n\n\n\n丁 ')).toBe('甲乙\n丙\n\n丁');
    expect(cleanRemarks({ foreword: ' ', sections: { volume: '<b>量</b>', cases: '' } })).toEqual({
      foreword: '',
      sections: { volume: '<b>量</b>' },
    });
  });
});

describe('PDF conversion', () => {
  it('fails with a stable code when LibreOffice is not installed', async () => {
    await expect(convertDocxToPdf(Buffer.from('PK'), '/nonexistent/libreoffice')).rejects.toMatchObject({
      code: PDF_CONVERTER_MISSING,
    });
    await expect(convertDocxToPdf(Buffer.from('PK'), null)).rejects.toMatchObject({ code: PDF_CONVERTER_MISSING });
  });
});
