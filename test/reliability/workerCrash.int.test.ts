import { useLocalServices, VENDOR_IDS } from '../support/localServices';
import { eventually } from '../support/poll';
import { spawnWorker, type WorkerProcess } from '../support/workerProcess';

const services = useLocalServices({ CONFIRM_RETRY_BASE_DELAY_MS: '200', VENDOR_TIMEOUT_MS: '2000' });
let worker: WorkerProcess | undefined;

afterAll(async () => {
  await worker?.kill('SIGTERM');
});

async function statuses(orderIds: string[]) {
  const rows = await services.deps().sql<{ status: string; count: number }[]>`
    SELECT status, count(*)::int AS count FROM orders WHERE id = ANY(${orderIds}::uuid[]) GROUP BY status`;
  return Object.fromEntries(rows.map((r) => [r.status, r.count])) as Record<string, number>;
}

describe('a worker killed in the middle of its batches', () => {
  it('loses nothing and places nothing twice once a new worker takes over', async () => {
    // Prepare: slow vendors, so the kill lands while vendor calls are in flight
    await services.resetAndSync();
    for (const v of VENDOR_IDS) await services.vendor('PUT', `/${v}/_control`, { latencyMs: 150 });
    const products = await services.deps().sql<{ id: string; sku: string }[]>`SELECT id, sku FROM products ORDER BY sku`;
    const env = { LOG_LEVEL: 'SILENT', VENDOR_BASE_URL: services.vendorBaseUrl() };
    worker = await spawnWorker(env);
    const orderIds: string[] = [];
    for (let i = 0; i < 60; i++) orderIds.push(await services.place(products[i % products.length]!.id, 1));

    // Act: SIGKILL once some orders are confirmed and others are not, then start a new worker
    await eventually('some confirmations', async () => ((await statuses(orderIds)).CONFIRMED ?? 0) >= 5 || undefined, 30_000, 20);
    await worker.kill('SIGKILL');
    const atKill = await statuses(orderIds);
    expect(atKill.PENDING ?? 0).toBeGreaterThan(0);
    worker = await spawnWorker(env);

    // Assess
    await eventually('every order to be confirmed', async () => ((await statuses(orderIds)).CONFIRMED === 60 ? true : undefined), 90_000, 200);
    const placements = await services.deps().sql<{ reference: string; units: number; vendors: number }[]>`
      SELECT reference, sum(quantity)::int AS units, count(DISTINCT vendor_id)::int AS vendors
      FROM vendor_mock.orders WHERE status = 'placed' AND reference = ANY(${orderIds}) GROUP BY reference`;
    expect(placements).toHaveLength(60);
    expect(placements.every((p) => p.units === 1 && p.vendors === 1)).toBe(true);
    const [stock] = await services.deps().sql<{ reserved: number }[]>`SELECT sum(reserved)::int AS reserved FROM products`;
    expect(stock!.reserved).toBe(0);
  }, 180_000);
});
