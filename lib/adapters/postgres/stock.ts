import type { StockStore } from '../../stock/ports';
import type { VendorStockRow } from '../../stock/types';
import type { Sql } from './client';

/** Products recomputed per transaction: their row locks are held for a fraction of a second. */
const RECOMPUTE_SLICE = 5_000;

/**
 * The sync's writes, set-based: a page of vendor rows is one read that finds the rows that
 * differ, then one statement that writes those, whatever the page's size. No statement
 * writes (or even locks) a row whose values are unchanged, so a sync where nothing changed
 * writes nothing and keeps out of placeOrder's way.
 */
export function postgresStockStore(sql: Sql, options: { defaultStaleAfterSeconds: number }): StockStore {
  /** Per vendor, whether its last page was mostly new rows: a hint, so per process is enough. */
  const mostlyNew = new Map<string, boolean>();
  const staleAfter = sql`make_interval(secs => coalesce(stale_after_seconds, ${options.defaultStaleAfterSeconds}))`;

  return {
    async applyVendorPage(vendorId, rows) {
      const changed: string[] = [];
      // Most rows of most pages are as we hold them: a plain read finds the others, and
      // only those are written (no transaction, no lock). While a vendor's pages turn out
      // mostly new (its first sync), that read is skipped: the write compares them anyway.
      let pending = mostlyNew.get(vendorId) ? rows : await differingRows(sql, vendorId, rows);
      // Rows whose SKU another vendor's page was creating at the same moment come back
      // unresolved; a second statement, with a snapshot taken after that page committed, finds them.
      for (let attempt = 0; pending.length && attempt < 3; attempt++) {
        const written = await writeVendorPage(sql, vendorId, pending);
        if (written.changed) changed.push(...written.changed.split(','));
        const unresolved = new Set(written.unresolved);
        pending = unresolved.size ? pending.filter((row) => unresolved.has(row.sku)) : [];
      }
      mostlyNew.set(vendorId, changed.length > rows.length / 2);
      return { changedProductIds: changed };
    },

    async zeroUnlisted(vendorId, listedSkus) {
      // The listed SKUs travel as one JSON text (serialised natively, parsed by PostgreSQL
      // into a hash for the anti-join): much cheaper than an array parameter, or than
      // fetching the vendor's rows to compare here. A row without its SKU yet was not
      // listed in this run (the page writes fill it in). The sync holds its lock, so no
      // other run adds rows for this vendor meanwhile; a row a confirmation lowers is still zeroed.
      const zeroed = await sql<{ productId: string }[]>`
        UPDATE vendor_stock vs SET quantity = 0, updated_at = now()
        WHERE vs.vendor_id = ${vendorId} AND vs.quantity <> 0
          AND (vs.sku IS NULL OR NOT EXISTS (
                SELECT 1 FROM json_array_elements_text((${JSON.stringify([...listedSkus])}::text)::json) AS listed(sku)
                WHERE listed.sku = vs.sku))
        RETURNING vs.product_id`;
      return { changedProductIds: zeroed.map((z) => z.productId) };
    },

    async recomputeOnHand({ productIds, everything = false }) {
      // 1. Who counts from now on: enabled vendors read completely within their limit, until that limit.
      const vendors = await sql<{ id: string; was: Date | null; until: Date | null }[]>`
        SELECT id, counted_until AS was,
               CASE WHEN enabled AND last_synced_at + ${staleAfter} > now() THEN last_synced_at + ${staleAfter} END AS until
        FROM vendors`;
      const counted = vendors.filter((v) => v.until !== null).map((v) => v.id);
      const flipped = vendors.filter((v) => (v.was === null) !== (v.until === null)).map((v) => v.id);

      // 2. The products concerned, in id order.
      const ids = [...productIds];
      const targets = everything
        ? (await sql<{ id: string }[]>`SELECT id FROM products ORDER BY id`).map((t) => t.id)
        : (
            await sql<{ id: string }[]>`
              SELECT id FROM products
              WHERE id IN (SELECT unnest(${ids}::uuid[]))
                 OR id IN (SELECT product_id FROM vendor_stock WHERE vendor_id = ANY(${flipped}::text[]))
              ORDER BY id`
          ).map((t) => t.id);

      // 3. Their sums over the vendors counted from now on, a slice at a time so that no
      //    order waits long on a product's lock. Each slice locks its products in id order
      //    (placeOrder's order), then sums in a new statement: its snapshot includes what a
      //    confirmation committed on them while we waited for the locks.
      let changed = 0;
      for (let start = 0; start < targets.length; start += RECOMPUTE_SLICE) {
        const slice = targets.slice(start, start + RECOMPUTE_SLICE);
        changed += await sql.begin(async (tx) => {
          await tx`SELECT 1 FROM products WHERE id = ANY(${slice}::uuid[]) ORDER BY id FOR UPDATE`;
          const result = await tx`
            UPDATE products p SET on_hand = t.on_hand, updated_at = now()
            FROM (
              SELECT x.id, least(coalesce(sum(vs.quantity), 0), 2147483647)::int AS on_hand
              FROM unnest(${slice}::uuid[]) AS x(id)
              LEFT JOIN vendor_stock vs ON vs.product_id = x.id AND vs.vendor_id = ANY(${counted}::text[])
              GROUP BY x.id
            ) t
            WHERE p.id = t.id AND p.on_hand <> t.on_hand`;
          return result.count;
        });
      }

      // 4. Only now the vendors' new state: until here, one going out (stale or disabled)
      //    still has its counted_until, past or on a disabled vendor, so sellableOnHand
      //    leaves it out of the products not yet recomputed; one coming in is fresh, and
      //    counting its stock a moment early is harmless.
      await sql`
        UPDATE vendors v SET counted_until = n.until
        FROM unnest(${vendors.map((v) => v.id)}::text[], ${vendors.map((v) => v.until?.toISOString() ?? null)}::timestamptz[]) AS n(id, until)
        WHERE v.id = n.id AND v.counted_until IS DISTINCT FROM n.until`;
      return changed;
    },
  };
}

/**
 * The rows of a page that are new to this vendor or differ from what we hold. The page
 * travels as one JSON text (without names, which the comparison does not need): escaping
 * array parameters of thousands of elements cost more than the statement. It is joined
 * with the vendor's rows in the page's SKU range by hash: one pass over each side, about
 * the cost of parsing the page; an index probe per row (the plan PostgreSQL picks, as it
 * cannot know the page's size) cost twice as much.
 */
async function differingRows(sql: Sql, vendorId: string, rows: VendorStockRow[]): Promise<VendorStockRow[]> {
  const compared = JSON.stringify(rows, ['sku', 'quantity', 'price', 'currency']);
  const differing = await sql.begin(async (tx) => {
    await tx`SET LOCAL enable_nestloop = off`;
    return tx<{ n: string }[]>`
      WITH page AS MATERIALIZED (
        SELECT * FROM ROWS FROM (json_to_recordset((${compared}::text)::json) AS (sku text, quantity int, price numeric, currency text))
             WITH ORDINALITY AS i(sku, quantity, price, currency, n)
      )
      SELECT page.n FROM page
      LEFT JOIN vendor_stock vs ON vs.vendor_id = ${vendorId} AND vs.sku = page.sku
            AND vs.sku BETWEEN (SELECT min(sku) FROM page) AND (SELECT max(sku) FROM page)
      WHERE vs.sku IS NULL OR (vs.quantity, vs.price, vs.currency::text) IS DISTINCT FROM (page.quantity, page.price, page.currency)`;
  });
  return differing.map(({ n }) => rows[Number(n) - 1]!);
}

/**
 * Writes rows that differ, in one statement (plus a SET LOCAL), whatever their number:
 * - `incoming` compares each row once more: a confirmation may have changed it since;
 * - `created`: new SKUs become products named by the first vendor that lists them;
 *   existing products keep their name, so vendors that spell it differently cannot make
 *   it flap. SKU order, so two pages creating the same SKUs wait in one order, not
 *   crosswise; a SKU another page is creating right now comes back in `unresolved`;
 * - `written` goes in product id order: the foreign key check share-locks each product,
 *   and placeOrder locks products in id order too, so the two cannot deadlock. Only rows
 *   that differ reach it: an upsert of every row with a WHERE on its DO UPDATE would still
 *   lock, and so write, each unchanged row.
 * The answer is one row (changed product ids joined by commas, unresolved SKUs): parsing
 * thousands of result rows cost more than the statement.
 */
async function writeVendorPage(sql: Sql, vendorId: string, rows: VendorStockRow[]) {
  return sql.begin(async (tx) => {
    // A statement estimated this costly gets JIT-compiled, which takes longer than running it.
    await tx`SET LOCAL jit = off`;
    const [written] = await tx<{ changed: string; unresolved: string[] }[]>`
      WITH incoming AS MATERIALIZED (
        SELECT i.*,
               (SELECT row(vs.quantity, vs.price, vs.currency::text) FROM vendor_stock vs
                WHERE vs.vendor_id = ${vendorId} AND vs.sku = i.sku) IS DISTINCT FROM row(i.quantity, i.price, i.currency) AS differs
        FROM json_to_recordset((${JSON.stringify(rows)}::text)::json) AS i(sku text, name text, quantity int, price numeric, currency text)
      ), changed AS MATERIALIZED (
        SELECT i.*, (SELECT p.id FROM products p WHERE p.sku = i.sku) AS known_id FROM incoming i WHERE i.differs
      ), created AS (
        INSERT INTO products (sku, name)
        SELECT sku, name FROM changed WHERE known_id IS NULL ORDER BY sku
        ON CONFLICT (sku) DO NOTHING
        RETURNING id, sku
      ), resolved AS (
        SELECT coalesce(c.known_id, n.id) AS product_id, c.sku, c.quantity, c.price, c.currency
        FROM changed c LEFT JOIN created n ON c.known_id IS NULL AND n.sku = c.sku
      ), written AS (
        INSERT INTO vendor_stock AS vs (vendor_id, product_id, sku, quantity, price, currency)
        SELECT ${vendorId}, product_id, sku, quantity, price, currency FROM resolved WHERE product_id IS NOT NULL ORDER BY product_id
        ON CONFLICT (vendor_id, product_id) DO UPDATE
          SET sku = excluded.sku, quantity = excluded.quantity, price = excluded.price, currency = excluded.currency, updated_at = now()
          WHERE (vs.sku, vs.quantity, vs.price, vs.currency) IS DISTINCT FROM (excluded.sku, excluded.quantity, excluded.price, excluded.currency)
        RETURNING product_id
      )
      SELECT (SELECT coalesce(string_agg(product_id::text, ','), '') FROM written) AS changed,
             (SELECT coalesce(array_agg(sku), '{}') FROM resolved WHERE product_id IS NULL) AS unresolved`;
    return written!;
  });
}
