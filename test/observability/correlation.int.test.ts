import type { SQSBatchResponse } from 'aws-lambda';
import { handler as confirmOrderHandler } from '../../functions/confirmOrder/handler';
import { handler as placeOrderHandler } from '../../functions/placeOrder/handler';
import { invokeHttp, lambdaContext } from '../factories/http';
import { sqsEvent, sqsRecord } from '../factories/sqs';
import { useLocalServices } from '../support/localServices';
import { captureStdout, emfMetricNames, emfValues, type CapturedOutput } from '../support/stdout';

/**
 * What an operator reads: JSON log lines that carry the request id and the order id, a
 * correlation id that follows the order across the queue, and EMF metric records.
 * LOG_LEVEL=INFO here (the other suites run SILENT, which also turns metrics off).
 */
const services = useLocalServices({ LOG_LEVEL: 'INFO' });
let output: CapturedOutput;

beforeEach(() => {
  output = captureStdout();
});
afterEach(() => output.restore());

const place = (productId: string, quantity = 1) => invokeHttp(placeOrderHandler, { method: 'POST', path: '/orders', body: { productId, quantity } });
const confirm = (...records: ReturnType<typeof sqsRecord>[]) =>
  confirmOrderHandler(sqsEvent(...records), lambdaContext('confirmOrder')) as Promise<SQSBatchResponse>;

async function outboxMessage(orderId: string): Promise<{ orderId: string; correlationId?: string }> {
  const [row] = await services.deps().sql<{ payload: { orderId: string; correlationId?: string } }[]>`SELECT payload FROM outbox WHERE order_id = ${orderId}`;
  return row!.payload;
}

describe('logs and metrics of an order', () => {
  it('logs the placed order with its request id and order id, and stores that request id as the correlation id of its message', async () => {
    // Prepare
    await services.resetAndSync();
    const product = await services.productBySku('SKU-0015');

    // Act
    const res = await place(product.id, 1);

    // Assess
    expect(res.statusCode).toBe(202);
    const requestId = res.headers['x-request-id'];
    expect(requestId).toEqual(expect.any(String));
    const placed = output.records().filter((r) => r.message === 'order placed');
    expect(placed).toEqual([expect.objectContaining({ level: 'INFO', service: 'order-aggregator', requestId, orderId: res.body.orderId })]);
    expect(await outboxMessage(res.body.orderId)).toEqual({ orderId: res.body.orderId, correlationId: requestId });
  });

  it('gives each of several concurrent requests its own request id in its log line', async () => {
    await services.resetAndSync();
    const product = await services.productBySku('SKU-0015');

    const responses = await Promise.all(Array.from({ length: 8 }, () => place(product.id, 1)));

    const requestIdOf = new Map(responses.map((r) => [r.body.orderId as string, r.headers['x-request-id']]));
    const placed = output.records().filter((r) => r.message === 'order placed');
    expect(placed).toHaveLength(8);
    for (const line of placed) expect(line.requestId).toBe(requestIdOf.get(line.orderId));
  });

  it('logs the confirmation with the order id and the correlation id of the request that placed it', async () => {
    // Prepare
    await services.resetAndSync();
    const product = await services.productBySku('SKU-0015');
    const res = await place(product.id, 2);
    const message = await outboxMessage(res.body.orderId);

    // Act
    const result = await confirm(sqsRecord(message));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    const processed = output.records().filter((r) => r.message === 'order confirmation processed');
    expect(processed).toEqual([
      expect.objectContaining({ orderId: res.body.orderId, correlationId: res.headers['x-request-id'], outcome: 'confirmed' }),
    ]);
  });

  it('emits placed, confirmed, latency, retry and sync metrics as EMF records', async () => {
    // Prepare
    await services.resetAndSync();
    const product = await services.productBySku('SKU-0015');
    const first = await place(product.id, 1);
    const second = await place(product.id, 1);

    // Act: the second message arrives for the second time, as after a failed attempt
    const result = await confirm(sqsRecord(await outboxMessage(first.body.orderId)), sqsRecord(await outboxMessage(second.body.orderId), 2));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    const names = emfMetricNames(output.records());
    expect(names).toEqual(
      expect.arrayContaining(['SyncRows', 'SyncRowsChanged', 'SyncErrors', 'OrdersPlaced', 'OrdersConfirmed', 'ConfirmLatency', 'ConfirmRetries']),
    );
    // Records of one process may share a flush (serverless offline runs requests side by side), so sum them.
    const values = emfValues(output.records());
    expect(values.OrdersConfirmed).toEqual([1, 1]);
    expect(values.ConfirmRetries).toEqual([1]);
    expect(values.ConfirmLatency).toHaveLength(2);
    expect(Math.min(...values.ConfirmLatency!)).toBeGreaterThanOrEqual(0);
  });
});
