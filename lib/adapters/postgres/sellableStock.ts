import type postgres from 'postgres';
import type { Sql, TransactionSql } from './client';

/**
 * The on-hand stock of product row `alias` that may be sold or shown: what placeOrder
 * checks under the product's row lock, and what product responses report.
 *
 * products.on_hand is a stored sum that the sync keeps over the vendors it counts
 * (vendors.counted_until: until when a vendor's stock, as summed, may count; NULL when
 * on_hand leaves it out). Every sync run moves vendors in and out at its start and end.
 * - Fast path, whenever the scheduler runs: every counted vendor is enabled and within
 *   its limit, and on_hand is taken as it is. That test does not depend on the product,
 *   so PostgreSQL evaluates it once per statement (an InitPlan over the small vendors
 *   table): the reservation stays a check of one locked row.
 * - Slow path, when a counted vendor turned stale (or was disabled) and no run has
 *   recomputed on_hand since, e.g. the scheduler is down: the product's vendor rows are
 *   summed over the vendors still counted and fresh, never more than on_hand. Correct at
 *   once, and only until the next run recomputes on_hand.
 * A fragment rather than a SQL function: a function with sub-selects cannot be inlined,
 * and calling it cost ~17 µs a row, where the fragment's fast path costs nothing.
 */
export function sellableOnHand(sql: Sql | TransactionSql, alias: string): postgres.Fragment {
  const product = sql(alias);
  return sql`
    CASE WHEN NOT EXISTS (SELECT 1 FROM vendors stale WHERE stale.counted_until <= now() OR (stale.counted_until IS NOT NULL AND NOT stale.enabled))
      THEN ${product}.on_hand
      ELSE least(${product}.on_hand, (
        SELECT coalesce(sum(fresh_stock.quantity), 0)::int
        FROM vendor_stock fresh_stock JOIN vendors fresh ON fresh.id = fresh_stock.vendor_id
        WHERE fresh_stock.product_id = ${product}.id AND fresh.enabled AND fresh.counted_until > now()))
    END`;
}
