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
  /** Records the end of a complete read: staleness counts from here. */
  markSynced(vendorId: string): Promise<void>;
}

/** Set-based writes of synced stock; every method is one transaction and touches only rows that change. */
export interface StockStore {
  /** Upserts a page of one vendor's rows (creating products for new SKUs); returns the vendor rows changed. */
  applyVendorPage(vendorId: string, rows: VendorStockRow[]): Promise<number>;
  /** Sets to 0 this vendor's stock of every SKU not in `listedSkus`; returns the rows changed. */
  zeroUnlisted(vendorId: string, listedSkus: string[]): Promise<number>;
  /**
   * on_hand := the sum of stock from enabled vendors read completely within their
   * staleness limit, for the products where that changes; `reserved` is never touched.
   * Returns the products changed.
   */
  recomputeOnHand(): Promise<number>;
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
