import { ValidationError } from '../errors';
import type { HttpResult } from '../http/middleware';
import type { MockStockRow } from './types';

/**
 * The three stock payload shapes, rendered the way their vendors would: each with its
 * own field names, number formats and pagination. The aggregator's clients in
 * lib/adapters/vendors must cope with exactly this.
 */

/** `page-json` (Acme): page numbers, totals, prices as JSON numbers. */
export function pageJsonPayload(rows: MockStockRow[], paging: { page: number; pageSize: number; total: number }): HttpResult {
  return jsonResult({
    page: paging.page,
    pageSize: paging.pageSize,
    totalPages: Math.ceil(paging.total / paging.pageSize),
    totalItems: paging.total,
    products: rows.map((r) => ({ sku: r.sku, name: r.name, stock: r.quantity, price: Number(r.price), currency: r.currency })),
  });
}

/** `cursor-json` (Globex): opaque cursors, other field names, quantities and amounts as strings. */
export function cursorJsonPayload(rows: MockStockRow[], more: boolean): HttpResult {
  const last = rows[rows.length - 1];
  return jsonResult({
    data: rows.map((r) => ({ productCode: r.sku, title: r.name, qty: String(r.quantity), unitPrice: { amount: r.price, currency: r.currency } })),
    next_cursor: more && last ? Buffer.from(JSON.stringify({ after: last.sku })).toString('base64url') : null,
  });
}

export function decodeGlobexCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const { after } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof after === 'string') return after;
  } catch {
    // falls through to the validation error
  }
  throw new ValidationError('invalid cursor', [{ path: 'cursor', message: 'not a cursor this vendor issued' }]);
}

export const CSV_HEADER = 'sku,description,available,price_cents,currency';

/** `csv-export` (Initech): a CSV file per offset window, the next offset in a header. */
export function csvExportPayload(rows: MockStockRow[], paging: { offset: number; total: number }): HttpResult {
  const lines = rows.map((r) => [r.sku, r.name, String(r.quantity), String(Number(r.price.replace('.', ''))), r.currency].map(csvField).join(','));
  const nextOffset = paging.offset + rows.length;
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      ...(rows.length && nextOffset < paging.total ? { 'x-next-offset': String(nextOffset) } : {}),
    },
    body: [CSV_HEADER, ...lines].join('\n') + '\n',
  };
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function jsonResult(body: unknown): HttpResult {
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
