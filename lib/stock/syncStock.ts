import type { Config } from '../config';
import type { Logger } from '../logger';
import { UnreadableCatalogueError } from './errors';
import type { StockStore, SyncLock, SyncRunStore, VendorDirectory, VendorStockSource } from './ports';
import type { SyncOutcome, SyncRunVendor, SyncVendor, VendorStockRow } from './types';

export interface SyncStockDeps {
  config: Pick<Config, 'stock'>;
  logger: Logger;
  vendors: VendorDirectory;
  vendorStock: VendorStockSource;
  stock: StockStore;
  syncRuns: SyncRunStore;
  syncLock: SyncLock;
  newId: () => string;
  now: () => Date;
}

export interface SyncStockInput {
  /** Who asked: `schedule`, `admin`, `cli`… recorded with the run. */
  trigger: string;
  /**
   * Aborts the vendor reads still going when it fires; the run is then finished and
   * recorded with those vendors failed. Handlers derive it from the time Lambda has left.
   */
  signal?: AbortSignal;
}

/**
 * Pulls every enabled vendor's catalogue into the aggregated stock.
 *
 * - Runs never overlap: a second request while one runs returns at once, `skipped`.
 * - Vendors are read concurrently (at most `syncConcurrency` at a time), each with the
 *   adapter's timeout, retries and circuit breaker, so a slow or broken vendor costs
 *   its own slot, not the others' time.
 * - A vendor's SKUs that it no longer lists drop to 0 only after a complete read of it;
 *   a vendor whose read failed keeps its previous rows and its previous sync time, and
 *   so turns stale (stops counting) once its staleness limit passes.
 * - on_hand is recomputed from fresh vendor stock at the end; `reserved` is never
 *   touched, so a sync may lower on_hand below reserved (available then reads 0).
 */
export async function syncStock(deps: SyncStockDeps, input: SyncStockInput): Promise<SyncOutcome> {
  const lease = await deps.syncLock.tryAcquire();
  if (!lease) {
    deps.logger.info('stock sync skipped: another run holds the lock', { trigger: input.trigger });
    return { skipped: true, runId: (await deps.syncRuns.running()) ?? null, status: 'running' };
  }
  try {
    // We hold the lock, so any run still marked running died with its process.
    await deps.syncRuns.abandonUnfinished();
    const runId = deps.newId();
    await deps.syncRuns.start(runId, input.trigger);
    await runSync(deps, runId, input.signal ?? new AbortController().signal);
    const run = await deps.syncRuns.find(runId);
    return { skipped: false, ...run! };
  } finally {
    await lease.release();
  }
}

async function runSync(deps: SyncStockDeps, runId: string, signal: AbortSignal): Promise<void> {
  let results: SyncRunVendor[] = [];
  let productsChanged = 0;
  let error: string | null = null;
  try {
    const vendors = await deps.vendors.listEnabled();
    results = await mapConcurrently(vendors, deps.config.stock.syncConcurrency, (vendor) => syncVendor(deps, runId, vendor, signal));
    productsChanged = await deps.stock.recomputeOnHand();
  } catch (cause) {
    error = describe(cause);
    deps.logger.error('stock sync failed', { runId, error: cause as Error });
  }
  const status = error ? 'failed' : runStatus(results);
  await deps.syncRuns.finish(runId, { status, productsChanged, error });
  deps.logger.info('stock sync finished', { runId, status, productsChanged, vendors: results.map((r) => `${r.vendorId}:${r.status}`) });
}

/** Reads one vendor completely and records the result; a vendor's failure is its result, not an exception. */
async function syncVendor(deps: SyncStockDeps, runId: string, vendor: SyncVendor, signal: AbortSignal): Promise<SyncRunVendor> {
  const started = deps.now().getTime();
  const tally = { rowsSeen: 0, rowsChanged: 0, rowsRejected: 0, pages: 0 };
  let error: string | null = null;
  try {
    const listed = new Set<string>();
    for await (const page of deps.vendorStock.read(vendor, signal)) {
      const rows = lastRowPerSku(page.rows);
      tally.pages += 1;
      tally.rowsSeen += page.rows.length + page.rejected;
      // A SKU repeated within a page is contradictory: the last row wins, the others count as rejected.
      tally.rowsRejected += page.rejected + (page.rows.length - rows.length);
      if (rows.length) tally.rowsChanged += await deps.stock.applyVendorPage(vendor.vendorId, rows);
      for (const row of rows) listed.add(row.sku);
    }
    if (tally.rowsSeen > 0 && listed.size === 0) throw new UnreadableCatalogueError(vendor.vendorId, tally.rowsRejected);
    // A row we could not read counts as not listed: its stock cannot be vouched for, and
    // offering less than a vendor has is the safe side of not overselling.
    tally.rowsChanged += await deps.stock.zeroUnlisted(vendor.vendorId, [...listed]);
    await deps.vendors.markSynced(vendor.vendorId);
  } catch (cause) {
    error = signal.aborted ? `sync deadline reached: ${describe(cause)}` : describe(cause);
    deps.logger.warn('vendor sync failed', { runId, vendorId: vendor.vendorId, error: cause as Error });
  }
  const result: SyncRunVendor = {
    vendorId: vendor.vendorId,
    status: error ? 'failed' : 'succeeded',
    ...tally,
    error,
    durationMs: deps.now().getTime() - started,
  };
  await deps.syncRuns.recordVendor(runId, result);
  return result;
}

function runStatus(results: SyncRunVendor[]): 'succeeded' | 'partial' | 'failed' {
  const failed = results.filter((r) => r.status === 'failed').length;
  if (failed === 0) return 'succeeded';
  return failed === results.length ? 'failed' : 'partial';
}

function lastRowPerSku(rows: VendorStockRow[]): VendorStockRow[] {
  return [...new Map(rows.map((row) => [row.sku, row])).values()];
}

/**
 * Runs `fn` over the items with at most `limit` in flight. Every item runs even when one
 * throws (so no vendor read outlives the run that started it); the first error is rethrown.
 */
async function mapConcurrently<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  const errors: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index]!);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length) throw errors[0];
  return results;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
