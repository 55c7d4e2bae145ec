import type { Outbox, OutboxEntry } from '../../orders/ports';
import type { OrderMessage } from '../../orders/types';
import type { Sql } from './client';

export function postgresOutbox(sql: Sql): Outbox {
  return {
    async markPublished(ids) {
      if (!ids.length) return;
      await sql`UPDATE outbox SET published_at = now() WHERE id = ANY(${ids}::bigint[]) AND published_at IS NULL`;
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
