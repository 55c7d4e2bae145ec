import type {
  FaultSettings,
  MockCancelOutcome,
  MockOrderEntry,
  MockOrderLine,
  MockPlaceOutcome,
  MockStockChange,
  MockStockRow,
  MockVendor,
  MockVendorSettings,
} from './types';

/** The simulated vendors' own state (schema vendor_mock); every method is atomic. */
export interface VendorMockStore {
  listVendors(): Promise<MockVendor[]>;
  findVendor(vendorId: string): Promise<MockVendorSettings | undefined>;
  /** Applies the given settings, keeps the others; undefined for an unknown vendor. */
  updateFaults(vendorId: string, changes: Partial<FaultSettings>): Promise<MockVendorSettings | undefined>;
  /** Sets one SKU's stock, creating it if new (a new SKU needs a price). */
  putStock(vendorId: string, sku: string, change: MockStockChange): Promise<{ kind: 'saved'; row: MockStockRow } | { kind: 'price_required' }>;
  /** The catalogue in SKU order from a row offset, with the total row count. */
  stockByOffset(vendorId: string, offset: number, limit: number): Promise<{ rows: MockStockRow[]; total: number }>;
  /** The catalogue in SKU order after a SKU (keyset), and whether more follows. */
  stockAfter(vendorId: string, afterSku: string | undefined, limit: number): Promise<{ rows: MockStockRow[]; more: boolean }>;
  /**
   * Idempotent on (vendor, reference, sku): lines received before are returned as they
   * were and take no stock again, even when identical requests race. New lines take
   * stock all together or not at all.
   */
  placeOrder(vendorId: string, order: { reference: string; vendorOrderId: string; lines: MockOrderLine[]; rejectNew: boolean }): Promise<MockPlaceOutcome>;
  /** Cancels every line of the reference and gives their stock back, exactly once. */
  cancelOrder(vendorId: string, reference: string): Promise<MockCancelOutcome>;
  listOrders(vendorId: string): Promise<MockOrderEntry[]>;
  /** The seeded catalogue back, faults off, orders cleared. */
  reset(): Promise<void>;
}
