import type { StuckOrder, StuckOrderFinder } from '../../orders/ports';
import type { Sql } from './client';

export function postgresStuckOrderFinder(sql: Sql): StuckOrderFinder {
  return {
    async claimStuck(olderThanSeconds, limit) {
      // Touching updated_at is the claim: a concurrent reaper's SKIP LOCKED passes these
      // rows by, and after commit they are no longer old enough to be picked again.
      return sql<StuckOrder[]>`
        WITH stuck AS (
          SELECT o.id FROM orders o
          WHERE o.status = 'PENDING'
            AND o.updated_at < now() - make_interval(secs => ${olderThanSeconds})
            AND NOT EXISTS (SELECT 1 FROM outbox b WHERE b.order_id = o.id AND b.published_at IS NULL)
          ORDER BY o.updated_at
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE orders o SET updated_at = now()
        FROM stuck WHERE o.id = stuck.id
        RETURNING o.id AS order_id, o.attempts`;
    },

    async requeue(orderId) {
      await sql`INSERT INTO outbox (order_id, payload) VALUES (${orderId}, ${sql.json({ orderId })})`;
    },
  };
}
