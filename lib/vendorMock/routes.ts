import { createHash } from 'node:crypto';
import { ValidationError } from '../errors';
import { json, type HttpRequest } from '../http/handler';
import type { HttpResult } from '../http/middleware';
import { parseInput } from '../http/validation';
import { UnknownVendorError, VendorOrderNotFoundError, VendorRouteNotFoundError } from './errors';
import { injectFaults } from './faults';
import type { VendorMockStore } from './ports';
import { vendorProblem } from './responses';
import {
  cursorQuerySchema,
  faultSettingsSchema,
  offsetQuerySchema,
  pageQuerySchema,
  skuSchema,
  stockChangeSchema,
  vendorOrderSchema,
} from './schemas';
import { csvExportPayload, cursorJsonPayload, decodeGlobexCursor, pageJsonPayload } from './stockPayloads';
import type { MockOrderEntry, MockVendorSettings } from './types';

/** What the simulated vendors need from the process; random and sleep are fixed by tests. */
export interface VendorMockDeps {
  config: { vendors: { mockControlEnabled: boolean } };
  vendorMock: VendorMockStore;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

interface Call {
  store: VendorMockStore;
  body: unknown;
  query: Record<string, string | undefined>;
}

type ControlRoute = (call: Call) => Promise<HttpResult>;
type VendorRoute = (call: Call, vendor: MockVendorSettings) => Promise<HttpResult>;

/**
 * Serves `GET /vendors` and `ANY /vendors/{proxy+}`: the simulated vendor APIs and their
 * control routes. Dispatches on the method and the proxy path.
 */
export async function serveVendorMock(request: HttpRequest & { deps: VendorMockDeps }): Promise<HttpResult> {
  const { deps } = request;
  const method = request.event.requestContext.http.method.toUpperCase();
  const segments = (request.params.proxy ?? '').split('/').filter(Boolean);
  const path = `/vendors/${segments.join('/')}`;
  const call: Call = { store: deps.vendorMock, body: request.body, query: request.query };

  const control = matchControlRoute(method, segments);
  if (control) {
    if (!deps.config.vendors.mockControlEnabled) throw new VendorRouteNotFoundError(method, path);
    return control(call);
  }

  const [vendorId, ...rest] = segments;
  if (!vendorId) throw new VendorRouteNotFoundError(method, path);
  const vendor = await deps.vendorMock.findVendor(vendorId);
  if (!vendor) throw new UnknownVendorError(vendorId);
  const route = matchVendorRoute(vendor.shape, method, rest);
  if (!route) throw new VendorRouteNotFoundError(method, path);
  return (await injectFaults(vendor, deps)) ?? route(call, vendor);
}

function matchControlRoute(method: string, segments: string[]): ControlRoute | undefined {
  const [first, second, ...rest] = segments;
  if (method === 'GET' && segments.length === 0) return listVendors;
  if (method === 'POST' && first === '_reset' && segments.length === 1) return resetVendors;
  if (!first) return undefined;
  if (method === 'PUT' && second === '_control' && rest.length === 0) return (call) => updateFaults(call, first);
  if (method === 'PUT' && second === '_stock' && rest.length > 0) return (call) => putStock(call, first, rest.join('/'));
  if (method === 'GET' && second === '_orders' && rest.length === 0) return (call) => listOrders(call, first);
  return undefined;
}

/** Each vendor serves its stock at the path of its shape, and orders alike. */
const STOCK_ROUTES: Record<string, { path: string; route: VendorRoute }> = {
  'page-json': { path: 'products', route: (call, vendor) => stockPage(call, vendor) },
  'cursor-json': { path: 'inventory', route: (call, vendor) => stockCursor(call, vendor) },
  'csv-export': { path: 'stock.csv', route: (call, vendor) => stockCsv(call, vendor) },
};

function matchVendorRoute(shape: string, method: string, rest: string[]): VendorRoute | undefined {
  const [first, second, ...more] = rest;
  const stock = STOCK_ROUTES[shape];
  if (method === 'GET' && stock && first === stock.path && rest.length === 1) return stock.route;
  if (method === 'POST' && first === 'orders' && rest.length === 1) return placeOrder;
  if (method === 'DELETE' && first === 'orders' && second && more.length === 0) return (call, vendor) => cancelOrder(call, vendor, second);
  return undefined;
}

async function listVendors({ store }: Call): Promise<HttpResult> {
  return json(200, await store.listVendors());
}

async function resetVendors({ store }: Call): Promise<HttpResult> {
  await store.reset();
  return json(200, await store.listVendors());
}

async function updateFaults({ store, body }: Call, vendorId: string): Promise<HttpResult> {
  const changes = parseInput(faultSettingsSchema, requireBody(body), 'fault settings');
  const settings = await store.updateFaults(vendorId, changes);
  if (!settings) throw new UnknownVendorError(vendorId);
  const { latencyMs, errorRate, timeoutRate, rateLimitRate, rejectOrders } = settings;
  return json(200, { vendorId, latencyMs, errorRate, timeoutRate, rateLimitRate, rejectOrders });
}

async function putStock({ store, body }: Call, vendorId: string, sku: string): Promise<HttpResult> {
  parseInput(skuSchema, sku, 'SKU');
  const change = parseInput(stockChangeSchema, requireBody(body), 'stock');
  if (!(await store.findVendor(vendorId))) throw new UnknownVendorError(vendorId);
  const saved = await store.putStock(vendorId, sku, change);
  if (saved.kind === 'price_required') {
    throw new ValidationError(`SKU ${sku} is new to vendor ${vendorId}: a price is required`, [{ path: 'price', message: 'required for a new SKU' }]);
  }
  return json(200, { vendorId, ...saved.row });
}

async function listOrders({ store }: Call, vendorId: string): Promise<HttpResult> {
  if (!(await store.findVendor(vendorId))) throw new UnknownVendorError(vendorId);
  return json(200, await store.listOrders(vendorId));
}

async function stockPage({ store, query }: Call, vendor: MockVendorSettings): Promise<HttpResult> {
  const { page, pageSize } = parseInput(pageQuerySchema, query, 'query');
  const { rows, total } = await store.stockByOffset(vendor.vendorId, (page - 1) * pageSize, pageSize);
  return pageJsonPayload(rows, { page, pageSize, total });
}

async function stockCursor({ store, query }: Call, vendor: MockVendorSettings): Promise<HttpResult> {
  const { limit, cursor } = parseInput(cursorQuerySchema, query, 'query');
  const { rows, more } = await store.stockAfter(vendor.vendorId, decodeGlobexCursor(cursor), limit);
  return cursorJsonPayload(rows, more);
}

async function stockCsv({ store, query }: Call, vendor: MockVendorSettings): Promise<HttpResult> {
  const { offset, limit } = parseInput(offsetQuerySchema, query, 'query');
  const { rows, total } = await store.stockByOffset(vendor.vendorId, offset, limit);
  return csvExportPayload(rows, { offset, total });
}

async function placeOrder({ store, body }: Call, vendor: MockVendorSettings): Promise<HttpResult> {
  const { reference, lines } = parseInput(vendorOrderSchema, requireBody(body), 'vendor order');
  const outcome = await store.placeOrder(vendor.vendorId, {
    reference,
    vendorOrderId: vendorOrderIdFor(vendor.vendorId, reference),
    lines,
    rejectNew: vendor.rejectOrders,
  });
  if (outcome.kind === 'out_of_stock') {
    return vendorProblem(409, 'out_of_stock', 'Out of stock', `vendor ${vendor.vendorId} cannot supply ${outcome.sku}`, { extra: { sku: outcome.sku } });
  }
  return json(outcome.kind === 'placed' ? 201 : 200, orderBody(reference, outcome.lines));
}

async function cancelOrder({ store }: Call, vendor: MockVendorSettings, reference: string): Promise<HttpResult> {
  const outcome = await store.cancelOrder(vendor.vendorId, reference);
  if (outcome.kind === 'not_found') throw new VendorOrderNotFoundError(vendor.vendorId, reference);
  return json(200, orderBody(reference, outcome.lines));
}

/**
 * Derived from the reference rather than drawn: every request for one reference gets the
 * same vendor order id by construction, however the requests interleave.
 */
function vendorOrderIdFor(vendorId: string, reference: string): string {
  return `${vendorId.toUpperCase()}-${createHash('sha256').update(`${vendorId}\0${reference}`).digest('hex').slice(0, 16)}`;
}

function orderBody(reference: string, lines: MockOrderEntry[]) {
  return {
    vendorOrderId: lines[0]!.vendorOrderId,
    reference,
    status: lines.every((l) => l.status === 'cancelled') ? 'cancelled' : 'placed',
    lines: lines.map(({ sku, quantity, status }) => ({ sku, quantity, status })),
  };
}

function requireBody(body: unknown): unknown {
  if (body === undefined) throw new ValidationError('a JSON body is required', [{ path: '(root)', message: 'a JSON body is required' }]);
  return body;
}
