import type { VendorMockStore } from '../../vendorMock/ports';
import type { MockOrderEntry, MockOrderLine, MockStockRow, MockVendor, MockVendorSettings } from '../../vendorMock/types';
import type { Sql, TransactionSql } from './client';

/** Thrown inside a transaction to roll the whole order back with a business answer. */
class OutOfStock {
  constructor(readonly sku: string) {}
}

type OrderRow = Omit<MockOrderEntry, 'createdAt'> & { createdAt: Date };

/**
 * The simulated vendors' state in schema vendor_mock. Lock order, everywhere: a vendor's
 * order rows of one reference, then its stock rows in SKU order; so placing and
 * cancelling can run concurrently in any mix without deadlocking.
 */
export function postgresVendorMockStore(sql: Sql): VendorMockStore {
  const settings = sql`id AS vendor_id, name, shape, latency_ms, error_rate, timeout_rate, rate_limit_rate, reject_orders`;
  const stockRow = sql`sku, name, quantity, price::text AS price, currency::text AS currency`;

  async function orderLines(tx: TransactionSql, vendorId: string, reference: string, skus?: string[]): Promise<MockOrderEntry[]> {
    const rows = await tx<OrderRow[]>`
      SELECT reference, vendor_order_id, sku, quantity, status, created_at
      FROM vendor_mock.orders
      WHERE vendor_id = ${vendorId} AND reference = ${reference}
        ${skus ? tx`AND sku = ANY(${skus}::text[])` : tx``}
      ORDER BY sku`;
    return rows.map(toOrderEntry);
  }

  return {
    async listVendors() {
      return sql<MockVendor[]>`SELECT id AS vendor_id, name, shape FROM vendor_mock.vendors ORDER BY id`;
    },

    async findVendor(vendorId) {
      const [vendor] = await sql<MockVendorSettings[]>`SELECT ${settings} FROM vendor_mock.vendors WHERE id = ${vendorId}`;
      return vendor;
    },

    async updateFaults(vendorId, c) {
      const [vendor] = await sql<MockVendorSettings[]>`
        UPDATE vendor_mock.vendors SET
          latency_ms = coalesce(${c.latencyMs ?? null}::int, latency_ms),
          error_rate = coalesce(${c.errorRate ?? null}::float8, error_rate),
          timeout_rate = coalesce(${c.timeoutRate ?? null}::float8, timeout_rate),
          rate_limit_rate = coalesce(${c.rateLimitRate ?? null}::float8, rate_limit_rate),
          reject_orders = coalesce(${c.rejectOrders ?? null}::boolean, reject_orders)
        WHERE id = ${vendorId}
        RETURNING ${settings}`;
      return vendor;
    },

    async putStock(vendorId, sku, change) {
      return sql.begin(async (tx) => {
        const [existing] = await tx`SELECT 1 FROM vendor_mock.stock WHERE vendor_id = ${vendorId} AND sku = ${sku} FOR UPDATE`;
        if (!existing && change.price === undefined) return { kind: 'price_required' as const };
        const [row] = await tx<MockStockRow[]>`
          INSERT INTO vendor_mock.stock AS s (vendor_id, sku, name, quantity, price, currency)
          VALUES (${vendorId}, ${sku}, ${change.name ?? sku}, ${change.quantity}, ${change.price ?? '0'}::numeric, ${change.currency ?? 'EUR'})
          ON CONFLICT (vendor_id, sku) DO UPDATE SET
            quantity = excluded.quantity,
            price = coalesce(${change.price ?? null}::numeric, s.price),
            name = coalesce(${change.name ?? null}::text, s.name),
            currency = coalesce(${change.currency ?? null}::char(3), s.currency)
          RETURNING ${stockRow}`;
        return { kind: 'saved' as const, row: row! };
      });
    },

    async stockByOffset(vendorId, offset, limit) {
      // Plain rows rather than one json_agg document: the driver camelCases every key of a
      // JSON value, which for a page of thousands of rows cost more than the query. The
      // offset is walked on the primary key alone (index-only), and only the page's rows
      // are then read whole.
      const [rows, [count]] = await Promise.all([
        sql<MockStockRow[]>`
          SELECT ${stockRow} FROM vendor_mock.stock
          WHERE vendor_id = ${vendorId} AND sku IN (
            SELECT sku FROM vendor_mock.stock WHERE vendor_id = ${vendorId} ORDER BY sku OFFSET ${offset} LIMIT ${limit})
          ORDER BY sku`,
        sql<{ total: number }[]>`SELECT count(*)::int AS total FROM vendor_mock.stock WHERE vendor_id = ${vendorId}`,
      ]);
      return { rows: [...rows], total: count!.total };
    },

    async stockAfter(vendorId, afterSku, limit) {
      const rows = await sql<MockStockRow[]>`
        SELECT ${stockRow} FROM vendor_mock.stock
        WHERE vendor_id = ${vendorId} ${afterSku !== undefined ? sql`AND sku > ${afterSku}` : sql``}
        ORDER BY sku
        LIMIT ${limit + 1}`;
      return { rows: rows.slice(0, limit), more: rows.length > limit };
    },

    async placeOrder(vendorId, { reference, vendorOrderId, lines, rejectNew }) {
      const sorted = [...lines].sort(bySku);
      const skus = sorted.map((l) => l.sku);
      try {
        return await sql.begin(async (tx) => {
          // The (vendor, reference, sku) key is the claim. An identical request racing this
          // one waits on the key until we commit, then inserts nothing and replays our
          // lines; if we roll back (out of stock) it claims the lines itself and decides anew.
          // Lines go in SKU order, so two requests for one reference cannot wait on each other crosswise.
          const claimed = (
            await tx<MockOrderLine[]>`
              INSERT INTO vendor_mock.orders (vendor_id, reference, sku, quantity, vendor_order_id)
              SELECT ${vendorId}, ${reference}, l.sku, l.quantity, ${vendorOrderId}
              FROM unnest(${skus}::text[], ${sorted.map((l) => l.quantity)}::int[]) WITH ORDINALITY AS l(sku, quantity, n)
              ORDER BY l.n
              ON CONFLICT (vendor_id, reference, sku) DO NOTHING
              RETURNING sku, quantity`
          ).sort(bySku);

          if (claimed.length) {
            if (rejectNew) throw new OutOfStock(claimed[0]!.sku);
            const stock = await tx<{ sku: string; quantity: number }[]>`
              SELECT sku, quantity FROM vendor_mock.stock
              WHERE vendor_id = ${vendorId} AND sku = ANY(${claimed.map((c) => c.sku)}::text[])
              ORDER BY sku
              FOR UPDATE`;
            const onHand = new Map(stock.map((s) => [s.sku, s.quantity]));
            const short = claimed.find((c) => (onHand.get(c.sku) ?? 0) < c.quantity);
            if (short) throw new OutOfStock(short.sku);
            await tx`
              UPDATE vendor_mock.stock s SET quantity = s.quantity - c.quantity
              FROM unnest(${claimed.map((c) => c.sku)}::text[], ${claimed.map((c) => c.quantity)}::int[]) AS c(sku, quantity)
              WHERE s.vendor_id = ${vendorId} AND s.sku = c.sku`;
          }
          return { kind: claimed.length ? ('placed' as const) : ('replayed' as const), lines: await orderLines(tx, vendorId, reference, skus) };
        });
      } catch (error) {
        if (error instanceof OutOfStock) return { kind: 'out_of_stock', sku: error.sku };
        throw error;
      }
    },

    async cancelOrder(vendorId, reference) {
      return sql.begin(async (tx) => {
        // A concurrent cancel waits here, then sees the lines already cancelled and gives nothing back twice.
        const lines = await tx<{ sku: string; quantity: number; status: string }[]>`
          SELECT sku, quantity, status FROM vendor_mock.orders
          WHERE vendor_id = ${vendorId} AND reference = ${reference}
          ORDER BY sku
          FOR UPDATE`;
        if (!lines.length) return { kind: 'not_found' as const };
        const placed = lines.filter((l) => l.status === 'placed');
        if (placed.length) {
          await tx`
            SELECT 1 FROM vendor_mock.stock WHERE vendor_id = ${vendorId} AND sku = ANY(${placed.map((l) => l.sku)}::text[])
            ORDER BY sku FOR UPDATE`;
          await tx`
            UPDATE vendor_mock.stock s SET quantity = s.quantity + c.quantity
            FROM unnest(${placed.map((l) => l.sku)}::text[], ${placed.map((l) => l.quantity)}::int[]) AS c(sku, quantity)
            WHERE s.vendor_id = ${vendorId} AND s.sku = c.sku`;
          await tx`UPDATE vendor_mock.orders SET status = 'cancelled' WHERE vendor_id = ${vendorId} AND reference = ${reference} AND status = 'placed'`;
        }
        return { kind: 'cancelled' as const, lines: await orderLines(tx, vendorId, reference) };
      });
    },

    async listOrders(vendorId) {
      const rows = await sql<OrderRow[]>`
        SELECT reference, vendor_order_id, sku, quantity, status, created_at
        FROM vendor_mock.orders WHERE vendor_id = ${vendorId}
        ORDER BY created_at, reference, sku`;
      return rows.map(toOrderEntry);
    },

    async reset() {
      await sql`SELECT vendor_mock.reset()`;
    },
  };
}

function bySku(a: { sku: string }, b: { sku: string }): number {
  return a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0;
}

function toOrderEntry(row: OrderRow): MockOrderEntry {
  return { ...row, createdAt: row.createdAt.toISOString() };
}
