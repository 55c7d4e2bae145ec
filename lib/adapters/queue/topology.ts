import amqp, { type Channel } from 'amqplib';

export interface ConfirmQueueTopology {
  queue: string;
  deadLetterQueue: string;
  /** retryQueues[n - 1] holds a message between its nth failed receive and the next one. */
  retryQueues: { name: string; delayMs: number }[];
}

/**
 * The RabbitMQ shape of an SQS queue with a redrive policy:
 * - the main quorum queue, whose delivery limit dead-letters a message that keeps
 *   crashing its consumer (the equivalent of maxReceiveCount for unacked deliveries);
 * - one delay queue per retry, whose TTL dead-letters the message back to the main
 *   queue: the growing delay SQS gets from the visibility timeout;
 * - the dead-letter queue, which keeps messages until someone redrives them.
 */
export function confirmQueueTopology(queue: string, maxReceiveCount: number, baseDelayMs: number): ConfirmQueueTopology {
  return {
    queue,
    deadLetterQueue: `${queue}-dlq`,
    retryQueues: Array.from({ length: Math.max(0, maxReceiveCount - 1) }, (_, i) => ({
      name: `${queue}-retry-${i + 1}`,
      delayMs: baseDelayMs * 2 ** i,
    })),
  };
}

export async function declareConfirmQueues(channel: Channel, topology: ConfirmQueueTopology, maxReceiveCount: number): Promise<void> {
  await channel.assertQueue(topology.deadLetterQueue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.assertQueue(topology.queue, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-delivery-limit': maxReceiveCount,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': topology.deadLetterQueue,
    },
  });
  for (const retry of topology.retryQueues) {
    await channel.assertQueue(retry.name, {
      durable: true,
      arguments: {
        'x-queue-type': 'quorum',
        'x-message-ttl': retry.delayMs,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': topology.queue,
        // Quorum queues dead-letter at-least-once only with reject-publish overflow.
        'x-dead-letter-strategy': 'at-least-once',
        'x-overflow': 'reject-publish',
      },
    });
  }
}

/** Header carrying how many times the bridge has handed this message to confirmOrder. */
export const RECEIVE_COUNT_HEADER = 'x-receive-count';

/**
 * Deletes the queues of one confirm topology (main, retries, dead letters): for tests,
 * drills and benchmarks that made their own. Names come from confirmQueueTopology, so
 * they cannot drift from what was declared.
 */
export async function deleteConfirmQueues(url: string, queue: string, maxReceiveCount: number): Promise<void> {
  const topology = confirmQueueTopology(queue, maxReceiveCount, 1);
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    for (const name of [topology.queue, topology.deadLetterQueue, ...topology.retryQueues.map((r) => r.name)]) await channel.deleteQueue(name);
  } finally {
    await connection.close();
  }
}
