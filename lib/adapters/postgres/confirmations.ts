import type { AllocationRecord, ConfirmationLine, ConfirmationState, ConfirmationStore } from '../../orders/ports';
import type { OrderStatus } from '../../orders/types';
import type { Sql } from './client';
import { lockProducts, releaseReservation } from './reservations';

export function postgresConfirmationStore(sql: Sql, options: { staleAfterSeconds: number }): ConfirmationStore {
  async function load(orderId: string): Promise<ConfirmationState | undefined> {
    const [row] = await sql<{ orderId: string; status: OrderStatus; attempts: number; lines: ConfirmationLine[]; allocations: AllocationRecord[] }[]>`
      SELECT o.id AS order_id, o.status, o.attempts,
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
    load,

    async startAttempt(orderId) {
      await sql`UPDATE orders SET attempts = attempts + 1, updated_at = now() WHERE id = ${orderId} AND status = 'PENDING'`;
      return load(orderId);
    },

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
      return sql.begin(async (tx) => {
        // The order row lock serialises this with cancel and with a concurrent confirm of the same order.
        const [order] = await tx<{ status: OrderStatus }[]>`SELECT status FROM orders WHERE id = ${orderId} FOR UPDATE`;
        if (order?.status !== 'PENDING') return false;
        const lines = await tx<{ productId: string }[]>`SELECT product_id FROM order_lines WHERE order_id = ${orderId}`;
        await lockProducts(tx, lines.map((l) => l.productId));
        await tx`UPDATE orders SET status = 'CONFIRMED', failure_reason = NULL, updated_at = now() WHERE id = ${orderId}`;
        // The reservation becomes a sale: the units leave both reserved and on hand. on_hand
        // may already be lower when a sync saw the vendor's decrement first.
        await tx`
          UPDATE products p SET reserved = p.reserved - l.quantity, on_hand = greatest(p.on_hand - l.quantity, 0), updated_at = now()
          FROM order_lines l
          WHERE l.order_id = ${orderId} AND p.id = l.product_id`;
        await tx`
          UPDATE vendor_stock vs SET quantity = greatest(vs.quantity - a.quantity, 0), updated_at = now()
          FROM order_allocations a
          WHERE a.order_id = ${orderId} AND a.status = 'placed' AND vs.vendor_id = a.vendor_id AND vs.product_id = a.product_id`;
        return true;
      });
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
