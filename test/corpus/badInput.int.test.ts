import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { routesFromServerlessYml, type Route } from '../../infra/local/httpAdapter';
import { placeOrder } from '../../lib/orders/placeOrder';
import { cancelOrder } from '../../lib/orders/cancelOrder';
import { badRequests, type BadRequest, type CorpusContext } from '../fixtures/bad-requests';
import { httpEvent, lambdaContext } from '../factories/http';
import { startOfflineStack, type OfflineStack } from '../support/offlineStack';
import { useIsolatedServices } from '../support/suite';
import { databaseFingerprint } from './databaseFingerprint';

/**
 * The bad-input corpus against every handler (API Gateway events from the factory), and
 * its HTTP-expressible part through serverless offline: each request gets its promised
 * status and problem code, changes no row, publishes nothing, and leaks nothing.
 */
const suite = useIsolatedServices();

const ctx: CorpusContext = {
  productId: randomUUID(),
  otherProductId: randomUUID(),
  cancelledOrderId: randomUUID(),
  usedKey: `corpus-${randomUUID()}`,
  adminKey: 'local-admin-key',
};
const corpus = badRequests(ctx);

/** What a client must never see: stack frames, source paths, SQL or database errors, hosts and connection strings. */
const LEAKS: [string, RegExp][] = [
  ['a stack frame', /\bat [\w$.<>]+ \(|\bat .+:\d+:\d+/],
  ['a source path', /\.(ts|js):\d+|node_modules|\/work\/|\/home\/|\/var\/task/],
  ['SQL', /\b(select|insert into|update|delete from)\b[\s\S]{1,200}\b(from|values|set|where)\b/i],
  ['a database error', /postgres|syntax error|relation "|column "|violates|duplicate key|sqlstate|pg_/i],
  ['a host name or address', new RegExp(`localhost|127\\.0\\.0\\.1|0\\.0\\.0\\.0|::1|amqp:|postgres:|rds\\.amazonaws|${hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i')],
];

interface Answer {
  status: number;
  contentType: string;
  replayed: string | undefined;
  text: string;
}

beforeAll(async () => {
  const deps = suite.deps();
  await deps.sql`INSERT INTO products (id, sku, name, on_hand) VALUES
                   (${ctx.productId}, 'CORPUS-1', 'Corpus product one', 6),
                   (${ctx.otherProductId}, 'CORPUS-2', 'Corpus product two', 6)`;
  // The key's first use holds one unit of CORPUS-1; the cancelled order gives back its unit of CORPUS-2.
  await placeOrder(deps, { lines: [{ productId: ctx.productId, quantity: 1 }], idempotencyKey: ctx.usedKey });
  await placeOrder({ ...deps, newId: () => ctx.cancelledOrderId }, { lines: [{ productId: ctx.otherProductId, quantity: 1 }] });
  await cancelOrder(deps, ctx.cancelledOrderId);
});

/** Path with the parameters put in, percent-encoded as a client would send them. */
function pathOf(request: BadRequest): string {
  const template = request.route.split(' ')[1]!;
  return template.replace(/\{(\w+)\+?\}/g, (segment, name: string) => {
    const value = request.pathParameters?.[name] ?? '';
    return segment.endsWith('+}') ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
  });
}

function methodOf(request: BadRequest): string {
  const declared = request.route.split(' ')[0]!;
  return declared === 'ANY' ? request.method! : declared;
}

function bodyOf(request: BadRequest): string | undefined {
  return request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
}

/** The headers as sent: JSON content type for a body unless the entry says otherwise; `null` removes one. */
function headersOf(request: BadRequest): Record<string, string> {
  const headers: Record<string, string | null> = { ...(bodyOf(request) !== undefined ? { 'content-type': 'application/json' } : {}), ...request.headers };
  return Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== null));
}

/** The functions the corpus addresses; the rest of serverless.yml is not loaded. */
const CORPUS_FUNCTIONS = ['placeOrder', 'getOrder', 'listOrders', 'cancelOrder', 'getProduct', 'listProducts', 'adminSync', 'adminOperations', 'vendorMock'];
let routes: Route[] | undefined;

async function viaHandler(request: BadRequest): Promise<Answer> {
  routes ??= routesFromServerlessYml(CORPUS_FUNCTIONS);
  const route = routes.find((r) => `${r.method} ${r.path}` === request.route);
  if (!route) throw new Error(`no function serves ${request.route}`);
  const body = bodyOf(request);
  const event = httpEvent({ method: methodOf(request), path: pathOf(request), pathParameters: request.pathParameters, query: request.query });
  event.routeKey = request.route;
  event.requestContext.routeKey = request.route;
  event.headers = headersOf(request);
  event.body = request.base64 && body !== undefined ? Buffer.from(body).toString('base64') : body;
  event.isBase64Encoded = request.base64 === true;
  const context: Context = lambdaContext(route.functionName);
  const result = await route.handler(event, context);
  const headers = (result.headers ?? {}) as Record<string, string>;
  return { status: result.statusCode ?? 200, contentType: headers['content-type'] ?? '', replayed: headers['idempotent-replayed'], text: result.body ?? '' };
}

async function sideEffects() {
  const deps = suite.deps();
  const [rows, queue] = await Promise.all([databaseFingerprint(deps.sql), deps.queueAdmin.depths()]);
  return { rows, queue };
}

async function expectAnswer(request: BadRequest, send: (request: BadRequest) => Promise<Answer>) {
  // Prepare
  const before = await sideEffects();

  // Act
  const answer = await send(request);

  // Assess
  const body = answer.text ? JSON.parse(answer.text) : undefined;
  expect({ status: answer.status, code: body?.code ?? null }).toEqual(request.expect);
  if (request.expect.code === null) {
    // serverless offline adds a charset to plain JSON
    expect(answer.contentType).toMatch(/^application\/json(; charset=utf-8)?$/);
    expect(answer.replayed).toBe('true');
  } else {
    expect(answer.contentType).toBe('application/problem+json');
    expect(body).toMatchObject({ status: request.expect.status, type: expect.stringMatching(/^https:\/\//), title: expect.any(String), requestId: expect.any(String) });
    if (request.expect.code === 'validation_error') expect(body.errors).toEqual(expect.arrayContaining([{ path: expect.any(String), message: expect.any(String) }]));
  }
  for (const [what, pattern] of LEAKS) {
    expect({ leaks: what, match: pattern.exec(answer.text)?.[0] ?? null }).toEqual({ leaks: what, match: null });
  }
  expect(await sideEffects()).toEqual(before);
}

describe('the bad-input corpus', () => {
  it('holds at least 60 requests, each with a distinct name', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    expect(new Set(corpus.map((r) => r.name)).size).toBe(corpus.length);
  });

  describe('through the handlers', () => {
    it.each(corpus.map((r) => [r.name, r.expect.status, r.expect.code ?? 'replay', r] as const))('%s → %d %s', async (_name, _status, _code, request) => {
      await expectAnswer(request, viaHandler);
    });
  });

  describe('over HTTP through serverless offline', () => {
    let stack: OfflineStack | undefined;

    beforeAll(async () => {
      stack = await startOfflineStack({
        DATABASE_URL: suite.databaseUrl(),
        CONFIRM_QUEUE: suite.queue(),
        // Nothing may write while the corpus measures: no worker, no scheduled sync.
        OFFLINE_WITHOUT_WORKER: 'true',
        SYNC_SCHEDULE: 'rate(1 day)',
        LOG_LEVEL: 'ERROR',
      });
    }, 180_000);
    afterAll(async () => {
      await stack?.stop();
    });

    async function viaOffline(request: BadRequest): Promise<Answer> {
      const query = request.query ? `?${new URLSearchParams(request.query)}` : '';
      const res = await fetch(`${stack!.baseUrl}${pathOf(request)}${query}`, { method: methodOf(request), headers: headersOf(request), body: bodyOf(request) });
      return { status: res.status, contentType: res.headers.get('content-type') ?? '', replayed: res.headers.get('idempotent-replayed') ?? undefined, text: await res.text() };
    }

    const subset = corpus.filter((r) => r.offline);
    it('sends at least 20 of them', () => expect(subset.length).toBeGreaterThanOrEqual(20));
    it.each(subset.map((r) => [r.name, r.expect.status, r.expect.code ?? 'replay', r] as const))('%s → %d %s', async (_name, _status, _code, request) => {
      await expectAnswer(request, viaOffline);
    });
  });
});
