import { httpHandler, json } from '../../lib/http/handler';
import { parseInput } from '../../lib/http/validation';
import { orderIdParamsSchema } from '../../lib/http/schemas';
import { getOrder } from '../../lib/orders/readOrders';

/** GET /orders/{orderId} */
export const handler = httpHandler(async ({ params, deps }) => {
  const { orderId } = parseInput(orderIdParamsSchema, params, 'path');
  return json(200, await getOrder(deps, orderId));
});
