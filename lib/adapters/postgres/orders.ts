import type { CancelOutcome, OrderPage, OrderPosition, OrderStore, PlaceOrderCommand, PlaceOutcome } from '../../orders/ports';
import type { Order, OrderStatus } from '../../orders/types';
import type { Sql } from './client';
import { lockProducts, releaseReservation } from './reservations';

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

/** Thrown inside a transaction to roll it back with a business answer. */
class Refusal {
  constructor(readonly outcome: PlaceOutcome) {}
}

/** The key was used before with this body: answer with that order, read after the rollback. */
class Replay {
  constructor(readonly orderId: string) {}
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
      const productIds = lines.map((l) => l.productId);
      const quantities = lines.map((l) => l.quantity);
      try {
        const outboxId = await sql.begin(async (tx) => {
          // With a key, the order row is the claim: a concurrent request with the same key
          // waits on the unique index until this transaction ends, then sees our row.
          const [claimed] = await tx`
            INSERT INTO orders (id, status, attempts, idempotency_key, request_hash)
            VALUES (${orderId}, 'PENDING', 0, ${idempotency?.key ?? null}, ${idempotency?.requestHash ?? null})
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING id`;
          if (!claimed) {
            const [existing] = await tx<{ id: string; requestHash: string }[]>`
              SELECT id, request_hash FROM orders WHERE idempotency_key = ${idempotency!.key}`;
            throw existing!.requestHash === idempotency!.requestHash ? new Replay(existing!.id) : new Refusal({ kind: 'key_reused' });
          }

          const products = await lockProducts(tx, productIds);
          const byId = new Map(products.map((p) => [p.id, p]));
          for (const line of lines) {
            const product = byId.get(line.productId);
            if (!product) throw new Refusal({ kind: 'unknown_product', productId: line.productId });
            const available = Math.max(0, product.onHand - product.reserved);
            if (available < line.quantity) {
              throw new Refusal({ kind: 'insufficient_stock', productId: line.productId, available, requested: line.quantity });
            }
          }

          // The rows are locked and checked above; the guard in WHERE states the invariant
          // once more so that this statement alone can never oversell.
          const [written] = await tx<{ outboxId: string; reservedLines: number }[]>`
            WITH wanted AS (
              SELECT * FROM unnest(${productIds}::uuid[], ${quantities}::int[]) WITH ORDINALITY AS w(product_id, quantity, line_no)
            ), reserved AS (
              UPDATE products p SET reserved = p.reserved + w.quantity, updated_at = now()
              FROM wanted w
              WHERE p.id = w.product_id AND p.on_hand - p.reserved >= w.quantity
              RETURNING p.id
            ), lines AS (
              INSERT INTO order_lines (order_id, line_no, product_id, quantity)
              SELECT ${orderId}, line_no, product_id, quantity FROM wanted
            ), outbox_row AS (
              INSERT INTO outbox (order_id, payload) VALUES (${orderId}, ${sql.json({ orderId })})
              RETURNING id
            )
            SELECT (SELECT id FROM outbox_row) AS outbox_id, (SELECT count(*)::int FROM reserved) AS reserved_lines`;
          if (written!.reservedLines !== lines.length) {
            throw new Error(`reservation guard refused a checked line for order ${orderId}`);
          }
          return String(written!.outboxId);
        });
        return { kind: 'placed', order: (await find(orderId))!, outboxId };
      } catch (error) {
        if (error instanceof Refusal) return error.outcome;
        // Read outside the transaction: holding one pooled connection while waiting for
        // another is how a burst of replays would starve the pool.
        if (error instanceof Replay) return { kind: 'replayed', order: (await find(error.orderId))! };
        throw error;
      }
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
