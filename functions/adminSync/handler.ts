import { NotFoundError } from '../../lib/errors';
import { httpHandler, json, type HttpRequest } from '../../lib/http/handler';
import type { HttpResult } from '../../lib/http/middleware';
import { parseInput } from '../../lib/http/validation';
import { recentSyncRunsQuerySchema, syncRunIdParamsSchema } from '../../lib/http/schemas';
import { getSyncRun, listSyncRuns } from '../../lib/stock/readSyncRuns';
import { syncStock } from '../../lib/stock/syncStock';

/**
 * API Gateway answers 503 after 30 s whatever the function does; the vendor reads stop
 * at this deadline, leaving time to record the run (the function's timeout is 29 s).
 */
const SYNC_DEADLINE_MS = 25_000;

/**
 * POST /admin/sync → 202 {runId, status}.
 *   Lambda freezes the process as soon as the response is returned, so a sync left
 *   running in the background would stall until some later invocation thawed it. The
 *   run is therefore created and carried to its end within this request (bounded by the
 *   deadline above: vendors still being read then are recorded as failed) and answered
 *   with 202 and its id; GET /admin/sync-runs/{runId} then already shows the outcome.
 *   While another run holds the lock, the answer is that run's id, `alreadyRunning: true`.
 * GET /admin/sync-runs?limit= → recent runs, newest first, with their per-vendor results.
 * GET /admin/sync-runs/{runId} → one run: status running | succeeded | partial | failed.
 */
const routes: Record<string, (request: HttpRequest) => Promise<HttpResult>> = {
  'POST /admin/sync': async ({ deps }) => {
    const outcome = await syncStock(deps, { trigger: 'admin', signal: AbortSignal.timeout(SYNC_DEADLINE_MS) });
    if (outcome.skipped) return json(202, { runId: outcome.runId, status: outcome.status, alreadyRunning: true });
    return json(202, { runId: outcome.runId, status: outcome.status }, { location: `/admin/sync-runs/${outcome.runId}` });
  },
  'GET /admin/sync-runs': async ({ query, deps }) => {
    const { limit } = parseInput(recentSyncRunsQuerySchema, query, 'query');
    return json(200, { items: await listSyncRuns(deps, limit) });
  },
  'GET /admin/sync-runs/{runId}': async ({ params, deps }) => {
    const { runId } = parseInput(syncRunIdParamsSchema, params, 'path');
    return json(200, await getSyncRun(deps, runId));
  },
};

export const handler = httpHandler(
  async (request) => {
    const route = routes[request.event.routeKey];
    if (!route) throw new NotFoundError(`no admin route ${request.event.routeKey}`);
    return route(request);
  },
  { admin: true },
);
