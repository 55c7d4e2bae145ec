import { z } from 'zod';

/**
 * Field parsers shared by the vendor shapes. Vendor payloads are untrusted: every row
 * is parsed with these before it can reach the database, and a row that fails is
 * rejected on its own.
 */
const MAX_QUANTITY = 2_147_483_647;
const MAX_PRICE_CENTS = 999_999_999_999; // numeric(12, 2)

export const skuField = z.string().trim().min(1).max(200);
export const nameField = z.string().trim().min(1).max(500);
export const quantityField = z.number().int().min(0).max(MAX_QUANTITY);
export const currencyField = z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/);

/** A whole number sent as a string ("12"), as some vendors do. */
export const digitsField = z.string().trim().regex(/^\d{1,10}$/).transform(Number);

/** A decimal string: "12.5", "12", "012.50" all become "12.50". */
export const decimalPriceField = z
  .string()
  .trim()
  .regex(/^\d{1,10}(\.\d{1,2})?$/)
  .transform((value) => {
    const [whole, fraction = ''] = value.split('.');
    return `${Number(whole)}.${fraction.padEnd(2, '0')}`;
  });

/**
 * A price sent as a JSON number (a float): accepted only when it is a whole number of
 * cents, so 6.75 is "6.75" but 6.755 is rejected rather than silently rounded.
 */
export const floatPriceField = z
  .number()
  .nonnegative()
  .refine((n) => Number.isFinite(n) && Math.abs(n * 100 - Math.round(n * 100)) < 1e-6 && Math.round(n * 100) <= MAX_PRICE_CENTS, {
    message: 'must be a non-negative amount in whole cents',
  })
  .transform((n) => centsToPrice(Math.round(n * 100)));

/** Integer minor units as a string ("1250" → "12.50"). */
export const centsPriceField = z
  .string()
  .trim()
  .regex(/^\d{1,12}$/)
  .transform(Number)
  .refine((cents) => cents <= MAX_PRICE_CENTS)
  .transform(centsToPrice);

function centsToPrice(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
