import { handler as syncStock } from './handler';
import { handler as getProduct } from '../getProduct/handler';
import { handler as placeOrder } from '../placeOrder/handler';
import type { SyncRun } from '../../lib/stock/types';
import { invokeHttp, lambdaContext } from '../../test/factories/http';
import { useLocalServices } from '../../test/support/localServices';

const CLIENT_TIMEOUT_MS = 500;

const services = useLocalServices({
  VENDOR_TIMEOUT_MS: String(CLIENT_TIMEOUT_MS),
  VENDOR_MAX_RETRIES: '1',
  VENDOR_RETRY_BASE_DELAY_MS: '10',
  // Smaller than every seeded catalogue, so each vendor is read over several pages.
  VENDOR_PAGE_SIZE: '7',
});

/**
 * The vendor mocks share this process: their latency and hangs go through deps.sleep.
 * Each sleep is capped (still far beyond the client's timeout) and kept, so that the
 * requests the client gave up on finish before the next test resets the vendors.
 */
let sleeps: Promise<void>[] = [];
beforeEach(async () => {
  const sleep = services.deps().sleep;
  jest.spyOn(services.deps(), 'sleep').mockImplementation((ms) => {
    const slept = sleep(Math.min(ms, 1_500));
    sleeps.push(slept);
    return slept;
  });
  await services.resetAndSync();
});
afterEach(async () => {
  await Promise.all(sleeps);
  sleeps = [];
  jest.restoreAllMocks();
});

async function sync(): Promise<SyncRun> {
  const outcome = await syncStock({ 'detail-type': 'Scheduled Event' }, lambdaContext('syncStock'));
  if (outcome.skipped) throw new Error('expected the sync to run, it was skipped');
  return outcome;
}

const vendorResult = (run: SyncRun, vendorId: string) => run.vendors.find((v) => v.vendorId === vendorId)!;

/** A vendor's rows as the aggregator holds them. */
async function heldBy(vendorId: string) {
  return services.deps().sql<{ sku: string; quantity: number; price: string }[]>`
    SELECT p.sku, vs.quantity, vs.price::text AS price FROM vendor_stock vs JOIN products p ON p.id = vs.product_id
    WHERE vs.vendor_id = ${vendorId} ORDER BY p.sku`;
}

async function product(sku: string) {
  const { id } = await services.productBySku(sku);
  const res = await invokeHttp(getProduct, { path: `/products/${id}`, pathParameters: { productId: id } });
  expect(res.statusCode).toBe(200);
  return res.body;
}

const order = (productId: string, quantity: number) => invokeHttp(placeOrder, { method: 'POST', path: '/orders', body: { productId, quantity } });

describe('syncStock against misbehaving vendors', () => {
  const faults = [
    { fault: 'latency beyond the client timeout', control: { latencyMs: 3_000 }, error: `got no answer within ${CLIENT_TIMEOUT_MS} ms`, atLeastMs: 2 * CLIENT_TIMEOUT_MS },
    { fault: 'server errors (HTTP 503)', control: { errorRate: 1 }, error: 'answered HTTP 503', atLeastMs: 0 },
    // The mock asks for Retry-After: 1; the one retry waits for it, and gets another 429.
    { fault: 'rate limiting (HTTP 429, Retry-After: 1)', control: { rateLimitRate: 1 }, error: 'answered HTTP 429', atLeastMs: 1_000 },
    { fault: 'requests that hang (timeouts)', control: { timeoutRate: 1 }, error: `got no answer within ${CLIENT_TIMEOUT_MS} ms`, atLeastMs: 2 * CLIENT_TIMEOUT_MS },
  ];

  it.each(faults)('with $fault at one vendor, syncs the others without waiting for it, reports it failed and keeps its stock', async ({ control, error, atLeastMs }) => {
    // Prepare: acme changes a quantity we must not pick up, then starts misbehaving.
    const before = { rows: await heldBy('acme'), product: await product('SKU-0001') };
    await services.vendor('PUT', '/acme/_stock/SKU-0001', { quantity: 1 });
    await services.vendor('PUT', '/acme/_control', control);

    // Act
    const run = await sync();

    // Assess: the healthy vendors were read completely, and faster than the broken one failed.
    expect(run.status).toBe('partial');
    const broken = vendorResult(run, 'acme');
    expect(broken).toMatchObject({ status: 'failed', rowsChanged: 0, error: expect.stringContaining(error) });
    expect(broken.durationMs).toBeGreaterThanOrEqual(atLeastMs);
    for (const [vendorId, rows] of [['globex', 20], ['initech', 16]] as const) {
      const healthy = vendorResult(run, vendorId);
      expect(healthy).toMatchObject({ status: 'succeeded', rowsSeen: rows, error: null });
      if (atLeastMs) expect(healthy.durationMs).toBeLessThan(broken.durationMs);
    }
    // acme's previous stock stands, still counted and not stale.
    expect(await heldBy('acme')).toEqual(before.rows);
    const after = await product('SKU-0001');
    expect(after).toMatchObject({ onHand: before.product.onHand, available: before.product.available });
    expect(after.vendors[0]).toEqual(before.product.vendors[0]);
    expect(after.vendors[0]).toMatchObject({ vendorId: 'acme', quantity: 11, stale: false });
  });

  it('keeps counting a broken vendor until its staleness limit passes, then stops at once, before any further sync', async () => {
    // Prepare: acme fails from now on; SKU-0003 is sold by acme and initech.
    await services.vendor('PUT', '/acme/_control', { errorRate: 1 });
    expect(vendorResult(await sync(), 'acme').status).toBe('failed');
    const fresh = await product('SKU-0003');
    const [acme, initech] = fresh.vendors as { vendorId: string; quantity: number }[];
    expect([acme!.vendorId, initech!.vendorId]).toEqual(['acme', 'initech']);
    expect(fresh).toMatchObject({ onHand: acme!.quantity + initech!.quantity, available: acme!.quantity + initech!.quantity });

    // Act: the clock passes acme's limit (15 minutes) while no sync runs, as when the scheduler is down.
    await services.deps().sql`
      UPDATE vendors SET last_synced_at = last_synced_at - interval '16 minutes', counted_until = counted_until - interval '16 minutes'
      WHERE id = 'acme'`;

    // Assess: acme is shown stale and its stock no longer counts, for reads and for orders.
    const stale = await product('SKU-0003');
    expect(stale.vendors).toEqual([
      expect.objectContaining({ vendorId: 'acme', quantity: acme!.quantity, stale: true }),
      expect.objectContaining({ vendorId: 'initech', quantity: initech!.quantity, stale: false }),
    ]);
    expect(stale).toMatchObject({ onHand: initech!.quantity, reserved: 0, available: initech!.quantity });
    const tooMany = await order(fresh.productId, initech!.quantity + 1);
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.body).toMatchObject({ code: 'insufficient_stock', detail: `product ${fresh.productId} has ${initech!.quantity} available, ${initech!.quantity + 1} requested` });
    expect((await order(fresh.productId, initech!.quantity)).statusCode).toBe(202);

    // The next run (acme still failing) stores the same view: on_hand without acme.
    const run = await sync();
    expect(vendorResult(run, 'acme').status).toBe('failed');
    expect(await services.productBySku('SKU-0003')).toMatchObject({ onHand: initech!.quantity, reserved: initech!.quantity });
    expect(await product('SKU-0003')).toMatchObject({ available: 0, vendors: [expect.objectContaining({ vendorId: 'acme', stale: true }), expect.anything()] });
  });

  it('counts a vendor again once a sync reads it completely after it was stale', async () => {
    await services.vendor('PUT', '/acme/_control', { errorRate: 1 });
    await sync();
    await services.deps().sql`
      UPDATE vendors SET last_synced_at = last_synced_at - interval '16 minutes', counted_until = counted_until - interval '16 minutes'
      WHERE id = 'acme'`;
    expect((await product('SKU-0004')).vendors[0]).toMatchObject({ vendorId: 'acme', stale: true });
    await services.vendor('PUT', '/acme/_control', { errorRate: 0 });

    const run = await sync();

    expect(run.status).toBe('succeeded');
    const back = await product('SKU-0004');
    const total = back.vendors.reduce((sum: number, v: { quantity: number }) => sum + v.quantity, 0);
    expect(back).toMatchObject({ onHand: total, available: total });
    expect(back.vendors.map((v: { stale: boolean }) => v.stale)).toEqual([false, false]);
  });
});
