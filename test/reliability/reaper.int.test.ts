import { startWorker } from '../../infra/local/worker';
import { placeOrder } from '../../lib/orders/placeOrder';
import { reapStuckOrders } from '../../lib/orders/reapStuckOrders';
import { useLocalServices } from '../support/localServices';
import { eventually } from '../support/poll';

const services = useLocalServices({ CONFIRM_MAX_RECEIVE_COUNT: '3', PENDING_REAP_AFTER_SECONDS: '300' });
let worker: Awaited<ReturnType<typeof startWorker>>;

beforeAll(async () => {
  await services.resetAndSync();
  worker = await startWorker({ relayIntervalMs: 200, reapIntervalMs: 3_600_000 });
});
afterAll(async () => {
  await worker?.stop();
});

/** An order accepted, its message confirmed by the broker and then lost (no consumer ever sees it). */
async function orderWithLostMessage(sku: string, quantity: number) {
  const deps = services.deps();
  const product = await services.productBySku(sku);
  const blackHole = { ...deps.publisher, publish: async () => {} };
  const { order } = await placeOrder({ ...deps, publisher: blackHole }, { lines: [{ productId: product.id, quantity }] });
  return order.orderId;
}

async function age(orderId: string, attempts?: number) {
  await services.deps().sql`
    UPDATE orders SET updated_at = now() - interval '10 minutes', attempts = coalesce(${attempts ?? null}::int, attempts)
    WHERE id = ${orderId}`;
}

const reap = () => reapStuckOrders(services.deps(), { olderThanSeconds: 300, maxReceiveCount: 3, limit: 100 });

describe('the stuck-order reaper', () => {
  it('leaves a recent PENDING order alone', async () => {
    const orderId = await orderWithLostMessage('SKU-0004', 1);
    expect(await reap()).toEqual({ requeued: 0, failed: 0 });
    expect(await services.order(orderId)).toMatchObject({ status: 'PENDING', attempts: 0 });
  });

  it('requeues an old PENDING order whose message was lost, and it gets confirmed', async () => {
    const orderId = await orderWithLostMessage('SKU-0005', 1);
    await age(orderId);

    expect(await reap()).toEqual({ requeued: 1, failed: 0 });

    await eventually('the order to be confirmed', async () => ((await services.order(orderId)).status === 'CONFIRMED' ? true : undefined));
    expect(await services.vendorOrdersFor(orderId)).toHaveLength(1);
    // claimed once: a second pass right after finds nothing to do for it
    expect((await reap()).requeued).toBe(0);
  });

  it('fails an old PENDING order that used all its attempts and gives its stock back', async () => {
    const before = await services.productBySku('SKU-0006');
    const orderId = await orderWithLostMessage('SKU-0006', 2);
    await age(orderId, 3);

    const result = await reap();

    expect(result.failed).toBe(1);
    const order = await services.order(orderId);
    expect(order.status).toBe('FAILED');
    expect(order.failureReason).toMatch(/failed by the reaper/);
    expect(await services.productBySku('SKU-0006')).toEqual(before);
  });
});
