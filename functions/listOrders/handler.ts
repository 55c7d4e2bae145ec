import { httpHandler, json } from '../../lib/http/handler';
import { decodeCursor, encodeCursor } from '../../lib/http/cursor';
import { parseInput } from '../../lib/http/validation';
import { listOrdersQuerySchema } from '../../lib/http/schemas';
import type { OrderPosition } from '../../lib/orders/ports';
import { listOrders } from '../../lib/orders/readOrders';

/** GET /orders?status=&limit=&cursor= : newest first. */
export const handler = httpHandler(async ({ query, deps }) => {
  const { status, limit, cursor } = parseInput(listOrdersQuerySchema, query, 'query');
  const after = decodeCursor(cursor, isOrderPosition);
  const page = await listOrders(deps, { status, limit, after });
  return json(200, { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null });
});

function isOrderPosition(value: unknown): value is OrderPosition {
  const v = value as OrderPosition | null;
  return (
    typeof v?.createdAt === 'string' &&
    // The form this API issues (PostgreSQL's JSON timestamp): four-digit years only, so a
    // forged date outside what JavaScript and PostgreSQL both represent cannot reach the query.
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/.test(v.createdAt) &&
    !Number.isNaN(Date.parse(v.createdAt)) &&
    typeof v.orderId === 'string' &&
    /^[0-9a-f-]{36}$/i.test(v.orderId)
  );
}
