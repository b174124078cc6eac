import Decimal from 'decimal.js';
import { Money, moneyInput } from '../../../shared/tools';

export { Money, moneyInput };

export const ZERO = new Money(0);

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
