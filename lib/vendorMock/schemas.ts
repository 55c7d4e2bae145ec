import { z } from 'zod';

/** What the simulated vendors accept; anything else is a 400 through the shared middleware. */
const rate = z.number({ message: 'must be a number' }).min(0, { message: 'must be between 0 and 1' }).max(1, { message: 'must be between 0 and 1' });

export const faultSettingsSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  errorRate: rate.optional(),
  timeoutRate: rate.optional(),
  rateLimitRate: rate.optional(),
  rejectOrders: z.boolean().optional(),
});

export const skuSchema = z.string().min(1).max(200);

export const stockChangeSchema = z.strictObject({
  quantity: z.number({ message: 'must be a number' }).int({ message: 'must be a whole number' }).min(0).max(2_147_483_647),
  // A decimal string, as in the API ("12.50"): money does not pass through a float here.
  price: z.string().regex(/^\d{1,10}(\.\d{1,2})?$/, { message: 'must be a decimal string with at most two places, e.g. "12.50"' }).optional(),
  name: z.string().trim().min(1).max(500).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code' }).optional(),
});

export const vendorOrderSchema = z.strictObject({
  reference: z.string().min(1).max(200),
  lines: z
    .array(
      z.strictObject({
        sku: skuSchema,
        quantity: z.number({ message: 'must be a number' }).int({ message: 'must be a whole number' }).positive({ message: 'must be at least 1' }).max(100_000),
      }),
    )
    .min(1)
    .max(100)
    .superRefine((lines, ctx) => {
      const seen = new Set<string>();
      lines.forEach((line, index) => {
        if (seen.has(line.sku)) ctx.addIssue({ code: 'custom', path: [index, 'sku'], message: 'duplicate SKU in one order' });
        seen.add(line.sku);
      });
    }),
});

const count = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/**
 * The most rows a simulated vendor serves in one page: large enough that a catalogue of
 * 100,000 SKUs is a few dozen requests (bench/sync.ts), small enough to bound a response.
 */
export const MAX_PAGE_ROWS = 10_000;

export const pageQuerySchema = z.object({ page: z.coerce.number().int().min(1).default(1), pageSize: count(MAX_PAGE_ROWS, 10) });
export const cursorQuerySchema = z.object({ limit: count(MAX_PAGE_ROWS, 8), cursor: z.string().max(512).optional() });
export const offsetQuerySchema = z.object({ offset: z.coerce.number().int().min(0).default(0), limit: count(MAX_PAGE_ROWS, 12) });
