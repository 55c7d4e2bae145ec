import { handler } from './handler';
import { invokeHttp } from '../../test/factories/http';
import { useIsolatedServices } from '../../test/support/suite';

// As in production, unless VENDOR_MOCK_CONTROL says otherwise.
useIsolatedServices({ VENDOR_MOCK_CONTROL: 'false' });

const vendors = (method: string, proxy?: string, body?: unknown) =>
  invokeHttp(handler, { method, path: proxy ? `/vendors/${proxy}` : '/vendors', pathParameters: proxy ? { proxy } : undefined, body });

describe('vendor mocks with the controls off', () => {
  it.each([
    ['GET /vendors', 'GET', undefined, undefined],
    ['PUT _control', 'PUT', 'acme/_control', { errorRate: 1 }],
    ['PUT _stock', 'PUT', 'acme/_stock/SKU-0001', { quantity: 0 }],
    ['GET _orders', 'GET', 'acme/_orders', undefined],
    ['POST _reset', 'POST', '_reset', undefined],
  ])('hides %s behind 404 route_not_found', async (_name, method, proxy, body) => {
    const res = await vendors(method, proxy, body);
    expect(res.statusCode).toBe(404);
    expect(res.body.code).toBe('route_not_found');
  });

  it('keeps serving the vendor APIs themselves', async () => {
    const res = await vendors('GET', 'acme/products');
    expect(res.statusCode).toBe(200);
    expect(res.body.totalItems).toBe(20);
  });
});
