import { createHash } from 'node:crypto';
import type { Logger } from '../logger';
import type { MetricsRecorder } from '../observability';
import { IdempotencyKeyReusedError, InsufficientStockError, ProductNotFoundError } from './errors';
import type { OrderPublisher, OrderStore, Outbox } from './ports';
import type { Order, OrderLineRequest, OrderMessage } from './types';

export interface PlaceOrderDeps {
  orders: OrderStore;
  outbox: Outbox;
  publisher: OrderPublisher;
  newId: () => string;
  logger: Logger;
  metrics: MetricsRecorder;
}

export interface PlaceOrderInput {
  lines: OrderLineRequest[];
  idempotencyKey?: string;
  /** Travels with the order message to the worker (the placing request's id). */
  correlationId?: string;
}

export interface PlaceOrderResult {
  order: Order;
  replayed: boolean;
}

/**
 * Reserves every line or none, records the order as PENDING with its outbox message in
 * the same transaction, then publishes. A broker failure after commit does not fail the
 * request: the order is safe in the outbox and the relay publishes it later.
 */
export async function placeOrder(deps: PlaceOrderDeps, input: PlaceOrderInput): Promise<PlaceOrderResult> {
  const lines = [...input.lines].sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
  const outcome = await deps.orders.place({
    orderId: deps.newId(),
    lines,
    idempotency: input.idempotencyKey ? { key: input.idempotencyKey, requestHash: requestHash(lines) } : undefined,
    correlationId: input.correlationId,
  });

  switch (outcome.kind) {
    case 'unknown_product':
      throw new ProductNotFoundError(outcome.productId);
    case 'insufficient_stock':
      throw new InsufficientStockError(outcome.productId, outcome.available, outcome.requested);
    case 'key_reused':
      throw new IdempotencyKeyReusedError();
    case 'replayed':
      return { order: outcome.order, replayed: true };
    case 'placed':
      deps.metrics.count('OrdersPlaced');
      deps.logger.info('order placed', { orderId: outcome.order.orderId, lines: lines.length });
      await publishAfterCommit(deps, { orderId: outcome.order.orderId, correlationId: input.correlationId }, outcome.outboxId);
      return { order: outcome.order, replayed: false };
  }
}

async function publishAfterCommit(deps: PlaceOrderDeps, message: OrderMessage, outboxId: string): Promise<void> {
  try {
    await deps.publisher.publish([message]);
    await deps.outbox.markPublished([outboxId]);
  } catch (error) {
    deps.logger.warn('order accepted, publish deferred to the outbox relay', { orderId: message.orderId, error: error as Error });
  }
}

/**
 * What makes two requests "the same" for an Idempotency-Key: the lines, in product order,
 * whichever body form (single line or `items`) carried them.
 */
export function requestHash(sortedLines: OrderLineRequest[]): string {
  const canonical = sortedLines.map((l) => `${l.productId}:${l.quantity}`).join(',');
  return createHash('sha256').update(canonical).digest('hex');
}
