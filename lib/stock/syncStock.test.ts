import { createLogger } from '../logger';
import { noMetrics } from '../observability';
import type { StockStore, SyncRunStore, VendorStockSource } from './ports';
import { readAhead, syncStock, type SyncStockDeps } from './syncStock';
import type { SyncRunVendor, SyncVendor, VendorStockPage } from './types';

const row = (sku: string) => ({ sku, name: sku, quantity: 1, price: '1.00', currency: 'EUR' });
const page = (...skus: string[]): VendorStockPage => ({ rows: skus.map(row), rejected: 0 });
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A vendor whose pages are released one by one by the test, counting what was asked for. */
function scriptedVendor(pages: (VendorStockPage | Error)[]) {
  const state = { requested: 0, inFlight: 0, maxInFlight: 0 };
  const gates: (() => void)[] = [];
  async function* read(): AsyncGenerator<VendorStockPage> {
    for (const next of pages) {
      state.requested += 1;
      state.inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      await new Promise<void>((resolve) => gates.push(resolve));
      state.inFlight -= 1;
      if (next instanceof Error) throw next;
      yield next;
    }
  }
  return { read, state, release: () => gates.shift()?.() };
}

function fakeDeps(overrides: { vendors: SyncVendor[]; read: VendorStockSource['read']; concurrency?: number }) {
  const calls = { applied: [] as string[], zeroed: [] as string[], synced: [] as string[], recomputed: [] as string[][] };
  const results = new Map<string, SyncRunVendor>();
  const stock: StockStore = {
    applyVendorPage: async (vendorId, rows) => {
      calls.applied.push(`${vendorId}:${rows.map((r) => r.sku).join(',')}`);
      return { changedProductIds: rows.map((r) => `${vendorId}-${r.sku}`) };
    },
    zeroUnlisted: async (vendorId) => {
      calls.zeroed.push(vendorId);
      return { changedProductIds: [] };
    },
    recomputeOnHand: async ({ productIds }) => {
      calls.recomputed.push([...productIds]);
      return 0;
    },
  };
  const syncRuns: SyncRunStore = {
    start: async () => {},
    abandonUnfinished: async () => 0,
    recordVendor: async (_runId, result) => void results.set(result.vendorId, result),
    finish: async () => {},
    find: async (runId) => ({ runId, trigger: 'test', status: 'succeeded', startedAt: '', finishedAt: '', durationMs: 0, productsChanged: 0, error: null, vendors: [...results.values()] }),
    recent: async () => [],
    running: async () => undefined,
  };
  const deps: SyncStockDeps = {
    config: { stock: { staleAfterSeconds: 900, syncConcurrency: overrides.concurrency ?? 4 } },
    logger: createLogger('test', 'SILENT'),
    metrics: noMetrics,
    vendors: {
      listEnabled: async () => overrides.vendors,
      find: async () => undefined,
      markSynced: async (vendorId) => void calls.synced.push(vendorId),
    },
    vendorStock: { read: overrides.read },
    stock,
    syncRuns,
    syncLock: { tryAcquire: async () => ({ release: async () => {} }) },
    newId: () => 'run-1',
    now: () => new Date(),
  };
  return { deps, calls, results };
}

const vendor = (vendorId: string): SyncVendor => ({ vendorId, shape: 'page-json', baseUrl: null });

describe('readAhead', () => {
  it('asks for the next page while the caller works on the current one, and never for two ahead', async () => {
    // Prepare
    const source = scriptedVendor([page('A'), page('B'), page('C')]);
    const pages = readAhead(source.read());

    // Act: take the first page and hold on to it.
    const first = pages.next();
    await tick();
    source.release();
    expect((await first).value).toEqual(page('A'));
    await tick();

    // Assess: the second page is already requested, the third not yet.
    expect(source.state.requested).toBe(2);
    await tick();
    expect(source.state.requested).toBe(2);
    source.release();
    expect((await pages.next()).value).toEqual(page('B'));
    source.release();
    expect((await pages.next()).value).toEqual(page('C'));
    expect((await pages.next()).done).toBe(true);
    expect(source.state.maxInFlight).toBe(1);
  });

  it('hands on the failure of the page read ahead when the caller asks for it', async () => {
    const source = scriptedVendor([page('A'), new Error('page 2 failed')]);
    const pages = readAhead(source.read());
    const first = pages.next();
    await tick();
    source.release();
    await first;
    await tick();
    source.release();

    await expect(pages.next()).rejects.toThrow('page 2 failed');
  });
});

describe('syncStock (with in-memory ports)', () => {
  it('reads at most syncConcurrency vendors at a time', async () => {
    let reading = 0;
    let most = 0;
    const { deps } = fakeDeps({
      vendors: ['a', 'b', 'c', 'd', 'e'].map(vendor),
      concurrency: 2,
      read: async function* (v) {
        reading += 1;
        most = Math.max(most, reading);
        await new Promise((resolve) => setTimeout(resolve, 5));
        yield page(`${v.vendorId}-1`);
        reading -= 1;
      },
    });

    const outcome = await syncStock(deps, { trigger: 'test' });

    expect(outcome).toMatchObject({ skipped: false });
    expect(most).toBe(2);
  });

  it("keeps a vendor's previous data when a page fails mid-read: the pages read are applied, nothing is zeroed, its sync time stays", async () => {
    const { deps, calls, results } = fakeDeps({
      vendors: [vendor('broken'), vendor('healthy')],
      read: async function* (v) {
        yield page(`${v.vendorId}-1`);
        if (v.vendorId === 'broken') throw new Error('page 2 answered HTTP 503');
        yield page(`${v.vendorId}-2`);
      },
    });

    await syncStock(deps, { trigger: 'test' });

    expect(calls.applied.sort()).toEqual(['broken:broken-1', 'healthy:healthy-1', 'healthy:healthy-2']);
    expect(calls.zeroed).toEqual(['healthy']);
    expect(calls.synced).toEqual(['healthy']);
    expect(results.get('broken')).toMatchObject({ status: 'failed', pages: 1, error: 'page 2 answered HTTP 503' });
    // Stale vendors stop counting before any read; the products changed are recomputed after.
    expect(calls.recomputed[0]).toEqual([]);
    expect(calls.recomputed[1]!.sort()).toEqual(['broken-broken-1', 'healthy-healthy-1', 'healthy-healthy-2']);
  });

  it('counts rows a vendor repeats within a page as rejected, keeping the last', async () => {
    const { deps, calls, results } = fakeDeps({
      vendors: [vendor('v')],
      read: async function* () {
        yield { rows: [row('A'), { ...row('A'), quantity: 5 }, row('B')], rejected: 2 };
      },
    });

    await syncStock(deps, { trigger: 'test' });

    expect(calls.applied).toEqual(['v:A,B']);
    expect(results.get('v')).toMatchObject({ status: 'succeeded', rowsSeen: 5, rowsRejected: 3, rowsChanged: 2 });
  });
});
