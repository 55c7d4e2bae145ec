-- Up Migration

-- Stale stock never counts, even while no sync runs.
--
-- products.on_hand is a stored sum, kept by the sync, over the vendors it counts. A
-- vendor is counted while it is enabled and its last complete read is within its
-- staleness limit; counted_until says until when its stock, as summed into on_hand,
-- may be counted (last read + limit), and is NULL for a vendor on_hand leaves out.
-- Every sync run moves vendors in and out at its start and at its end and recomputes
-- the products concerned; between runs, a vendor whose counted_until has passed is
-- caught by sellableOnHand (lib/adapters/postgres/sellableStock.ts), which reservations
-- and product reads apply to on_hand.
ALTER TABLE vendors ADD COLUMN counted_until timestamptz;

-- Each vendor row carries its SKU (a copy of products.sku, which never changes), so the
-- sync compares a page of a vendor's catalogue with what it holds in one index probe per
-- row, and finds what the vendor no longer lists without a join. NULL on rows written by
-- anything but the sync (fixtures); the sync fills it in the first time it sees the row.
ALTER TABLE vendor_stock ADD COLUMN sku text;
UPDATE vendor_stock vs SET sku = p.sku FROM products p WHERE p.id = vs.product_id;
CREATE UNIQUE INDEX vendor_stock_vendor_sku ON vendor_stock (vendor_id, sku);

-- Room in every page for a row's next version: on_hand (the sync), reserved (every order)
-- and a vendor row's quantity (the sync, confirmations) change all the time and are not
-- indexed, so with free space their updates stay HOT (same page, no index entries) instead
-- of moving the row and adding an entry to each index. Applies to pages written from now on.
ALTER TABLE products SET (fillfactor = 80);
ALTER TABLE vendor_stock SET (fillfactor = 90);

-- A vendor's result is recorded while it is read (pages, rows so far), so a run in
-- progress shows how far each vendor has come: `npm run sync:stock`, GET /admin/sync-runs.
ALTER TABLE sync_run_vendors DROP CONSTRAINT sync_run_vendors_status_check;
ALTER TABLE sync_run_vendors ADD CONSTRAINT sync_run_vendors_status_check CHECK (status IN ('running', 'succeeded', 'failed'));

-- A database synced before this migration: on_hand counted the vendors fresh at its last
-- sync under the default limit (15 minutes); record them as counted on those terms and
-- bring on_hand in line, so that the first run after it starts from a consistent state.
UPDATE vendors SET counted_until = last_synced_at + make_interval(secs => coalesce(stale_after_seconds, 900))
WHERE enabled AND last_synced_at > now() - make_interval(secs => coalesce(stale_after_seconds, 900));

UPDATE products p SET on_hand = t.on_hand
FROM (
  SELECT p2.id, coalesce(least(sum(vs.quantity), 2147483647), 0)::int AS on_hand
  FROM products p2
  LEFT JOIN vendor_stock vs ON vs.product_id = p2.id AND vs.vendor_id IN (SELECT id FROM vendors WHERE counted_until IS NOT NULL)
  GROUP BY p2.id
) t
WHERE p.id = t.id AND p.on_hand <> t.on_hand;

-- Down Migration
ALTER TABLE sync_run_vendors DROP CONSTRAINT sync_run_vendors_status_check;
DELETE FROM sync_run_vendors WHERE status = 'running';
ALTER TABLE sync_run_vendors ADD CONSTRAINT sync_run_vendors_status_check CHECK (status IN ('succeeded', 'failed'));
ALTER TABLE vendor_stock RESET (fillfactor);
ALTER TABLE products RESET (fillfactor);
DROP INDEX vendor_stock_vendor_sku;
ALTER TABLE vendor_stock DROP COLUMN sku;
ALTER TABLE vendors DROP COLUMN counted_until;
