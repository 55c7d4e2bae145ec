import { z } from 'zod';
import { ORDER_STATUSES, type OrderLineRequest } from '../orders/types';

/**
 * Request schemas of the public API, in one place: the handlers validate with them and
 * the OpenAPI document is generated from them.
 */
export interface OrderLimits {
  maxOrderLines: number;
  maxLineQuantity: number;
}

// Lower-cased as PostgreSQL prints them, so one id in two spellings is one product (the
// duplicate-line check, idempotency hashes) and not two lines of the same row.
export const uuid = z.uuid({ message: 'must be a UUID' }).toLowerCase();

export function orderLineSchema(limits: OrderLimits) {
  return z.strictObject({
    productId: uuid,
    quantity: z
      .number({ message: 'must be a number' })
      .int({ message: 'must be a whole number' })
      .positive({ message: 'must be at least 1' })
      .max(limits.maxLineQuantity, { message: `must be at most ${limits.maxLineQuantity}` }),
  });
}

/** A multi-line order: `{items: [...]}`, every product at most once. */
export function multiLineOrderSchema(limits: OrderLimits) {
  return z.strictObject({
    items: z
      .array(orderLineSchema(limits), { message: 'must be an array of lines' })
      .min(1, { message: 'must hold at least one line' })
      .max(limits.maxOrderLines, { message: `must hold at most ${limits.maxOrderLines} lines` })
      .superRefine((items, ctx) => {
        const seen = new Set<string>();
        items.forEach((item, index) => {
          if (seen.has(item.productId)) {
            ctx.addIssue({ code: 'custom', path: [index, 'productId'], message: 'duplicate product in one order: merge the lines' });
          }
          seen.add(item.productId);
        });
      }),
  });
}

/**
 * The order body takes two forms; which one is meant is decided by the presence of
 * `items`, so that a client gets the errors of the form it was writing, not of both.
 */
export function placeOrderBodySchema(limits: OrderLimits, body: unknown): z.ZodType<OrderLineRequest[]> {
  const forms = orderBodyForms(limits);
  return typeof body === 'object' && body !== null && 'items' in body ? forms.multi : forms.single;
}

// Building a zod schema costs far more than using one: build each form once per set of limits.
const formsByLimits = new Map<string, { single: z.ZodType<OrderLineRequest[]>; multi: z.ZodType<OrderLineRequest[]> }>();
function orderBodyForms(limits: OrderLimits) {
  const key = `${limits.maxOrderLines}:${limits.maxLineQuantity}`;
  let forms = formsByLimits.get(key);
  if (!forms) {
    forms = {
      single: orderLineSchema(limits).transform((line) => [line]),
      multi: multiLineOrderSchema(limits).transform((m) => m.items),
    };
    formsByLimits.set(key, forms);
  }
  return forms;
}

export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, { message: 'must be 1 to 255 visible ASCII characters' })
  .optional();

export const orderIdParamsSchema = z.object({ orderId: uuid });
export const productIdParamsSchema = z.object({ productId: uuid });

const limit = z.coerce.number().int().min(1).max(200).default(50);
const cursor = z.string().max(512).optional();

export const listOrdersQuerySchema = z.strictObject({
  status: z.enum(ORDER_STATUSES).optional(),
  limit,
  cursor,
});

export const listProductsQuerySchema = z.strictObject({
  sku: z.string().min(1).max(200).optional(),
  limit,
  cursor,
});

// Admin routes (functions/adminSync, functions/adminOperations).
export const recentSyncRunsQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });
export const syncRunIdParamsSchema = z.object({ runId: uuid });
export const deadLettersQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) });
export const redriveBodySchema = z.strictObject({ orderIds: z.array(uuid).min(1).max(1000).optional() }).optional();
