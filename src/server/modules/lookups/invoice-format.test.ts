import { describe, expect, it } from 'vitest';
import { checkInvoiceFormat } from './invoice-format';

describe('invoice code and number format', () => {
  it('decodes a 10-digit special VAT invoice code: region, year, kind', () => {
    expect(checkInvoiceFormat('3300231130', '01234567', 2026)).toMatchObject({
      ok: true,
      kind: 'paper',
      region: '浙江省',
      year: 2023,
      invoiceType: '增值税专用发票',
    });
    expect(checkInvoiceFormat('4403221320', '00000001', 2026)).toMatchObject({
      region: '深圳市',
      invoiceType: '增值税普通发票',
    });
  });

  it('decodes a 12-digit electronic ordinary invoice code', () => {
    expect(checkInvoiceFormat('033002200111', '12345678', 2026)).toMatchObject({
      ok: true,
      region: '浙江省',
      year: 2022,
      invoiceType: '增值税电子普通发票',
    });
  });

  it('decodes a 20-digit 数电票 number and needs no code', () => {
    expect(checkInvoiceFormat('', '25332000000012345678', 2026)).toMatchObject({
      ok: true,
      kind: 'digital',
      region: '浙江省',
      year: 2025,
      invoiceType: '数电发票',
    });
  });

  it('names the field and the problem for malformed input', () => {
    const cases: Array<[string, string, string, string]> = [
      ['12345', '01234567', 'code', 'INVOICE_CODE_FORMAT'],
      ['330023113A', '01234567', 'code', 'INVOICE_CODE_FORMAT'],
      ['9900231130', '01234567', 'code', 'INVOICE_REGION_UNKNOWN'],
      ['3300291130', '01234567', 'code', 'INVOICE_YEAR_INVALID'],
      ['3300231130', '1234567', 'number', 'INVOICE_NUMBER_FORMAT'],
      ['', '12345678', 'number', 'INVOICE_NUMBER_FORMAT'],
      ['', '27332000000012345678', 'number', 'INVOICE_YEAR_INVALID'],
      ['', '25992000000012345678', 'number', 'INVOICE_REGION_UNKNOWN'],
    ];
    for (const [code, number, field, errorCode] of cases) {
      expect(checkInvoiceFormat(code, number, 2026), `${code}/${number}`).toMatchObject({
        ok: false,
        field,
        code: errorCode,
      });
    }
  });

  it('ignores spaces people type between digit groups', () => {
    expect(checkInvoiceFormat('3300 2311 30', '0123 4567', 2026)).toMatchObject({ ok: true, code: '3300231130' });
  });
});
