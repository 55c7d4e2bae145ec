import { handler as adminOperations } from '../../functions/adminOperations/handler';
import { handler as vendorMock } from '../../functions/vendorMock/handler';
import { invokeHttp } from '../factories/http';
import { useIsolatedServices } from '../support/suite';

/**
 * The service as production configures it (stage `prod`, a key of its own, nothing else
 * said): admin routes need that key and the vendor mocks' controls are off.
 */
const KEY = 'prod-admin-key-7c1e9b';
const suite = useIsolatedServices({ STAGE: 'prod', ADMIN_API_KEY: KEY });

const metrics = (key?: string) => invokeHttp(adminOperations, { method: 'GET', path: '/admin/metrics', headers: key === undefined ? {} : { 'x-api-key': key } });
const vendors = (method: string, proxy: string, body?: unknown) =>
  invokeHttp(vendorMock, { method, path: `/vendors/${proxy}`, pathParameters: { proxy }, ...(body === undefined ? {} : { body }) });

describe('in stage prod', () => {
  it('answers admin routes for the configured key only, not for the local one', async () => {
    expect((await metrics('local-admin-key')).statusCode).toBe(401);
    expect((await metrics()).statusCode).toBe(401);
    const allowed = await metrics(KEY);
    expect(allowed.statusCode).toBe(200);
    expect(allowed.body.orders.byStatus).toEqual({ PENDING: 0, CONFIRMED: 0, REJECTED: 0, FAILED: 0, CANCELLED: 0 });
  });

  it('hides the vendor mock control routes and leaves the vendors as they were', async () => {
    const before = await suite.deps().sql`SELECT * FROM vendor_mock.vendors ORDER BY id`;

    const answers = await Promise.all([
      vendors('PUT', 'acme/_control', { errorRate: 1 }),
      vendors('PUT', 'acme/_stock/SKU-0001', { quantity: 0 }),
      vendors('GET', 'acme/_orders'),
      vendors('POST', '_reset'),
    ]);

    expect(answers.map((a) => [a.statusCode, a.body.code])).toEqual(Array(4).fill([404, 'route_not_found']));
    expect(await suite.deps().sql`SELECT * FROM vendor_mock.vendors ORDER BY id`).toEqual(before);
  });
});
