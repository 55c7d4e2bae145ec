import { randomUUID } from 'node:crypto';
import { handler as placeOrderHandler } from '../../functions/placeOrder/handler';
import { invokeHttp } from '../factories/http';
import { productCounters, seedProduct } from '../factories/catalogue';
import { useIsolatedServices } from '../support/suite';

const suite = useIsolatedServices();
const CLIENTS = 50;
const place = (body: unknown, key: string) => invokeHttp(placeOrderHandler, { method: 'POST', path: '/orders', body, headers: { 'idempotency-key': key } });

async function ordersWithKey(key: string) {
  return suite.deps().sql<{ id: string }[]>`SELECT id FROM orders WHERE idempotency_key = ${key}`;
}

describe('one Idempotency-Key raced from 50 clients', () => {
  it('creates one order, reserves once and publishes once when every client sends the same body', async () => {
    // Prepare
    const { productId } = await seedProduct(suite.deps().sql, { onHand: 100 });
    const key = `race-${randomUUID()}`;
    const queuedBefore = (await suite.deps().queueAdmin.depths()).ready;

    // Act
    const results = await Promise.all(Array.from({ length: CLIENTS }, () => place({ productId, quantity: 3 }, key)));

    // Assess
    expect(results.map((r) => r.statusCode)).toEqual(Array(CLIENTS).fill(202));
    const orderIds = new Set(results.map((r) => r.body.orderId));
    expect(orderIds.size).toBe(1);
    expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(CLIENTS - 1);
    expect((await ordersWithKey(key)).map((o) => o.id)).toEqual([...orderIds]);
    expect(await productCounters(suite.deps().sql, productId)).toEqual({ onHand: 100, reserved: 3 });
    const [outbox] = await suite.deps().sql<{ rows: number }[]>`SELECT count(*)::int AS rows FROM outbox WHERE order_id = ${[...orderIds][0]!}`;
    expect(outbox!.rows).toBe(1);
    expect((await suite.deps().queueAdmin.depths()).ready).toBe(queuedBefore + 1);
  });

  it('lets exactly one body win when the clients disagree, answering the others 422', async () => {
    // Prepare: half the clients want 1 unit, half want 2, all with one key
    const { productId } = await seedProduct(suite.deps().sql, { onHand: 100 });
    const key = `split-${randomUUID()}`;
    const quantities = Array.from({ length: CLIENTS }, (_, i) => 1 + (i % 2));

    // Act
    const results = await Promise.all(quantities.map((quantity) => place({ productId, quantity }, key)));

    // Assess
    const [winner] = await ordersWithKey(key);
    const { reserved } = await productCounters(suite.deps().sql, productId);
    expect([1, 2]).toContain(reserved);
    results.forEach((result, i) => {
      if (quantities[i] === reserved) {
        expect(result.statusCode).toBe(202);
        expect(result.body.orderId).toBe(winner!.id);
      } else {
        expect(result.statusCode).toBe(422);
        expect(result.body.code).toBe('idempotency_key_reused');
      }
    });
    expect(await ordersWithKey(key)).toHaveLength(1);
  });
});
