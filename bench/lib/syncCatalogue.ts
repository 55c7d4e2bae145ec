import type postgres from 'postgres';

export const VENDORS = ['acme', 'globex', 'initech'] as const;

/**
 * The bench catalogue, written straight into the vendor mocks' own tables: `skus` SKUs,
 * each sold by one vendor (round robin) and every tenth one by the next vendor as well,
 * so that on-hand stock really is a sum over vendors.
 */
export async function seedVendorCatalogue(sql: postgres.Sql, skus: number): Promise<number> {
  await sql`DELETE FROM vendor_mock.orders`;
  await sql`DELETE FROM vendor_mock.stock`;
  const [row] = await sql<{ rows: number }[]>`
    WITH inserted AS (
      INSERT INTO vendor_mock.stock (vendor_id, sku, name, quantity, price, currency)
      SELECT (ARRAY['acme', 'globex', 'initech'])[(n + k) % 3 + 1], format('BENCH-%s', lpad(n::text, 7, '0')),
             format('Bench item %s', n), 1 + (n * 7 + k) % 50, round((1 + (n % 997) * 0.37 + k)::numeric, 2), 'EUR'
      FROM generate_series(1, ${skus}) AS n
      CROSS JOIN generate_series(0, 1) AS k
      WHERE k = 0 OR n % 10 = 0
      RETURNING 1
    )
    SELECT count(*)::int AS rows FROM inserted`;
  await sql`VACUUM (ANALYZE) vendor_mock.stock`;
  return row!.rows;
}

/** Changes the quantity of about `percent` % of the vendor rows, spread over every vendor and page; returns how many. */
export async function changeVendorRows(sql: postgres.Sql, percent: number): Promise<number> {
  const result = await sql`
    UPDATE vendor_mock.stock SET quantity = quantity + 1
    WHERE abs(hashtext(vendor_id || '/' || sku)) % 10000 < ${Math.round(percent * 100)}`;
  return result.count;
}

export interface CatalogueRow {
  vendorId: string;
  sku: string;
  name: string;
  quantity: number;
  price: string;
  currency: string;
}

/** The catalogue as a vendor would send it, already normalised: the input of the raw upsert. */
export async function readVendorCatalogue(sql: postgres.Sql): Promise<CatalogueRow[]> {
  return sql<CatalogueRow[]>`
    SELECT vendor_id AS "vendorId", sku, name, quantity, price::text AS price, currency::text AS currency
    FROM vendor_mock.stock ORDER BY vendor_id, sku`;
}

/** Products whose on-hand stock differs from the sum the vendors hold: 0 after a complete, fresh sync. */
export async function onHandMismatches(sql: postgres.Sql): Promise<number> {
  const [row] = await sql<{ mismatches: number }[]>`
    SELECT count(*)::int AS mismatches
    FROM (SELECT sku, sum(quantity)::int AS on_hand FROM vendor_mock.stock GROUP BY sku) v
    FULL JOIN products p USING (sku)
    WHERE p.on_hand IS DISTINCT FROM v.on_hand`;
  return row!.mismatches;
}
