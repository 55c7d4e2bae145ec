import { randomUUID } from 'node:crypto';
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import type { OrderPublisher } from '../../orders/ports';
import type { OrderMessage } from '../../orders/types';
import { confirmQueueTopology, declareConfirmQueues, type ConfirmQueueTopology } from './topology';

export interface RabbitOptions {
  url: string;
  queue: string;
  maxReceiveCount: number;
  retryBaseDelayMs: number;
}

/**
 * One connection and confirm channel per process, opened on first use and reopened on
 * the next call after the broker went away, so a RabbitMQ restart costs the requests
 * in flight at that moment, not the process.
 */
export class RabbitConnection {
  readonly topology: ConfirmQueueTopology;
  private opening?: Promise<{ connection: ChannelModel; channel: ConfirmChannel }>;

  constructor(private readonly options: RabbitOptions) {
    this.topology = confirmQueueTopology(options.queue, options.maxReceiveCount, options.retryBaseDelayMs);
  }

  channel(): Promise<ConfirmChannel> {
    this.opening ??= this.open().catch((error) => {
      this.opening = undefined;
      throw error;
    });
    return this.opening.then((c) => c.channel);
  }

  private async open() {
    const connection = await amqp.connect(this.options.url, { timeout: 5000 });
    const forget = () => {
      this.opening = undefined;
    };
    connection.on('close', forget);
    connection.on('error', forget);
    const channel = await connection.createConfirmChannel();
    channel.on('close', forget);
    channel.on('error', forget);
    await declareConfirmQueues(channel, this.topology, this.options.maxReceiveCount);
    return { connection, channel };
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    if (!opening) return;
    const { connection } = await opening.catch(() => ({ connection: undefined }));
    await connection?.close().catch(() => {});
  }
}

export function publishToQueue(
  channel: ConfirmChannel,
  queue: string,
  message: OrderMessage,
  headers: Record<string, unknown> = {},
  onConfirm?: (error: unknown) => void,
) {
  channel.sendToQueue(
    queue,
    Buffer.from(JSON.stringify(message)),
    { persistent: true, contentType: 'application/json', messageId: randomUUID(), headers },
    onConfirm,
  );
}

/** How long a publish waits for the broker's confirm before it counts as failed (the outbox then keeps it). */
const CONFIRM_TIMEOUT_MS = 5_000;

export function rabbitPublisher(connection: RabbitConnection): OrderPublisher {
  return {
    async publish(messages) {
      const channel = await connection.channel();
      // Each message waits for its own confirm, not for every message in flight on the
      // shared channel (which is what waitForConfirms would do under concurrent requests).
      await Promise.all(
        messages.map(
          (message) =>
            new Promise<void>((resolve, reject) => {
              const timer = setTimeout(() => reject(new Error('RabbitMQ did not confirm the publish in time')), CONFIRM_TIMEOUT_MS);
              publishToQueue(channel, connection.topology.queue, message, {}, (error) => {
                clearTimeout(timer);
                if (error) reject(error instanceof Error ? error : new Error('RabbitMQ refused the message'));
                else resolve();
              });
            }),
        ),
      );
    },
    async ping() {
      const channel = await connection.channel();
      await channel.checkQueue(connection.topology.queue);
    },
    close: () => connection.close(),
  };
}
