import { randomUUID } from 'node:crypto';
import { handler as adminOperations } from '../../functions/adminOperations/handler';
import { startWorker } from '../../infra/local/worker';
import { RabbitConnection, publishToQueue } from '../../lib/adapters/queue/rabbitmq';
import { placeOrder } from '../../lib/orders/placeOrder';
import { invokeHttp } from '../factories/http';
import { useLocalServices } from '../support/localServices';
import { eventually } from '../support/poll';
import { queueDepth, startBroker, stopBroker } from '../support/rabbitmq';

/**
 * The confirmation pipeline as it runs locally: placeOrder → outbox → RabbitMQ → bridge →
 * confirmOrder → vendors, with retries, the dead-letter queue, redrive and broker outages.
 */
const services = useLocalServices({
  CONFIRM_MAX_RECEIVE_COUNT: '4',
  CONFIRM_RETRY_BASE_DELAY_MS: '200',
  CONFIRM_BATCH_WINDOW_MS: '20',
  VENDOR_TIMEOUT_MS: '1000',
  VENDOR_MAX_RETRIES: '0',
});
let worker: Awaited<ReturnType<typeof startWorker>>;
const ADMIN = { 'x-api-key': 'local-admin-key' };
const admin = (method: string, path: string, body?: unknown) =>
  invokeHttp(adminOperations, { method, path, headers: ADMIN, ...(body === undefined ? {} : { body }) });

beforeAll(async () => {
  worker = await startWorker({ relayIntervalMs: 200, reapIntervalMs: 3_600_000 });
});
afterAll(async () => {
  await worker?.stop();
});
beforeEach(() => services.resetAndSync());

describe('confirmation pipeline', () => {
  it('retries a failing vendor exactly maxReceiveCount times, dead-letters the message and fails the order with its stock released', async () => {
    // Prepare: SKU-0030 is sold by globex alone
    const product = await services.productBySku('SKU-0030');
    await services.vendor('PUT', '/globex/_control', { errorRate: 1 });
    const started = Date.now();

    // Act
    const orderId = await services.place(product.id, 1);

    // Assess
    const failed = await eventually('the order to fail', async () => {
      const order = await services.order(orderId);
      return order.status === 'PENDING' ? undefined : order;
    });
    expect(failed.status).toBe('FAILED');
    expect(failed.attempts).toBe(4);
    expect(failed.failureReason).toMatch(/gave up after 4 attempts/);
    // three retry delays of 200, 400 and 800 ms lie between the first and the last attempt
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(await services.productBySku('SKU-0030')).toEqual(product);

    const letters = await eventually('the dead letter', async () => {
      const res = await admin('GET', '/admin/dead-letters');
      return res.body.items.length ? res.body.items : undefined;
    });
    expect(letters).toEqual([expect.objectContaining({ orderId, orderStatus: 'FAILED', receiveCount: 4, lastError: failed.failureReason })]);
    const metrics = await admin('GET', '/admin/metrics');
    expect(metrics.body.orders.byStatus.FAILED).toBe(1);
    expect(metrics.body.queue.deadLetters).toBe(1);

    // Redriving after the vendor recovered leaves a final order as it was
    await services.vendor('PUT', '/globex/_control', { errorRate: 0 });
    const redrive = await admin('POST', '/admin/dead-letters/redrive');
    expect(redrive.body).toEqual({ redriven: 1 });
    await eventually('the queue to drain', async () => ((await queueDepth(services.queue())) === 0 && (await queueDepth(`${services.queue()}-dlq`)) === 0 ? true : undefined));
    await eventually('the redriven message to be handled', async () => ((await services.order(orderId)).attempts === 4 ? true : undefined));
    expect(await services.order(orderId)).toMatchObject({ status: 'FAILED' });
    expect(await services.productBySku('SKU-0030')).toEqual(product);
    expect(await services.vendorOrdersFor(orderId)).toEqual([]);
  });

  it('confirms a dead-lettered order that is still PENDING once it is redriven', async () => {
    // Prepare: an order whose only message sits in the DLQ (as after a crash loop)
    const product = await services.productBySku('SKU-0012');
    const deps = services.deps();
    const connection = new RabbitConnection({ url: deps.config.queue.rabbitmqUrl, queue: services.queue(), maxReceiveCount: 4, retryBaseDelayMs: 200 });
    const toDeadLetters = {
      ...deps.publisher,
      publish: async (messages: { orderId: string }[]) => {
        const channel = await connection.channel();
        for (const m of messages) publishToQueue(channel, connection.topology.deadLetterQueue, m);
        await channel.waitForConfirms();
      },
    };
    const { order } = await placeOrder({ ...deps, publisher: toDeadLetters }, { lines: [{ productId: product.id, quantity: 2 }] });
    await connection.close();
    const listed = await admin('GET', '/admin/dead-letters');
    expect(listed.body.items).toEqual([expect.objectContaining({ orderId: order.orderId, orderStatus: 'PENDING' })]);

    // Act: redrive only this order (an unrelated id selects nothing)
    expect((await admin('POST', '/admin/dead-letters/redrive', { orderIds: [randomUUID()] })).body).toEqual({ redriven: 0 });
    expect((await admin('POST', '/admin/dead-letters/redrive', { orderIds: [order.orderId] })).body).toEqual({ redriven: 1 });

    // Assess
    await eventually('the order to be confirmed', async () => ((await services.order(order.orderId)).status === 'CONFIRMED' ? true : undefined));
    expect(await services.vendorOrdersFor(order.orderId)).toHaveLength(1);
  });

  it('accepts orders while the broker is down and confirms every one of them, once, after it is back', async () => {
    const product = await services.productBySku('SKU-0015');
    stopBroker();
    let orderIds: string[];
    try {
      // Act: the broker is gone, the API still takes orders (their messages wait in the outbox)
      orderIds = [];
      for (let i = 0; i < 10; i++) orderIds.push(await services.place(product.id, 1));
      const [outbox] = await services.deps().sql<{ backlog: number }[]>`SELECT count(*)::int AS backlog FROM outbox WHERE published_at IS NULL`;
      expect(outbox!.backlog).toBe(10);
    } finally {
      startBroker();
    }

    // Assess: the relay publishes them, the reconnected bridge confirms them
    await eventually(
      'every order to be confirmed',
      async () => {
        const statuses = await Promise.all(orderIds.map(async (id) => (await services.order(id)).status));
        return statuses.every((s) => s === 'CONFIRMED') ? true : undefined;
      },
      60_000,
    );
    for (const orderId of orderIds) {
      const atVendors = await services.vendorOrdersFor(orderId);
      expect(atVendors).toHaveLength(1);
      expect(atVendors[0]!.quantity).toBe(1);
    }
  }, 120_000);
});
