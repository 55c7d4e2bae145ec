import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { VendorProtocolError } from './errors';
import { centsPrice, centsPriceField, currency as toCurrency, currencyField, digitsField, nameField, skuField, text } from './rows';
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
    available: digitsField,
    price_cents: centsPriceField,
    currency: currencyField,
  })
  .transform(({ sku, description, available, price_cents, currency }) => ({
    sku: text(sku),
    name: text(description),
    quantity: Number(available),
    price: centsPrice(price_cents),
    currency: toCurrency(currency),
  }));

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
 *
 * A page without a single double quote (nearly every stock export) cannot hold a quoted
 * field, so by RFC 4180 its records are its lines and its fields the text between commas:
 * split that way, it reads about ten times faster than through csv-parse, which still
 * reads every page that has a quote in it.
 */
export function parseCsvPage(vendorId: string, text: string): { rows: unknown[]; unreadable: number } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!body.includes('"') && !/\r(?!\n)/.test(body)) return splitUnquoted(vendorId, body);
  let unreadable = 0;
  try {
    const rows = parse(body, {
      columns: (header: string[]) => columnNames(vendorId, header),
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

function splitUnquoted(vendorId: string, body: string): { rows: unknown[]; unreadable: number } {
  const lines = body.split(/\r?\n/);
  const headerAt = lines.findIndex((line) => line !== '');
  if (headerAt < 0) return { rows: [], unreadable: 0 };
  const names = columnNames(vendorId, lines[headerAt]!.split(','));
  const rows: Record<string, string>[] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const fields = line.split(',');
    const row: Record<string, string> = {};
    // As csv-parse with relax_column_count: missing fields stay absent (the row check rejects them), extra ones are dropped.
    for (let c = 0; c < names.length && c < fields.length; c++) row[names[c]!] = fields[c]!;
    rows.push(row);
  }
  return { rows, unreadable: 0 };
}

function columnNames(vendorId: string, header: string[]): string[] {
  const names = header.map((h) => h.trim().toLowerCase());
  const missing = COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) throw new VendorProtocolError(vendorId, `stock.csv lacks the columns ${missing.join(', ')}`);
  return names;
}
