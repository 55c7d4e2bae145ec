import type { ConfirmationState, ConfirmationStore } from '../../orders/ports';
import type { OrderStatus } from '../../orders/types';
import type { Sql } from './client';
import { releaseReservation } from './reservations';

export function postgresConfirmationStore(sql: Sql, options: { staleAfterSeconds: number }): ConfirmationStore {
  type StateRow = ConfirmationState;

  /** The order's confirmation state; `bumpAttempt` counts an attempt on a PENDING order in the same statement. */
  async function readState(orderId: string, bumpAttempt: boolean): Promise<ConfirmationState | undefined> {
    const [row] = await sql<StateRow[]>`
      WITH bumped AS (
        UPDATE orders SET attempts = attempts + 1, updated_at = now()
        WHERE id = ${orderId} AND status = 'PENDING' AND ${bumpAttempt}
        RETURNING attempts
      )
      SELECT o.id AS order_id, o.status, coalesce((SELECT attempts FROM bumped), o.attempts) AS attempts, o.created_at,
             (SELECT coalesce(json_agg(json_build_object('productId', l.product_id, 'sku', p.sku, 'quantity', l.quantity) ORDER BY l.line_no), '[]')
              FROM order_lines l JOIN products p ON p.id = l.product_id
              WHERE l.order_id = o.id) AS lines,
             (SELECT coalesce(json_agg(json_build_object('productId', a.product_id, 'vendorId', a.vendor_id, 'quantity', a.quantity,
                                                         'status', a.status, 'vendorOrderId', a.vendor_order_id)
                                       ORDER BY a.product_id, a.vendor_id), '[]')
              FROM order_allocations a WHERE a.order_id = o.id) AS allocations
      FROM orders o WHERE o.id = ${orderId}`;
    return row;
  }

  return {
    load: (orderId) => readState(orderId, false),
    startAttempt: (orderId) => readState(orderId, true),

    async offers(productIds) {
      return sql`
        SELECT vs.product_id, vs.vendor_id, vs.quantity, vs.price::text AS unit_price, vs.currency
        FROM vendor_stock vs JOIN vendors v ON v.id = vs.vendor_id
        WHERE vs.product_id = ANY(${productIds}::uuid[])
          AND vs.quantity > 0
          AND v.enabled
          AND v.last_synced_at > now() - make_interval(secs => coalesce(v.stale_after_seconds, ${options.staleAfterSeconds}))`;
    },

    async plan(orderId, allocations) {
      if (!allocations.length) return;
      await sql`
        INSERT INTO order_allocations (order_id, product_id, vendor_id, quantity, unit_price, currency, status)
        SELECT ${orderId}, product_id, vendor_id, quantity, unit_price, currency, 'planned'
        FROM unnest(${allocations.map((a) => a.productId)}::uuid[], ${allocations.map((a) => a.vendorId)}::text[],
                    ${allocations.map((a) => a.quantity)}::int[], ${allocations.map((a) => a.unitPrice)}::numeric[],
                    ${allocations.map((a) => a.currency)}::text[])
             AS x(product_id, vendor_id, quantity, unit_price, currency)
        ON CONFLICT (order_id, product_id, vendor_id) DO NOTHING`;
    },

    async markPlaced(orderId, vendorId, productIds, vendorOrderId) {
      await sql`
        UPDATE order_allocations SET status = 'placed', vendor_order_id = ${vendorOrderId}, updated_at = now()
        WHERE order_id = ${orderId} AND vendor_id = ${vendorId} AND product_id = ANY(${productIds}::uuid[]) AND status = 'planned'`;
    },

    async markRefused(orderId, vendorId, productIds) {
      await sql`
        UPDATE order_allocations SET status = 'refused', updated_at = now()
        WHERE order_id = ${orderId} AND vendor_id = ${vendorId} AND product_id = ANY(${productIds}::uuid[]) AND status = 'planned'`;
    },

    async markCancelled(orderId, vendorId) {
      await sql`
        UPDATE order_allocations SET status = 'cancelled', updated_at = now()
        WHERE order_id = ${orderId} AND vendor_id = ${vendorId} AND status = 'placed'`;
    },

    async confirm(orderId) {
      // One statement, so one round trip and one commit:
      // - `target` locks the order row; a concurrent cancel either went first (then the
      //   row is no longer PENDING and nothing below happens) or waits for us;
      // - `locked` takes the products' locks in id order, as every writer of `reserved` does;
      // - the reservation becomes a sale: the units leave both reserved and on hand (on_hand
      //   may already be lower when a sync saw the vendor's decrement first), and each
      //   vendor's stock drops by what it supplied.
      const [row] = await sql<{ confirmed: number }[]>`
        WITH target AS (
          SELECT id FROM orders WHERE id = ${orderId} AND status = 'PENDING' FOR UPDATE
        ), lines AS (
          SELECT l.product_id, l.quantity FROM order_lines l JOIN target t ON t.id = l.order_id
        ), locked AS (
          SELECT p.id FROM products p WHERE p.id IN (SELECT product_id FROM lines) ORDER BY p.id FOR UPDATE
        ), confirmed AS (
          UPDATE orders o SET status = 'CONFIRMED', failure_reason = NULL, updated_at = now()
          FROM target t
          WHERE o.id = t.id AND (SELECT count(*) FROM locked) = (SELECT count(*) FROM lines)
          RETURNING o.id
        ), sold AS (
          UPDATE products p SET reserved = p.reserved - l.quantity, on_hand = greatest(p.on_hand - l.quantity, 0), updated_at = now()
          FROM lines l
          WHERE p.id = l.product_id AND EXISTS (SELECT 1 FROM confirmed)
          RETURNING p.id
        ), supplied AS (
          UPDATE vendor_stock vs SET quantity = greatest(vs.quantity - a.quantity, 0), updated_at = now()
          FROM order_allocations a
          WHERE a.order_id = ${orderId} AND a.status = 'placed' AND vs.vendor_id = a.vendor_id AND vs.product_id = a.product_id
            AND EXISTS (SELECT 1 FROM sold)
          RETURNING vs.product_id
        )
        SELECT (SELECT count(*) FROM confirmed)::int AS confirmed,
               assert_true(NOT EXISTS (SELECT 1 FROM confirmed) OR (SELECT count(*) FROM sold) = (SELECT count(*) FROM lines),
                           'a confirmed order sells every line') AS sold_all,
               (SELECT count(*) FROM supplied)::int AS supplied`;
      return row!.confirmed === 1;
    },

    async close(orderId, status, reason) {
      return sql.begin(async (tx) => {
        const [order] = await tx<{ status: OrderStatus }[]>`SELECT status FROM orders WHERE id = ${orderId} FOR UPDATE`;
        if (order?.status !== 'PENDING') return false;
        await tx`UPDATE orders SET status = ${status}, failure_reason = ${reason}, updated_at = now() WHERE id = ${orderId}`;
        await releaseReservation(tx, orderId);
        return true;
      });
    },
  };
}
