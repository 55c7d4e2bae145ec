import { NotFoundError } from '../../lib/errors';
import { httpHandler, json, type HttpRequest } from '../../lib/http/handler';
import type { HttpResult } from '../../lib/http/middleware';
import { parseInput } from '../../lib/http/validation';
import { deadLettersQuerySchema, redriveBodySchema } from '../../lib/http/schemas';
import { listDeadLetters, redriveDeadLetters } from '../../lib/operations/deadLetters';
import { readMetrics } from '../../lib/operations/metrics';

/**
 * GET /admin/metrics → orders per status, oldest PENDING age, outbox backlog, queue and DLQ depth.
 * GET /admin/dead-letters?limit= → dead-lettered messages with their order's state and last error.
 * POST /admin/dead-letters/redrive [{"orderIds": [...]}] → moves them (all, or those orders') back to the queue.
 */
const routes: Record<string, (request: HttpRequest) => Promise<HttpResult>> = {
  'GET /admin/metrics': async ({ deps }) => json(200, await readMetrics(deps)),
  'GET /admin/dead-letters': async ({ query, deps }) => {
    const { limit } = parseInput(deadLettersQuerySchema, query, 'query');
    return json(200, { items: await listDeadLetters(deps, limit) });
  },
  'POST /admin/dead-letters/redrive': async ({ body, deps }) => {
    const request = parseInput(redriveBodySchema, body, 'redrive request');
    return json(202, await redriveDeadLetters(deps, request?.orderIds));
  },
};

export const handler = httpHandler(
  async (request) => {
    const route = routes[request.event.routeKey];
    if (!route) throw new NotFoundError(`no admin route ${request.event.routeKey}`);
    return route(request);
  },
  { admin: true, body: 'optional' },
);
