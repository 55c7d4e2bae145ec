import type { InvariantQueries, Violations } from '../../operations/verifyInvariants';
import type postgres from 'postgres';
import type { Sql } from './client';

/** How many offending rows each check names, so a report stays readable on a broken database. */
const EXAMPLES = 5;

/**
 * The invariant checks as set-based reads: each query returns how many things break one
 * rule and a few of them described for a human. Read-only; safe on a live database.
 */
export function postgresInvariantQueries(sql: Sql): InvariantQueries {
  /** Counts the rows of `offenders` (one text column `example`) and keeps the first few. */
  async function tally(offenders: postgres.Fragment): Promise<Violations> {
    const [row] = await sql<{ count: number; examples: string[] | null }[]>`
      SELECT count(*)::int AS count, (array_agg(example ORDER BY example))[1:${EXAMPLES}] AS examples
      FROM (${offenders}) AS offenders`;
    return { count: row!.count, examples: row!.examples ?? [] };
  }

  /** The simulated vendors' orders live in the same database when this stack serves them. */
  async function vendorMockPresent(): Promise<boolean> {
    const [row] = await sql<{ present: boolean }[]>`SELECT to_regclass('vendor_mock.orders') IS NOT NULL AS present`;
    return row!.present;
  }

  /** Units of each product held by PENDING orders. */
  const pendingUnits = sql`
    SELECT l.product_id, sum(l.quantity)::int AS units
    FROM order_lines l JOIN orders o ON o.id = l.order_id
    WHERE o.status = 'PENDING'
    GROUP BY l.product_id`;

  return {
    reservationMismatches() {
      return tally(sql`
        SELECT format('%s: reserved %s, PENDING lines %s', p.sku, p.reserved, coalesce(x.units, 0)) AS example
        FROM products p LEFT JOIN (${pendingUnits}) x ON x.product_id = p.id
        WHERE p.reserved <> coalesce(x.units, 0)`);
    },

    async confirmedOrderMismatches() {
      const vendorSideChecked = await vendorMockPresent();
      // Per line: the placed shares add up to the ordered quantity.
      const lineShortfalls = sql`
        SELECT o.id AS order_id, format('%s line %s: ordered %s, placed %s', o.id, p.sku, l.quantity, coalesce(sum(a.quantity), 0)) AS what
        FROM orders o
        JOIN order_lines l ON l.order_id = o.id
        JOIN products p ON p.id = l.product_id
        LEFT JOIN order_allocations a ON a.order_id = o.id AND a.product_id = l.product_id AND a.status = 'placed'
        WHERE o.status = 'CONFIRMED'
        GROUP BY o.id, p.sku, l.quantity
        HAVING coalesce(sum(a.quantity), 0) <> l.quantity`;
      // Per share with a vendor this stack simulates: the vendor holds exactly that placement
      // (same quantity and vendor order id), and nothing more for that order.
      const vendorDisagreements = sql`
        SELECT coalesce(ours.order_id, theirs.order_id) AS order_id,
               format('%s at %s, %s: ours %s, vendor %s', coalesce(ours.order_id, theirs.order_id), coalesce(ours.vendor_id, theirs.vendor_id),
                      coalesce(ours.sku, theirs.sku), coalesce(ours.quantity::text, 'none'), coalesce(theirs.quantity::text, 'none')) AS what
        FROM (
          SELECT o.id AS order_id, a.vendor_id, p.sku, a.quantity, a.vendor_order_id
          FROM orders o
          JOIN order_allocations a ON a.order_id = o.id AND a.status = 'placed'
          JOIN products p ON p.id = a.product_id
          JOIN vendors v ON v.id = a.vendor_id AND v.base_url IS NULL
          WHERE o.status = 'CONFIRMED'
        ) ours
        FULL JOIN (
          SELECT o.id AS order_id, vm.vendor_id, vm.sku, vm.quantity, vm.vendor_order_id
          FROM orders o
          JOIN vendor_mock.orders vm ON vm.reference = o.id::text AND vm.status = 'placed'
          JOIN vendors v ON v.id = vm.vendor_id AND v.base_url IS NULL
          WHERE o.status = 'CONFIRMED'
        ) theirs ON theirs.order_id = ours.order_id AND theirs.vendor_id = ours.vendor_id AND theirs.sku = ours.sku
        WHERE ours.order_id IS NULL OR theirs.order_id IS NULL
           OR ours.quantity <> theirs.quantity OR ours.vendor_order_id IS DISTINCT FROM theirs.vendor_order_id`;
      const found = await tally(sql`
        SELECT min(what) AS example FROM (
          ${lineShortfalls}
          ${vendorSideChecked ? sql`UNION ALL ${vendorDisagreements}` : sql``}
        ) problems
        GROUP BY order_id`);
      return { ...found, vendorSideChecked };
    },

    async closedOrderLeftovers() {
      const vendorSideChecked = await vendorMockPresent();
      const ourPlacements = sql`
        SELECT DISTINCT o.id AS order_id, format('%s (%s): still placed with %s in our records', o.id, o.status, a.vendor_id) AS what
        FROM orders o JOIN order_allocations a ON a.order_id = o.id AND a.status = 'placed'
        WHERE o.status IN ('FAILED', 'REJECTED', 'CANCELLED')`;
      const vendorPlacements = sql`
        SELECT DISTINCT o.id AS order_id, format('%s (%s): still placed at vendor %s', o.id, o.status, vm.vendor_id) AS what
        FROM orders o
        JOIN vendor_mock.orders vm ON vm.reference = o.id::text AND vm.status = 'placed'
        JOIN vendors v ON v.id = vm.vendor_id AND v.base_url IS NULL
        WHERE o.status IN ('FAILED', 'REJECTED', 'CANCELLED')`;
      // Reservations are not recorded per order: units reserved beyond what PENDING orders
      // hold can only be units a closed order kept.
      const excessReservations = sql`
        SELECT p.id AS order_id, format('%s: reserved %s but PENDING orders hold %s', p.sku, p.reserved, coalesce(x.units, 0)) AS what
        FROM products p LEFT JOIN (${pendingUnits}) x ON x.product_id = p.id
        WHERE p.reserved > coalesce(x.units, 0)`;
      return tally(sql`
        SELECT min(what) AS example FROM (
          ${ourPlacements}
          ${vendorSideChecked ? sql`UNION ALL ${vendorPlacements}` : sql``}
          UNION ALL ${excessReservations}
        ) problems
        GROUP BY order_id`);
    },

    pendingWithoutMessage(olderThanSeconds, deadLetteredOrderIds) {
      // In flight: an unpublished outbox row (the relay will send it), a message written or
      // published within the limit, an attempt within the limit (each one touches
      // updated_at), or a dead letter waiting for an operator's redrive.
      return tally(sql`
        SELECT format('%s: PENDING since %s, last touched %s, %s attempts', o.id, o.created_at, o.updated_at, o.attempts) AS example
        FROM orders o
        WHERE o.status = 'PENDING'
          AND o.created_at < now() - make_interval(secs => ${olderThanSeconds})
          AND o.updated_at < now() - make_interval(secs => ${olderThanSeconds})
          AND NOT EXISTS (
            SELECT 1 FROM outbox b
            WHERE b.order_id = o.id
              AND (b.published_at IS NULL
                   OR b.created_at >= now() - make_interval(secs => ${olderThanSeconds})
                   OR b.published_at >= now() - make_interval(secs => ${olderThanSeconds})))
          AND NOT (o.id = ANY(${deadLetteredOrderIds}::uuid[]))`);
    },

    staleOutboxRows(olderThanSeconds) {
      return tally(sql`
        SELECT format('outbox row %s for order %s: unsent since %s, %s failed attempts', b.id, b.order_id, b.created_at, b.publish_attempts) AS example
        FROM outbox b
        WHERE b.published_at IS NULL AND b.created_at < now() - make_interval(secs => ${olderThanSeconds})`);
    },
  };
}
