import type { SQSBatchResponse } from 'aws-lambda';
import { setTimeout as sleep } from 'node:timers/promises';
import { handler as cancelOrderHandler } from '../../functions/cancelOrder/handler';
import { handler as confirmOrderHandler } from '../../functions/confirmOrder/handler';
import { verifyInvariants } from '../../lib/operations/verifyInvariants';
import { invokeHttp, lambdaContext } from '../factories/http';
import { orderMessages } from '../factories/sqs';
import { useLocalServices } from '../support/localServices';

const services = useLocalServices({ VENDOR_TIMEOUT_MS: '2000', VENDOR_MAX_RETRIES: '0' });
const ROUNDS = 60;
/** Sold by two vendors each, so confirmations exercise vendor choice as well. */
const SKUS = ['SKU-0003', 'SKU-0012', 'SKU-0015', 'SKU-0018'];

interface Race {
  orderId: string;
  sku: string;
  quantity: number;
  cancel: number;
  confirmFailures: number;
}

async function stockBySku(): Promise<Map<string, { onHand: number; reserved: number; atVendors: number }>> {
  const rows = await services.deps().sql<{ sku: string; onHand: number; reserved: number; atVendors: number }[]>`
    SELECT p.sku, p.on_hand, p.reserved, (SELECT coalesce(sum(s.quantity), 0)::int FROM vendor_mock.stock s WHERE s.sku = p.sku) AS at_vendors
    FROM products p WHERE p.sku = ANY(${SKUS})`;
  return new Map(rows.map((r) => [r.sku, r]));
}

/** How long one confirmation takes here, measured on orders of the warm-up. */
async function typicalConfirmMs(): Promise<number> {
  const took: number[] = [];
  for (const sku of SKUS) {
    const orderId = await services.place((await services.productBySku(sku)).id, 1);
    const started = performance.now();
    await confirmOrderHandler(orderMessages([orderId]), lambdaContext('confirmOrder'));
    took.push(performance.now() - started);
  }
  return took.sort((a, b) => a - b)[Math.floor(took.length / 2)]!;
}

/**
 * Places an order, then lets its confirmation and its cancellation loose together, the
 * cancel delayed by `cancelAfterMs`: swept across the length of a confirmation, it lands
 * before, during and after each of its steps.
 */
async function race(index: number, cancelAfterMs: number): Promise<Race> {
  const sku = SKUS[index % SKUS.length]!;
  const quantity = 1 + (index % 2);
  const orderId = await services.place((await services.productBySku(sku)).id, quantity);
  const [cancel, confirm] = await Promise.all([
    sleep(cancelAfterMs).then(() => invokeHttp(cancelOrderHandler, { method: 'POST', path: `/orders/${orderId}/cancel`, pathParameters: { orderId } })),
    confirmOrderHandler(orderMessages([orderId]), lambdaContext('confirmOrder')) as Promise<SQSBatchResponse>,
  ]);
  return { orderId, sku, quantity, cancel: cancel.statusCode, confirmFailures: confirm.batchItemFailures.length };
}

describe('cancel racing confirm', () => {
  it('ends every order in exactly one terminal state with its stock counted once', async () => {
    // Prepare
    await services.resetAndSync();
    const span = (await typicalConfirmMs()) * 1.5;
    const before = await stockBySku();

    // Act
    const races: Race[] = [];
    for (let round = 0; round < ROUNDS; round++) races.push(await race(round, (span * round) / ROUNDS));

    // Assess: one winner per order, and the loser was told so
    const sql = services.deps().sql;
    const statuses = new Map(
      (await sql<{ id: string; status: string }[]>`SELECT id, status FROM orders WHERE id = ANY(${races.map((r) => r.orderId)}::uuid[])`).map((r) => [r.id, r.status]),
    );
    for (const r of races) {
      const status = statuses.get(r.orderId);
      expect({ orderId: r.orderId, status, cancel: r.cancel, confirmFailures: r.confirmFailures }).toEqual({
        orderId: r.orderId,
        status: r.cancel === 200 ? 'CANCELLED' : 'CONFIRMED',
        cancel: status === 'CANCELLED' ? 200 : 409,
        confirmFailures: 0,
      });
    }
    // Both outcomes happened, or the race was not a race
    const cancelled = races.filter((r) => statuses.get(r.orderId) === 'CANCELLED');
    expect(cancelled.length).toBeGreaterThan(0);
    expect(cancelled.length).toBeLessThan(races.length);

    // Vendors hold exactly the confirmed orders; every cancelled one was undone with them
    const placed = await sql<{ reference: string; units: number }[]>`
      SELECT reference, sum(quantity)::int AS units FROM vendor_mock.orders
      WHERE status = 'placed' AND reference = ANY(${races.map((r) => r.orderId)}) GROUP BY reference`;
    const unitsAtVendors = new Map(placed.map((p) => [p.reference, p.units]));
    for (const r of races) expect([r.orderId, unitsAtVendors.get(r.orderId) ?? 0]).toEqual([r.orderId, statuses.get(r.orderId) === 'CONFIRMED' ? r.quantity : 0]);

    // Stock: nothing reserved any more; on hand, here and at the vendors, down by the confirmed units only
    const after = await stockBySku();
    for (const sku of SKUS) {
      const sold = races.filter((r) => r.sku === sku && statuses.get(r.orderId) === 'CONFIRMED').reduce((sum, r) => sum + r.quantity, 0);
      expect({ sku, ...after.get(sku) }).toEqual({ sku, onHand: before.get(sku)!.onHand - sold, reserved: 0, atVendors: before.get(sku)!.atVendors - sold });
    }
    const report = await verifyInvariants(services.deps(), { pendingLimitSeconds: 300, outboxLimitSeconds: 120 });
    expect(report.results.filter((r) => r.count > 0)).toEqual([]);
  });
});
