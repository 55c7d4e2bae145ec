import type { OrderStatisticsReader } from '../../operations/ports';
import { ORDER_STATUSES, type OrderStatus } from '../../orders/types';
import type { Sql } from './client';

export function postgresOrderStatistics(sql: Sql): OrderStatisticsReader {
  return {
    async read() {
      const rows = await sql<{ status: OrderStatus; count: number }[]>`SELECT status, count(*)::int AS count FROM orders GROUP BY status`;
      const [extra] = await sql<{ oldestPendingAgeSeconds: number | null; outboxBacklog: number }[]>`
        SELECT (SELECT extract(epoch FROM now() - min(created_at))::float8 FROM orders WHERE status = 'PENDING') AS oldest_pending_age_seconds,
               (SELECT count(*)::int FROM outbox WHERE published_at IS NULL) AS outbox_backlog`;
      const byStatus = Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as Record<OrderStatus, number>;
      for (const row of rows) byStatus[row.status] = row.count;
      return { byStatus, oldestPendingAgeSeconds: extra!.oldestPendingAgeSeconds, outboxBacklog: extra!.outboxBacklog };
    },

    async statusOf(orderIds) {
      if (!orderIds.length) return new Map();
      const rows = await sql<{ id: string; status: OrderStatus; failureReason: string | null; attempts: number }[]>`
        SELECT id, status, failure_reason, attempts FROM orders WHERE id = ANY(${orderIds}::uuid[])`;
      return new Map(rows.map((r) => [r.id, { status: r.status, failureReason: r.failureReason, attempts: r.attempts }]));
    },
  };
}
