import { randomUUID } from 'node:crypto';
import { handler } from './handler';
import { invokeHttp } from '../../test/factories/http';
import { seedProduct } from '../../test/factories/catalogue';
import { useIsolatedServices } from '../../test/support/suite';

const suite = useIsolatedServices();
const get = (productId: string) => invokeHttp(handler, { path: `/products/${productId}`, pathParameters: { productId } });

describe('getProduct', () => {
  it("returns the product with each vendor's quantity, price, sync time and freshness", async () => {
    // Prepare
    const sql = suite.deps().sql;
    const { productId, sku } = await seedProduct(sql, {
      onHand: 7,
      vendors: [
        { vendorId: 'globex', quantity: 4, price: '11' },
        { vendorId: 'acme', quantity: 3, price: '12.5' },
      ],
    });
    await sql`UPDATE products SET reserved = 2 WHERE id = ${productId}`;
    await sql`UPDATE vendors SET last_synced_at = '2026-01-02T03:04:05.678Z' WHERE id = 'globex'`;
    const [acme] = await sql<{ lastSyncedAt: Date }[]>`SELECT last_synced_at FROM vendors WHERE id = 'acme'`;

    // Act
    const res = await get(productId);

    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.body).toEqual({
      productId,
      sku,
      name: `Test product ${sku}`,
      available: 5,
      onHand: 7,
      reserved: 2,
      vendors: [
        { vendorId: 'acme', quantity: 3, price: '12.50', currency: 'EUR', syncedAt: acme!.lastSyncedAt.toISOString(), stale: false },
        { vendorId: 'globex', quantity: 4, price: '11.00', currency: 'EUR', syncedAt: '2026-01-02T03:04:05.678Z', stale: true },
      ],
    });
  });

  it('marks a vendor that was never read completely as stale, with no sync time', async () => {
    const sql = suite.deps().sql;
    const { productId } = await seedProduct(sql, { onHand: 1, vendors: [{ vendorId: 'initech', quantity: 1, price: '1.00' }] });
    await sql`UPDATE vendors SET last_synced_at = NULL WHERE id = 'initech'`;

    const res = await get(productId);

    expect(res.body.vendors).toEqual([{ vendorId: 'initech', quantity: 1, price: '1.00', currency: 'EUR', syncedAt: null, stale: true }]);
  });

  it('answers 404 not_found as problem+json for an unknown product', async () => {
    const productId = randomUUID();

    const res = await get(productId);

    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body).toMatchObject({ code: 'not_found', detail: `product ${productId} does not exist` });
  });

  it('answers 400 for a product id that is not a UUID', async () => {
    const res = await get('SKU-0001');
    expect(res.statusCode).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'productId', message: 'must be a UUID' }]);
  });
});
