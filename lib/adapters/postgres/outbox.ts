import type { Outbox, OutboxEntry } from '../../orders/ports';
import type { OrderMessage } from '../../orders/types';
import type { Sql } from './client';
import { coalesce } from '../../coalesce';

/**
 * `relaxedSql` is a pool whose commits do not wait for the disk: used only to mark rows
 * sent after the broker confirmed them. A mark lost in a crash means one duplicate
 * publish, which confirmOrder absorbs; waiting for a second WAL flush per order would
 * halve the placement rate.
 */
export function postgresOutbox(sql: Sql, relaxedSql: Sql = sql): Outbox {
  // Requests finishing at the same moment share one UPDATE: whatever arrives while a
  // write is in flight goes out together in the next one.
  const markBatch = coalesce<string>(async (ids) => {
    await relaxedSql`UPDATE outbox SET published_at = now() WHERE id = ANY(${ids}::bigint[]) AND published_at IS NULL`;
  });
  return {
    async markPublished(ids) {
      if (!ids.length) return;
      await Promise.all(ids.map(markBatch));
    },

    async relay(limit, minAgeMs, publish) {
      // SKIP LOCKED: concurrent relays each take different rows. Publishing happens while
      // the rows stay locked, so a row is marked only after the broker confirmed it; a
      // crash in between republishes it, which confirmOrder tolerates (it is idempotent).
      return sql.begin(async (tx) => {
        const rows = await tx<{ id: string; payload: OrderMessage }[]>`
          SELECT id, payload FROM outbox
          WHERE published_at IS NULL AND created_at < now() - make_interval(secs => ${minAgeMs / 1000})
          ORDER BY id
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED`;
        if (!rows.length) return { published: 0 };
        const entries: OutboxEntry[] = rows.map((r) => ({ id: String(r.id), message: r.payload }));
        try {
          await publish(entries);
        } catch (error) {
          await tx`UPDATE outbox SET publish_attempts = publish_attempts + 1, last_error = ${String((error as Error).message ?? error)}
                   WHERE id = ANY(${entries.map((e) => e.id)}::bigint[])`;
          return { published: 0, error: error as Error };
        }
        await tx`UPDATE outbox SET published_at = now(), publish_attempts = publish_attempts + 1
                 WHERE id = ANY(${entries.map((e) => e.id)}::bigint[])`;
        return { published: entries.length };
      });
    },
  };
}
