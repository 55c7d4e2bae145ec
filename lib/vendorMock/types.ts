/** A simulated vendor: who it is and which payload shape its stock API speaks. */
export interface MockVendor {
  vendorId: string;
  name: string;
  shape: string;
}

/** How badly the vendor behaves; rates are probabilities 0–1 drawn per request. */
export interface FaultSettings {
  latencyMs: number;
  errorRate: number;
  timeoutRate: number;
  rateLimitRate: number;
  /** Refuse every new order as out of stock: a business answer, not an error. */
  rejectOrders: boolean;
}

export type MockVendorSettings = MockVendor & FaultSettings;

export interface MockStockRow {
  sku: string;
  name: string;
  quantity: number;
  /** numeric(12,2) as text: always two decimals. */
  price: string;
  currency: string;
}

export interface MockStockChange {
  quantity: number;
  price?: string;
  name?: string;
  currency?: string;
}

export interface MockOrderLine {
  sku: string;
  quantity: number;
}

/** One line of an order the vendor received: the vendor keys orders by (reference, sku). */
export interface MockOrderEntry {
  reference: string;
  vendorOrderId: string;
  sku: string;
  quantity: number;
  status: 'placed' | 'cancelled';
  createdAt: string;
}

export type MockPlaceOutcome =
  /** At least one line was new: stock was taken for the new lines. */
  | { kind: 'placed'; lines: MockOrderEntry[] }
  /** Every line had been received before: nothing changed. */
  | { kind: 'replayed'; lines: MockOrderEntry[] }
  | { kind: 'out_of_stock'; sku: string };

export type MockCancelOutcome = { kind: 'cancelled'; lines: MockOrderEntry[] } | { kind: 'not_found' };
