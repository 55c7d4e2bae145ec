import type { SQSBatchResponse } from 'aws-lambda';
import { handler as confirmOrderHandler } from '../../functions/confirmOrder/handler';
import { handler as cancelOrderHandler } from '../../functions/cancelOrder/handler';
import { RabbitConnection, publishToQueue } from '../adapters/queue/rabbitmq';
import { failOrder } from '../orders/confirmOrder';
import { invokeHttp, lambdaContext } from '../../test/factories/http';
import { orderMessages } from '../../test/factories/sqs';
import { useLocalServices } from '../../test/support/localServices';
import { verifyInvariants, type InvariantId, type InvariantReport } from './verifyInvariants';

const services = useLocalServices({ VENDOR_TIMEOUT_MS: '1000', VENDOR_MAX_RETRIES: '0' });
const LIMITS = { pendingLimitSeconds: 300, outboxLimitSeconds: 120 };
const verify = () => verifyInvariants(services.deps(), LIMITS);
const counts = (report: InvariantReport) => Object.fromEntries(report.results.map((r) => [r.id, r.count])) as Record<InvariantId, number>;
const confirm = async (orderId: string) => {
  const result = (await confirmOrderHandler(orderMessages([orderId]), lambdaContext('confirmOrder'))) as SQSBatchResponse;
  expect(result.batchItemFailures).toEqual([]);
};
const CLEAN: Record<InvariantId, number> = {
  reserved_equals_pending_lines: 0,
  available_never_negative: 0,
  confirmed_orders_placed_exactly_once: 0,
  closed_orders_hold_nothing: 0,
  pending_orders_in_flight: 0,
  outbox_sent_in_time: 0,
};

/** One order in every state the system produces: PENDING, CONFIRMED (one and two vendors), CANCELLED, REJECTED, FAILED. */
let orders: { pending: string; confirmed: string; split: string; cancelled: string; rejected: string; failed: string };

beforeAll(async () => {
  await services.resetAndSync();
  const bySku = async (sku: string) => (await services.productBySku(sku)).id;
  const pending = await services.place(await bySku('SKU-0001'), 1);
  const confirmed = await services.place(await bySku('SKU-0003'), 2);
  await confirm(confirmed);
  // SKU-0015 (seeded): acme 25, globex 15, initech 35 units: no vendor has 60, so all three share the line
  const split = await services.place(await bySku('SKU-0015'), 60);
  await confirm(split);
  const cancelled = await services.place(await bySku('SKU-0004'), 1);
  await invokeHttp(cancelOrderHandler, { method: 'POST', path: `/orders/${cancelled}/cancel`, pathParameters: { orderId: cancelled } });
  await services.vendor('PUT', '/globex/_control', { rejectOrders: true });
  const rejected = await services.place(await bySku('SKU-0030'), 1); // globex alone sells it
  await confirm(rejected);
  await services.vendor('PUT', '/globex/_control', { rejectOrders: false });
  const failed = await services.place(await bySku('SKU-0005'), 1);
  await failOrder(services.deps(), failed, 'gave up in a test');
  orders = { pending, confirmed, split, cancelled, rejected, failed };
});

describe('verifyInvariants', () => {
  it('finds nothing wrong with orders in every state the system itself produced', async () => {
    // Prepare
    const [statuses] = await services.deps().sql<{ list: string[] }[]>`SELECT array_agg(status ORDER BY status) AS list FROM orders`;
    expect(statuses!.list).toEqual(['CANCELLED', 'CONFIRMED', 'CONFIRMED', 'FAILED', 'PENDING', 'REJECTED']);

    // Act
    const report = await verify();

    // Assess
    expect(counts(report)).toEqual(CLEAN);
    expect(report.ok).toBe(true);
    expect(report.notes).toEqual([]);
  });

  it('counts a product whose reserved units drifted from its PENDING lines', async () => {
    const sql = services.deps().sql;
    await sql`UPDATE products SET reserved = reserved + 1 WHERE sku = 'SKU-0002'`;
    try {
      const report = await verify();
      expect(counts(report)).toEqual({ ...CLEAN, reserved_equals_pending_lines: 1, closed_orders_hold_nothing: 1 });
      expect(report.ok).toBe(false);
      expect(report.results.find((r) => r.id === 'reserved_equals_pending_lines')!.examples).toEqual(['SKU-0002: reserved 1, PENDING lines 0']);
    } finally {
      await sql`UPDATE products SET reserved = reserved - 1 WHERE sku = 'SKU-0002'`;
    }
  });

  it('counts a confirmed order a vendor no longer holds, and one placed with a second vendor', async () => {
    const sql = services.deps().sql;
    const [before] = await sql<{ count: number }[]>`SELECT count(*)::int AS count FROM vendor_mock.orders WHERE reference = ${orders.split}`;
    expect(before!.count).toBe(3);
    let gone: Record<string, unknown> | undefined;
    try {
      [gone] = await sql`DELETE FROM vendor_mock.orders WHERE reference = ${orders.split} AND vendor_id = 'acme' RETURNING *`;
      // SKU-0003 went to acme; initech holding it too means it was placed twice.
      await sql`INSERT INTO vendor_mock.orders (vendor_id, reference, sku, quantity, vendor_order_id)
                VALUES ('initech', ${orders.confirmed}, 'SKU-0003', 2, 'INITECH-EXTRA')`;

      const report = await verify();

      expect(counts(report)).toEqual({ ...CLEAN, confirmed_orders_placed_exactly_once: 2 });
    } finally {
      if (gone) await sql`INSERT INTO vendor_mock.orders ${sql(gone)}`;
      await sql`DELETE FROM vendor_mock.orders WHERE vendor_order_id = 'INITECH-EXTRA'`;
    }
    expect(counts(await verify())).toEqual(CLEAN);
  });

  it('counts a confirmed order whose shares do not add up to its line', async () => {
    const sql = services.deps().sql;
    await sql`UPDATE order_allocations SET quantity = quantity - 1 WHERE order_id = ${orders.confirmed}`;
    await sql`UPDATE vendor_mock.orders SET quantity = quantity - 1 WHERE reference = ${orders.confirmed}`;
    try {
      expect(counts(await verify())).toEqual({ ...CLEAN, confirmed_orders_placed_exactly_once: 1 });
    } finally {
      await sql`UPDATE order_allocations SET quantity = quantity + 1 WHERE order_id = ${orders.confirmed}`;
      await sql`UPDATE vendor_mock.orders SET quantity = quantity + 1 WHERE reference = ${orders.confirmed}`;
    }
  });

  it('counts a cancelled order that a vendor still holds as placed', async () => {
    const sql = services.deps().sql;
    await sql`INSERT INTO vendor_mock.orders (vendor_id, reference, sku, quantity, vendor_order_id)
              VALUES ('acme', ${orders.cancelled}, 'SKU-0004', 1, 'ACME-LEFTOVER')`;
    try {
      const report = await verify();
      expect(counts(report)).toEqual({ ...CLEAN, closed_orders_hold_nothing: 1 });
      expect(report.results.find((r) => r.id === 'closed_orders_hold_nothing')!.examples[0]).toContain(`${orders.cancelled} (CANCELLED): still placed at vendor acme`);
    } finally {
      await sql`DELETE FROM vendor_mock.orders WHERE vendor_order_id = 'ACME-LEFTOVER'`;
    }
  });

  it('counts an old PENDING order whose message is gone, but not one waiting in the dead-letter queue', async () => {
    const sql = services.deps().sql;
    const age = (orderId: string) => sql`
      WITH o AS (UPDATE orders SET created_at = now() - interval '10 minutes', updated_at = now() - interval '10 minutes' WHERE id = ${orderId})
      UPDATE outbox SET created_at = now() - interval '10 minutes', published_at = now() - interval '10 minutes' WHERE order_id = ${orderId}`;
    await age(orders.pending);
    try {
      expect(counts(await verify())).toEqual({ ...CLEAN, pending_orders_in_flight: 1 });

      const connection = new RabbitConnection({ url: services.deps().config.queue.rabbitmqUrl, queue: services.queue(), maxReceiveCount: 5, retryBaseDelayMs: 1000 });
      const channel = await connection.channel();
      publishToQueue(channel, connection.topology.deadLetterQueue, { orderId: orders.pending });
      await channel.waitForConfirms();
      await connection.close();

      expect(counts(await verify())).toEqual(CLEAN);
    } finally {
      await sql`UPDATE orders SET created_at = now(), updated_at = now() WHERE id = ${orders.pending}`;
    }
  });

  it('counts an outbox row left unsent past the limit, and not its order as lost', async () => {
    const sql = services.deps().sql;
    await sql`UPDATE orders SET created_at = now() - interval '10 minutes', updated_at = now() - interval '10 minutes' WHERE id = ${orders.pending}`;
    await sql`UPDATE outbox SET created_at = now() - interval '10 minutes', published_at = NULL WHERE order_id = ${orders.pending}`;
    try {
      const report = await verify();
      expect(counts(report)).toEqual({ ...CLEAN, outbox_sent_in_time: 1 });
    } finally {
      await sql`UPDATE orders SET created_at = now(), updated_at = now() WHERE id = ${orders.pending}`;
      await sql`UPDATE outbox SET created_at = now(), published_at = now() WHERE order_id = ${orders.pending}`;
    }
  });

  it('counts a product the catalogue would show with negative availability', async () => {
    const deps = services.deps();
    const broken = {
      ...deps,
      products: {
        find: deps.products.find,
        list: async () => ({ items: [{ productId: orders.pending, sku: 'SKU-BROKEN', name: 'broken', onHand: -3, reserved: 0, vendors: [] }], next: null }),
      },
    };
    const report = await verifyInvariants(broken, LIMITS);
    expect(counts(report)).toEqual({ ...CLEAN, available_never_negative: 1 });
  });
});
