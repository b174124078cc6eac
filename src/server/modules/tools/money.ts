import Decimal from 'decimal.js';
import { z } from 'zod';

/**
 * Money in the calculators: decimal.js values in yuan, rounded half-up to the fen only where a
 * tax document says an amount is final. Never binary floating point in between.
 */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Money = Decimal;

export const ZERO = new Money(0);

/** The largest amount a calculator accepts (a trillion yuan): beyond that an input is a typo. */
const MAX_AMOUNT = new Money('1000000000000');

const amountPattern = /^\d{1,13}(\.\d{1,2})?$/;

/**
 * An amount in yuan as the API takes it: a JSON number or a numeric string, not negative,
 * at most 2 decimal places (fen). Parsed straight to a decimal so 0.1 + 0.2 stays 0.30.
 */
export const moneyInput = z.union([z.number(), z.string().trim()]).transform((value, ctx) => {
  const text = typeof value === 'number' ? numberToPlainText(value) : value;
  if (text === null || !amountPattern.test(text)) {
    ctx.addIssue({ code: 'custom', message: '须为不小于 0 的金额，最多两位小数' });
    return z.NEVER;
  }
  const amount = new Money(text);
  if (amount.gt(MAX_AMOUNT)) {
    ctx.addIssue({ code: 'custom', message: '金额过大' });
    return z.NEVER;
  }
  return amount;
});

/** A JSON number written out without exponent; null for NaN, infinities and negatives. */
function numberToPlainText(value: number): string | null {
  if (!Number.isFinite(value) || value < 0) return null;
  // JSON numbers such as 1e-7 must not sneak past the pattern as "1e-7".
  return new Money(value).toFixed();
}

/** Rounds to the fen (half up), as every final tax amount is stated. */
export function toFen(amount: Decimal): Decimal {
  return amount.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** The amount in yuan for a JSON reply: a number with at most 2 decimals (rounded half up). */
export function yuan(amount: Decimal): number {
  return Number(toFen(amount).toFixed(2));
}

/** The larger of an amount and zero. */
export function atLeastZero(amount: Decimal): Decimal {
  return amount.isNegative() ? ZERO : amount;
}

export function sum(amounts: readonly Decimal[]): Decimal {
  return amounts.reduce((total, a) => total.plus(a), ZERO);
}
