import type { ConfirmQueueAdmin, OrderStatistics, OrderStatisticsReader, QueueDepths } from './ports';

export interface Metrics {
  orders: OrderStatistics;
  queue: QueueDepths | { error: string };
}

/** What an operator looks at first: where orders are, how old the oldest waiting one is, what is queued. */
export async function readMetrics(deps: { orderStatistics: OrderStatisticsReader; queueAdmin: ConfirmQueueAdmin }): Promise<Metrics> {
  const [orders, queue] = await Promise.all([
    deps.orderStatistics.read(),
    // A broker outage must not hide the database figures, which matter most then.
    deps.queueAdmin.depths().catch((error: Error) => ({ error: `queue unavailable: ${error.message}` })),
  ]);
  return { orders, queue };
}
