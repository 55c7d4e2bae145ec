import type { StockStore } from '../../stock/ports';
import type { Sql, TransactionSql } from './client';

/**
 * The sync's writes, set-based: a page of vendor rows is two statements whatever its
 * size, and every statement writes only the rows whose values differ, so a sync where
 * nothing changed writes nothing.
 */
export function postgresStockStore(sql: Sql, options: { defaultStaleAfterSeconds: number }): StockStore {
  return {
    async applyVendorPage(vendorId, rows) {
      const skus = rows.map((r) => r.sku);
      return sql.begin(async (tx) => {
        // New SKUs become products named by the first vendor that lists them; existing
        // products keep their name, so vendors that spell it differently cannot make it flap.
        await tx`
          INSERT INTO products (sku, name)
          SELECT sku, name FROM unnest(${skus}::text[], ${rows.map((r) => r.name)}::text[]) AS i(sku, name)
          ORDER BY sku
          ON CONFLICT (sku) DO NOTHING`;
        // Rows go in product id order: inserting checks the foreign key with a share lock
        // on the product, and placeOrder locks products in id order too, so the two never
        // wait on each other in opposite orders (no deadlock).
        const [written] = await tx<{ changed: number }[]>`
          WITH incoming AS (
            SELECT p.id AS product_id, i.quantity, i.price, i.currency
            FROM unnest(${skus}::text[], ${rows.map((r) => r.quantity)}::int[], ${rows.map((r) => r.price)}::numeric[],
                        ${rows.map((r) => r.currency)}::text[]) AS i(sku, quantity, price, currency)
            JOIN products p ON p.sku = i.sku
          ), written AS (
            INSERT INTO vendor_stock AS vs (vendor_id, product_id, quantity, price, currency)
            SELECT ${vendorId}, product_id, quantity, price, currency FROM incoming ORDER BY product_id
            ON CONFLICT (vendor_id, product_id) DO UPDATE
              SET quantity = excluded.quantity, price = excluded.price, currency = excluded.currency, updated_at = now()
              WHERE (vs.quantity, vs.price, vs.currency) IS DISTINCT FROM (excluded.quantity, excluded.price, excluded.currency)
            RETURNING 1
          )
          SELECT count(*)::int AS changed FROM written`;
        return written!.changed;
      });
    },

    async zeroUnlisted(vendorId, listedSkus) {
      const result = await sql`
        UPDATE vendor_stock vs SET quantity = 0, updated_at = now()
        FROM products p
        WHERE vs.vendor_id = ${vendorId} AND p.id = vs.product_id AND vs.quantity <> 0
          AND NOT EXISTS (SELECT 1 FROM unnest(${listedSkus}::text[]) AS l(sku) WHERE l.sku = p.sku)`;
      return result.count;
    },

    async recomputeOnHand() {
      const stale = options.defaultStaleAfterSeconds;
      return sql.begin(async (tx) => {
        // Lock the products whose total is off, in id order (placeOrder's order), then
        // compute the totals again in a new statement: its snapshot includes whatever a
        // confirmation committed on those products while we waited for their locks.
        const targets = await tx<{ id: string }[]>`
          SELECT p.id
          FROM products p
          LEFT JOIN (${freshTotals(tx, stale)}) f ON f.product_id = p.id
          WHERE p.on_hand IS DISTINCT FROM coalesce(f.on_hand, 0)
          ORDER BY p.id
          FOR UPDATE OF p`;
        if (!targets.length) return 0;
        const result = await tx`
          UPDATE products p SET on_hand = t.on_hand, updated_at = now()
          FROM (
            SELECT x.id, coalesce(f.on_hand, 0) AS on_hand
            FROM unnest(${targets.map((t) => t.id)}::uuid[]) AS x(id)
            LEFT JOIN (${freshTotals(tx, stale)}) f ON f.product_id = x.id
          ) t
          WHERE p.id = t.id AND p.on_hand IS DISTINCT FROM t.on_hand`;
        return result.count;
      });
    },
  };
}

/** Per product, the stock of enabled vendors read completely within their staleness limit. */
function freshTotals(sql: TransactionSql, defaultStaleAfterSeconds: number) {
  return sql`
    SELECT vs.product_id, least(sum(vs.quantity), 2147483647)::int AS on_hand
    FROM vendor_stock vs
    JOIN vendors v ON v.id = vs.vendor_id
    WHERE v.enabled
      AND v.last_synced_at > now() - make_interval(secs => coalesce(v.stale_after_seconds, ${defaultStaleAfterSeconds}))
    GROUP BY vs.product_id`;
}
