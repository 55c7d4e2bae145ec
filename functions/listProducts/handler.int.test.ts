import { handler } from './handler';
import { invokeHttp } from '../../test/factories/http';
import { seedProduct } from '../../test/factories/catalogue';
import { useIsolatedServices } from '../../test/support/suite';

const suite = useIsolatedServices();
const list = (query: Record<string, string> = {}) => invokeHttp(handler, { path: '/products', query });

describe('listProducts', () => {
  it('lists products in SKU order, a page at a time, with a cursor to the next page', async () => {
    // Prepare
    for (const sku of ['LP-3', 'LP-1', 'LP-5', 'LP-2', 'LP-4']) await seedProduct(suite.deps().sql, { sku, onHand: 1 });

    // Act
    const pages = [];
    let cursor: string | undefined;
    do {
      const res = await list({ limit: '2', ...(cursor ? { cursor } : {}) });
      expect(res.statusCode).toBe(200);
      pages.push(res.body.items.map((p: { sku: string }) => p.sku));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);

    // Assess
    expect(pages).toEqual([['LP-1', 'LP-2'], ['LP-3', 'LP-4'], ['LP-5']]);
  });

  it('finds the one product with a SKU, in the same shape as GET /products/{id}', async () => {
    const { productId } = await seedProduct(suite.deps().sql, { sku: 'FIND-ME', onHand: 4, vendors: [{ vendorId: 'globex', quantity: 4, price: '12.50' }] });

    const res = await list({ sku: 'FIND-ME' });

    expect(res.body).toEqual({
      items: [
        {
          productId,
          sku: 'FIND-ME',
          name: 'Test product FIND-ME',
          available: 4,
          onHand: 4,
          reserved: 0,
          vendors: [{ vendorId: 'globex', quantity: 4, price: '12.50', currency: 'EUR', syncedAt: expect.any(String), stale: false }],
        },
      ],
      nextCursor: null,
    });
  });

  it('answers an empty list for a SKU nobody sells', async () => {
    const res = await list({ sku: 'NOBODY-SELLS-THIS' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toEqual({ items: [], nextCursor: null });
  });

  it('reports available 0, never negative, when reservations exceed on-hand stock', async () => {
    const { productId } = await seedProduct(suite.deps().sql, { sku: 'OVER-RESERVED', onHand: 2 });
    await suite.deps().sql`UPDATE products SET reserved = 5 WHERE id = ${productId}`;

    const res = await list({ sku: 'OVER-RESERVED' });

    expect(res.body.items[0]).toMatchObject({ onHand: 2, reserved: 5, available: 0 });
  });

  it.each([
    ['a cursor it did not issue', { cursor: 'bm90LWEtY3Vyc29y' }, 'cursor'],
    ['a limit above 200', { limit: '500' }, 'limit'],
    ['an unknown parameter', { colour: 'red' }, '(root)'],
  ])('refuses %s with 400 validation_error', async (_name, query, path) => {
    const res = await list(query);
    expect(res.statusCode).toBe(400);
    expect(res.body.code).toBe('validation_error');
    expect(res.body.errors[0].path).toBe(path);
  });
});
