import { z } from 'zod';
import { VendorProtocolError } from './errors';
import { parseJsonBody } from './http';
import { currency, currencyField, decimalPrice, decimalPriceField, digitsField, nameField, quantityField, skuField, text } from './rows';
import { MAX_PAGES, type VendorStockShape } from './shape';

/**
 * `cursor-json`: `GET {base}/inventory?limit=M&cursor=C` →
 * `{ data: [{ productCode, title, qty, unitPrice: { amount, currency } }], next_cursor }`,
 * quantities and amounts as strings, `next_cursor` null on the last page.
 */
const envelope = z.object({
  data: z.array(z.unknown()),
  next_cursor: z.string().min(1).nullable().optional(),
});

const row = z
  .object({
    productCode: skuField,
    title: nameField,
    qty: z.union([digitsField, quantityField]),
    unitPrice: z.object({ amount: decimalPriceField, currency: currencyField }),
  })
  .transform(({ productCode, title, qty, unitPrice }) => ({
    sku: text(productCode),
    name: text(title),
    quantity: Number(qty),
    price: decimalPrice(unitPrice.amount),
    currency: currency(unitPrice.currency),
  }));

export function cursorJsonShape(pageSize: number): VendorStockShape {
  return {
    row,
    async *rawPages(http, endpoint, signal) {
      const seen = new Set<string>();
      let cursor: string | undefined;
      for (let page = 1; page <= MAX_PAGES; page++) {
        const response = await http.request(endpoint, { path: '/inventory', query: { limit: pageSize, cursor } }, signal);
        if (response.status !== 200) throw new VendorProtocolError(endpoint.vendorId, `inventory page ${page} answered HTTP ${response.status}`);
        const parsed = envelope.safeParse(parseJsonBody(endpoint.vendorId, response));
        if (!parsed.success) throw new VendorProtocolError(endpoint.vendorId, `inventory page ${page} is not a cursor-json envelope`, { cause: parsed.error });
        yield { rows: parsed.data.data, unreadable: 0 };
        const next = parsed.data.next_cursor;
        if (!next) return;
        // A cursor we were given before would loop for ever.
        if (seen.has(next)) throw new VendorProtocolError(endpoint.vendorId, 'inventory cursor repeats itself');
        seen.add(next);
        cursor = next;
      }
      throw new VendorProtocolError(endpoint.vendorId, `more than ${MAX_PAGES} inventory pages`);
    },
  };
}
