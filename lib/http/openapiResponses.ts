import { z } from 'zod';
import type { HealthReport } from '../health';
import type { DeadLetterView } from '../operations/deadLetters';
import type { Metrics } from '../operations/metrics';
import { ORDER_STATUSES, type Order } from '../orders/types';
import { SYNC_RUN_STATUSES, type Product, type SyncRun } from '../stock/types';
import type { Problem } from './problems';

/**
 * What the API answers, as zod schemas: the OpenAPI document is generated from them, and
 * the test suites parse real responses with them. The checks at the end of this file
 * tie each schema to the type its use case returns, so a field added to a domain type
 * without its schema (or the other way round) is a compile error, not a stale document.
 * Handlers do not parse their own output at run time: it would cost every request a walk
 * over the body and turn a correct database answer into a 500 over a doc mismatch.
 */
const isoDateTime = z.iso.datetime({ offset: true }).meta({ description: 'ISO-8601 timestamp' });
const uuid = z.uuid();

export const problemSchema = z
  .looseObject({
    type: z.string().meta({ description: 'A URI naming the problem type' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().meta({ description: 'For humans; `code` is the machine-readable part' }),
    code: z.string().meta({ description: 'Stable error code, e.g. `insufficient_stock`', example: 'insufficient_stock' }),
    requestId: z.string().meta({ description: 'Quote it when reporting a problem: every log line of the request carries it' }),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .meta({ description: 'Validation errors, one per offending field' }),
  })
  .meta({ description: 'RFC 9457 problem details' });

export const allocationSchema = z.object({
  vendorId: z.string(),
  quantity: z.number().int().positive(),
  vendorOrderId: z.string().nullable(),
});

export const orderSchema = z.object({
  orderId: uuid,
  status: z.enum(ORDER_STATUSES),
  items: z.array(
    z.object({
      productId: uuid,
      quantity: z.number().int().positive(),
      allocations: z.array(allocationSchema).meta({ description: 'Which vendors supply the line; filled once CONFIRMED' }),
    }),
  ),
  failureReason: z.string().nullable(),
  attempts: z.number().int().nonnegative().meta({ description: 'Confirmation attempts so far' }),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

export const productVendorStockSchema = z.object({
  vendorId: z.string(),
  quantity: z.number().int().nonnegative(),
  price: z.string().meta({ description: 'Decimal string with two places; money never travels as a float', example: '12.50' }),
  currency: z.string().meta({ example: 'EUR' }),
  syncedAt: isoDateTime.nullable().meta({ description: "End of the vendor's last complete read; null if never read completely" }),
  stale: z.boolean().meta({ description: "Older than the vendor's staleness limit: its quantity no longer counts" }),
});

export const productSchema = z.object({
  productId: uuid,
  sku: z.string(),
  name: z.string(),
  available: z.number().int().nonnegative().meta({ description: 'onHand − reserved, never negative' }),
  onHand: z.number().int().nonnegative(),
  reserved: z.number().int().nonnegative(),
  vendors: z.array(productVendorStockSchema),
});

/** A page of a listing: `nextCursor` goes back as `cursor` for the next page, null on the last. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const orderPageSchema = pageSchema(orderSchema);
export const productPageSchema = pageSchema(productSchema);

const checkResult = z.enum(['ok', 'failing']);
export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.object({ database: checkResult, queue: checkResult }),
});

export const syncRunVendorSchema = z.object({
  vendorId: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']).meta({ description: '`running` while its pages are still coming in: the counts are its progress so far' }),
  rowsSeen: z.number().int().nonnegative(),
  rowsChanged: z.number().int().nonnegative(),
  rowsRejected: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative(),
  error: z.string().nullable(),
  durationMs: z.number().nonnegative(),
});

export const syncRunSchema = z.object({
  runId: uuid,
  trigger: z.string().meta({ description: 'Who asked: schedule, admin, cli…' }),
  status: z.enum(SYNC_RUN_STATUSES),
  startedAt: isoDateTime,
  finishedAt: isoDateTime.nullable(),
  durationMs: z.number().nonnegative().nullable(),
  productsChanged: z.number().int().nonnegative(),
  error: z.string().nullable(),
  vendors: z.array(syncRunVendorSchema),
});

export const syncRunListSchema = z.object({ items: z.array(syncRunSchema) });

export const syncStartedSchema = z.object({
  runId: uuid.nullable(),
  status: z.enum(SYNC_RUN_STATUSES),
  alreadyRunning: z.boolean().optional().meta({ description: 'Another run held the lock: this is its id' }),
});

const queueDepthsSchema = z.object({
  ready: z.number().int().nonnegative().meta({ description: 'Waiting for a worker' }),
  retrying: z.number().int().nonnegative().meta({ description: 'Waiting out a retry delay' }),
  deadLetters: z.number().int().nonnegative(),
});

export const metricsSchema = z.object({
  orders: z.object({
    byStatus: z.object(Object.fromEntries(ORDER_STATUSES.map((s) => [s, z.number().int().nonnegative()])) as Record<(typeof ORDER_STATUSES)[number], z.ZodNumber>),
    oldestPendingAgeSeconds: z.number().nonnegative().nullable(),
    outboxBacklog: z.number().int().nonnegative().meta({ description: 'Accepted orders whose message has not reached the queue yet' }),
  }),
  queue: z.union([queueDepthsSchema, z.object({ error: z.string() })]).meta({ description: 'Queue depths, or why the broker could not be asked' }),
});

export const deadLetterSchema = z.object({
  messageId: z.string(),
  orderId: uuid.nullable().meta({ description: 'Null when the body is not a readable order message' }),
  receiveCount: z.number().int().nonnegative(),
  orderStatus: z.string().nullable(),
  lastError: z.string().nullable(),
  attempts: z.number().int().nonnegative().nullable(),
  body: z.string(),
});

export const deadLetterListSchema = z.object({ items: z.array(deadLetterSchema) });
export const redriveResultSchema = z.object({ redriven: z.number().int().nonnegative() });

/** Both true only when each type is assignable to the other. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// Compile-time: each schema describes exactly what its use case returns.
const schemasMatchDomainTypes: [
  Same<z.output<typeof orderSchema>, Order>,
  Same<z.output<typeof productSchema>, Product>,
  Same<z.output<typeof syncRunSchema>, SyncRun>,
  Same<z.output<typeof healthSchema>, HealthReport>,
  Same<z.output<typeof metricsSchema>, Metrics>,
  Same<z.output<typeof deadLetterSchema>, DeadLetterView>,
  Same<z.output<typeof problemSchema>, Problem>,
] = [true, true, true, true, true, true, true];
void schemasMatchDomainTypes;
