import { eventually } from '../support/poll';
import { startOfflineStack, type OfflineStack } from '../support/offlineStack';
import { useIsolatedServices } from '../support/suite';

/**
 * The whole local stack as a user runs it: serverless offline with the emulation plugin
 * (confirm worker, outbox relay), the vendor mocks, PostgreSQL and RabbitMQ.
 */
const suite = useIsolatedServices({ CONFIRM_RETRY_BASE_DELAY_MS: '200' });
let stack: OfflineStack;
const ADMIN = { 'x-api-key': 'local-admin-key' };

beforeAll(async () => {
  stack = await startOfflineStack({ DATABASE_URL: suite.databaseUrl(), CONFIRM_QUEUE: suite.queue(), CONFIRM_RETRY_BASE_DELAY_MS: '200' });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

const call = (...args: Parameters<OfflineStack['call']>) => stack.call(...args);

describe('order flow over HTTP through serverless offline', () => {
  it('syncs stock, accepts an order and confirms it with one vendor order', async () => {
    // Prepare: a sync from the seeded vendor mocks
    expect((await call('POST', '/vendors/_reset')).status).toBe(200);
    const sync = await call('POST', '/admin/sync', undefined, ADMIN);
    expect(sync.status).toBe(202);
    await eventually('the sync to finish', async () => {
      const run = await call('GET', `/admin/sync-runs/${sync.body.runId}`, undefined, ADMIN);
      return run.body.status !== 'running' ? run.body : undefined;
    });
    const found = await call('GET', '/products?sku=SKU-0015');
    const product = found.body.items[0];
    expect(product.vendors.length).toBeGreaterThanOrEqual(2);
    expect(product.available).toBe(product.onHand - product.reserved);

    // Act
    const placed = await call('POST', '/orders', { productId: product.productId, quantity: 2 });

    // Assess
    expect(placed.status).toBe(202);
    expect(placed.headers.get('location')).toBe(`/orders/${placed.body.orderId}`);
    const confirmed = await eventually('the order to be confirmed', async () => {
      const order = await call('GET', `/orders/${placed.body.orderId}`);
      return order.body.status === 'PENDING' ? undefined : order.body;
    });
    expect(confirmed.status).toBe('CONFIRMED');
    const [line] = confirmed.items;
    expect(line.allocations.reduce((sum: number, a: { quantity: number }) => sum + a.quantity, 0)).toBe(2);

    for (const allocation of line.allocations as { vendorId: string }[]) {
      const vendorOrders = await call('GET', `/vendors/${allocation.vendorId}/_orders`);
      const ours = vendorOrders.body.filter((o: { reference: string }) => o.reference === placed.body.orderId);
      expect(ours).toHaveLength(1);
      expect(ours[0].sku).toBe('SKU-0015');
    }
    const after = await call('GET', `/products/${product.productId}`);
    expect(after.body.reserved).toBe(product.reserved);
    expect(after.body.onHand).toBe(product.onHand - 2);
  });

  it('answers malformed input with problem+json through the emulated API Gateway', async () => {
    const res = await fetch(`${stack.baseUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"productId":' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'validation_error', status: 400 });
  });

  it('reports database and queue as healthy', async () => {
    const res = await call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: 'ok', queue: 'ok' } });
  });

  it('keeps the admin routes closed without the key', async () => {
    const res = await call('POST', '/admin/sync');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthorized');
  });
});
