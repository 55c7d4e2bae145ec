import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import type { Sql } from '../../lib/adapters/postgres/client';
import { RabbitConnection, publishToQueue } from '../../lib/adapters/queue/rabbitmq';
import { deleteConfirmQueues } from '../../lib/adapters/queue/topology';
import { spawnWorker } from '../../test/support/workerProcess';
import { samplePeak, treeRssMiB } from '../support/rss';

export interface DrainResult {
  vendorLatencyMs: number;
  orders: number;
  seconds: number;
  perSecond: number;
  workerRssMiB: number;
  vendorPlacements: number;
}

const SKUS = 200;

/**
 * Scenario 3: a backlog of PENDING orders (written in bulk, their messages already in the
 * queue) drained by the confirm worker as its own process, against the vendor mocks over
 * HTTP; next to it, the ceiling: consuming as many messages from a quorum queue with the
 * same prefetch and doing nothing with them.
 */
export async function confirmScenario(options: {
  sql: Sql;
  env: Record<string, string>;
  vendorBaseUrl: string;
  orders: number;
  vendorLatenciesMs: number[];
  prefetch: number;
}): Promise<{ drains: DrainResult[]; ceilingPerSecond: number }> {
  const { sql } = options;
  // A queue of its own: the other scenarios leave messages for orders no vendor sells.
  const env: Record<string, string> = { ...options.env, CONFIRM_QUEUE: `${options.env.CONFIRM_QUEUE}-drain` };
  const productIds = await seedSellableCatalogue(sql);
  const drains: DrainResult[] = [];
  for (const latencyMs of options.vendorLatenciesMs) {
    await fetch(`${options.vendorBaseUrl}/acme/_control`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs }) });
    const orderIds = await writeBacklog(sql, productIds, options.orders);
    await publishBacklog(env, orderIds);

    const started = performance.now();
    const worker = await spawnWorker({ ...env, LOG_LEVEL: 'ERROR', VENDOR_BASE_URL: options.vendorBaseUrl });
    const rss = samplePeak(() => treeRssMiB(worker.child.pid!));
    try {
      for (;;) {
        const [row] = await sql<{ pending: number }[]>`SELECT count(*)::int AS pending FROM orders WHERE status = 'PENDING' AND id = ANY(${orderIds}::uuid[])`;
        if (row!.pending === 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await worker.kill('SIGTERM');
    }
    const seconds = (performance.now() - started) / 1000;
    const [placed] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM vendor_mock.orders WHERE reference = ANY(${orderIds})`;
    drains.push({ vendorLatencyMs: latencyMs, orders: orderIds.length, seconds, perSecond: orderIds.length / seconds, workerRssMiB: rss.stop(), vendorPlacements: placed!.n });
  }
  await deleteConfirmQueues(env.RABBITMQ_URL ?? 'amqp://guest:guest@localhost:5672', env.CONFIRM_QUEUE!, Number(env.CONFIRM_MAX_RECEIVE_COUNT ?? 5));
  return { drains, ceilingPerSecond: await consumeCeiling(options.env.RABBITMQ_URL ?? 'amqp://guest:guest@localhost:5672', options.orders, options.prefetch) };
}

/** 200 SKUs that acme sells in unlimited quantity, synced into the catalogue. */
async function seedSellableCatalogue(sql: Sql): Promise<string[]> {
  const skus = Array.from({ length: SKUS }, (_, i) => `BENCH-SKU-${i}`);
  await sql`INSERT INTO vendor_mock.stock (vendor_id, sku, name, quantity, price) SELECT 'acme', sku, sku, 1000000000, 9.99 FROM unnest(${skus}::text[]) AS sku`;
  const products = await sql<{ id: string }[]>`
    INSERT INTO products (sku, name, on_hand) SELECT sku, sku, 1000000000 FROM unnest(${skus}::text[]) AS sku RETURNING id`;
  await sql`INSERT INTO vendor_stock (vendor_id, product_id, quantity, price, currency)
            SELECT 'acme', id, 1000000000, 9.99, 'EUR' FROM unnest(${products.map((p) => p.id)}::uuid[]) AS id`;
  await sql`UPDATE vendors SET last_synced_at = now() WHERE id = 'acme'`;
  return products.map((p) => p.id);
}

/** N one-line PENDING orders with their reservations, as N accepted requests would have left them. */
async function writeBacklog(sql: Sql, productIds: string[], count: number): Promise<string[]> {
  const orderIds = Array.from({ length: count }, () => randomUUID());
  const lineProducts = orderIds.map((_, i) => productIds[i % productIds.length]!);
  await sql.begin(async (tx) => {
    await tx`INSERT INTO orders (id, status) SELECT id, 'PENDING' FROM unnest(${orderIds}::uuid[]) AS id`;
    await tx`INSERT INTO order_lines (order_id, line_no, product_id, quantity)
             SELECT o, 1, p, 1 FROM unnest(${orderIds}::uuid[], ${lineProducts}::uuid[]) AS x(o, p)`;
    await tx`UPDATE products p SET reserved = p.reserved + n.count
             FROM (SELECT p AS id, count(*)::int AS count FROM unnest(${lineProducts}::uuid[]) AS p GROUP BY p) n WHERE p.id = n.id`;
    await tx`INSERT INTO outbox (order_id, payload, published_at)
             SELECT id, json_build_object('orderId', id), now() FROM unnest(${orderIds}::uuid[]) AS id`;
  });
  return orderIds;
}

async function publishBacklog(env: Record<string, string>, orderIds: string[]) {
  const connection = new RabbitConnection({
    url: env.RABBITMQ_URL ?? 'amqp://guest:guest@localhost:5672',
    queue: env.CONFIRM_QUEUE!,
    maxReceiveCount: Number(env.CONFIRM_MAX_RECEIVE_COUNT ?? 5),
    retryBaseDelayMs: Number(env.CONFIRM_RETRY_BASE_DELAY_MS ?? 1000),
  });
  const channel = await connection.channel();
  for (let i = 0; i < orderIds.length; i += 500) {
    for (const orderId of orderIds.slice(i, i + 500)) publishToQueue(channel, connection.topology.queue, { orderId });
    await channel.waitForConfirms();
  }
  await connection.close();
}

/** The broker's side alone: consume and ack `count` messages from a quorum queue with this prefetch. */
async function consumeCeiling(url: string, count: number, prefetch: number): Promise<number> {
  const queue = `bench-ceiling-${randomUUID()}`;
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    const body = Buffer.from(JSON.stringify({ orderId: randomUUID() }));
    for (let i = 0; i < count; i += 500) {
      for (let j = i; j < Math.min(count, i + 500); j++) channel.sendToQueue(queue, body, { persistent: true });
      await channel.waitForConfirms();
    }
    const consumer = await connection.createChannel();
    await consumer.prefetch(prefetch);
    const started = performance.now();
    await new Promise<void>((resolve) => {
      let seen = 0;
      void consumer.consume(queue, (message) => {
        if (!message) return;
        consumer.ack(message);
        if (++seen === count) resolve();
      });
    });
    const perSecond = count / ((performance.now() - started) / 1000);
    await channel.deleteQueue(queue);
    return perSecond;
  } finally {
    await connection.close();
  }
}
