import { httpHandler, json } from '../../lib/http/handler';
import { parseInput } from '../../lib/http/validation';
import { orderIdParamsSchema } from '../../lib/http/schemas';
import { cancelOrder } from '../../lib/orders/cancelOrder';

/** POST /orders/{orderId}/cancel : only while PENDING. */
export const handler = httpHandler(async ({ params, deps }) => {
  const { orderId } = parseInput(orderIdParamsSchema, params, 'path');
  return json(200, await cancelOrder(deps, orderId));
});
