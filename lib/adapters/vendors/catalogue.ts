import type { z } from 'zod';
import type { VendorStockSource } from '../../stock/ports';
import type { VendorShape, VendorStockPage, VendorStockRow } from '../../stock/types';
import { csvExportShape } from './csvExport';
import { cursorJsonShape } from './cursorJson';
import { vendorEndpoint, type VendorHttp } from './http';
import { pageJsonShape } from './pageJson';
import type { RawStockPage, VendorStockShape } from './shape';

/** Reads vendors' catalogues over HTTP, whatever their shape, as pages of normalised rows. */
export function httpVendorStockSource(http: VendorHttp, options: { defaultBaseUrl: string; pageSize: number }): VendorStockSource {
  const shapes: Record<VendorShape, VendorStockShape> = {
    'page-json': pageJsonShape(options.pageSize),
    'cursor-json': cursorJsonShape(options.pageSize),
    'csv-export': csvExportShape(options.pageSize),
  };
  return {
    async *read(vendor, signal) {
      const shape = shapes[vendor.shape];
      for await (const raw of shape.rawPages(http, vendorEndpoint(vendor, options.defaultBaseUrl), signal)) {
        yield normalisePage(raw, shape.row);
      }
    },
  };
}

/** Each row on its own: one bad row is counted and dropped, the rest of the page stands. */
export function normalisePage(raw: RawStockPage, row: z.ZodType<VendorStockRow>): VendorStockPage {
  const rows: VendorStockRow[] = [];
  let rejected = raw.unreadable;
  for (const candidate of raw.rows) {
    const parsed = row.safeParse(candidate);
    if (parsed.success) rows.push(parsed.data);
    else rejected += 1;
  }
  return { rows, rejected };
}
