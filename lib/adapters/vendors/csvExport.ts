import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { VendorProtocolError } from './errors';
import { centsPriceField, currencyField, digitsField, nameField, quantityField, skuField } from './rows';
import { MAX_PAGES, type VendorStockShape } from './shape';

/**
 * `csv-export`: `GET {base}/stock.csv?offset=N&limit=M` → `text/csv` with the header
 * `sku,description,available,price_cents,currency`, and `x-next-offset` while more follows.
 */
const COLUMNS = ['sku', 'description', 'available', 'price_cents', 'currency'];

const row = z
  .object({
    sku: skuField,
    description: nameField,
    available: digitsField.pipe(quantityField),
    price_cents: centsPriceField,
    currency: currencyField,
  })
  .transform(({ sku, description, available, price_cents, currency }) => ({ sku, name: description, quantity: available, price: price_cents, currency }));

export function csvExportShape(pageSize: number): VendorStockShape {
  return {
    row,
    async *rawPages(http, endpoint, signal) {
      let offset = 0;
      for (let page = 1; page <= MAX_PAGES; page++) {
        const response = await http.request(endpoint, { path: '/stock.csv', query: { offset, limit: pageSize } }, signal);
        if (response.status !== 200) throw new VendorProtocolError(endpoint.vendorId, `stock.csv at offset ${offset} answered HTTP ${response.status}`);
        yield parseCsvPage(endpoint.vendorId, response.text);
        const next = response.headers.get('x-next-offset');
        if (next === null) return;
        const nextOffset = Number(next);
        if (!Number.isInteger(nextOffset) || nextOffset <= offset) {
          throw new VendorProtocolError(endpoint.vendorId, `x-next-offset ${JSON.stringify(next)} does not move past offset ${offset}`);
        }
        offset = nextOffset;
      }
      throw new VendorProtocolError(endpoint.vendorId, `more than ${MAX_PAGES} stock.csv pages`);
    },
  };
}

/**
 * A record the CSV parser cannot split (a stray quote, say) is skipped and counted,
 * not allowed to sink the page; a header without our columns is a different file
 * altogether, and the page fails.
 */
export function parseCsvPage(vendorId: string, text: string): { rows: unknown[]; unreadable: number } {
  let unreadable = 0;
  try {
    const rows = parse(text, {
      bom: true,
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim().toLowerCase());
        const missing = COLUMNS.filter((c) => !names.includes(c));
        if (missing.length) throw new VendorProtocolError(vendorId, `stock.csv lacks the columns ${missing.join(', ')}`);
        return names;
      },
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
      on_skip: () => {
        unreadable += 1;
        return undefined;
      },
    }) as unknown[];
    return { rows, unreadable };
  } catch (error) {
    if (error instanceof VendorProtocolError) throw error;
    throw new VendorProtocolError(vendorId, `stock.csv cannot be parsed: ${(error as Error).message}`, { cause: error });
  }
}
