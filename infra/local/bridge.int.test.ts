import { randomBytes, randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { RabbitConnection, rabbitPublisher } from '../../lib/adapters/queue/rabbitmq';
import { createLogger } from '../../lib/logger';
import { deleteConfirmQueues } from '../../lib/adapters/queue/topology';
import { ConfirmBridge } from './bridge';

const RABBITMQ_URL = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@localhost:5672';
const logger = createLogger('bridge-test', 'SILENT');

interface Received {
  orderId: string;
  receiveCount: number;
  at: number;
  batchSize: number;
}

/** A bridge on its own queues, driving a handler that fails the orders the test names. */
function harness(options: { maxReceiveCount: number; baseDelayMs: number; batchSize?: number; failing: (orderId: string, receiveCount: number) => boolean }) {
  const queue = `test-bridge-${randomBytes(4).toString('hex')}`;
  const connection = new RabbitConnection({ url: RABBITMQ_URL, queue, maxReceiveCount: options.maxReceiveCount, retryBaseDelayMs: options.baseDelayMs });
  const received: Received[] = [];
  const bridge = new ConfirmBridge({
    url: RABBITMQ_URL,
    topology: connection.topology,
    maxReceiveCount: options.maxReceiveCount,
    batchSize: options.batchSize ?? 10,
    batchWindowMs: 200,
    visibilityTimeoutMs: 5_000,
    concurrency: 1,
    logger,
    handler: async (event: SQSEvent): Promise<SQSBatchResponse> => {
      const failures = [];
      for (const record of event.Records) {
        const { orderId } = JSON.parse(record.body) as { orderId: string };
        const receiveCount = Number(record.attributes.ApproximateReceiveCount);
        received.push({ orderId, receiveCount, at: Date.now(), batchSize: event.Records.length });
        if (options.failing(orderId, receiveCount)) failures.push({ itemIdentifier: record.messageId });
      }
      return { batchItemFailures: failures };
    },
  });
  return {
    connection,
    received,
    bridge,
    publisher: rabbitPublisher(connection),
    async deadLetters(): Promise<string[]> {
      const conn = await amqp.connect(RABBITMQ_URL);
      const ch = await conn.createChannel();
      const ids: string[] = [];
      for (;;) {
        const msg = await ch.get(connection.topology.deadLetterQueue, { noAck: true });
        if (!msg) break;
        ids.push((JSON.parse(msg.content.toString()) as { orderId: string }).orderId);
      }
      await conn.close();
      return ids;
    },
    async cleanup() {
      await bridge.stop();
      await connection.close();
      await deleteConfirmQueues(RABBITMQ_URL, queue, options.maxReceiveCount);
    },
  };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('ConfirmBridge (RabbitMQ → SQS-shaped batches)', () => {
  it('redelivers only the records a batch reported as failed', async () => {
    // Prepare
    const orders: string[] = Array.from({ length: 10 }, () => randomUUID());
    const failing = new Set(orders.slice(0, 3));
    const h = harness({ maxReceiveCount: 3, baseDelayMs: 100, failing: (id, count) => failing.has(id) && count === 1 });
    try {
      // Act
      await h.publisher.publish(orders.map((orderId) => ({ orderId })));
      await h.bridge.start();
      await until(() => h.received.length >= 13, 10_000, 'the three retries');

      // Assess
      const byOrder = (id: string) => h.received.filter((r) => r.orderId === id).map((r) => r.receiveCount);
      for (const id of failing) expect(byOrder(id)).toEqual([1, 2]);
      for (const id of orders.filter((o) => !failing.has(o))) expect(byOrder(id)).toEqual([1]);
      expect(h.received[0]!.batchSize).toBe(10);
      expect(await h.deadLetters()).toEqual([]);
    } finally {
      await h.cleanup();
    }
  });

  it('gives a failing message exactly maxReceiveCount receives with growing delays, then dead-letters it', async () => {
    const orderId = randomUUID();
    const h = harness({ maxReceiveCount: 4, baseDelayMs: 150, failing: () => true });
    try {
      await h.bridge.start();
      await h.publisher.publish([{ orderId }]);
      await until(async () => h.received.length >= 4, 10_000, 'four receives');
      await until(async () => (await h.deadLetters()).includes(orderId), 5_000, 'the dead letter');

      expect(h.received.map((r) => r.receiveCount)).toEqual([1, 2, 3, 4]);
      const gaps = h.received.slice(1).map((r, i) => r.at - h.received[i]!.at);
      // 150, 300, 600 ms of delay, each at least its TTL and each longer than the one before
      expect(gaps[0]).toBeGreaterThanOrEqual(140);
      expect(gaps[1]).toBeGreaterThan(gaps[0]!);
      expect(gaps[2]).toBeGreaterThan(gaps[1]!);
      // no fifth receive after the DLQ took it
      expect(h.received).toHaveLength(4);
    } finally {
      await h.cleanup();
    }
  });
});
