import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handler as syncStock } from './handler';
import { handler as getProduct } from '../getProduct/handler';
import { handler as listProducts } from '../listProducts/handler';
import { handler as placeOrder } from '../placeOrder/handler';
import type { SyncOutcome, SyncRun } from '../../lib/stock/types';
import { routesFromServerlessYml, serveHttp } from '../../infra/local/httpAdapter';
import { invokeHttp, lambdaContext } from '../../test/factories/http';
import { useIsolatedServices } from '../../test/support/suite';

const CLIENT_TIMEOUT_MS = 400;

// The vendor mocks, served over real HTTP: the sync reaches them as it would in AWS. The
// URL is known only once the server listens, before any test builds the dependencies.
let mocks: { url: string; close: () => Promise<void> };
beforeAll(async () => {
  mocks = await serveHttp(routesFromServerlessYml(['vendorMock']));
  process.env.VENDOR_BASE_URL = `${mocks.url}/vendors`;
});
afterAll(() => mocks.close());

const suite = useIsolatedServices({
  VENDOR_TIMEOUT_MS: String(CLIENT_TIMEOUT_MS),
  VENDOR_MAX_RETRIES: '1',
  VENDOR_RETRY_BASE_DELAY_MS: '10',
  // Smaller than every seeded catalogue, so each vendor is read over several pages.
  VENDOR_PAGE_SIZE: '7',
});

async function vendorControl(method: string, path: string, body?: unknown) {
  const res = await fetch(`${mocks.url}/vendors/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

async function sync(): Promise<SyncOutcome> {
  return syncStock({ source: 'aws.events', 'detail-type': 'Scheduled Event' }, lambdaContext('syncStock'));
}

async function syncedRun(): Promise<SyncRun> {
  const outcome = await sync();
  if (outcome.skipped) throw new Error('expected the sync to run, it was skipped');
  return outcome;
}

const vendorResult = (run: SyncRun, vendorId: string) => run.vendors.find((v) => v.vendorId === vendorId)!;

async function productBySku(sku: string) {
  const res = await invokeHttp(listProducts, { path: '/products', query: { sku } });
  expect(res.statusCode).toBe(200);
  return res.body.items[0];
}

/** What the vendors hold of a SKU, in their own database. */
async function vendorHoldings(sku: string) {
  return suite.deps().sql<{ vendorId: string; quantity: number; price: string }[]>`
    SELECT vendor_id, quantity, price::text AS price FROM vendor_mock.stock WHERE sku = ${sku} ORDER BY vendor_id`;
}

async function vendorStockRow(vendorId: string, sku: string) {
  const [row] = await suite.deps().sql<{ quantity: number }[]>`
    SELECT vs.quantity FROM vendor_stock vs JOIN products p ON p.id = vs.product_id WHERE vs.vendor_id = ${vendorId} AND p.sku = ${sku}`;
  return row?.quantity;
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A page-json vendor outside the mocks, registered by its base_url, whose payload the test
 * writes: for the rows no well-behaved mock would send. Disabled again by `remove`.
 */
async function sloppyVendor(vendorId: string, products: () => unknown[]) {
  const server = http.createServer((_req, res) => {
    const page = products();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ page: 1, pageSize: page.length, totalPages: 1, totalItems: page.length, products: page }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await suite.deps().sql`INSERT INTO vendors (id, name, shape, base_url) VALUES (${vendorId}, 'Sloppy Trading', 'page-json', ${baseUrl})`;
  return {
    remove: async () => {
      await suite.deps().sql`UPDATE vendors SET enabled = false WHERE id = ${vendorId}`;
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

beforeEach(async () => {
  await vendorControl('POST', '_reset');
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('syncStock', () => {
  it('creates one product per SKU, its on-hand stock summed over every vendor that sells it', async () => {
    // Act
    const run = await syncedRun();

    // Assess
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'schedule', productsChanged: 30, error: null });
    expect(run.vendors.map((v) => [v.vendorId, v.status, v.rowsSeen, v.rowsChanged, v.rowsRejected, v.pages])).toEqual([
      ['acme', 'succeeded', 20, 20, 0, 3],
      ['globex', 'succeeded', 20, 20, 0, 3],
      ['initech', 'succeeded', 16, 16, 0, 3],
    ]);
    const totals = await suite.deps().sql<{ sku: string; onHand: number }[]>`
      SELECT sku, on_hand FROM products ORDER BY sku`;
    const expected = await suite.deps().sql<{ sku: string; onHand: number }[]>`
      SELECT sku, sum(quantity)::int AS on_hand FROM vendor_mock.stock GROUP BY sku ORDER BY sku`;
    expect(totals).toEqual(expected);
    expect(totals).toHaveLength(30);

    const holdings = await vendorHoldings('SKU-0015');
    const product = await productBySku('SKU-0015');
    const onHand = holdings.reduce((sum, h) => sum + h.quantity, 0);
    expect(product).toEqual({
      productId: expect.any(String),
      sku: 'SKU-0015',
      name: 'Catalogue item 15',
      available: onHand,
      onHand,
      reserved: 0,
      vendors: holdings.map((h) => ({ vendorId: h.vendorId, quantity: h.quantity, price: h.price, currency: 'EUR', syncedAt: expect.any(String), stale: false })),
    });
    expect(product.vendors.map((v: { vendorId: string }) => v.vendorId)).toEqual(['acme', 'globex', 'initech']);
    expect(new Date(product.vendors[0].syncedAt).toISOString()).toBe(product.vendors[0].syncedAt);
  });

  it('writes nothing when nothing changed since the last sync', async () => {
    await syncedRun();
    const [before] = await suite.deps().sql<{ stamp: Date }[]>`SELECT max(updated_at) AS stamp FROM vendor_stock`;

    const run = await syncedRun();

    expect(run.status).toBe('succeeded');
    expect(run.productsChanged).toBe(0);
    expect(run.vendors.map((v) => v.rowsChanged)).toEqual([0, 0, 0]);
    expect(run.vendors.map((v) => v.rowsSeen)).toEqual([20, 20, 16]);
    const [after] = await suite.deps().sql<{ stamp: Date }[]>`SELECT max(updated_at) AS stamp FROM vendor_stock`;
    expect(after!.stamp).toEqual(before!.stamp);
  });

  it("picks up a vendor's stock change and a new SKU at the next sync, writing only those rows", async () => {
    await syncedRun();
    await vendorControl('PUT', 'globex/_stock/SKU-0020', { quantity: 99 });
    await vendorControl('PUT', 'initech/_stock/NEW-0100', { quantity: 4, price: '3.1', name: 'Newcomer' });

    const run = await syncedRun();

    expect(run.vendors.map((v) => [v.vendorId, v.rowsChanged])).toEqual([
      ['acme', 0],
      ['globex', 1],
      ['initech', 1],
    ]);
    expect(run.productsChanged).toBe(2);
    const changed = await productBySku('SKU-0020');
    expect(changed.onHand).toBe((await vendorHoldings('SKU-0020')).reduce((sum, h) => sum + h.quantity, 0));
    expect(changed.vendors.find((v: { vendorId: string }) => v.vendorId === 'globex').quantity).toBe(99);
    expect(await productBySku('NEW-0100')).toMatchObject({
      name: 'Newcomer',
      onHand: 4,
      vendors: [{ vendorId: 'initech', quantity: 4, price: '3.10', currency: 'EUR', stale: false }],
    });
  });

  it('drops a SKU that a vendor no longer lists to 0 for that vendor once it has been read completely', async () => {
    await syncedRun();
    // The vendor stops listing it, as a real vendor would drop a discontinued item.
    await suite.deps().sql`DELETE FROM vendor_mock.stock WHERE vendor_id = 'initech' AND sku = 'SKU-0001'`;

    const run = await syncedRun();

    expect(vendorResult(run, 'initech')).toMatchObject({ status: 'succeeded', rowsSeen: 15, rowsChanged: 1 });
    expect(await vendorStockRow('initech', 'SKU-0001')).toBe(0);
    const [acme] = await vendorHoldings('SKU-0001');
    expect((await productBySku('SKU-0001')).onHand).toBe(acme!.quantity);
  });

  it('reports a vendor at errorRate 1 as failed while the others succeed, and keeps its previous stock', async () => {
    await syncedRun();
    const before = await productBySku('SKU-0001');
    const [acmeBefore] = await suite.deps().sql<{ lastSyncedAt: Date }[]>`SELECT last_synced_at FROM vendors WHERE id = 'acme'`;
    await vendorControl('PUT', 'acme/_stock/SKU-0001', { quantity: 1 });
    await vendorControl('PUT', 'acme/_control', { errorRate: 1 });

    const run = await syncedRun();

    expect(run.status).toBe('partial');
    expect(vendorResult(run, 'acme')).toMatchObject({ status: 'failed', rowsChanged: 0, error: expect.stringContaining('answered HTTP 503') });
    expect(vendorResult(run, 'globex').status).toBe('succeeded');
    expect(vendorResult(run, 'initech').status).toBe('succeeded');
    expect(await vendorStockRow('acme', 'SKU-0001')).toBe(11);
    const product = await productBySku('SKU-0001');
    expect(product.onHand).toBe(before.onHand);
    expect(product.vendors[0]).toEqual(before.vendors[0]);
    const [acmeAfter] = await suite.deps().sql<{ lastSyncedAt: Date }[]>`SELECT last_synced_at FROM vendors WHERE id = 'acme'`;
    expect(acmeAfter!.lastSyncedAt).toEqual(acmeBefore!.lastSyncedAt);
  });

  it('lets a slow vendor cost only its own time: the others finish before its attempts time out', async () => {
    const latencyMs = 2_000;
    // The mock shares this process: keep hold of its latency sleeps, to let the slow
    // requests the client gave up on finish before the next test resets the vendors.
    const sleeps: Promise<void>[] = [];
    const sleep = suite.deps().sleep;
    jest.spyOn(suite.deps(), 'sleep').mockImplementation((ms) => {
      const slept = sleep(ms);
      sleeps.push(slept);
      return slept;
    });
    await vendorControl('PUT', 'globex/_control', { latencyMs });
    const started = Date.now();

    const run = await syncedRun();

    const elapsed = Date.now() - started;
    expect(vendorResult(run, 'globex')).toMatchObject({ status: 'failed', error: expect.stringContaining(`got no answer within ${CLIENT_TIMEOUT_MS} ms`) });
    expect(vendorResult(run, 'acme')).toMatchObject({ status: 'succeeded', rowsSeen: 20 });
    expect(vendorResult(run, 'initech')).toMatchObject({ status: 'succeeded', rowsSeen: 16 });
    // The healthy vendors did not wait for the slow one (two timed-out attempts), whatever the machine's load.
    expect(vendorResult(run, 'globex').durationMs).toBeGreaterThanOrEqual(2 * CLIENT_TIMEOUT_MS);
    expect(vendorResult(run, 'acme').durationMs).toBeLessThan(vendorResult(run, 'globex').durationMs);
    expect(vendorResult(run, 'initech').durationMs).toBeLessThan(vendorResult(run, 'globex').durationMs);
    // Two attempts of one timeout each, not the vendor's latency.
    expect(elapsed).toBeLessThan(latencyMs);
    await Promise.all(sleeps);
  });

  it('never runs two syncs at once: one requested while another runs returns at once, skipped, naming the running one', async () => {
    await vendorControl('PUT', 'initech/_control', { latencyMs: 150 });
    const [before] = await suite.deps().sql<{ runs: number }[]>`SELECT count(*)::int AS runs FROM sync_runs`;
    const first = sync();
    const runningId = await until('the first run to start', async () => {
      const [row] = await suite.deps().sql<{ id: string }[]>`SELECT id FROM sync_runs WHERE status = 'running'`;
      return row?.id;
    });

    const second = await sync();

    expect(second).toEqual({ skipped: true, runId: runningId, status: 'running' });
    expect(await first).toMatchObject({ skipped: false, runId: runningId, status: 'succeeded' });
    const [after] = await suite.deps().sql<{ runs: number }[]>`SELECT count(*)::int AS runs FROM sync_runs`;
    expect(after!.runs).toBe(before!.runs + 1);
  });

  it("records each vendor's progress while the run is going, then its result", async () => {
    // initech answers slowly: its three pages take long enough to be seen half-read.
    await vendorControl('PUT', 'initech/_control', { latencyMs: 200 });
    const running = sync();

    const progress = await until('initech to have read a page while the run is still going', async () => {
      const [row] = await suite.deps().sql<{ status: string; pages: number; rowsSeen: number; runStatus: string }[]>`
        SELECT v.status, v.pages, v.rows_seen, r.status AS run_status
        FROM sync_run_vendors v JOIN sync_runs r ON r.id = v.run_id
        WHERE v.vendor_id = 'initech' AND r.status = 'running'`;
      return row && row.pages > 0 ? row : undefined;
    });

    expect(progress).toMatchObject({ status: 'running', runStatus: 'running' });
    expect(progress.rowsSeen).toBe(progress.pages * 7);
    const run = await running;
    if (run.skipped) throw new Error('expected the sync to run');
    expect(vendorResult(run, 'initech')).toMatchObject({ status: 'succeeded', pages: 3, rowsSeen: 16 });
  });

  it('skips all but one of many concurrent syncs', async () => {
    // Long enough that every request arrives while the first still runs.
    await vendorControl('PUT', 'initech/_control', { latencyMs: 150 });

    const outcomes = await Promise.all(Array.from({ length: 5 }, () => sync()));

    expect(outcomes.filter((o) => !o.skipped)).toHaveLength(1);
    expect(outcomes.filter((o) => o.skipped)).toHaveLength(4);
  });

  it('shows available 0, never negative, when a sync lowers on-hand stock below what is reserved', async () => {
    // Prepare: 30 of SKU-0002 reserved, then the vendors sell most of it elsewhere.
    await syncedRun();
    const { productId } = await productBySku('SKU-0002');
    const order = await invokeHttp(placeOrder, { method: 'POST', path: '/orders', body: { productId, quantity: 30 } });
    expect(order.statusCode).toBe(202);
    await vendorControl('PUT', 'acme/_stock/SKU-0002', { quantity: 1 });
    await vendorControl('PUT', 'initech/_stock/SKU-0002', { quantity: 2 });

    // Act
    const run = await syncedRun();

    // Assess
    expect(run.status).toBe('succeeded');
    const res = await invokeHttp(getProduct, { path: `/products/${productId}`, pathParameters: { productId } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({ onHand: 3, reserved: 30, available: 0 });
  });

  it("stops counting a vendor's stock once its data is older than its staleness limit", async () => {
    await syncedRun();
    await suite.deps().sql`UPDATE vendors SET stale_after_seconds = 60, last_synced_at = now() - interval '2 minutes' WHERE id = 'acme'`;
    await vendorControl('PUT', 'acme/_control', { errorRate: 1 });

    const run = await syncedRun();

    expect(vendorResult(run, 'acme').status).toBe('failed');
    const [, initech] = await vendorHoldings('SKU-0001');
    const product = await productBySku('SKU-0001');
    expect(product.onHand).toBe(initech!.quantity);
    expect(product.vendors).toEqual([
      expect.objectContaining({ vendorId: 'acme', quantity: 11, stale: true }),
      expect.objectContaining({ vendorId: 'initech', stale: false }),
    ]);
    await suite.deps().sql`UPDATE vendors SET stale_after_seconds = NULL WHERE id = 'acme'`;
  });

  it('counts and drops the rows a vendor gets wrong, one by one, and keeps the rest of the page', async () => {
    const sloppy = await sloppyVendor('sloppy', () => [
      { sku: 'SLOPPY-1', name: 'Fine', stock: 5, price: 2.5, currency: 'EUR' },
      { sku: 'SLOPPY-2', name: 'Negative stock', stock: -1, price: 2.5, currency: 'EUR' },
      { sku: 'SLOPPY-3', name: 'Fractions of a cent', stock: 1, price: 2.505, currency: 'EUR' },
      { name: 'No SKU at all', stock: 1, price: 1, currency: 'EUR' },
      'not a row',
    ]);
    try {
      const run = await syncedRun();

      expect(vendorResult(run, 'sloppy')).toMatchObject({ status: 'succeeded', rowsSeen: 5, rowsRejected: 4, rowsChanged: 1, pages: 1 });
      expect(await productBySku('SLOPPY-1')).toMatchObject({ onHand: 5, vendors: [{ vendorId: 'sloppy', quantity: 5, price: '2.50' }] });
      expect(await productBySku('SLOPPY-2')).toBeUndefined();
    } finally {
      await sloppy.remove();
    }
  });

  it('keeps a vendor\'s previous stock, and reports it failed, when not one of its rows can be read', async () => {
    let rows: unknown[] = [{ sku: 'SLOPPY-9', name: 'Fine', stock: 5, price: 1, currency: 'EUR' }];
    const sloppy = await sloppyVendor('sloppier', () => rows);
    try {
      await syncedRun();
      // The vendor changes its format overnight: every row now fails to parse.
      rows = [
        { sku: 'SLOPPY-9', name: 'Fine', stock: '5', price: '1.00', currency: 'EUR' },
        { sku: 'SLOPPY-10', name: 'Fine', stock: '2', price: '1.00', currency: 'EUR' },
      ];

      const run = await syncedRun();

      expect(vendorResult(run, 'sloppier')).toMatchObject({ status: 'failed', rowsRejected: 2, error: 'vendor sloppier: all 2 rows were rejected; keeping its previous stock' });
      expect(await vendorStockRow('sloppier', 'SLOPPY-9')).toBe(5);
    } finally {
      await sloppy.remove();
    }
  });
});
