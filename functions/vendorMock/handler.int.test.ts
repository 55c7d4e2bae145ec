import { handler } from './handler';
import { HANG_MS } from '../../lib/vendorMock/faults';
import { httpEvent, invokeHttp, lambdaContext, type HttpEventInput } from '../../test/factories/http';
import { useIsolatedServices } from '../../test/support/suite';

const suite = useIsolatedServices();

type Input = Omit<HttpEventInput, 'method' | 'path' | 'pathParameters'>;

/** A request to the vendor mocks as API Gateway routes it: `/vendors` or `/vendors/{proxy+}`. */
function vendors(method: string, proxy?: string, input: Input = {}) {
  return invokeHttp(handler, { method, path: proxy ? `/vendors/${proxy}` : '/vendors', pathParameters: proxy ? { proxy } : undefined, ...input });
}

/** For the CSV export, whose body is not JSON. */
async function vendorsRaw(method: string, proxy: string, input: Input = {}) {
  return handler(httpEvent({ method, path: `/vendors/${proxy}`, pathParameters: { proxy }, ...input }), lambdaContext());
}

async function stockOf(vendorId: string, sku: string): Promise<number | undefined> {
  const [row] = await suite.deps().sql<{ quantity: number }[]>`SELECT quantity FROM vendor_mock.stock WHERE vendor_id = ${vendorId} AND sku = ${sku}`;
  return row?.quantity;
}

async function orderRows(vendorId: string) {
  return suite.deps().sql<{ reference: string; sku: string; quantity: number; status: string }[]>`
    SELECT reference, sku, quantity, status FROM vendor_mock.orders WHERE vendor_id = ${vendorId} ORDER BY reference, sku`;
}

const order = (reference: string, lines: { sku: string; quantity: number }[]) => ({ reference, lines });

beforeEach(async () => {
  await vendors('POST', '_reset');
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('vendor mocks', () => {
  it('lists the three simulated vendors with their payload shapes', async () => {
    const res = await vendors('GET');

    expect(res.statusCode).toBe(200);
    expect(res.body).toEqual([
      { vendorId: 'acme', name: 'Acme Wholesale', shape: 'page-json' },
      { vendorId: 'globex', name: 'Globex Supply', shape: 'cursor-json' },
      { vendorId: 'initech', name: 'Initech Distribution', shape: 'csv-export' },
    ]);
  });

  describe('stock payloads', () => {
    it('acme (page-json) pages by number with totals, prices as JSON numbers', async () => {
      const first = await vendors('GET', 'acme/products', { query: { page: '1', pageSize: '10' } });
      const second = await vendors('GET', 'acme/products', { query: { page: '2', pageSize: '10' } });
      const beyond = await vendors('GET', 'acme/products', { query: { page: '3', pageSize: '10' } });

      expect(first.statusCode).toBe(200);
      expect(first.body).toMatchObject({ page: 1, pageSize: 10, totalPages: 2, totalItems: 20 });
      expect(first.body.products).toHaveLength(10);
      expect(first.body.products[0]).toEqual({ sku: 'SKU-0001', name: 'Catalogue item 1', stock: 11, price: 6.75, currency: 'EUR' });
      expect(second.body.products.map((p: { sku: string }) => p.sku)).toEqual(Array.from({ length: 10 }, (_, i) => `SKU-${String(11 + i).padStart(4, '0')}`));
      expect(beyond.body).toMatchObject({ page: 3, totalPages: 2, products: [] });
    });

    it('globex (cursor-json) pages by opaque cursor, quantities and amounts as strings', async () => {
      const pages = [];
      let cursor: string | undefined;
      do {
        const res = await vendors('GET', 'globex/inventory', { query: { limit: '8', ...(cursor ? { cursor } : {}) } });
        expect(res.statusCode).toBe(200);
        pages.push(res.body);
        cursor = res.body.next_cursor ?? undefined;
      } while (cursor);

      expect(pages.map((p) => p.data.length)).toEqual([8, 8, 4]);
      expect(pages[2].next_cursor).toBeNull();
      expect(pages[0].data[0]).toEqual({ productCode: 'SKU-0011', title: 'Catalogue item 11', qty: '43', unitPrice: { amount: '20.25', currency: 'EUR' } });
      const codes = pages.flatMap((p) => p.data.map((d: { productCode: string }) => d.productCode));
      expect(codes).toEqual(Array.from({ length: 20 }, (_, i) => `SKU-${String(11 + i).padStart(4, '0')}`));
    });

    it('initech (csv-export) exports CSV windows, the next offset in x-next-offset until the last', async () => {
      const first = await vendorsRaw('GET', 'initech/stock.csv', { query: { offset: '0', limit: '12' } });
      const last = await vendorsRaw('GET', 'initech/stock.csv', { query: { offset: '12', limit: '12' } });

      expect(first.statusCode).toBe(200);
      expect(first.headers?.['content-type']).toBe('text/csv; charset=utf-8');
      expect(first.headers?.['x-next-offset']).toBe('12');
      const lines = first.body!.trim().split('\n');
      expect(lines[0]).toBe('sku,description,available,price_cents,currency');
      expect(lines).toHaveLength(13);
      expect(lines[1]).toBe('SKU-0001,Catalogue item 1,17,975,EUR');
      expect(last.headers?.['x-next-offset']).toBeUndefined();
      expect(last.body!.trim().split('\n')).toHaveLength(1 + 4);
    });

    it('refuses a cursor it did not issue with 400', async () => {
      const res = await vendors('GET', 'globex/inventory', { query: { cursor: 'not-a-cursor' } });
      expect(res.statusCode).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'cursor', message: 'not a cursor this vendor issued' }]);
    });
  });

  describe('orders', () => {
    it('places an order once: the same reference again answers 200 with the original vendorOrderId and takes no stock', async () => {
      // Prepare
      const before = await stockOf('acme', 'SKU-0001');

      // Act
      const first = await vendors('POST', 'acme/orders', { body: order('order-1', [{ sku: 'SKU-0001', quantity: 2 }]) });
      const again = await vendors('POST', 'acme/orders', { body: order('order-1', [{ sku: 'SKU-0001', quantity: 2 }]) });

      // Assess
      expect(first.statusCode).toBe(201);
      expect(first.body).toEqual({ vendorOrderId: expect.any(String), reference: 'order-1', status: 'placed', lines: [{ sku: 'SKU-0001', quantity: 2, status: 'placed' }] });
      expect(again.statusCode).toBe(200);
      expect(again.body.vendorOrderId).toBe(first.body.vendorOrderId);
      expect(await stockOf('acme', 'SKU-0001')).toBe(before! - 2);
    });

    it('places exactly once when 10 identical requests race', async () => {
      const before = await stockOf('globex', 'SKU-0012');
      const body = order('race-1', [{ sku: 'SKU-0012', quantity: 3 }, { sku: 'SKU-0011', quantity: 1 }]);

      const results = await Promise.all(Array.from({ length: 10 }, () => vendors('POST', 'globex/orders', { body })));

      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(results.map((r) => r.body.vendorOrderId)).size).toBe(1);
      expect(await stockOf('globex', 'SKU-0012')).toBe(before! - 3);
      const received = await vendors('GET', 'globex/_orders');
      expect(received.body).toEqual([
        expect.objectContaining({ reference: 'race-1', sku: 'SKU-0011', quantity: 1 }),
        expect.objectContaining({ reference: 'race-1', sku: 'SKU-0012', quantity: 3 }),
      ]);
    });

    it('refuses with 409 out_of_stock naming the SKU, and changes nothing, when one line lacks stock', async () => {
      const plenty = await stockOf('acme', 'SKU-0001');
      const scarce = await stockOf('acme', 'SKU-0002');

      const res = await vendors('POST', 'acme/orders', {
        body: order('order-2', [{ sku: 'SKU-0001', quantity: 1 }, { sku: 'SKU-0002', quantity: scarce! + 1 }]),
      });

      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.body).toMatchObject({ code: 'out_of_stock', sku: 'SKU-0002', status: 409 });
      expect(await stockOf('acme', 'SKU-0001')).toBe(plenty);
      expect(await stockOf('acme', 'SKU-0002')).toBe(scarce);
      expect(await orderRows('acme')).toEqual([]);
    });

    it('refuses a SKU it does not sell as out_of_stock', async () => {
      const res = await vendors('POST', 'acme/orders', { body: order('order-3', [{ sku: 'SKU-0030', quantity: 1 }]) });
      expect(res.statusCode).toBe(409);
      expect(res.body).toMatchObject({ code: 'out_of_stock', sku: 'SKU-0030' });
    });

    it('refuses every new order as out_of_stock while rejectOrders is on, but still replays placed ones', async () => {
      const placed = await vendors('POST', 'acme/orders', { body: order('before', [{ sku: 'SKU-0001', quantity: 1 }]) });
      await vendors('PUT', 'acme/_control', { body: { rejectOrders: true } });

      const refused = await vendors('POST', 'acme/orders', { body: order('after', [{ sku: 'SKU-0001', quantity: 1 }]) });
      const replayed = await vendors('POST', 'acme/orders', { body: order('before', [{ sku: 'SKU-0001', quantity: 1 }]) });

      expect(refused.statusCode).toBe(409);
      expect(refused.body).toMatchObject({ code: 'out_of_stock', sku: 'SKU-0001' });
      expect(replayed.statusCode).toBe(200);
      expect(replayed.body.vendorOrderId).toBe(placed.body.vendorOrderId);
    });

    it('cancels an order and restores its stock exactly once, however often and concurrently the cancel comes', async () => {
      const before = await stockOf('initech', 'SKU-0003');
      await vendors('POST', 'initech/orders', { body: order('order-4', [{ sku: 'SKU-0003', quantity: 5 }]) });
      expect(await stockOf('initech', 'SKU-0003')).toBe(before! - 5);

      const cancels = await Promise.all(Array.from({ length: 5 }, () => vendors('DELETE', 'initech/orders/order-4')));

      expect(cancels.map((c) => c.statusCode)).toEqual([200, 200, 200, 200, 200]);
      expect(cancels[0]!.body).toMatchObject({ reference: 'order-4', status: 'cancelled', lines: [{ sku: 'SKU-0003', quantity: 5, status: 'cancelled' }] });
      expect(await stockOf('initech', 'SKU-0003')).toBe(before);
      const again = await vendors('POST', 'initech/orders', { body: order('order-4', [{ sku: 'SKU-0003', quantity: 5 }]) });
      expect(again.statusCode).toBe(200);
      expect(again.body.status).toBe('cancelled');
      expect(await stockOf('initech', 'SKU-0003')).toBe(before);
    });

    it('answers 404 not_found for cancelling a reference it never received', async () => {
      const res = await vendors('DELETE', 'acme/orders/never-sent');
      expect(res.statusCode).toBe(404);
      expect(res.body.code).toBe('not_found');
    });
  });

  describe('control routes', () => {
    it('_stock sets one SKU, creating it when new, and the stock route serves it', async () => {
      const changed = await vendors('PUT', 'acme/_stock/SKU-0001', { body: { quantity: 3 } });
      const created = await vendors('PUT', 'acme/_stock/NEW-1', { body: { quantity: 7, price: '12.5', name: 'Brand new' } });

      expect(changed.statusCode).toBe(200);
      expect(changed.body).toEqual({ vendorId: 'acme', sku: 'SKU-0001', name: 'Catalogue item 1', quantity: 3, price: '6.75', currency: 'EUR' });
      expect(created.body).toEqual({ vendorId: 'acme', sku: 'NEW-1', name: 'Brand new', quantity: 7, price: '12.50', currency: 'EUR' });
      const page = await vendors('GET', 'acme/products', { query: { pageSize: '100' } });
      expect(page.body.totalItems).toBe(21);
      expect(page.body.products).toContainEqual({ sku: 'NEW-1', name: 'Brand new', stock: 7, price: 12.5, currency: 'EUR' });
    });

    it('_stock refuses a new SKU without a price', async () => {
      const res = await vendors('PUT', 'acme/_stock/NEW-2', { body: { quantity: 1 } });
      expect(res.statusCode).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'price', message: 'required for a new SKU' }]);
    });

    it('_control changes only the settings given and answers with all settings in force', async () => {
      await vendors('PUT', 'globex/_control', { body: { latencyMs: 5 } });
      const res = await vendors('PUT', 'globex/_control', { body: { errorRate: 0.25 } });

      expect(res.statusCode).toBe(200);
      expect(res.body).toEqual({ vendorId: 'globex', latencyMs: 5, errorRate: 0.25, timeoutRate: 0, rateLimitRate: 0, rejectOrders: false });
    });

    it('_reset brings the seeded catalogue back, clears orders and turns faults off', async () => {
      await vendors('PUT', 'acme/_stock/SKU-0001', { body: { quantity: 0 } });
      await vendors('POST', 'globex/orders', { body: order('order-5', [{ sku: 'SKU-0011', quantity: 1 }]) });
      await vendors('PUT', 'initech/_control', { body: { errorRate: 1 } });

      const res = await vendors('POST', '_reset');

      expect(res.statusCode).toBe(200);
      expect(await stockOf('acme', 'SKU-0001')).toBe(11);
      expect(await orderRows('globex')).toEqual([]);
      expect((await vendorsRaw('GET', 'initech/stock.csv')).statusCode).toBe(200);
    });
  });

  describe('faults', () => {
    it('answers 503 problem+json on the vendor routes at errorRate 1, and changes nothing, while control routes keep working', async () => {
      const before = await stockOf('acme', 'SKU-0001');
      await vendors('PUT', 'acme/_control', { body: { errorRate: 1 } });

      const stock = await vendors('GET', 'acme/products');
      const placed = await vendors('POST', 'acme/orders', { body: order('order-6', [{ sku: 'SKU-0001', quantity: 1 }]) });
      const control = await vendors('GET', 'acme/_orders');

      expect(stock.statusCode).toBe(503);
      expect(stock.headers['content-type']).toBe('application/problem+json');
      expect(stock.body.code).toBe('vendor_error');
      expect(placed.statusCode).toBe(503);
      expect(await stockOf('acme', 'SKU-0001')).toBe(before);
      expect(control.statusCode).toBe(200);
    });

    it('answers 429 with Retry-After: 1 at rateLimitRate 1', async () => {
      await vendors('PUT', 'globex/_control', { body: { rateLimitRate: 1 } });

      const res = await vendors('GET', 'globex/inventory');

      expect(res.statusCode).toBe(429);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body.code).toBe('rate_limited');
    });

    it('hangs longer than any client waits, then answers 504, at timeoutRate 1', async () => {
      const sleep = jest.spyOn(suite.deps(), 'sleep').mockResolvedValue(undefined);
      await vendors('PUT', 'initech/_control', { body: { timeoutRate: 1 } });

      const res = await vendorsRaw('GET', 'initech/stock.csv');

      expect(res.statusCode).toBe(504);
      expect(sleep).toHaveBeenCalledWith(HANG_MS);
      expect(HANG_MS).toBeGreaterThan(suite.deps().config.vendors.timeoutMs);
    });

    it('adds latencyMs before answering', async () => {
      const sleep = jest.spyOn(suite.deps(), 'sleep').mockResolvedValue(undefined);
      await vendors('PUT', 'acme/_control', { body: { latencyMs: 1500 } });

      const res = await vendors('GET', 'acme/products');

      expect(res.statusCode).toBe(200);
      expect(sleep).toHaveBeenCalledWith(1500);
    });

    it('draws each fault with its probability from the injected randomness', async () => {
      await vendors('PUT', 'acme/_control', { body: { errorRate: 0.5 } });
      const random = jest.spyOn(suite.deps(), 'random');

      random.mockReturnValue(0.49);
      const unlucky = await vendors('GET', 'acme/products');
      random.mockReturnValue(0.5);
      const lucky = await vendors('GET', 'acme/products');

      expect(unlucky.statusCode).toBe(503);
      expect(lucky.statusCode).toBe(200);
    });
  });

  describe('invalid input', () => {
    it('refuses malformed JSON with 400 validation_error', async () => {
      const res = await vendors('POST', 'acme/orders', { rawBody: '{"reference": ' });
      expect(res.statusCode).toBe(400);
      expect(res.body.code).toBe('validation_error');
    });

    it('refuses an order without a body with 400', async () => {
      const res = await vendors('POST', 'acme/orders');
      expect(res.statusCode).toBe(400);
      expect(res.body.code).toBe('validation_error');
    });

    it.each([
      ['a zero quantity', [{ sku: 'SKU-0001', quantity: 0 }], 'lines.0.quantity'],
      ['a fractional quantity', [{ sku: 'SKU-0001', quantity: 1.5 }], 'lines.0.quantity'],
      ['a string quantity', [{ sku: 'SKU-0001', quantity: '2' }], 'lines.0.quantity'],
      ['a SKU twice', [{ sku: 'SKU-0001', quantity: 1 }, { sku: 'SKU-0001', quantity: 1 }], 'lines.1.sku'],
      ['no lines', [], 'lines'],
    ])('refuses an order with %s with 400 naming the field', async (_name, lines, path) => {
      const res = await vendors('POST', 'acme/orders', { body: { reference: 'bad', lines } });
      expect(res.statusCode).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    });

    it('refuses fault rates outside 0–1 with 400', async () => {
      const res = await vendors('PUT', 'acme/_control', { body: { errorRate: 2 } });
      expect(res.statusCode).toBe(400);
      expect(res.body.errors[0].path).toBe('errorRate');
    });

    it('answers 404 not_found for an unknown vendor, on its APIs and its controls', async () => {
      const api = await vendors('GET', 'nobody/products');
      const control = await vendors('PUT', 'nobody/_control', { body: { errorRate: 1 } });
      expect(api.statusCode).toBe(404);
      expect(api.body.code).toBe('not_found');
      expect(control.statusCode).toBe(404);
      expect(control.body.code).toBe('not_found');
    });

    it("answers 404 route_not_found for a path the vendor does not serve, such as another shape's stock route", async () => {
      const res = await vendors('GET', 'acme/inventory');
      expect(res.statusCode).toBe(404);
      expect(res.body.code).toBe('route_not_found');
    });
  });
});
