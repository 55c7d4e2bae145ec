import { z } from 'zod';
import { VendorProtocolError } from './errors';
import { parseJsonBody } from './http';
import { currency as toCurrency, currencyField, floatPrice, floatPriceField, nameField, quantityField, skuField, text } from './rows';
import { MAX_PAGES, type VendorStockShape } from './shape';

/**
 * `page-json`: `GET {base}/products?page=N&pageSize=M` →
 * `{ page, pageSize, totalPages, totalItems, products: [{ sku, name, stock, price, currency }] }`,
 * the price a JSON number.
 */
const envelope = z.object({
  page: z.number().int(),
  totalPages: z.number().int().min(0),
  products: z.array(z.unknown()),
});

const row = z
  .object({ sku: skuField, name: nameField, stock: quantityField, price: floatPriceField, currency: currencyField })
  .transform(({ sku, name, stock, price, currency }) => ({ sku: text(sku), name: text(name), quantity: stock, price: floatPrice(price), currency: toCurrency(currency) }));

export function pageJsonShape(pageSize: number): VendorStockShape {
  return {
    row,
    async *rawPages(http, endpoint, signal) {
      for (let page = 1; page <= MAX_PAGES; page++) {
        const response = await http.request(endpoint, { path: '/products', query: { page, pageSize } }, signal);
        if (response.status !== 200) throw new VendorProtocolError(endpoint.vendorId, `stock page ${page} answered HTTP ${response.status}`);
        const parsed = envelope.safeParse(parseJsonBody(endpoint.vendorId, response));
        if (!parsed.success) throw new VendorProtocolError(endpoint.vendorId, `stock page ${page} is not a page-json envelope`, { cause: parsed.error });
        yield { rows: parsed.data.products, unreadable: 0 };
        if (page >= parsed.data.totalPages || parsed.data.products.length === 0) return;
      }
      throw new VendorProtocolError(endpoint.vendorId, `more than ${MAX_PAGES} stock pages`);
    },
  };
}
