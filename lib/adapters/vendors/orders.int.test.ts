import { randomUUID } from 'node:crypto';
import { VendorUnavailableError } from '../../errors';
import { routesFromServerlessYml, serveHttp } from '../../../infra/local/httpAdapter';
import { useIsolatedServices } from '../../../test/support/suite';
import { VendorProtocolError } from './errors';

let mocks: { url: string; close: () => Promise<void> };
beforeAll(async () => {
  mocks = await serveHttp(routesFromServerlessYml(['vendorMock']));
  process.env.VENDOR_BASE_URL = `${mocks.url}/vendors`;
});
afterAll(() => mocks.close());

const suite = useIsolatedServices({ VENDOR_MAX_RETRIES: '1', VENDOR_RETRY_BASE_DELAY_MS: '10' });
const gateway = () => suite.deps().vendorOrders;

beforeEach(async () => {
  await suite.deps().vendorMock.reset();
});

describe('HTTP vendor order gateway', () => {
  it('places an order and gets the same vendorOrderId back when the reference is sent again', async () => {
    const reference = randomUUID();

    const first = await gateway().placeOrder('acme', reference, [{ sku: 'SKU-0001', quantity: 2 }]);
    const again = await gateway().placeOrder('acme', reference, [{ sku: 'SKU-0001', quantity: 2 }]);

    expect(first).toEqual({ kind: 'placed', vendorOrderId: expect.any(String) });
    expect(again).toEqual(first);
    expect(await suite.deps().vendorMock.listOrders('acme')).toEqual([expect.objectContaining({ reference, sku: 'SKU-0001', quantity: 2, status: 'placed' })]);
  });

  it("reports the vendor's out-of-stock answer as a refusal naming the SKU", async () => {
    const result = await gateway().placeOrder('globex', randomUUID(), [{ sku: 'SKU-0011', quantity: 10_000 }]);
    expect(result).toEqual({ kind: 'refused', reason: 'out of stock: SKU-0011' });
  });

  it('throws VendorUnavailableError when the vendor keeps failing, having placed nothing', async () => {
    await suite.deps().vendorMock.updateFaults('initech', { errorRate: 1 });

    const placing = gateway().placeOrder('initech', randomUUID(), [{ sku: 'SKU-0001', quantity: 1 }]);

    await expect(placing).rejects.toBeInstanceOf(VendorUnavailableError);
    expect(await suite.deps().vendorMock.listOrders('initech')).toEqual([]);
  });

  it('cancels idempotently, and treats a reference the vendor never received as nothing to undo', async () => {
    const reference = randomUUID();
    await gateway().placeOrder('acme', reference, [{ sku: 'SKU-0003', quantity: 1 }]);

    await gateway().cancelOrder('acme', reference);
    await gateway().cancelOrder('acme', reference);
    await gateway().cancelOrder('acme', randomUUID());

    expect(await suite.deps().vendorMock.listOrders('acme')).toEqual([expect.objectContaining({ reference, status: 'cancelled' })]);
  });

  it('refuses a reference it cancelled before: the vendor will not ship it', async () => {
    const reference = randomUUID();
    await gateway().placeOrder('acme', reference, [{ sku: 'SKU-0003', quantity: 1 }]);
    await gateway().cancelOrder('acme', reference);

    const result = await gateway().placeOrder('acme', reference, [{ sku: 'SKU-0003', quantity: 1 }]);

    expect(result).toEqual({ kind: 'refused', reason: `vendor acme holds order ${reference} as cancelled` });
  });

  it("reaches a vendor at the base_url of its row in the vendors table", async () => {
    await suite.deps().sql`INSERT INTO vendors (id, name, shape, base_url) VALUES ('acme-direct', 'Acme, direct', 'page-json', ${`${mocks.url}/vendors/acme`})`;
    const reference = randomUUID();

    const result = await gateway().placeOrder('acme-direct', reference, [{ sku: 'SKU-0004', quantity: 1 }]);

    expect(result.kind).toBe('placed');
    expect(await suite.deps().vendorMock.listOrders('acme')).toEqual([expect.objectContaining({ reference, sku: 'SKU-0004' })]);
    await suite.deps().sql`DELETE FROM vendors WHERE id = 'acme-direct'`;
  });

  it('throws VendorProtocolError for a vendor that is not registered', async () => {
    await expect(gateway().placeOrder('nobody', randomUUID(), [{ sku: 'X', quantity: 1 }])).rejects.toBeInstanceOf(VendorProtocolError);
  });
});
