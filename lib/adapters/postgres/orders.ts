import type { CancelOutcome, OrderPage, OrderPosition, OrderStore, PlaceOrderCommand, PlaceOutcome } from '../../orders/ports';
import type { Order, OrderStatus } from '../../orders/types';
import type { Sql } from './client';
import { releaseReservation } from './reservations';
import { sellableOnHand } from './sellableStock';

interface OrderRow {
  orderId: string;
  status: OrderStatus;
  failureReason: string | null;
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
  position: string;
  items: Order['items'] | null;
}

interface PlaceRow {
  createdId: string | null;
  createdAt: Date | null;
  outboxId: string | null;
  unknownProduct: string | null;
  short: { productId: string; available: number; requested: number } | null;
  existingId: string | null;
  existingHash: string;
}

/**
 * Placing an order is one statement, so one round trip and one implicit transaction:
 * 1. `locked` takes the products' row locks in id order (every writer of `reserved` does),
 *    so overlapping multi-line orders queue behind each other instead of deadlocking;
 *    FOR UPDATE returns the latest committed version of each row, so `verdict` judges
 *    availability on numbers nobody else can change until we commit;
 * 2. the order row is inserted only when every line is known and available and the
 *    Idempotency-Key is new; a concurrent request with the same key makes this INSERT
 *    wait, then do nothing;
 * 3. reservation, lines and outbox row are written only if the order row was, so a
 *    refused request writes nothing at all;
 * 4. `assert_true` turns "every line was reserved, none below zero" into a condition of the
 *    commit: if it ever failed, the statement would roll back whole rather than oversell or
 *    half-reserve. The guard is checked on the updated rows (RETURNING), not in the UPDATE's
 *    WHERE: a WHERE is first judged on the row as of the statement's snapshot, and a row a
 *    concurrent cancel freed up after that snapshot would be skipped there, never rechecked
 *    on the version `locked` saw, failing a valid order.
 */
function placeOrderStatement(sql: Sql, { orderId, lines, idempotency, correlationId }: PlaceOrderCommand) {
  const productIds = lines.map((l) => l.productId);
  const quantities = lines.map((l) => l.quantity);
  const key = idempotency?.key ?? null;
  return sql<PlaceRow[]>`
    WITH wanted AS (
      SELECT * FROM unnest(${productIds}::uuid[], ${quantities}::int[]) WITH ORDINALITY AS w(product_id, quantity, line_no)
    ), locked AS (
      -- on_hand as sellableOnHand: stock of a vendor gone stale since the last sync never counts
      SELECT p.id, ${sellableOnHand(sql, 'p')} AS on_hand, p.reserved FROM products p
      WHERE p.id = ANY(${productIds}::uuid[])
      ORDER BY p.id
      FOR UPDATE
    ), verdict AS (
      SELECT
        (SELECT w.product_id FROM wanted w LEFT JOIN locked l ON l.id = w.product_id
         WHERE l.id IS NULL ORDER BY w.line_no LIMIT 1) AS unknown_product,
        (SELECT json_build_object('productId', w.product_id, 'available', greatest(l.on_hand - l.reserved, 0), 'requested', w.quantity)
         FROM wanted w JOIN locked l ON l.id = w.product_id
         WHERE l.on_hand - l.reserved < w.quantity ORDER BY w.line_no LIMIT 1) AS short
    ), existing AS (
      SELECT id, request_hash FROM orders WHERE ${key}::text IS NOT NULL AND idempotency_key = ${key}
    ), created AS (
      INSERT INTO orders (id, status, attempts, idempotency_key, request_hash)
      SELECT ${orderId}, 'PENDING', 0, ${key}, ${idempotency?.requestHash ?? null}
      FROM verdict
      WHERE verdict.unknown_product IS NULL AND verdict.short IS NULL AND NOT EXISTS (SELECT 1 FROM existing)
      ON CONFLICT (idempotency_key) DO NOTHING
      RETURNING id, created_at
    ), reserved AS (
      UPDATE products p SET reserved = p.reserved + w.quantity, updated_at = now()
      FROM wanted w
      WHERE p.id = w.product_id AND EXISTS (SELECT 1 FROM created)
      RETURNING p.id, p.on_hand - p.reserved AS left_over
    ), order_lines_written AS (
      INSERT INTO order_lines (order_id, line_no, product_id, quantity)
      SELECT created.id, w.line_no, w.product_id, w.quantity FROM created, wanted w
    ), outbox_row AS (
      INSERT INTO outbox (order_id, payload)
      SELECT id, ${sql.json(correlationId ? { orderId, correlationId } : { orderId })} FROM created
      RETURNING id
    )
    SELECT (SELECT id FROM created) AS created_id,
           (SELECT created_at FROM created) AS created_at,
           (SELECT id FROM outbox_row) AS outbox_id,
           verdict.unknown_product, verdict.short,
           (SELECT id FROM existing) AS existing_id,
           (SELECT request_hash FROM existing) AS existing_hash,
           assert_true(NOT EXISTS (SELECT 1 FROM created) OR (SELECT count(*) FROM reserved WHERE left_over >= 0) = ${lines.length},
                       'every line of a placed order is reserved') AS reserved_all
    FROM verdict`;
}

export function postgresOrderStore(sql: Sql): OrderStore {
  async function findMany(where: { ids: string[] }): Promise<OrderRow[]> {
    return sql<OrderRow[]>`
      SELECT o.id AS order_id, o.status, o.failure_reason, o.attempts, o.created_at, o.updated_at,
             to_json(o.created_at) #>> '{}' AS position,
             (SELECT json_agg(json_build_object(
                       'productId', l.product_id,
                       'quantity', l.quantity,
                       'allocations', (SELECT coalesce(json_agg(json_build_object(
                                                 'vendorId', a.vendor_id,
                                                 'quantity', a.quantity,
                                                 'vendorOrderId', a.vendor_order_id) ORDER BY a.vendor_id), '[]')
                                       FROM order_allocations a
                                       WHERE a.order_id = l.order_id AND a.product_id = l.product_id
                                         AND a.status = 'placed'))
                     ORDER BY l.line_no)
              FROM order_lines l WHERE l.order_id = o.id) AS items
      FROM orders o
      WHERE o.id = ANY(${where.ids}::uuid[])`;
  }

  async function find(orderId: string): Promise<Order | undefined> {
    const [row] = await findMany({ ids: [orderId] });
    return row && toOrder(row);
  }

  return {
    find,

    async place(command: PlaceOrderCommand): Promise<PlaceOutcome> {
      const { orderId, lines, idempotency } = command;
      const key = idempotency?.key ?? null;
      const [row] = await placeOrderStatement(sql, command);
      const r = row!;

      if (r.existingId || (key && !r.createdId && !r.unknownProduct && !r.short)) {
        // The key was used before, or by a request that committed while we waited on it.
        const existing = r.existingId
          ? { id: r.existingId, requestHash: r.existingHash }
          : (await sql<{ id: string; requestHash: string }[]>`SELECT id, request_hash FROM orders WHERE idempotency_key = ${key}`)[0]!;
        if (existing.requestHash !== idempotency!.requestHash) return { kind: 'key_reused' };
        return { kind: 'replayed', order: (await find(existing.id))! };
      }
      if (r.unknownProduct) return { kind: 'unknown_product', productId: r.unknownProduct };
      if (r.short) return { kind: 'insufficient_stock', ...r.short };

      const createdAt = r.createdAt!.toISOString();
      return {
        kind: 'placed',
        outboxId: String(r.outboxId),
        // Everything the reply needs is known here: reading the order back would cost a round trip.
        order: {
          orderId,
          status: 'PENDING',
          items: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, allocations: [] })),
          failureReason: null,
          attempts: 0,
          createdAt,
          updatedAt: createdAt,
        },
      };
    },

    async list({ status, limit, after }): Promise<OrderPage> {
      const rows = await sql<{ id: string; position: string }[]>`
        SELECT id, to_json(created_at) #>> '{}' AS position FROM orders
        WHERE true
          ${status ? sql`AND status = ${status}` : sql``}
          ${after ? sql`AND (created_at, id) < (${after.createdAt}::timestamptz, ${after.orderId}::uuid)` : sql``}
        ORDER BY created_at DESC, id DESC
        LIMIT ${limit + 1}`;
      const page = rows.slice(0, limit);
      const full = await findMany({ ids: page.map((r) => r.id) });
      const byId = new Map(full.map((r) => [r.orderId, r]));
      const items = page.map((r) => toOrder(byId.get(r.id)!));
      const last = page[page.length - 1];
      const next: OrderPosition | null = rows.length > limit && last ? { createdAt: last.position, orderId: last.id } : null;
      return { items, next };
    },

    async cancel(orderId: string): Promise<CancelOutcome> {
      const outcome = await sql.begin(async (tx): Promise<CancelOutcome | undefined> => {
        const [order] = await tx<{ status: OrderStatus }[]>`SELECT status FROM orders WHERE id = ${orderId} FOR UPDATE`;
        if (!order) return { kind: 'not_found' };
        if (order.status !== 'PENDING') return { kind: 'not_pending', status: order.status };
        await tx`UPDATE orders SET status = 'CANCELLED', updated_at = now() WHERE id = ${orderId}`;
        await releaseReservation(tx, orderId);
        return undefined;
      });
      return outcome ?? { kind: 'cancelled', order: (await find(orderId))! };
    },
  };
}

function toOrder(row: OrderRow): Order {
  return {
    orderId: row.orderId,
    status: row.status,
    items: row.items ?? [],
    failureReason: row.failureReason,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
