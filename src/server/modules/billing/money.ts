// Exact decimal money arithmetic (decimal.js): each line's amounts are rounded half-up to the
// currency's minor unit (2 for EUR, 0 for JPY, 3 for BHD), and the invoice totals are the sums of
// the rounded lines, so the printed lines always add up to the printed total.
import { Decimal } from 'decimal.js';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

const digitsByCurrency = new Map<string, number>();

/** The currency's minor-unit digits (building an Intl formatter is slow, so each currency is asked once). */
export function minorUnits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

export type LineInput = { quantity: string; unitPrice: string; taxRate: string };

export function lineAmounts(line: LineInput, currency: string) {
  const digits = minorUnits(currency);
  const subtotal = new D(line.quantity).times(line.unitPrice).toDecimalPlaces(digits);
  const tax = subtotal.times(line.taxRate).dividedBy(100).toDecimalPlaces(digits);
  return { lineSubtotal: subtotal.toFixed(digits), lineTax: tax.toFixed(digits) };
}

export function invoiceTotals(lines: { lineSubtotal: string; lineTax: string }[], currency: string) {
  const digits = minorUnits(currency);
  const subtotal = lines.reduce((s, l) => s.plus(l.lineSubtotal), new D(0));
  const tax = lines.reduce((s, l) => s.plus(l.lineTax), new D(0));
  return { subtotal: subtotal.toFixed(digits), taxTotal: tax.toFixed(digits), total: subtotal.plus(tax).toFixed(digits) };
}

/** Formats a NUMERIC from the database to the currency's minor unit. */
export const money = (value: string, currency: string) => new D(value).toFixed(minorUnits(currency));

/** A NUMERIC as the shortest exact decimal string (12.5000 → 12.5). */
export const plain = (value: string) => new D(value).toString();

/** A decimal string as accepted by the API: up to 16 integer and 4 fraction digits. */
export const DECIMAL = /^\d{1,16}(\.\d{1,4})?$/;
