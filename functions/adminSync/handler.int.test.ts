import { randomUUID } from 'node:crypto';
import { handler } from './handler';
import { routesFromServerlessYml, serveHttp } from '../../infra/local/httpAdapter';
import { httpEvent, lambdaContext, type HttpEventInput } from '../../test/factories/http';
import { useIsolatedServices } from '../../test/support/suite';

let mocks: { url: string; close: () => Promise<void> };
beforeAll(async () => {
  mocks = await serveHttp(routesFromServerlessYml(['vendorMock']));
  process.env.VENDOR_BASE_URL = `${mocks.url}/vendors`;
});
afterAll(() => mocks.close());

const suite = useIsolatedServices();
const ADMIN_KEY = 'local-admin-key';

/** API Gateway names the route template in routeKey (`/admin/sync-runs/{runId}`), not the path. */
async function admin(routeKey: string, input: HttpEventInput = {}, apiKey: string | null = ADMIN_KEY) {
  const [method, template] = routeKey.split(' ') as [string, string];
  const path = template.replace('{runId}', input.pathParameters?.runId ?? '');
  const event = { ...httpEvent({ method, path, ...input, headers: { ...(apiKey ? { 'x-api-key': apiKey } : {}), ...input.headers } }), routeKey };
  const result = await handler(event, lambdaContext('adminSync'));
  return { statusCode: result.statusCode, headers: result.headers ?? {}, body: result.body ? JSON.parse(result.body) : undefined };
}

describe('adminSync', () => {
  it.each([['POST /admin/sync'], ['GET /admin/sync-runs'], ['GET /admin/sync-runs/{runId}']])('answers 401 to %s without the admin key', async (routeKey) => {
    const res = await admin(routeKey, { pathParameters: { runId: randomUUID() } }, null);
    expect(res.statusCode).toBe(401);
    expect(res.body.code).toBe('unauthorized');
  });

  it('answers 401 to a wrong admin key, and runs nothing', async () => {
    const runs = async () => (await suite.deps().sql<{ runs: number }[]>`SELECT count(*)::int AS runs FROM sync_runs`)[0]!.runs;
    const before = await runs();

    const res = await admin('POST /admin/sync', {}, 'not-the-key');

    expect(res.statusCode).toBe(401);
    expect(await runs()).toBe(before);
  });

  it('runs a sync on POST /admin/sync, answering 202 with its runId, whose record holds the outcome per vendor', async () => {
    // Act
    const started = await admin('POST /admin/sync');

    // Assess
    expect(started.statusCode).toBe(202);
    expect(started.body).toEqual({ runId: expect.any(String), status: 'succeeded' });
    expect(started.headers.location).toBe(`/admin/sync-runs/${started.body.runId}`);
    const run = await admin('GET /admin/sync-runs/{runId}', { pathParameters: { runId: started.body.runId } });
    expect(run.statusCode).toBe(200);
    expect(run.body).toMatchObject({ runId: started.body.runId, trigger: 'admin', status: 'succeeded', error: null });
    expect(run.body.finishedAt).not.toBeNull();
    const vendorRow = (vendorId: string, rowsSeen: number) => ({
      vendorId,
      status: 'succeeded',
      rowsSeen,
      rowsChanged: expect.any(Number),
      rowsRejected: 0,
      pages: 1,
      error: null,
      durationMs: expect.any(Number),
    });
    expect(run.body.vendors).toEqual([vendorRow('acme', 20), vendorRow('globex', 20), vendorRow('initech', 16)]);
  });

  it('lists recent runs newest first on GET /admin/sync-runs', async () => {
    const first = await admin('POST /admin/sync');
    const second = await admin('POST /admin/sync');

    const res = await admin('GET /admin/sync-runs', { query: { limit: '2' } });

    expect(res.statusCode).toBe(200);
    expect(res.body.items.map((r: { runId: string }) => r.runId)).toEqual([second.body.runId, first.body.runId]);
    expect(res.body.items[0].vendors).toHaveLength(3);
  });

  it("answers 202 with the running run's id instead of starting another while a sync holds the lock", async () => {
    // Prepare: another process is syncing.
    const lease = await suite.deps().syncLock.tryAcquire();
    const runningId = randomUUID();
    await suite.deps().syncRuns.start(runningId, 'schedule');
    try {
      // Act
      const res = await admin('POST /admin/sync');

      // Assess
      expect(res.statusCode).toBe(202);
      expect(res.body).toEqual({ runId: runningId, status: 'running', alreadyRunning: true });
      const run = await admin('GET /admin/sync-runs/{runId}', { pathParameters: { runId: runningId } });
      expect(run.body).toMatchObject({ status: 'running', finishedAt: null, durationMs: null, vendors: [] });
    } finally {
      await lease!.release();
    }
  });

  it('marks a run left running by a process that died as failed when the next run starts', async () => {
    const orphanId = randomUUID();
    await suite.deps().syncRuns.start(orphanId, 'schedule');

    await admin('POST /admin/sync');

    const orphan = await admin('GET /admin/sync-runs/{runId}', { pathParameters: { runId: orphanId } });
    expect(orphan.body).toMatchObject({ status: 'failed', error: expect.stringContaining('abandoned') });
  });

  it('answers 404 not_found for an unknown run and 400 for a run id that is not a UUID', async () => {
    const unknown = await admin('GET /admin/sync-runs/{runId}', { pathParameters: { runId: randomUUID() } });
    const malformed = await admin('GET /admin/sync-runs/{runId}', { pathParameters: { runId: 'latest' } });

    expect(unknown.statusCode).toBe(404);
    expect(unknown.body.code).toBe('not_found');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body.errors[0].path).toBe('runId');
  });
});
