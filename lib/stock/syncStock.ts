import type { Config } from '../config';
import type { Logger } from '../logger';
import type { MetricsRecorder } from '../observability';
import { UnreadableCatalogueError } from './errors';
import type { StockStore, SyncLock, SyncRunStore, VendorDirectory, VendorStockSource } from './ports';
import type { SyncOutcome, SyncRunVendor, SyncVendor, VendorStockPage, VendorStockRow } from './types';

export interface SyncStockDeps {
  config: Pick<Config, 'stock'>;
  logger: Logger;
  metrics: MetricsRecorder;
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

/** A vendor's progress is recorded at most this often while its pages come in. */
const PROGRESS_EVERY_MS = 250;

/**
 * Pulls every enabled vendor's catalogue into the aggregated stock.
 *
 * - Runs never overlap: a second request while one runs returns at once, `skipped`.
 * - First, vendors that turned stale since the last run stop counting in on_hand (and a
 *   run that died half-way is made good by recomputing every product).
 * - Vendors are read concurrently, at most `syncConcurrency` at a time, each with the
 *   adapter's timeout, retries and circuit breaker, so a slow or broken vendor costs its
 *   own slot, not the others' time. Within a vendor, the next page is fetched while the
 *   current one is written: at most two pages per vendor in memory, one request in flight.
 * - A vendor's SKUs that it no longer lists drop to 0 only after a complete read of it; a
 *   vendor whose read failed keeps its previous rows (the pages it did read are applied:
 *   they are newer) and its previous sync time, and so turns stale (stops counting) once
 *   its staleness limit passes.
 * - Last, on_hand is recomputed for the products whose vendor stock changed and for the
 *   vendors that came in or went out; `reserved` is never touched, so a sync may lower
 *   on_hand below reserved (available then reads 0 and new orders are refused until
 *   confirmation settles the reservations).
 */
export async function syncStock(deps: SyncStockDeps, input: SyncStockInput): Promise<SyncOutcome> {
  const lease = await deps.syncLock.tryAcquire();
  if (!lease) {
    deps.logger.info('stock sync skipped: another run holds the lock', { trigger: input.trigger });
    return { skipped: true, runId: (await deps.syncRuns.running()) ?? null, status: 'running' };
  }
  try {
    // We hold the lock, so any run still marked running died with its process.
    const abandoned = await deps.syncRuns.abandonUnfinished();
    const runId = deps.newId();
    await deps.syncRuns.start(runId, input.trigger);
    await runSync(deps, runId, { abandoned: abandoned > 0, signal: input.signal ?? new AbortController().signal });
    const run = await deps.syncRuns.find(runId);
    return { skipped: false, ...run! };
  } finally {
    await lease.release();
  }
}

async function runSync(deps: SyncStockDeps, runId: string, options: { abandoned: boolean; signal: AbortSignal }): Promise<void> {
  let results: SyncRunVendor[] = [];
  let productsChanged = 0;
  let error: string | null = null;
  try {
    // Before any read: stale stock stops counting now, not after the slowest vendor.
    productsChanged += await deps.stock.recomputeOnHand({ productIds: [], everything: options.abandoned });
    const vendors = await deps.vendors.listEnabled();
    const changed = new Set<string>();
    results = await mapConcurrently(vendors, deps.config.stock.syncConcurrency, (vendor) => syncVendor(deps, runId, vendor, changed, options.signal));
    productsChanged += await deps.stock.recomputeOnHand({ productIds: changed });
  } catch (cause) {
    error = describe(cause);
    deps.logger.error('stock sync failed', { runId, error: cause as Error });
  }
  const status = error ? 'failed' : runStatus(results);
  deps.metrics.count('SyncRows', results.reduce((sum, r) => sum + r.rowsSeen, 0));
  deps.metrics.count('SyncRowsChanged', results.reduce((sum, r) => sum + r.rowsChanged, 0));
  deps.metrics.count('SyncErrors', results.filter((r) => r.status === 'failed').length + (error ? 1 : 0));
  await deps.syncRuns.finish(runId, { status, productsChanged, error });
  deps.logger.info('stock sync finished', { runId, status, productsChanged, vendors: results.map((r) => `${r.vendorId}:${r.status}`) });
}

/**
 * Reads one vendor completely and records the result; a vendor's failure is its result,
 * not an exception. The products whose stock it changed are added to `changed`.
 */
async function syncVendor(deps: SyncStockDeps, runId: string, vendor: SyncVendor, changed: Set<string>, signal: AbortSignal): Promise<SyncRunVendor> {
  const readStartedAt = deps.now();
  const started = readStartedAt.getTime();
  const tally = { rowsSeen: 0, rowsChanged: 0, rowsRejected: 0, pages: 0 };
  const result = (status: SyncRunVendor['status'], error: string | null): SyncRunVendor => ({
    vendorId: vendor.vendorId,
    status,
    ...tally,
    error,
    durationMs: deps.now().getTime() - started,
  });
  let reported = started;
  let error: string | null = null;
  try {
    // On the record from the start, so that a run in progress lists every vendor it reads.
    await deps.syncRuns.recordVendor(runId, result('running', null));
    // Each SKU listed so far, with the page that listed it last.
    const listed = new Map<string, number>();
    for await (const page of readAhead(deps.vendorStock.read(vendor, signal))) {
      const rows = lastRowPerSku(page.rows, listed, tally.pages);
      tally.pages += 1;
      tally.rowsSeen += page.rows.length + page.rejected;
      // A SKU repeated within a page is contradictory: the last row wins, the others count as rejected.
      tally.rowsRejected += page.rejected + (page.rows.length - rows.length);
      if (rows.length) tally.rowsChanged += note(changed, await deps.stock.applyVendorPage(vendor.vendorId, rows));
      if (deps.now().getTime() - reported >= PROGRESS_EVERY_MS) {
        reported = deps.now().getTime();
        await deps.syncRuns.recordVendor(runId, result('running', null));
      }
    }
    if (tally.rowsSeen > 0 && listed.size === 0) throw new UnreadableCatalogueError(vendor.vendorId, tally.rowsRejected);
    // A row we could not read counts as not listed: its stock cannot be vouched for, and
    // offering less than a vendor has is the safe side of not overselling.
    tally.rowsChanged += note(changed, await deps.stock.zeroUnlisted(vendor.vendorId, listed.keys()));
    await deps.vendors.markSynced(vendor.vendorId, readStartedAt);
  } catch (cause) {
    error = signal.aborted ? `sync deadline reached: ${describe(cause)}` : describe(cause);
    deps.logger.warn('vendor sync failed', { runId, vendorId: vendor.vendorId, error: cause as Error });
  }
  const final = result(error ? 'failed' : 'succeeded', error);
  await deps.syncRuns.recordVendor(runId, final);
  return final;
}

function note(changed: Set<string>, written: { changedProductIds: string[] }): number {
  for (const id of written.changedProductIds) changed.add(id);
  return written.changedProductIds.length;
}

/**
 * Asks for the next page as soon as the current one is handed out, so the vendor's
 * answer travels and is parsed while the caller writes the page before it. One page
 * ahead, never more: memory and in-flight requests stay bounded per vendor. A failure
 * fetching the page ahead surfaces when the caller asks for it.
 */
export async function* readAhead(pages: AsyncIterable<VendorStockPage>): AsyncGenerator<VendorStockPage> {
  const iterator = pages[Symbol.asyncIterator]();
  let next = iterator.next();
  let finished = false;
  try {
    for (;;) {
      const current = await next;
      if (current.done) {
        finished = true;
        return;
      }
      next = iterator.next();
      // Observed here so that a rejection is not "unhandled" while the caller is still busy.
      next.catch(() => undefined);
      yield current.value;
    }
  } catch (error) {
    finished = true;
    throw error;
  } finally {
    // The caller stopped early (its write failed): let the source clean up after the page in flight.
    if (!finished) await iterator.return?.().catch(() => undefined);
  }
}

function runStatus(results: SyncRunVendor[]): 'succeeded' | 'partial' | 'failed' {
  const failed = results.filter((r) => r.status === 'failed').length;
  if (failed === 0) return 'succeeded';
  return failed === results.length ? 'failed' : 'partial';
}

/** The page's rows, one per SKU (the last wins), each SKU noted in `listed` as listed by page `page`. */
function lastRowPerSku(rows: VendorStockRow[], listed: Map<string, number>, page: number): VendorStockRow[] {
  let repeated = false;
  for (const row of rows) {
    if (listed.get(row.sku) === page) repeated = true;
    listed.set(row.sku, page);
  }
  return repeated ? [...new Map(rows.map((row) => [row.sku, row])).values()] : rows;
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
