import type { z } from 'zod';
import type { VendorStockRow } from '../../stock/types';
import type { VendorEndpoint, VendorHttp } from './http';

/** A page as the vendor sent it: rows not yet trusted, and records that could not even be split into fields. */
export interface RawStockPage {
  rows: unknown[];
  unreadable: number;
}

/**
 * One vendor payload shape (page-json, cursor-json, csv-export): how to walk its
 * pagination, and how to turn one of its rows into the common VendorStockRow.
 */
export interface VendorStockShape {
  /** Every page in order until the catalogue ends; throws when a page cannot be read. */
  rawPages(http: VendorHttp, endpoint: VendorEndpoint, signal: AbortSignal): AsyncIterable<RawStockPage>;
  readonly row: z.ZodType<VendorStockRow>;
}

/** A guard against a vendor whose pagination never ends. */
export const MAX_PAGES = 10_000;
