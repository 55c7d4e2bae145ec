import type { z } from 'zod';
import { openApiDocument } from '../../lib/http/openapi';
import {
  deadLetterListSchema,
  healthSchema,
  metricsSchema,
  orderPageSchema,
  orderSchema,
  problemSchema,
  productPageSchema,
  productSchema,
  redriveResultSchema,
  syncRunListSchema,
  syncRunSchema,
  syncStartedSchema,
} from '../../lib/http/openapiResponses';
import { validateOpenApi } from '../support/openApi';
import { startOfflineStack, type OfflineStack } from '../support/offlineStack';
import { eventually } from '../support/poll';
import { useIsolatedServices } from '../support/suite';

/**
 * The document as a client gets it (`curl localhost:3000/openapi.json`) from the real
 * local stack, and the real answers of that stack read with the response schemas the
 * document is generated from.
 */
const suite = useIsolatedServices();
let stack: OfflineStack;
const ADMIN = { 'x-api-key': 'local-admin-key' };

beforeAll(async () => {
  stack = await startOfflineStack({ DATABASE_URL: suite.databaseUrl(), CONFIRM_QUEUE: suite.queue() });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

const call = (...args: Parameters<OfflineStack['call']>) => stack.call(...args);

/**
 * Parses a response body with its documented schema and compares the result with the
 * body: zod drops keys a schema does not name, so an undocumented field shows as a difference.
 */
function expectDocumented(schema: z.ZodType, body: unknown) {
  const parsed = schema.safeParse(body);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(parsed.data).toEqual(body);
}

describe('GET /openapi.json through serverless offline', () => {
  it('serves a valid OpenAPI 3.1 document, the one generated in process', async () => {
    // Act
    const res = await call('GET', '/openapi.json');

    // Assess
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/json\b/);
    expect(await validateOpenApi(res.body)).toMatchObject({ valid: true, version: '3.1' });
    expect(res.body).toEqual(JSON.parse(JSON.stringify(openApiDocument({ maxOrderLines: 50, maxLineQuantity: 1000 }))));
  });

  it('renders it at GET /docs', async () => {
    const res = await call('GET', '/docs');
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('id="op-placeOrder"');
    expect(res.text).toContain('id="schema-Order"');
  });
});

describe('the answers of the running stack', () => {
  it('match the documented response schemas, field for field', async () => {
    // Prepare: stock, and one order that gets confirmed
    await call('POST', '/vendors/_reset');
    const sync = await call('POST', '/admin/sync', undefined, ADMIN);
    expect(sync.status).toBe(202);
    expectDocumented(syncStartedSchema, sync.body);
    // The schedule may have started a run first: then this answer names that run, still going.
    await eventually('the sync to finish', async () => {
      const run = await call('GET', `/admin/sync-runs/${sync.body.runId}`, undefined, ADMIN);
      return run.body.status === 'running' ? undefined : run.body;
    });
    const products = await call('GET', '/products?limit=5');
    expect(products.body.items.length).toBeGreaterThan(0);
    expectDocumented(productPageSchema, products.body);
    const [product] = products.body.items;
    expectDocumented(productSchema, (await call('GET', `/products/${product.productId}`)).body);

    const placed = await call('POST', '/orders', { productId: product.productId, quantity: 1 });
    expect(placed.status).toBe(202);
    expectDocumented(orderSchema, placed.body);
    const confirmed = await eventually('the order to be confirmed', async () => {
      const order = await call('GET', `/orders/${placed.body.orderId}`);
      return order.body.status === 'CONFIRMED' ? order.body : undefined;
    });
    // Assess: a confirmed order carries allocations with vendor order ids
    expectDocumented(orderSchema, confirmed);
    expect(confirmed.items[0].allocations.length).toBeGreaterThan(0);

    const cancellable = await call('POST', '/orders', { productId: product.productId, quantity: 1 });
    expectDocumented(orderSchema, (await call('POST', `/orders/${cancellable.body.orderId}/cancel`)).body);
    expectDocumented(orderPageSchema, (await call('GET', '/orders?limit=5')).body);
    expectDocumented(healthSchema, (await call('GET', '/health')).body);
    expectDocumented(syncRunListSchema, (await call('GET', '/admin/sync-runs', undefined, ADMIN)).body);
    expectDocumented(syncRunSchema, (await call('GET', `/admin/sync-runs/${sync.body.runId}`, undefined, ADMIN)).body);
    expectDocumented(metricsSchema, (await call('GET', '/admin/metrics', undefined, ADMIN)).body);
    expectDocumented(deadLetterListSchema, (await call('GET', '/admin/dead-letters', undefined, ADMIN)).body);
    expectDocumented(redriveResultSchema, (await call('POST', '/admin/dead-letters/redrive', undefined, ADMIN)).body);
  });

  it('answer errors with the documented problem shape and status', async () => {
    const document = openApiDocument({ maxOrderLines: 50, maxLineQuantity: 1000 }) as any;
    const cases = [
      { method: 'POST', path: '/orders', body: { productId: 'nope', quantity: 0 }, status: 400, operation: document.paths['/orders'].post },
      { method: 'GET', path: '/orders/00000000-0000-4000-8000-000000000000', status: 404, operation: document.paths['/orders/{orderId}'].get },
      { method: 'GET', path: '/admin/metrics', status: 401, operation: document.paths['/admin/metrics'].get },
    ];
    for (const c of cases) {
      const res = await call(c.method, c.path, c.body);
      expect([c.path, res.status, res.contentType]).toEqual([c.path, c.status, 'application/problem+json']);
      expect(Object.keys(c.operation.responses)).toContain(String(c.status));
      const parsed = problemSchema.safeParse(res.body);
      expect(parsed.success).toBe(true);
      expect(res.body.requestId).toEqual(expect.any(String));
    }
  });
});
