import { httpHandler, json } from '../../lib/http/handler';
import { parseInput } from '../../lib/http/validation';
import { idempotencyKeySchema, placeOrderBodySchema } from '../../lib/http/schemas';
import { placeOrder } from '../../lib/orders/placeOrder';

/** POST /orders (and POST /order): reserve stock and accept the order for confirmation. */
export const handler = httpHandler(
  async ({ body, headers, requestId, deps }) => {
    const lines = parseInput(placeOrderBodySchema(deps.config.limits, body), body, 'order');
    const idempotencyKey = parseInput(idempotencyKeySchema, headers['idempotency-key'], 'Idempotency-Key header');
    const { order, replayed } = await placeOrder(deps, { lines, idempotencyKey, correlationId: requestId });
    return json(202, order, {
      location: `/orders/${order.orderId}`,
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
  },
  { body: true },
);
