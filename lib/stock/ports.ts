import type { Product, ProductPosition, SyncRun, SyncRunStatus, SyncRunVendor, SyncVendor, VendorStockPage, VendorStockRow } from './types';

/**
 * Reads vendors' catalogues. Pages come in the vendor's order; a page that cannot be
 * read (after the adapter's own retries) ends the iteration with an error, so a caller
 * knows whether it saw the whole catalogue.
 */
export interface VendorStockSource {
  read(vendor: SyncVendor, signal: AbortSignal): AsyncIterable<VendorStockPage>;
}

/** The vendors registered with the aggregator. */
export interface VendorDirectory {
  listEnabled(): Promise<SyncVendor[]>;
  find(vendorId: string): Promise<SyncVendor | undefined>;
  /**
   * Records a complete read that started at `readStartedAt`: staleness counts from there,
   * the age of its oldest page, not from when the last page came in.
   */
  markSynced(vendorId: string, readStartedAt: Date): Promise<void>;
}

/**
 * Set-based writes of synced stock; every method is one transaction and writes only rows
 * whose values change, returning the products whose vendor stock it changed.
 */
export interface StockStore {
  /** Upserts a page of one vendor's rows, one row per SKU (creating products for new SKUs). */
  applyVendorPage(vendorId: string, rows: VendorStockRow[]): Promise<{ changedProductIds: string[] }>;
  /** Sets to 0 this vendor's stock of every SKU not in `listedSkus`. */
  zeroUnlisted(vendorId: string, listedSkus: Iterable<string>): Promise<{ changedProductIds: string[] }>;
  /**
   * Brings on_hand in line with the vendors it may count (enabled, last complete read
   * within the staleness limit now): on_hand := the sum over them, for `productIds`, for
   * every product of a vendor that came in or went out, or for every product
   * (`everything`: after a run that died between its writes and this step); then records
   * which vendors on_hand counts, and until when. `reserved` is never touched. Returns the
   * products whose on_hand changed.
   */
  recomputeOnHand(scope: { productIds: Iterable<string>; everything?: boolean }): Promise<number>;
}

/** Runs never overlap: whoever holds the lease syncs, everyone else skips. */
export interface SyncLock {
  /** The lease, or undefined when another run holds it. */
  tryAcquire(): Promise<{ release(): Promise<void> } | undefined>;
}

export interface SyncRunStore {
  start(runId: string, trigger: string): Promise<void>;
  /** Marks runs still `running` as failed; only call while holding the lock, when none can be alive. */
  abandonUnfinished(): Promise<number>;
  /** Records a vendor's result, or its progress while `status` is `running`; the last call wins. */
  recordVendor(runId: string, result: SyncRunVendor): Promise<void>;
  finish(runId: string, outcome: { status: Exclude<SyncRunStatus, 'running'>; productsChanged: number; error: string | null }): Promise<void>;
  find(runId: string): Promise<SyncRun | undefined>;
  recent(limit: number): Promise<SyncRun[]>;
  /** The id of the run in progress, if any. */
  running(): Promise<string | undefined>;
}

/** A product as stored; `available` is the domain's to derive (readProducts). */
export type StoredProduct = Omit<Product, 'available'>;

/** Reads of the aggregated catalogue, in SKU order. */
export interface ProductCatalogue {
  find(productId: string): Promise<StoredProduct | undefined>;
  list(query: { limit: number; after?: ProductPosition; sku?: string }): Promise<{ items: StoredProduct[]; next: ProductPosition | null }>;
}
