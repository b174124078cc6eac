import { describe, expect, it } from 'vitest';
import {
  checkTaxpayerId,
  idNumberCheckCharacter,
  maskPhone,
  maskTaxpayerId,
  orgCodeCheckCharacter,
  usccCheckCharacter,
} from './taxpayer-id';

describe('taxpayer ids', () => {
  it('computes the GB 32100 check character of real unified social credit codes', () => {
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(usccCheckCharacter('91440300192203821')).toBe('6');
    expect(usccCheckCharacter('91110000802100433')).toBe('B');
    expect(usccCheckCharacter('9111000080210043I')).toBeNull();
  });

  it('computes the GB 11643 check character, X included', () => {
    expect(idNumberCheckCharacter('11010519491231002')).toBe('X');
    expect(idNumberCheckCharacter('44052418800101001')).toBe('4');
  });

  it('computes the GB 11714 check character of an organisation code', () => {
    expect(orgCodeCheckCharacter('D2143569')).toBe('X');
  });

  it('accepts each form and normalises case and spaces', () => {
    expect(checkTaxpayerId(' 91350100m000100y43 ')).toEqual({ ok: true, value: '91350100M000100Y43', kind: 'uscc' });
    expect(checkTaxpayerId('11010519491231002x')).toMatchObject({ ok: true, kind: 'id_number' });
    expect(checkTaxpayerId('330106D2143569X')).toMatchObject({ ok: true, kind: 'legacy_org' });
    expect(checkTaxpayerId('11010519491231002X01')).toMatchObject({ ok: true, kind: 'legacy_individual' });
  });

  it('names a wrong check character of each form', () => {
    expect(checkTaxpayerId('91350100M000100Y44')).toMatchObject({ ok: false, code: 'TAXPAYER_ID_CHECK_FAILED' });
    expect(checkTaxpayerId('91350100M000100Y44')).toMatchObject({ message: expect.stringContaining('GB 32100') });
    expect(checkTaxpayerId('110105194912310021')).toMatchObject({ message: expect.stringContaining('GB 11643') });
    expect(checkTaxpayerId('330106D21435691')).toMatchObject({ message: expect.stringContaining('GB 11714') });
    expect(checkTaxpayerId('11010519491231002101')).toMatchObject({ code: 'TAXPAYER_ID_CHECK_FAILED' });
  });

  it('refuses wrong lengths, forbidden letters and impossible birth dates as a format error', () => {
    for (const bad of [
      '',
      '1234',
      '91350100M000100Y4',
      '91350100O000100Y43',
      '110105194913310021X1',
      'ABCDEFGHIJKLMNO',
    ]) {
      expect(checkTaxpayerId(bad)).toMatchObject({ ok: false, code: 'TAXPAYER_ID_FORMAT' });
    }
  });

  it('masks phone numbers and taxpayer ids', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('057187001234')).toBe('057****1234');
    expect(maskPhone('8001234')).toBe('80****34');
    expect(maskPhone('12366')).toBe('****');
    expect(maskTaxpayerId('91350100M000100Y43')).toBe('9135**********0Y43');
  });
});
