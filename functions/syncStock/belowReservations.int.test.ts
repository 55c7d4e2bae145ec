import type { SQSBatchResponse } from 'aws-lambda';
import { handler as syncStock } from './handler';
import { handler as adminSync } from '../adminSync/handler';
import { handler as confirmOrder } from '../confirmOrder/handler';
import { handler as getOrder } from '../getOrder/handler';
import { handler as getProduct } from '../getProduct/handler';
import { handler as listProducts } from '../listProducts/handler';
import { handler as placeOrder } from '../placeOrder/handler';
import { invokeHttp, lambdaContext, type ParsedResponse } from '../../test/factories/http';
import { orderMessages } from '../../test/factories/sqs';
import { useLocalServices } from '../../test/support/localServices';

const services = useLocalServices({ VENDOR_TIMEOUT_MS: '2000' });

/** Every number anywhere in a response body, with its path: none may be negative. */
function negativeNumbers(body: unknown, path = '$'): string[] {
  if (typeof body === 'number') return body < 0 ? [`${path} = ${body}`] : [];
  if (Array.isArray(body)) return body.flatMap((item, i) => negativeNumbers(item, `${path}[${i}]`));
  if (body && typeof body === 'object') return Object.entries(body).flatMap(([key, value]) => negativeNumbers(value, `${path}.${key}`));
  return [];
}

const sync = () => syncStock({ 'detail-type': 'Scheduled Event' }, lambdaContext('syncStock'));
const order = (productId: string, quantity: number) => invokeHttp(placeOrder, { method: 'POST', path: '/orders', body: { productId, quantity } });

describe('a sync that lowers stock below what is reserved', () => {
  beforeEach(() => services.resetAndSync());

  it('shows no negative number in any response, refuses every new order for the product, and confirmation settles the reservation', async () => {
    // Prepare: 30 units of SKU-0002 reserved (acme and initech hold it), then the vendors
    // sell nearly all of it elsewhere: 3 units left.
    const { id: productId, onHand } = await services.productBySku('SKU-0002');
    expect(onHand).toBeGreaterThanOrEqual(30);
    const reserved = await order(productId, 30);
    expect(reserved.statusCode).toBe(202);
    await services.vendor('PUT', '/acme/_stock/SKU-0002', { quantity: 1 });
    await services.vendor('PUT', '/initech/_stock/SKU-0002', { quantity: 2 });

    // Act
    const outcome = await sync();

    // Assess: on hand fell below reserved; nothing says so with a negative number.
    expect(outcome).toMatchObject({ skipped: false, status: 'succeeded' });
    const responses: Record<string, ParsedResponse> = {
      product: await invokeHttp(getProduct, { path: `/products/${productId}`, pathParameters: { productId } }),
      productBySku: await invokeHttp(listProducts, { path: '/products', query: { sku: 'SKU-0002' } }),
      catalogue: await invokeHttp(listProducts, { path: '/products', query: { limit: '100' } }),
      order: await invokeHttp(getOrder, { path: `/orders/${reserved.body.orderId}`, pathParameters: { orderId: reserved.body.orderId } }),
      syncRuns: await invokeHttp(adminSync, {
        path: '/admin/sync-runs',
        headers: { 'x-api-key': services.deps().config.adminApiKey },
      }),
      refusedOrder: await order(productId, 1),
    };
    expect(responses.product!.body).toMatchObject({ onHand: 3, reserved: 30, available: 0 });
    expect(responses.productBySku!.body.items).toEqual([responses.product!.body]);
    expect(responses.catalogue!.body.items).toContainEqual(responses.product!.body);
    expect(responses.refusedOrder!.statusCode).toBe(409);
    expect(responses.refusedOrder!.body).toMatchObject({ code: 'insufficient_stock', detail: `product ${productId} has 0 available, 1 requested` });
    for (const [name, res] of Object.entries(responses)) expect({ name, negatives: negativeNumbers(res.body) }).toEqual({ name, negatives: [] });
    expect(await services.productBySku('SKU-0002')).toMatchObject({ onHand: 3, reserved: 30 });

    // Confirmation settles it: the vendors cannot supply 30, the order is rejected and
    // its reservation released; what is left can be sold again.
    const confirmed = (await confirmOrder(orderMessages([reserved.body.orderId]), lambdaContext('confirmOrder'))) as SQSBatchResponse;
    expect(confirmed.batchItemFailures).toEqual([]);
    expect(await services.order(reserved.body.orderId)).toMatchObject({ status: 'REJECTED' });
    const settled = await invokeHttp(getProduct, { path: `/products/${productId}`, pathParameters: { productId } });
    expect(settled.body).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    expect((await order(productId, 4)).statusCode).toBe(409);
    expect((await order(productId, 3)).statusCode).toBe(202);
  });
});
