import { checkHealth } from '../../lib/health';
import { httpHandler, json } from '../../lib/http/handler';

/** GET /health : 200 when the database and the queue answer, 503 naming the one that does not. */
export const handler = httpHandler(async ({ deps }) => {
  const report = await checkHealth(deps);
  return report.status === 'ok' ? json(200, report) : json(503, report, { 'retry-after': '5' });
});
