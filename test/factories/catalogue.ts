import { randomUUID } from 'node:crypto';
import type { Sql } from '../../lib/adapters/postgres/client';

/**
 * Puts a product with stock straight into the aggregated catalogue, as a completed sync
 * would leave it, for suites that exercise ordering rather than syncing.
 */
export async function seedProduct(sql: Sql, input: { onHand: number; sku?: string; vendors?: { vendorId: string; quantity: number; price: string }[] }) {
  const id = randomUUID();
  const sku = input.sku ?? `TEST-${id.slice(0, 8)}`;
  const vendors = input.vendors ?? [{ vendorId: 'acme', quantity: input.onHand, price: '10.00' }];
  await sql`INSERT INTO products (id, sku, name, on_hand) VALUES (${id}, ${sku}, ${`Test product ${sku}`}, ${input.onHand})`;
  for (const v of vendors) {
    await sql`INSERT INTO vendor_stock (vendor_id, product_id, quantity, price, currency)
              VALUES (${v.vendorId}, ${id}, ${v.quantity}, ${v.price}, 'EUR')`;
  }
  await sql`UPDATE vendors SET last_synced_at = now() WHERE id IN ${sql(vendors.map((v) => v.vendorId))}`;
  return { productId: id, sku };
}

export async function productCounters(sql: Sql, productId: string) {
  const [row] = await sql<{ onHand: number; reserved: number }[]>`SELECT on_hand, reserved FROM products WHERE id = ${productId}`;
  return row!;
}

/** Row counts of every table a request could write, to prove that a refused request wrote nothing. */
export async function tableCounts(sql: Sql) {
  const [row] = await sql<Record<string, number>[]>`
    SELECT (SELECT count(*)::int FROM orders) AS orders,
           (SELECT count(*)::int FROM order_lines) AS order_lines,
           (SELECT count(*)::int FROM outbox) AS outbox,
           (SELECT coalesce(sum(reserved), 0)::int FROM products) AS reserved`;
  return row!;
}
