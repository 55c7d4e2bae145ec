export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'REJECTED', 'FAILED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['CONFIRMED', 'REJECTED', 'FAILED', 'CANCELLED']);

export interface OrderLineRequest {
  productId: string;
  quantity: number;
}

export interface Allocation {
  vendorId: string;
  quantity: number;
  vendorOrderId: string | null;
}

export interface OrderLine {
  productId: string;
  quantity: number;
  allocations: Allocation[];
}

export interface Order {
  orderId: string;
  status: OrderStatus;
  items: OrderLine[];
  failureReason: string | null;
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

/** What travels on the queue: the order id is all a worker needs, the database has the rest. */
export interface OrderMessage {
  orderId: string;
  /** The id of the request that placed the order, so the worker's log lines can be joined to it. */
  correlationId?: string;
}
