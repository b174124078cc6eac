/**
 * Taxpayer ids (纳税人识别号) with their check characters, shared by the server (the judge) and the web
 * form (early warning). Accepted forms:
 * - 18 characters: a unified social credit code (统一社会信用代码, GB 32100-2015, check character
 *   mod 31) or a citizen ID number (公民身份号码, GB 11643-1999, ISO 7064 MOD 11-2, with a real birth date);
 * - 15 characters: the legacy taxpayer id of an organisation: a 6-digit region code and the 9-character
 *   organisation code (组织机构代码, GB 11714-1997, check character mod 11);
 * - 20 characters: the legacy taxpayer id of an individual business: an 18-digit ID number and 2 digits.
 * A 15-digit first-generation ID number has no check character and is not accepted: it was replaced
 * by the 18-digit number, which the caller gives instead.
 */

export type TaxpayerIdKind = 'uscc' | 'id_number' | 'legacy_org' | 'legacy_individual';

export const taxpayerIdKindNames = {
  uscc: '统一社会信用代码',
  id_number: '身份证号码',
  legacy_org: '15 位纳税人识别号',
  legacy_individual: '20 位纳税人识别号',
} as const satisfies Record<TaxpayerIdKind, string>;

export type TaxpayerIdCheck =
  | { ok: true; value: string; kind: TaxpayerIdKind }
  | { ok: false; code: 'TAXPAYER_ID_FORMAT' | 'TAXPAYER_ID_CHECK_FAILED'; message: string };

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECKS = '10X98765432';
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ORG_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The GB 32100 check character of the first 17 characters of a unified social credit code. */
export function usccCheckCharacter(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARS.indexOf(first17.charAt(i));
    if (value < 0) return null;
    sum += value * (USCC_WEIGHTS[i] ?? 0);
  }
  return USCC_CHARS.charAt((31 - (sum % 31)) % 31);
}

/** The GB 11643 check character of the first 17 digits of an ID number. */
export function idNumberCheckCharacter(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECKS.charAt(sum % 11);
}

/** The GB 11714 check character of the first 8 characters of an organisation code. */
export function orgCodeCheckCharacter(first8: string): string | null {
  if (!/^[0-9A-Z]{8}$/.test(first8)) return null;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += ORG_CHARS.indexOf(first8.charAt(i)) * (ORG_WEIGHTS[i] ?? 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

function hasRealBirthDate(idNumber: string): boolean {
  const y = Number(idNumber.slice(6, 10));
  const m = Number(idNumber.slice(10, 12));
  const d = Number(idNumber.slice(12, 14));
  if (y < 1900 || y > 2100) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const isIdNumberShape = (v: string) => /^\d{17}[\dX]$/.test(v) && hasRealBirthDate(v);
const isValidIdNumber = (v: string) => isIdNumberShape(v) && idNumberCheckCharacter(v.slice(0, 17)) === v.charAt(17);
const isUsccShape = (v: string) => new RegExp(`^[${USCC_CHARS}]{18}$`).test(v);
const isValidUscc = (v: string) => isUsccShape(v) && usccCheckCharacter(v.slice(0, 17)) === v.charAt(17);

const formatMessage = '纳税人识别号格式不正确：应为 18 位统一社会信用代码或身份证号码，或 15 位、20 位的旧纳税人识别号';

/** Normalises (trim, upper case) and checks a taxpayer id, naming what is wrong in Chinese. */
export function checkTaxpayerId(input: string): TaxpayerIdCheck {
  const value = input.trim().toUpperCase();
  const fail = (code: 'TAXPAYER_ID_FORMAT' | 'TAXPAYER_ID_CHECK_FAILED', message: string): TaxpayerIdCheck => ({
    ok: false,
    code,
    message,
  });
  if (value.length === 18) {
    if (isValidUscc(value)) return { ok: true, value, kind: 'uscc' };
    if (isValidIdNumber(value)) return { ok: true, value, kind: 'id_number' };
    if (isIdNumberShape(value)) {
      return fail('TAXPAYER_ID_CHECK_FAILED', '身份证号码校验位不正确（GB 11643），请核对最后一位');
    }
    if (isUsccShape(value)) {
      return fail('TAXPAYER_ID_CHECK_FAILED', '统一社会信用代码校验位不正确（GB 32100），请核对最后一位');
    }
    return fail(
      'TAXPAYER_ID_FORMAT',
      '18 位纳税人识别号含有不允许的字符：统一社会信用代码不使用 I、O、Z、S、V，身份证号码只有数字和末位 X',
    );
  }
  if (value.length === 15) {
    if (!/^\d{6}[0-9A-Z]{8}[0-9X]$/.test(value)) return fail('TAXPAYER_ID_FORMAT', formatMessage);
    if (orgCodeCheckCharacter(value.slice(6, 14)) !== value.charAt(14)) {
      return fail(
        'TAXPAYER_ID_CHECK_FAILED',
        '15 位纳税人识别号中的组织机构代码校验位不正确（GB 11714），请核对最后一位',
      );
    }
    return { ok: true, value, kind: 'legacy_org' };
  }
  if (value.length === 20) {
    if (!/^\d{17}[\dX]\d{2}$/.test(value) || !isIdNumberShape(value.slice(0, 18))) {
      return fail('TAXPAYER_ID_FORMAT', formatMessage);
    }
    if (!isValidIdNumber(value.slice(0, 18))) {
      return fail(
        'TAXPAYER_ID_CHECK_FAILED',
        '20 位纳税人识别号中的身份证号码校验位不正确（GB 11643），请核对第 18 位',
      );
    }
    return { ok: true, value, kind: 'legacy_individual' };
  }
  return fail('TAXPAYER_ID_FORMAT', formatMessage);
}

/** A phone number shown to someone who may not see it: `138****5678`; short numbers keep less. */
export function maskPhone(phone: string): string {
  if (phone.length >= 11) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  if (phone.length >= 7) return `${phone.slice(0, 2)}****${phone.slice(-2)}`;
  return '****';
}

/** A taxpayer id shown to someone who may not see it: the first 4 and last 4 characters. */
export function maskTaxpayerId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}` : '****';
}
