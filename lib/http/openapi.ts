import { z } from 'zod';
import { createDocument, type oas31, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { version } from '../../package.json';
import {
  cursorQuerySchema,
  faultSettingsSchema,
  offsetQuerySchema,
  pageQuerySchema,
  stockChangeSchema,
  vendorOrderSchema,
} from '../vendorMock/schemas';
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
} from './openapiResponses';
import {
  deadLettersQuerySchema,
  idempotencyKeySchema,
  listOrdersQuerySchema,
  listProductsQuerySchema,
  multiLineOrderSchema,
  orderIdParamsSchema,
  orderLineSchema,
  productIdParamsSchema,
  recentSyncRunsQuerySchema,
  redriveBodySchema,
  syncRunIdParamsSchema,
  type OrderLimits,
} from './schemas';

/**
 * The OpenAPI 3.1 document of every HTTP route in serverless.yml, generated from the zod
 * schemas the handlers validate with (lib/http/schemas.ts, lib/vendorMock/schemas.ts)
 * and the response schemas (./openapiResponses.ts). The limits come from configuration,
 * so the document states the maxima this deployment enforces.
 */
export function openApiDocument(limits: OrderLimits): oas31.OpenAPIObject {
  const key = `${limits.maxOrderLines}/${limits.maxLineQuantity}`;
  let document = documents.get(key);
  if (!document) {
    document = build(limits);
    documents.set(key, document);
  }
  return document;
}

/** Generating takes milliseconds, but there is no reason to repeat it per request. */
const documents = new Map<string, oas31.OpenAPIObject>();

const JSON_TYPE = 'application/json';
const ADMIN = [{ adminApiKey: [] }];

const jsonBody = (schema: z.ZodType) => ({ content: { [JSON_TYPE]: { schema } } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });
const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });

const invalid = problem('Malformed parameters or body (`validation_error`), listing every offending field');
const unauthorized = problem('Missing or wrong `x-api-key` (`unauthorized`)');
const unavailable = {
  ...problem('The database or queue is unavailable (`unavailable`); nothing was changed, retry after `Retry-After`'),
  headers: z.object({ 'retry-after': z.string().meta({ description: 'Seconds to wait' }) }),
};

function adminOperation(operation: ZodOpenApiOperationObject): ZodOpenApiOperationObject {
  return { tags: ['admin'], security: ADMIN, ...operation, responses: { 401: unauthorized, ...operation.responses } };
}

function placeOrderOperation(limits: OrderLimits, operationId: string, deprecated: boolean): ZodOpenApiOperationObject {
  const responses: ZodOpenApiResponsesObject = {
    202: {
      description: 'Accepted: every line is reserved and the order is PENDING until vendors confirm it',
      headers: z.object({
        location: z.string().meta({ description: '`/orders/{orderId}`' }),
        'idempotent-replayed': z.literal('true').optional().meta({ description: 'Present when an earlier request with the same key is answered' }),
      }),
      ...jsonBody(orderSchema),
    },
    400: invalid,
    404: problem('A product of the order does not exist (`product_not_found`); nothing is reserved'),
    409: problem('Not enough available stock for some line (`insufficient_stock`); nothing is reserved'),
    413: problem('Body over the size limit (`payload_too_large`)'),
    415: problem('Body is not JSON (`unsupported_media_type`)'),
    422: problem('The Idempotency-Key was used with a different body (`idempotency_key_reused`)'),
    503: unavailable,
  };
  return {
    tags: ['orders'],
    operationId,
    deprecated,
    summary: deprecated ? 'Place an order (older path, same handler as POST /orders)' : 'Place an order',
    description:
      'One line (`{productId, quantity}`) or several (`{items: [...]}`), reserved all together or not at all. ' +
      'With an `Idempotency-Key`, the same key and body return the original order.',
    requestParams: { header: z.object({ 'idempotency-key': idempotencyKeySchema.meta({ description: '1–255 visible ASCII characters' }) }) },
    requestBody: {
      required: true,
      content: { [JSON_TYPE]: { schema: z.union([orderLineSchema(limits), multiLineOrderSchema(limits)]) } },
    },
    responses,
  };
}

function build(limits: OrderLimits): oas31.OpenAPIObject {
  const paths: ZodOpenApiPathsObject = {
    '/orders': {
      post: placeOrderOperation(limits, 'placeOrder', false),
      get: {
        tags: ['orders'],
        operationId: 'listOrders',
        summary: 'List orders, newest first',
        requestParams: { query: listOrdersQuerySchema },
        responses: { 200: { description: 'A page of orders', ...jsonBody(orderPageSchema) }, 400: invalid },
      },
    },
    '/order': { post: placeOrderOperation(limits, 'placeOrderLegacy', true) },
    '/orders/{orderId}': {
      get: {
        tags: ['orders'],
        operationId: 'getOrder',
        summary: 'Read an order',
        requestParams: { path: orderIdParamsSchema },
        responses: { 200: { description: 'The order', ...jsonBody(orderSchema) }, 400: invalid, 404: problem('Unknown order (`not_found`)') },
      },
    },
    '/orders/{orderId}/cancel': {
      post: {
        tags: ['orders'],
        operationId: 'cancelOrder',
        summary: 'Cancel a PENDING order and release its stock',
        requestParams: { path: orderIdParamsSchema },
        responses: {
          200: { description: 'The order, now CANCELLED', ...jsonBody(orderSchema) },
          400: invalid,
          404: problem('Unknown order (`not_found`)'),
          409: problem('The order is no longer PENDING (`invalid_state`)'),
        },
      },
    },
    '/products': {
      get: {
        tags: ['products'],
        operationId: 'listProducts',
        summary: 'The aggregated catalogue in SKU order; `sku` finds one product',
        requestParams: { query: listProductsQuerySchema },
        responses: { 200: { description: 'A page of products', ...jsonBody(productPageSchema) }, 400: invalid },
      },
    },
    '/products/{productId}': {
      get: {
        tags: ['products'],
        operationId: 'getProduct',
        summary: 'One product with its stock per vendor',
        requestParams: { path: productIdParamsSchema },
        responses: { 200: { description: 'The product', ...jsonBody(productSchema) }, 400: invalid, 404: problem('Unknown product (`not_found`)') },
      },
    },
    '/health': {
      get: {
        tags: ['operations'],
        operationId: 'health',
        summary: 'Whether the database and the queue answer',
        responses: {
          200: { description: 'Both answer', ...jsonBody(healthSchema) },
          503: { description: 'A dependency is failing; the failing check is named', ...jsonBody(healthSchema) },
        },
      },
    },
    '/ping': {
      get: {
        tags: ['operations'],
        operationId: 'ping',
        summary: 'Liveness: answers without touching any dependency (GET /health is readiness)',
        responses: { 200: { description: 'Alive', ...jsonBody(z.object({ status: z.literal('alive') })) } },
      },
    },
    '/admin/sync': {
      post: adminOperation({
        operationId: 'syncStock',
        summary: 'Run a stock sync from every vendor now',
        description: 'The run is carried to its end within the request; `GET /admin/sync-runs/{runId}` shows its outcome.',
        responses: {
          202: {
            description: 'The run (or the run already in progress, `alreadyRunning: true`)',
            headers: z.object({ location: z.string().optional().meta({ description: '`/admin/sync-runs/{runId}`' }) }),
            ...jsonBody(syncStartedSchema),
          },
        },
      }),
    },
    '/admin/sync-runs': {
      get: adminOperation({
        operationId: 'listSyncRuns',
        summary: 'Recent sync runs, newest first, with per-vendor results',
        requestParams: { query: recentSyncRunsQuerySchema },
        responses: { 200: { description: 'Recent runs', ...jsonBody(syncRunListSchema) }, 400: invalid },
      }),
    },
    '/admin/sync-runs/{runId}': {
      get: adminOperation({
        operationId: 'getSyncRun',
        summary: 'One sync run: running, succeeded, partial or failed',
        requestParams: { path: syncRunIdParamsSchema },
        responses: { 200: { description: 'The run', ...jsonBody(syncRunSchema) }, 400: invalid, 404: problem('Unknown run (`not_found`)') },
      }),
    },
    '/admin/metrics': {
      get: adminOperation({
        operationId: 'readMetrics',
        summary: 'Orders per status, oldest PENDING age, outbox backlog, queue and dead-letter depth',
        responses: { 200: { description: 'The figures', ...jsonBody(metricsSchema) } },
      }),
    },
    '/admin/dead-letters': {
      get: adminOperation({
        operationId: 'listDeadLetters',
        summary: 'Dead-lettered messages with their order state and last error',
        requestParams: { query: deadLettersQuerySchema },
        responses: { 200: { description: 'The dead letters, left in place', ...jsonBody(deadLetterListSchema) }, 400: invalid },
      }),
    },
    '/admin/dead-letters/redrive': {
      post: adminOperation({
        operationId: 'redriveDeadLetters',
        summary: 'Move dead letters (all, or those of the given orders) back to the queue',
        requestBody: { required: false, content: { [JSON_TYPE]: { schema: redriveBodySchema.unwrap() } } },
        responses: { 202: { description: 'How many were moved', ...jsonBody(redriveResultSchema) }, 400: invalid },
      }),
    },
    '/openapi.json': {
      get: {
        tags: ['documentation'],
        operationId: 'openApiDocument',
        summary: 'This document',
        responses: { 200: { description: 'OpenAPI 3.1', ...jsonBody(z.looseObject({ openapi: z.string() })) } },
      },
    },
    '/docs': {
      get: { tags: ['documentation'], operationId: 'apiReference', summary: 'This document rendered as a page', responses: { 200: html('The API reference') } },
    },
    '/dashboard': {
      get: {
        tags: ['operations'],
        operationId: 'dashboard',
        summary: 'Live operations dashboard (asks for the admin key in the page)',
        responses: { 200: html('A self-contained page') },
      },
    },
    ...vendorMockPaths(),
  };

  return createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'Order Aggregator API',
        version,
        description:
          'Sells the stock of many vendors without overselling and confirms each order with the vendors in the background. ' +
          'Bodies are JSON; errors are RFC 9457 problem details (`application/problem+json`) with a stable `code` and the `requestId`. ' +
          `An order holds at most ${limits.maxOrderLines} lines of at most ${limits.maxLineQuantity} units each.`,
      },
      tags: [
        { name: 'orders', description: 'Place, read, list and cancel orders' },
        { name: 'products', description: 'The aggregated stock' },
        { name: 'operations', description: 'Health and the live dashboard' },
        { name: 'admin', description: 'Needs the `x-api-key` header' },
        { name: 'vendor-mocks', description: 'The simulated vendor APIs and their test controls (control routes are off in production unless configured)' },
        { name: 'documentation', description: 'This document' },
      ],
      paths,
      components: {
        schemas: {
          Order: orderSchema,
          Product: productSchema,
          Problem: problemSchema,
          OrderPage: orderPageSchema,
          ProductPage: productPageSchema,
          Health: healthSchema,
          SyncRun: syncRunSchema,
          SyncRunList: syncRunListSchema,
          Metrics: metricsSchema,
        },
        securitySchemes: { adminApiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
      },
    },
    {
      // Response objects are documented as they are, not closed with additionalProperties: false,
      // so adding a field to a response does not break clients that validate against this document.
      override: ({ jsonSchema, io }) => {
        if (io === 'output' && jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
        // zod bounds every integer by the safe range; only our own limits are worth stating.
        if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
        if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
        // `format: uuid` says it; zod's RFC 9562 regex beside it only makes the document hard to read.
        if (jsonSchema.format === 'uuid') delete jsonSchema.pattern;
      },
    },
  );
}

// ---- the simulated vendors (served under ANY /vendors/{proxy+}) ----

const vendorIdParams = z.object({ vendorId: z.string().meta({ example: 'acme' }) });
const mockVendorSchema = z.object({ vendorId: z.string(), name: z.string(), shape: z.string() });
const faultSettingsResultSchema = z.object({
  vendorId: z.string(),
  latencyMs: z.number(),
  errorRate: z.number(),
  timeoutRate: z.number(),
  rateLimitRate: z.number(),
  rejectOrders: z.boolean(),
});
const mockStockRowSchema = z.object({ vendorId: z.string(), sku: z.string(), name: z.string(), quantity: z.number().int(), price: z.string(), currency: z.string() });
const mockOrderEntrySchema = z.object({
  reference: z.string().meta({ description: 'Our order id' }),
  vendorOrderId: z.string(),
  sku: z.string(),
  quantity: z.number().int(),
  status: z.enum(['placed', 'cancelled']),
  createdAt: z.string(),
});
const vendorOrderResultSchema = z.object({
  vendorOrderId: z.string(),
  reference: z.string(),
  status: z.enum(['placed', 'cancelled']),
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int(), status: z.enum(['placed', 'cancelled']) })),
});
const unknownVendor = problem('Unknown vendor, or a route this vendor does not serve');
const vendorFault = problem('A simulated fault (5xx, 429, timeout) when the vendor is told to misbehave');

function vendorOperation(operation: ZodOpenApiOperationObject): ZodOpenApiOperationObject {
  return { tags: ['vendor-mocks'], ...operation };
}

function vendorMockPaths(): ZodOpenApiPathsObject {
  return {
    '/vendors': {
      get: vendorOperation({
        operationId: 'listMockVendors',
        summary: 'The simulated vendors and their payload shapes',
        responses: { 200: { description: 'The vendors', ...jsonBody(z.array(mockVendorSchema)) } },
      }),
    },
    '/vendors/_reset': {
      post: vendorOperation({
        operationId: 'resetMockVendors',
        summary: 'The seeded catalogue back, faults off, orders cleared (control route)',
        responses: { 200: { description: 'The vendors', ...jsonBody(z.array(mockVendorSchema)) }, 404: problem('Control routes are disabled') },
      }),
    },
    '/vendors/{vendorId}/_control': {
      put: vendorOperation({
        operationId: 'setMockVendorFaults',
        summary: 'Make a vendor slow or failing (control route)',
        requestParams: { path: vendorIdParams },
        requestBody: { required: true, ...jsonBody(faultSettingsSchema) },
        responses: { 200: { description: 'The settings now in force', ...jsonBody(faultSettingsResultSchema) }, 400: invalid, 404: unknownVendor },
      }),
    },
    '/vendors/{vendorId}/_stock/{sku}': {
      put: vendorOperation({
        operationId: 'setMockVendorStock',
        summary: "Set a vendor's stock of one SKU; the aggregator sees it at the next sync (control route)",
        requestParams: { path: vendorIdParams.extend({ sku: z.string() }) },
        requestBody: { required: true, ...jsonBody(stockChangeSchema) },
        responses: { 200: { description: 'The stock row', ...jsonBody(mockStockRowSchema) }, 400: invalid, 404: unknownVendor },
      }),
    },
    '/vendors/{vendorId}/_orders': {
      get: vendorOperation({
        operationId: 'listMockVendorOrders',
        summary: 'The orders this vendor received, one entry per reference and SKU (control route)',
        requestParams: { path: vendorIdParams },
        responses: { 200: { description: 'The orders', ...jsonBody(z.array(mockOrderEntrySchema)) }, 404: unknownVendor },
      }),
    },
    '/vendors/{vendorId}/products': {
      get: vendorOperation({
        operationId: 'readPageJsonStock',
        summary: 'Stock of a `page-json` vendor: page numbers, prices as JSON numbers',
        requestParams: { path: vendorIdParams, query: pageQuerySchema },
        responses: { 200: { description: 'One page', ...jsonBody(z.looseObject({ page: z.number(), totalPages: z.number(), products: z.array(z.looseObject({})) })) }, 404: unknownVendor, 500: vendorFault },
      }),
    },
    '/vendors/{vendorId}/inventory': {
      get: vendorOperation({
        operationId: 'readCursorJsonStock',
        summary: 'Stock of a `cursor-json` vendor: opaque cursors, quantities as strings',
        requestParams: { path: vendorIdParams, query: cursorQuerySchema },
        responses: { 200: { description: 'One page', ...jsonBody(z.looseObject({ data: z.array(z.looseObject({})), next_cursor: z.string().nullable() })) }, 404: unknownVendor, 500: vendorFault },
      }),
    },
    '/vendors/{vendorId}/stock.csv': {
      get: vendorOperation({
        operationId: 'readCsvExportStock',
        summary: 'Stock of a `csv-export` vendor: a CSV window, the next offset in `x-next-offset`',
        requestParams: { path: vendorIdParams, query: offsetQuerySchema },
        responses: { 200: { description: 'CSV rows', content: { 'text/csv': { schema: z.string() } } }, 404: unknownVendor, 500: vendorFault },
      }),
    },
    '/vendors/{vendorId}/orders': {
      post: vendorOperation({
        operationId: 'placeVendorOrder',
        summary: 'Place an order with a vendor, idempotent on `reference`',
        requestParams: { path: vendorIdParams },
        requestBody: { required: true, ...jsonBody(vendorOrderSchema) },
        responses: {
          201: { description: 'Placed', ...jsonBody(vendorOrderResultSchema) },
          200: { description: 'Placed before with this reference', ...jsonBody(vendorOrderResultSchema) },
          400: invalid,
          404: unknownVendor,
          409: problem('The vendor cannot supply a SKU (`out_of_stock`), a business answer'),
          500: vendorFault,
        },
      }),
    },
    '/vendors/{vendorId}/orders/{reference}': {
      delete: vendorOperation({
        operationId: 'cancelVendorOrder',
        summary: 'Cancel every line of a reference and give the stock back',
        requestParams: { path: vendorIdParams.extend({ reference: z.string() }) },
        responses: { 200: { description: 'Cancelled', ...jsonBody(vendorOrderResultSchema) }, 404: problem('Unknown vendor or reference'), 500: vendorFault },
      }),
    },
  };
}
