import type { Sql } from '../../lib/adapters/postgres/client';

/** Every table a request could write, the vendor mocks' included. */
const TABLES = [
  'products',
  'vendor_stock',
  'vendors',
  'orders',
  'order_lines',
  'order_allocations',
  'outbox',
  'sync_runs',
  'sync_run_vendors',
  'vendor_mock.vendors',
  'vendor_mock.stock',
  'vendor_mock.orders',
] as const;

/**
 * A digest of every row of every table: equal before and after a request only if the
 * request changed no row at all (an update that writes the same values still moves
 * `updated_at`, so it shows too).
 */
export async function databaseFingerprint(sql: Sql): Promise<Record<string, string>> {
  const parts = TABLES.map(
    (table) => sql`SELECT ${table} AS name, count(*)::int || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM ${sql(table)} t`,
  );
  const rows = await Promise.all(parts);
  return Object.fromEntries(rows.map(([row]) => [row!.name as string, row!.digest as string]));
}
