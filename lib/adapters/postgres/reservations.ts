import type { TransactionSql } from './client';

/**
 * Locks the products' rows in id order. Every writer of `products.reserved` goes
 * through here first, so two transactions touching overlapping products always take
 * their locks in the same order and cannot deadlock.
 */
export async function lockProducts(tx: TransactionSql, productIds: string[]) {
  return tx<{ id: string; onHand: number; reserved: number }[]>`
    SELECT id, on_hand, reserved FROM products
    WHERE id = ANY(${productIds}::uuid[])
    ORDER BY id
    FOR UPDATE`;
}

/** Gives an order's reserved units back; the caller has moved the order out of PENDING. */
export async function releaseReservation(tx: TransactionSql, orderId: string): Promise<void> {
  const lines = await tx<{ productId: string; quantity: number }[]>`
    SELECT product_id, quantity FROM order_lines WHERE order_id = ${orderId}`;
  if (!lines.length) return;
  await lockProducts(tx, lines.map((l) => l.productId));
  await tx`
    UPDATE products p SET reserved = p.reserved - l.quantity, updated_at = now()
    FROM order_lines l
    WHERE l.order_id = ${orderId} AND p.id = l.product_id`;
}
