import { randomUUID } from 'node:crypto';
import type { Sql } from '../../lib/adapters/postgres/client';

/** Products with plenty of stock, straight into the aggregated catalogue, as a sync would leave them. */
export async function seedProducts(sql: Sql, count: number, onHand = 1_000_000_000): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await sql`
    INSERT INTO products (id, sku, name, on_hand)
    SELECT id, 'BENCH-' || id, 'bench product', ${onHand} FROM unnest(${ids}::uuid[]) AS id`;
  return ids;
}

/** The invariants every scenario must leave intact: nothing oversold, reservations match PENDING lines. */
export async function checkStock(sql: Sql): Promise<{ oversold: number; reservedMismatch: number }> {
  // No sync runs during a benchmark, so any product with more reserved than on hand was oversold.
  const [row] = await sql<{ oversold: number; reservedMismatch: number }[]>`
    SELECT (SELECT count(*)::int FROM products WHERE reserved > on_hand) AS oversold,
           (SELECT count(*)::int FROM products p
            WHERE p.reserved <> coalesce((SELECT sum(l.quantity) FROM order_lines l JOIN orders o ON o.id = l.order_id
                                          WHERE l.product_id = p.id AND o.status = 'PENDING'), 0)) AS reserved_mismatch`;
  return row!;
}
