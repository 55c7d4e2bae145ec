import { dependencies } from '../../lib/dependencies';
import { reapStuckOrders } from '../../lib/orders/reapStuckOrders';

/** Scheduled: requeues or fails PENDING orders that nothing has touched for too long. */
export const handler = async (): Promise<{ requeued: number; failed: number }> => {
  const deps = dependencies();
  try {
    return await reapStuckOrders(deps, {
      olderThanSeconds: deps.config.orders.reapPendingAfterSeconds,
      maxReceiveCount: deps.config.queue.maxReceiveCount,
      limit: 500,
    });
  } finally {
    deps.metrics.flush();
  }
};
