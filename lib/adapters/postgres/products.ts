import type { ProductCatalogue, StoredProduct } from '../../stock/ports';
import type { ProductPosition, ProductVendorStock } from '../../stock/types';
import type postgres from 'postgres';
import type { Sql } from './client';
import { sellableOnHand } from './sellableStock';

interface ProductRow extends Omit<StoredProduct, 'vendors'> {
  vendors: (Omit<ProductVendorStock, 'syncedAt'> & { syncedAt: string | null })[];
}

/**
 * Product reads with each vendor's share. Vendors that are disabled are left out, as
 * they are from on-hand stock; a vendor past its staleness limit is shown, marked stale.
 * onHand is sellableOnHand: the stored sum, less any stock of a vendor that turned stale
 * since the last sync, as reservations see it.
 */
export function postgresProductCatalogue(sql: Sql, options: { defaultStaleAfterSeconds: number }): ProductCatalogue {
  function select(where: postgres.Fragment) {
    return sql<ProductRow[]>`
      SELECT p.id AS product_id, p.sku, p.name, ${sellableOnHand(sql, 'p')} AS on_hand, p.reserved,
             coalesce((SELECT json_agg(json_build_object(
                         'vendorId', vs.vendor_id,
                         'quantity', vs.quantity,
                         'price', vs.price::text,
                         'currency', vs.currency::text,
                         'syncedAt', v.last_synced_at,
                         'stale', v.last_synced_at IS NULL
                                  OR v.last_synced_at <= now() - make_interval(secs => coalesce(v.stale_after_seconds, ${options.defaultStaleAfterSeconds})))
                       ORDER BY vs.vendor_id)
                       FROM vendor_stock vs JOIN vendors v ON v.id = vs.vendor_id
                       WHERE vs.product_id = p.id AND v.enabled), '[]') AS vendors
      FROM products p
      ${where}`;
  }

  return {
    async find(productId) {
      const [row] = await select(sql`WHERE p.id = ${productId}`);
      return row && toProduct(row);
    },

    async list({ limit, after, sku }) {
      const rows = await select(sql`
        WHERE true
          ${sku !== undefined ? sql`AND p.sku = ${sku}` : sql``}
          ${after ? sql`AND p.sku > ${after.sku}` : sql``}
        ORDER BY p.sku
        LIMIT ${limit + 1}`);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const next: ProductPosition | null = rows.length > limit && last ? { sku: last.sku } : null;
      return { items: page.map(toProduct), next };
    },
  };
}

function toProduct(row: ProductRow): StoredProduct {
  return {
    productId: row.productId,
    sku: row.sku,
    name: row.name,
    onHand: row.onHand,
    reserved: row.reserved,
    // JSON carries PostgreSQL's timestamp text; clients get the same ISO-8601 form as elsewhere.
    vendors: row.vendors.map((v) => ({ ...v, syncedAt: v.syncedAt === null ? null : new Date(v.syncedAt).toISOString() })),
  };
}
