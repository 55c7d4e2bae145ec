import type postgres from 'postgres';
import type { CatalogueRow } from './syncCatalogue';

/**
 * The ceiling the sync is measured against: the same rows written with nothing but
 * set-based SQL (unnest, `chunk` rows a statement): new SKUs into products, then the
 * vendor rows upserted into vendor_stock (with their SKU, as the sync writes them). No HTTP,
 * no parsing, no bookkeeping.
 */
export async function rawUpsert(sql: postgres.Sql, rows: CatalogueRow[], chunk: number): Promise<void> {
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const col = <K extends keyof CatalogueRow>(key: K) => part.map((r) => r[key]);
    await sql.begin(async (tx) => {
      await tx`
        INSERT INTO products (sku, name)
        SELECT sku, name FROM unnest(${col('sku')}::text[], ${col('name')}::text[]) AS i(sku, name)
        ON CONFLICT (sku) DO NOTHING`;
      await tx`
        INSERT INTO vendor_stock AS vs (vendor_id, product_id, sku, quantity, price, currency)
        SELECT i.vendor_id, p.id, i.sku, i.quantity, i.price, i.currency
        FROM unnest(${col('vendorId')}::text[], ${col('sku')}::text[], ${col('quantity')}::int[], ${col('price')}::numeric[],
                    ${col('currency')}::text[]) AS i(vendor_id, sku, quantity, price, currency)
        JOIN products p ON p.sku = i.sku
        ON CONFLICT (vendor_id, product_id) DO UPDATE
          SET quantity = excluded.quantity, price = excluded.price, currency = excluded.currency, updated_at = now()`;
    });
  }
}
