import type { SyncLock, SyncRunStore } from '../../stock/ports';
import type { SyncRun, SyncRunStatus, SyncRunVendor } from '../../stock/types';
import type postgres from 'postgres';
import type { Sql } from './client';

interface SyncRunRow {
  runId: string;
  trigger: string;
  status: SyncRunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  productsChanged: number;
  error: string | null;
  vendors: SyncRunVendor[];
}

export function postgresSyncRuns(sql: Sql): SyncRunStore {
  function select(where: postgres.Fragment) {
    return sql<SyncRunRow[]>`
      SELECT r.id AS run_id, r.trigger, r.status, r.started_at, r.finished_at, r.products_changed, r.error,
             round(extract(epoch FROM r.finished_at - r.started_at) * 1000)::int AS duration_ms,
             coalesce((SELECT json_agg(json_build_object(
                         'vendorId', v.vendor_id, 'status', v.status, 'rowsSeen', v.rows_seen,
                         'rowsChanged', v.rows_changed, 'rowsRejected', v.rows_rejected, 'pages', v.pages,
                         'error', v.error, 'durationMs', v.duration_ms) ORDER BY v.vendor_id)
                       FROM sync_run_vendors v WHERE v.run_id = r.id), '[]') AS vendors
      FROM sync_runs r
      ${where}`;
  }

  return {
    async start(runId, trigger) {
      await sql`INSERT INTO sync_runs (id, trigger, status) VALUES (${runId}, ${trigger}, 'running')`;
    },

    async abandonUnfinished() {
      return sql.begin(async (tx) => {
        const result = await tx`
          UPDATE sync_runs SET status = 'failed', finished_at = now(),
                 error = 'abandoned: the process running it stopped before finishing'
          WHERE status = 'running'`;
        await tx`
          UPDATE sync_run_vendors SET status = 'failed', error = 'abandoned while being read'
          WHERE status = 'running'`;
        return result.count;
      });
    },

    async recordVendor(runId, r) {
      await sql`
        INSERT INTO sync_run_vendors AS v (run_id, vendor_id, status, rows_seen, rows_changed, rows_rejected, pages, error, duration_ms)
        VALUES (${runId}, ${r.vendorId}, ${r.status}, ${r.rowsSeen}, ${r.rowsChanged}, ${r.rowsRejected}, ${r.pages}, ${r.error},
                ${Math.round(r.durationMs)})
        ON CONFLICT (run_id, vendor_id) DO UPDATE
          SET status = excluded.status, rows_seen = excluded.rows_seen, rows_changed = excluded.rows_changed,
              rows_rejected = excluded.rows_rejected, pages = excluded.pages, error = excluded.error, duration_ms = excluded.duration_ms
          -- progress that arrives late never overwrites the vendor's final result
          WHERE v.status = 'running'`;
    },

    async finish(runId, { status, productsChanged, error }) {
      await sql`
        UPDATE sync_runs SET status = ${status}, products_changed = ${productsChanged}, error = ${error}, finished_at = now()
        WHERE id = ${runId}`;
    },

    async find(runId) {
      const [row] = await select(sql`WHERE r.id = ${runId}`);
      return row && toSyncRun(row);
    },

    async recent(limit) {
      const rows = await select(sql`ORDER BY r.started_at DESC, r.id DESC LIMIT ${limit}`);
      return rows.map(toSyncRun);
    },

    async running() {
      const [row] = await sql<{ id: string }[]>`SELECT id FROM sync_runs WHERE status = 'running' ORDER BY started_at DESC LIMIT 1`;
      return row?.id;
    },
  };
}

/**
 * A session-level advisory lock held on a connection reserved for the run: the lock
 * lives exactly as long as that session, so a crashed run (process or connection gone)
 * cannot leave it taken. Advisory locks are per database, like everything the sync owns.
 */
export function postgresSyncLock(sql: Sql): SyncLock {
  return {
    async tryAcquire() {
      const session = await sql.reserve();
      try {
        const [row] = await session<{ locked: boolean }[]>`SELECT pg_try_advisory_lock(hashtext('order-aggregator/sync-stock')) AS locked`;
        if (!row?.locked) {
          session.release();
          return undefined;
        }
      } catch (error) {
        session.release();
        throw error;
      }
      return {
        async release() {
          try {
            await session`SELECT pg_advisory_unlock(hashtext('order-aggregator/sync-stock'))`;
          } finally {
            session.release();
          }
        },
      };
    },
  };
}

function toSyncRun(row: SyncRunRow): SyncRun {
  return {
    runId: row.runId,
    trigger: row.trigger,
    status: row.status,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    durationMs: row.durationMs,
    productsChanged: row.productsChanged,
    error: row.error,
    vendors: row.vendors,
  };
}
