import type { SQSBatchResponse } from 'aws-lambda';
import { handler } from './handler';
import { handler as cancelOrderHandler } from '../cancelOrder/handler';
import { confirmOrder } from '../../lib/orders/confirmOrder';
import { invokeHttp, lambdaContext } from '../../test/factories/http';
import { orderMessages, sqsEvent, sqsRecord } from '../../test/factories/sqs';
import { useLocalServices } from '../../test/support/localServices';

const services = useLocalServices({ CONFIRM_MAX_RECEIVE_COUNT: '3', VENDOR_TIMEOUT_MS: '1000' });
const suite = services;
const { vendor, resetAndSync, productBySku, place, vendorOrdersFor } = services;
const orderRow = services.order;

const confirm = (event: ReturnType<typeof orderMessages>) => handler(event, lambdaContext('confirmOrder')) as Promise<SQSBatchResponse>;

describe('confirmOrder', () => {
  beforeEach(resetAndSync);

  it('places the order with the cheapest vendor holding the whole line and turns the reservation into a sale', async () => {
    // Prepare: SKU-0003 is sold by acme (cheaper) and initech
    const product = await productBySku('SKU-0003');
    const orderId = await place(product.id, 2);

    // Act
    const result = await confirm(orderMessages([orderId]));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(await orderRow(orderId)).toMatchObject({ status: 'CONFIRMED', attempts: 1 });
    const placed = await vendorOrdersFor(orderId);
    expect(placed).toEqual([expect.objectContaining({ vendorId: 'acme', sku: 'SKU-0003', quantity: 2 })]);
    expect(await productBySku('SKU-0003')).toEqual({ id: product.id, onHand: product.onHand - 2, reserved: product.reserved });
  });

  it('changes nothing when the message of a confirmed order is delivered again', async () => {
    const product = await productBySku('SKU-0003');
    const orderId = await place(product.id, 1);
    await confirm(orderMessages([orderId]));
    const before = { stock: await productBySku('SKU-0003'), vendorOrders: await vendorOrdersFor(orderId) };

    const again = await confirm(orderMessages([orderId, orderId], 2));

    expect(again.batchItemFailures).toEqual([]);
    expect(await productBySku('SKU-0003')).toEqual(before.stock);
    expect(await vendorOrdersFor(orderId)).toEqual(before.vendorOrders);
  });

  it('moves a line to the next vendor when the cheapest one refuses it', async () => {
    const product = await productBySku('SKU-0003');
    await vendor('PUT', '/acme/_control', { rejectOrders: true });
    const orderId = await place(product.id, 2);

    const result = await confirm(orderMessages([orderId]));

    expect(result.batchItemFailures).toEqual([]);
    expect(await orderRow(orderId)).toMatchObject({ status: 'CONFIRMED' });
    expect((await vendorOrdersFor(orderId)).map((o) => o.vendorId)).toEqual(['initech']);
    const [allocation] = await suite.deps().sql`SELECT vendor_id, status FROM order_allocations WHERE order_id = ${orderId} ORDER BY vendor_id`;
    expect(allocation).toEqual({ vendorId: 'acme', status: 'refused' });
  });

  it('rejects the order and releases its stock when every vendor refuses', async () => {
    const product = await productBySku('SKU-0003');
    await vendor('PUT', '/acme/_control', { rejectOrders: true });
    await vendor('PUT', '/initech/_control', { rejectOrders: true });
    const orderId = await place(product.id, 2);

    const result = await confirm(orderMessages([orderId]));

    expect(result.batchItemFailures).toEqual([]);
    const order = await orderRow(orderId);
    expect(order.status).toBe('REJECTED');
    expect(order.failureReason).toMatch(/no vendor can supply 2 of SKU-0003/);
    expect(await productBySku('SKU-0003')).toEqual(product);
    expect(await vendorOrdersFor(orderId)).toEqual([]);
  });

  it('reports a vendor outage as a batch item failure and leaves the order PENDING with its stock reserved', async () => {
    const product = await productBySku('SKU-0030'); // globex only
    await vendor('PUT', '/globex/_control', { errorRate: 1 });
    const orderId = await place(product.id, 1);
    const event = orderMessages([orderId]);

    const result = await confirm(event);

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]!.messageId }]);
    expect(await orderRow(orderId)).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect((await productBySku('SKU-0030')).reserved).toBe(product.reserved + 1);
  });

  it('fails the order and releases its stock on the last allowed receive, still reporting it for the DLQ', async () => {
    const product = await productBySku('SKU-0030');
    await vendor('PUT', '/globex/_control', { errorRate: 1 });
    const orderId = await place(product.id, 1);
    const event = orderMessages([orderId], 3);

    const result = await confirm(event);

    expect(result.batchItemFailures).toHaveLength(1);
    const order = await orderRow(orderId);
    expect(order.status).toBe('FAILED');
    expect(order.failureReason).toMatch(/gave up after 3 attempts/);
    expect(await productBySku('SKU-0030')).toEqual(product);
  });

  it('reports only the unreadable record of a batch and confirms the rest', async () => {
    const product = await productBySku('SKU-0012');
    const good = await place(product.id, 1);
    const poison = sqsRecord('not json at all');

    const result = await confirm(sqsEvent(sqsRecord({ orderId: good }), poison));

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: poison.messageId }]);
    expect(await orderRow(good)).toMatchObject({ status: 'CONFIRMED' });
  });

  it('cancels the vendor placement when the order is cancelled while its vendor order is in flight', async () => {
    const product = await productBySku('SKU-0003');
    const orderId = await place(product.id, 1);
    const deps = suite.deps();
    // The cancel lands between the vendor accepting and our commit: the worst moment.
    const racingGateway = {
      ...deps.vendorOrders,
      placeOrder: async (...args: Parameters<typeof deps.vendorOrders.placeOrder>) => {
        const placed = await deps.vendorOrders.placeOrder(...args);
        await invokeHttp(cancelOrderHandler, { method: 'POST', path: `/orders/${orderId}/cancel`, pathParameters: { orderId } });
        return placed;
      },
    };

    const outcome = await confirmOrder({ ...deps, vendorOrders: racingGateway }, orderId);

    expect(outcome).toBe('already_final');
    expect(await orderRow(orderId)).toMatchObject({ status: 'CANCELLED' });
    expect(await productBySku('SKU-0003')).toEqual(product);
    const [atVendor] = await suite.deps().sql`SELECT status FROM vendor_mock.orders WHERE reference = ${orderId}`;
    expect(atVendor).toEqual({ status: 'cancelled' });
  });
});
