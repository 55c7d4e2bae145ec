import { OrderNotFoundError } from './errors';
import type { OrderPosition, OrderStore } from './ports';
import type { Order, OrderStatus } from './types';

export async function getOrder(deps: { orders: OrderStore }, orderId: string): Promise<Order> {
  const order = await deps.orders.find(orderId);
  if (!order) throw new OrderNotFoundError(orderId);
  return order;
}

export async function listOrders(
  deps: { orders: OrderStore },
  query: { status?: OrderStatus; limit: number; after?: OrderPosition },
): Promise<{ items: Order[]; next: OrderPosition | null }> {
  return deps.orders.list(query);
}
