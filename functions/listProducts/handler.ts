import { httpHandler, json } from '../../lib/http/handler';
import { decodeCursor, encodeCursor } from '../../lib/http/cursor';
import { parseInput } from '../../lib/http/validation';
import { listProductsQuerySchema } from '../../lib/http/schemas';
import { listProducts } from '../../lib/stock/readProducts';
import type { ProductPosition } from '../../lib/stock/types';

/** GET /products?limit=&cursor=&sku= : the aggregated catalogue in SKU order. */
export const handler = httpHandler(async ({ query, deps }) => {
  const { sku, limit, cursor } = parseInput(listProductsQuerySchema, query, 'query');
  const after = decodeCursor(cursor, isProductPosition);
  const page = await listProducts(deps, { limit, after, sku });
  return json(200, { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null });
});

function isProductPosition(value: unknown): value is ProductPosition {
  const sku = (value as ProductPosition | null)?.sku;
  return typeof sku === 'string' && sku.length > 0 && sku.length <= 200;
}
