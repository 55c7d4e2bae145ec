import { z } from 'zod';

/**
 * Field checks and normalisers shared by the vendor shapes. Vendor payloads are untrusted:
 * every row is checked with these before it can reach the database, and a row that fails
 * is rejected on its own.
 *
 * The field schemas only check; each shape turns a checked row into a VendorStockRow with
 * one transform at the end. A zod transform (or trim, or pipe) per field costs several
 * microseconds a row, which at catalogue scale (100,000 rows a sync) was most of the time
 * spent parsing; checks alone cost well under one.
 */
const MAX_QUANTITY = 2_147_483_647;
const MAX_PRICE_CENTS = 999_999_999_999; // numeric(12, 2)

/** Not blank once trimmed; normalise with `text`. */
export const skuField = z.string().max(200).regex(/\S/);
export const nameField = z.string().max(500).regex(/\S/);
export const quantityField = z.number().int().min(0).max(MAX_QUANTITY);
/** Three letters, any case, surrounding spaces allowed; normalise with `currency`. */
export const currencyField = z.string().regex(/^\s*[A-Za-z]{3}\s*$/);

/** A whole number sent as a string ("12"), as some vendors do; normalise with `Number`. */
export const digitsField = z
  .string()
  .regex(/^\s*\d{1,10}\s*$/)
  .refine((value) => Number(value) <= MAX_QUANTITY, { message: 'must fit a 32-bit quantity' });

/** A decimal string: "12.5", "12", "012.50"; normalise with `decimalPrice`. */
export const decimalPriceField = z.string().regex(/^\s*\d{1,10}(\.\d{1,2})?\s*$/);

/**
 * A price sent as a JSON number (a float): accepted only when it is a whole number of
 * cents, so 6.75 is "6.75" but 6.755 is rejected rather than silently rounded; normalise
 * with `floatPrice`.
 */
export const floatPriceField = z
  .number()
  .nonnegative()
  .refine((n) => Number.isFinite(n) && Math.abs(n * 100 - Math.round(n * 100)) < 1e-6 && Math.round(n * 100) <= MAX_PRICE_CENTS, {
    message: 'must be a non-negative amount in whole cents',
  });

/** Integer minor units as a string ("1250"); twelve digits at most, so within numeric(12, 2). Normalise with `centsPrice`. */
export const centsPriceField = z.string().regex(/^\s*\d{1,12}\s*$/);

export const text = (value: string): string => value.trim();
export const currency = (value: string): string => value.trim().toUpperCase();

const CANONICAL_PRICE = /^(?:0|[1-9]\d*)\.\d\d$/;

/** "12.5" → "12.50", "012" → "12.00"; "12.50" as it is (the common case, without allocating). */
export function decimalPrice(value: string): string {
  if (CANONICAL_PRICE.test(value)) return value;
  const [whole, fraction = ''] = value.trim().split('.');
  return `${Number(whole)}.${fraction.padEnd(2, '0')}`;
}

export const floatPrice = (value: number): string => centsToPrice(Math.round(value * 100));
export const centsPrice = (value: string): string => centsToPrice(Number(value));

function centsToPrice(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
