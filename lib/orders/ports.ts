import type { Order, OrderLineRequest, OrderMessage, OrderStatus } from './types';

export interface PlaceOrderCommand {
  orderId: string;
  /** Sorted by product id: rows are locked in this order, so concurrent orders cannot deadlock. */
  lines: OrderLineRequest[];
  idempotency?: { key: string; requestHash: string };
  /** Stored in the outbox message with the order id (see OrderMessage). */
  correlationId?: string;
}

export type PlaceOutcome =
  | { kind: 'placed'; order: Order; outboxId: string }
  | { kind: 'replayed'; order: Order }
  | { kind: 'key_reused' }
  | { kind: 'unknown_product'; productId: string }
  | { kind: 'insufficient_stock'; productId: string; available: number; requested: number };

export type CancelOutcome = { kind: 'cancelled'; order: Order } | { kind: 'not_found' } | { kind: 'not_pending'; status: OrderStatus };

export interface OrderPage {
  items: Order[];
  /** Position after the last item, when there may be more. */
  next: OrderPosition | null;
}

export interface OrderPosition {
  createdAt: string;
  orderId: string;
}

/** Persistence of orders and their reservations; every method is atomic. */
export interface OrderStore {
  place(command: PlaceOrderCommand): Promise<PlaceOutcome>;
  find(orderId: string): Promise<Order | undefined>;
  list(query: { status?: OrderStatus; limit: number; after?: OrderPosition }): Promise<OrderPage>;
  cancel(orderId: string): Promise<CancelOutcome>;
}

/** Hands order messages to the confirmation queue; resolves once the broker has them. */
export interface OrderPublisher {
  publish(messages: OrderMessage[]): Promise<void>;
  /** Resolves when the queue is reachable; for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OutboxEntry {
  id: string;
  message: OrderMessage;
}

/** Messages written with their order, waiting for the broker. */
export interface Outbox {
  markPublished(ids: string[]): Promise<void>;
  /**
   * Claims up to `limit` unpublished entries older than `minAgeMs`, lets `publish` send
   * them, and marks them published in the same transaction; concurrent relays skip
   * each other's rows.
   */
  relay(limit: number, minAgeMs: number, publish: (entries: OutboxEntry[]) => Promise<void>): Promise<{ published: number; error?: Error }>;
}

export interface VendorOrderLine {
  sku: string;
  quantity: number;
}

export type VendorOrderResult =
  | { kind: 'placed'; vendorOrderId: string }
  /** A business answer (out of stock, vendor refuses): not retried with this vendor. */
  | { kind: 'refused'; reason: string };

/**
 * Places orders with vendors, idempotent on `reference` (our order id): sending the
 * same reference again returns the first placement. Transient failures (5xx, 429,
 * timeout, network) are thrown as VendorUnavailableError.
 */
export interface VendorOrderGateway {
  placeOrder(vendorId: string, reference: string, lines: VendorOrderLine[]): Promise<VendorOrderResult>;
  /** Undoes a placement (compensation when the order cannot be confirmed); idempotent. */
  cancelOrder(vendorId: string, reference: string): Promise<void>;
}

export interface ConfirmationLine {
  productId: string;
  sku: string;
  quantity: number;
}

export interface AllocationRecord {
  productId: string;
  vendorId: string;
  quantity: number;
  status: 'planned' | 'placed' | 'refused' | 'cancelled';
  vendorOrderId: string | null;
}

export interface ConfirmationState {
  orderId: string;
  status: OrderStatus;
  attempts: number;
  /** When the order was placed: confirmation latency is measured from here. */
  createdAt: Date;
  lines: ConfirmationLine[];
  allocations: AllocationRecord[];
}

export interface ProductOffer {
  productId: string;
  vendorId: string;
  quantity: number;
  unitPrice: string;
  currency: string;
}

export interface NewAllocation {
  productId: string;
  vendorId: string;
  quantity: number;
  unitPrice: string;
  currency: string;
}

/** The confirmation side of the order state machine; each method is one transaction. */
export interface ConfirmationStore {
  /** Counts an attempt on a PENDING order and returns its lines and allocations; any other state is returned as is. */
  startAttempt(orderId: string): Promise<ConfirmationState | undefined>;
  load(orderId: string): Promise<ConfirmationState | undefined>;
  /** What fresh (non-stale) vendors hold of these products, as last synced. */
  offers(productIds: string[]): Promise<ProductOffer[]>;
  /** Records planned allocations; a plan that already exists is kept (a retry re-sends it). */
  plan(orderId: string, allocations: NewAllocation[]): Promise<void>;
  markPlaced(orderId: string, vendorId: string, productIds: string[], vendorOrderId: string): Promise<void>;
  markRefused(orderId: string, vendorId: string, productIds: string[]): Promise<void>;
  markCancelled(orderId: string, vendorId: string): Promise<void>;
  /**
   * PENDING → CONFIRMED: the reservation becomes a sale (reserved and on-hand stock both
   * drop, vendor stock by what each vendor supplied). False if the order left PENDING.
   */
  confirm(orderId: string): Promise<boolean>;
  /** PENDING → REJECTED or FAILED with the reason, reservation released. False if it left PENDING. */
  close(orderId: string, status: 'REJECTED' | 'FAILED', reason: string): Promise<boolean>;
}

export interface StuckOrder {
  orderId: string;
  attempts: number;
}

/** PENDING orders that nothing seems to be working on any more. */
export interface StuckOrderFinder {
  /**
   * Claims up to `limit` PENDING orders untouched for `olderThanSeconds` with no
   * unpublished outbox row, and lets `handle` deal with them; touched orders wait
   * another full period before they are claimed again.
   */
  claimStuck(olderThanSeconds: number, limit: number): Promise<StuckOrder[]>;
  /** Queues a fresh message for the order through the outbox. */
  requeue(orderId: string): Promise<void>;
}
