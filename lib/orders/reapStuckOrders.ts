import { failOrder, type ConfirmOrderDeps } from './confirmOrder';
import type { StuckOrderFinder } from './ports';

export interface ReapDeps extends ConfirmOrderDeps {
  stuckOrders: StuckOrderFinder;
}

export interface ReapOptions {
  olderThanSeconds: number;
  maxReceiveCount: number;
  limit: number;
}

/**
 * The safety net under the queue: a PENDING order nobody touched for a long time lost its
 * message (published before a crash, poison payload, broker data loss) or its last
 * attempt died before it could fail the order. An order with attempts left gets a new
 * message through the outbox; one that used them all is FAILED and its stock released.
 */
export async function reapStuckOrders(deps: ReapDeps, options: ReapOptions): Promise<{ requeued: number; failed: number }> {
  const stuck = await deps.stuckOrders.claimStuck(options.olderThanSeconds, options.limit);
  let requeued = 0;
  let failed = 0;
  for (const order of stuck) {
    if (order.attempts >= options.maxReceiveCount) {
      if (await failOrder(deps, order.orderId, `no confirmation after ${order.attempts} attempts; failed by the reaper`)) failed++;
    } else {
      await deps.stuckOrders.requeue(order.orderId);
      requeued++;
    }
  }
  if (stuck.length) deps.logger.warn('reaped stuck PENDING orders', { requeued, failed });
  return { requeued, failed };
}
