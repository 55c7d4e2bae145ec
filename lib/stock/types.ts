export const VENDOR_SHAPES = ['page-json', 'cursor-json', 'csv-export'] as const;
export type VendorShape = (typeof VENDOR_SHAPES)[number];

/** A vendor as the sync knows it: where to read and in which payload shape. */
export interface SyncVendor {
  vendorId: string;
  shape: VendorShape;
  /** null: the simulated vendor served by this stack (VENDOR_BASE_URL/{vendorId}). */
  baseUrl: string | null;
}

/** One row of a vendor's catalogue, normalised from whatever shape the vendor sends. */
export interface VendorStockRow {
  sku: string;
  name: string;
  quantity: number;
  /** Decimal with exactly two places, e.g. "12.50": money never travels as a float. */
  price: string;
  currency: string;
}

/** A page of a vendor's catalogue: the rows that parsed, and how many did not. */
export interface VendorStockPage {
  rows: VendorStockRow[];
  rejected: number;
}

export const SYNC_RUN_STATUSES = ['running', 'succeeded', 'partial', 'failed'] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];

export interface SyncRunVendor {
  vendorId: string;
  /** `running` while its pages are still coming in: the counts are its progress so far. */
  status: 'running' | 'succeeded' | 'failed';
  rowsSeen: number;
  rowsChanged: number;
  rowsRejected: number;
  pages: number;
  error: string | null;
  durationMs: number;
}

export interface SyncRun {
  runId: string;
  trigger: string;
  status: SyncRunStatus;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  /** Products whose on-hand stock the run changed. */
  productsChanged: number;
  error: string | null;
  vendors: SyncRunVendor[];
}

/** What a sync request led to: a finished run, or nothing because another run holds the lock. */
export type SyncOutcome = ({ skipped: false } & SyncRun) | { skipped: true; runId: string | null; status: 'running' };

export interface ProductVendorStock {
  vendorId: string;
  quantity: number;
  price: string;
  currency: string;
  /** The end of the vendor's last complete read; null if it was never read completely. */
  syncedAt: string | null;
  /** Older than the vendor's staleness limit: its quantity no longer counts as on hand or available. */
  stale: boolean;
}

export interface Product {
  productId: string;
  sku: string;
  name: string;
  /** onHand - reserved, floored at 0: a sync may lower onHand below what is reserved. */
  available: number;
  /** The stock of the vendors whose data is fresh (not stale), summed. */
  onHand: number;
  reserved: number;
  vendors: ProductVendorStock[];
}

export interface ProductPosition {
  sku: string;
}
