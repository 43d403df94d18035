// Input shapes and exact decimal helpers shared by the cooperative resources.
import { z } from '@hono/zod-openapi';
import { Decimal as DecimalJs } from 'decimal.js';

const D = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP });

/** A NUMERIC from the database as the shortest exact decimal string (12.5000 → 12.5). */
export const plain = (value: string) => new D(value).toString();
export const plainOrNull = (value: unknown) => (value == null ? null : plain(value as string));

export const decimalCompare = (a: string, b: string) => new D(a).comparedTo(b);
export const decimalSum = (a: string, b: string) => new D(a).plus(b).toFixed();
export const decimalProduct = (a: string, b: string) => new D(a).times(b).toDecimalPlaces(4).toFixed();

const UNSIGNED = /^\d{1,16}(\.\d{1,4})?$/;
const SIGNED = /^-?\d{1,16}(\.\d{1,4})?$/;
const HINT = 'a decimal number like 12.50 (up to 16 digits and 4 decimals)';

/** A non-negative decimal string (quantities, prices, capacities). */
export const Amount = z.string().regex(UNSIGNED, HINT).openapi({ example: '12.5' });
/** A decimal string greater than zero. */
export const PositiveAmount = Amount.refine((v) => /[1-9]/.test(v), 'must be greater than 0');
/** A signed, non-zero decimal string (inventory adjustments). */
export const Delta = z
  .string()
  .regex(SIGNED, 'a signed decimal number like -3 or 12.5 (up to 4 decimals)')
  .refine((v) => /[1-9]/.test(v), 'must not be 0')
  .openapi({ example: '-3.5' });

const currencies = new Set(Intl.supportedValuesOf('currency'));
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code').refine((c) => currencies.has(c), 'unknown currency');

export const Name = z.string().trim().min(1).max(200);
export const ShortText = z.string().trim().min(1).max(200);
export const LongText = z.string().trim().max(2000);

/**
 * Phone numbers are stored normalised so "+233 24 123-4567" and "+233241234567" are the same farmer:
 * spaces, dots, dashes and parentheses are dropped, a leading 00 becomes +, and what remains must be
 * 7 to 15 digits with an optional leading + (E.164-like; the database CHECK says the same).
 */
export function normalisePhone(raw: string): string {
  const compact = raw.trim().replace(/[\s.\-()]/g, '');
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
}
export const Phone = z
  .string()
  .max(40)
  .transform(normalisePhone)
  .pipe(z.string().regex(/^\+?\d{7,15}$/, 'a phone number of 7 to 15 digits, optionally starting with +'))
  .openapi({ example: '+233 24 123 4567' });

/** A reference to another row of this organization that was not found: a field error, like a bad value. */
export const unknownReference = (field: string, what: string) => ({
  errors: [{ path: `body.${field}`, message: `no such ${what} in this organization` }],
});
