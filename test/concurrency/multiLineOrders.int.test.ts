import type { SQSBatchResponse } from 'aws-lambda';
import { handler as cancelOrderHandler } from '../../functions/cancelOrder/handler';
import { handler as confirmOrderHandler } from '../../functions/confirmOrder/handler';
import { handler as placeOrderHandler } from '../../functions/placeOrder/handler';
import { verifyInvariants } from '../../lib/operations/verifyInvariants';
import { invokeHttp, lambdaContext, type ParsedResponse } from '../factories/http';
import { orderMessages } from '../factories/sqs';
import { useLocalServices } from '../support/localServices';

const services = useLocalServices({ VENDOR_TIMEOUT_MS: '5000', VENDOR_MAX_RETRIES: '0' });
const ORDERS = 300;
/** Eight products, each sold by two or three vendors (seeded catalogue). */
const SKUS = ['SKU-0011', 'SKU-0012', 'SKU-0013', 'SKU-0014', 'SKU-0015', 'SKU-0016', 'SKU-0017', 'SKU-0018'];

/** Deterministic, so a failure can be replayed: a small linear congruential generator. */
function dice(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % below;
  };
}

interface Outcome {
  placed: ParsedResponse;
  lines: { productId: string; quantity: number }[];
  followUp?: { kind: 'cancel'; status: number } | { kind: 'confirm'; failures: number };
}

describe('multi-line orders racing on overlapping products', () => {
  it('never deadlock, never oversell, and leave every invariant intact', async () => {
    // Prepare
    await services.resetAndSync();
    const sql = services.deps().sql;
    const products = await sql<{ id: string; sku: string; onHand: number }[]>`SELECT id, sku, on_hand FROM products WHERE sku = ANY(${SKUS}) ORDER BY sku`;
    expect(products).toHaveLength(SKUS.length);
    const roll = dice(20_261_125);
    const orders = Array.from({ length: ORDERS }, () => {
      // 2 to 4 distinct products, in random order: the server must lock them in its own order
      const picked = [...products].sort(() => roll(3) - 1).slice(0, 2 + roll(3));
      return picked.map((p) => ({ productId: p.id, quantity: 1 + roll(3) }));
    });

    // Act: all placements at once; each accepted order is then cancelled, confirmed or left
    // PENDING while the other placements are still running
    const outcomes = await Promise.all(
      orders.map(async (lines, i): Promise<Outcome> => {
        const placed = await invokeHttp(placeOrderHandler, { method: 'POST', path: '/orders', body: { items: lines } });
        if (placed.statusCode !== 202) return { placed, lines };
        const orderId = placed.body.orderId as string;
        if (i % 3 === 0) {
          const cancelled = await invokeHttp(cancelOrderHandler, { method: 'POST', path: `/orders/${orderId}/cancel`, pathParameters: { orderId } });
          return { placed, lines, followUp: { kind: 'cancel', status: cancelled.statusCode } };
        }
        if (i % 3 === 1) {
          const confirmed = (await confirmOrderHandler(orderMessages([orderId]), lambdaContext('confirmOrder'))) as SQSBatchResponse;
          return { placed, lines, followUp: { kind: 'confirm', failures: confirmed.batchItemFailures.length } };
        }
        return { placed, lines };
      }),
    );

    // Assess: only the two answers the contract allows, never a 5xx (a deadlock would be a 503)
    const answers = outcomes.map((o) => `${o.placed.statusCode} ${o.placed.body.code ?? ''}`.trim());
    expect([...new Set(answers)].sort()).toEqual(['202', '409 insufficient_stock']);
    const accepted = outcomes.filter((o) => o.placed.statusCode === 202);
    expect(accepted.length).toBeGreaterThan(20);
    expect(outcomes.length - accepted.length).toBeGreaterThan(20);
    for (const o of accepted) {
      if (o.followUp?.kind === 'cancel') expect(o.followUp.status).toBe(200);
      if (o.followUp?.kind === 'confirm') expect(o.followUp.failures).toBe(0);
    }

    // Never oversold: per product, what is sold plus what is reserved fits what was there
    const statuses = new Map(
      (await sql<{ id: string; status: string }[]>`SELECT id, status FROM orders`).map((r) => [r.id, r.status]),
    );
    const after = new Map((await sql<{ id: string; onHand: number; reserved: number }[]>`SELECT id, on_hand, reserved FROM products WHERE sku = ANY(${SKUS})`).map((p) => [p.id, p]));
    for (const product of products) {
      const units = (status: string) =>
        accepted
          .filter((o) => statuses.get(o.placed.body.orderId) === status)
          .flatMap((o) => o.lines)
          .filter((l) => l.productId === product.id)
          .reduce((sum, l) => sum + l.quantity, 0);
      const now = after.get(product.id)!;
      expect({ sku: product.sku, reserved: now.reserved, onHand: now.onHand }).toEqual({
        sku: product.sku,
        reserved: units('PENDING'),
        onHand: product.onHand - units('CONFIRMED'),
      });
      expect(units('PENDING') + units('CONFIRMED')).toBeLessThanOrEqual(product.onHand);
    }
    const report = await verifyInvariants(services.deps(), { pendingLimitSeconds: 300, outboxLimitSeconds: 120 });
    expect(report.results.filter((r) => r.count > 0)).toEqual([]);
  }, 120_000);
});
