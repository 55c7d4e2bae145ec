import { OrderNotFoundError, OrderNotPendingError } from './errors';
import type { OrderStore } from './ports';
import type { Order } from './types';

/** Cancels a PENDING order and releases its reservation; any other state is final. */
export async function cancelOrder(deps: { orders: OrderStore }, orderId: string): Promise<Order> {
  const outcome = await deps.orders.cancel(orderId);
  switch (outcome.kind) {
    case 'cancelled':
      return outcome.order;
    case 'not_found':
      throw new OrderNotFoundError(orderId);
    case 'not_pending':
      throw new OrderNotPendingError(orderId, outcome.status);
  }
}
