import { createHash, randomUUID } from 'node:crypto';
import amqp, { type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '../../lib/logger';
import { localLambdaContext } from './lambdaContext';
import { declareConfirmQueues, RECEIVE_COUNT_HEADER, type ConfirmQueueTopology } from '../../lib/adapters/queue/topology';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface BridgeOptions {
  url: string;
  topology: ConfirmQueueTopology;
  /** The queue's maxReceiveCount from serverless.yml: after this many receives a failing message goes to the DLQ. */
  maxReceiveCount: number;
  batchSize: number;
  batchWindowMs: number;
  /** A batch still running after this long counts as failed, as SQS would make it visible again. */
  visibilityTimeoutMs: number;
  /** Batches handled at once, like Lambda's concurrency on an event source mapping. */
  concurrency: number;
  handler: SqsHandler;
  logger: Logger;
  functionName?: string;
}

interface Delivery {
  message: ConsumeMessage;
  record: SQSRecord;
  receiveCount: number;
}

/**
 * Feeds confirmOrder from RabbitMQ the way the SQS event source mapping feeds it in AWS:
 * batches of up to `batchSize` records collected for at most `batchWindowMs`, the receive
 * count in `ApproximateReceiveCount`, and ReportBatchItemFailures semantics: records the
 * handler reports (or all of them, if it throws) come back after a growing delay, up to
 * `maxReceiveCount` receives, then go to the dead-letter queue.
 *
 * A message is acknowledged only after the handler finished with it and, for a failure,
 * after the broker confirmed its copy in the retry or dead-letter queue: a crash at any
 * point leaves it unacknowledged, and RabbitMQ delivers it again.
 */
export class ConfirmBridge {
  private connection?: ChannelModel;
  private channel?: ConfirmChannel;
  private consumerTag?: string;
  private pending: Delivery[] = [];
  private windowTimer?: NodeJS.Timeout;
  private inFlight = new Set<Promise<void>>();
  private stopping = false;
  private running?: Promise<void>;
  private connectedOnce?: { resolve: () => void; reject: (e: Error) => void; promise: Promise<void> };

  constructor(private readonly options: BridgeOptions) {}

  /** Starts consuming; resolves once the first connection is up. Reconnects by itself afterwards. */
  start(): Promise<void> {
    let resolve!: () => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.connectedOnce = { resolve, reject, promise };
    this.running = this.loop();
    return promise;
  }

  /** Stops taking messages, finishes the batches in hand, and closes the connection. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.channel && this.consumerTag) await this.channel.cancel(this.consumerTag).catch(() => {});
    this.flush(true);
    await Promise.allSettled([...this.inFlight]);
    await this.connection?.close().catch(() => {});
    await this.running;
  }

  private async loop(): Promise<void> {
    let delay = 250;
    while (!this.stopping) {
      try {
        const { closed } = await this.connect();
        delay = 250;
        this.connectedOnce?.resolve();
        await closed;
      } catch (error) {
        if (this.stopping) break;
        this.options.logger.warn('confirm bridge cannot reach RabbitMQ, retrying', { error: error as Error, retryInMs: delay });
      }
      this.dropConnection();
      if (this.stopping) break;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 5_000);
    }
  }

  /** Connects and consumes; the returned promise settles when the connection goes away. */
  private async connect(): Promise<{ closed: Promise<void> }> {
    const { topology, batchSize, concurrency, maxReceiveCount } = this.options;
    const connection = await amqp.connect(this.options.url, { timeout: 5000 });
    const closed = new Promise<void>((resolve) => {
      connection.on('close', () => resolve());
      connection.on('error', () => resolve());
    });
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => {});
    await declareConfirmQueues(channel, topology, maxReceiveCount);
    await channel.prefetch(batchSize * concurrency);
    this.connection = connection;
    this.channel = channel;
    const { consumerTag } = await channel.consume(topology.queue, (message) => message && this.receive(message), { noAck: false });
    this.consumerTag = consumerTag;
    this.options.logger.info('confirm bridge consuming', { queue: topology.queue, batchSize, concurrency });
    return { closed };
  }

  private dropConnection() {
    // Unacknowledged deliveries of a dead channel are redelivered by the broker: forget them here.
    this.pending = [];
    clearTimeout(this.windowTimer);
    this.windowTimer = undefined;
    this.channel = undefined;
    this.connection = undefined;
  }

  private receive(message: ConsumeMessage) {
    const headers = message.properties.headers ?? {};
    // Receives the bridge counted (failures routed through a retry queue) plus redeliveries
    // the broker counted (a consumer died holding the message).
    const previous = Number(headers[RECEIVE_COUNT_HEADER] ?? 0) + Number(headers['x-delivery-count'] ?? 0);
    const receiveCount = previous + 1;
    this.pending.push({ message, receiveCount, record: this.toRecord(message, receiveCount) });
    if (this.pending.length >= this.options.batchSize) this.flush();
    else this.windowTimer ??= setTimeout(() => this.flush(), this.options.batchWindowMs);
  }

  private flush(all = false) {
    clearTimeout(this.windowTimer);
    this.windowTimer = undefined;
    while (this.pending.length && this.channel) {
      const batch = this.pending.splice(0, this.options.batchSize);
      const work = this.handle(this.channel, batch).catch((error: Error) =>
        this.options.logger.error('confirm bridge could not settle a batch; the broker will redeliver it', { error }),
      );
      this.inFlight.add(work);
      void work.finally(() => this.inFlight.delete(work));
      if (!all) break;
    }
  }

  private async handle(channel: ConfirmChannel, batch: Delivery[]): Promise<void> {
    const failed = await this.invoke(batch);
    const retried = batch.filter((d) => failed.has(d.record.messageId));
    for (const delivery of retried) this.reroute(channel, delivery);
    if (retried.length) await channel.waitForConfirms();
    for (const delivery of batch) channel.ack(delivery.message);
    if (this.pending.length >= this.options.batchSize) this.flush();
  }

  /** Runs the handler; returns the message ids that failed (all of them if it threw or overran). */
  private async invoke(batch: Delivery[]): Promise<Set<string>> {
    const all = new Set(batch.map((d) => d.record.messageId));
    const event: SQSEvent = { Records: batch.map((d) => d.record) };
    const deadline = Date.now() + this.options.visibilityTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const overrun = new Promise<'overrun'>((resolve) => {
      timer = setTimeout(() => resolve('overrun'), this.options.visibilityTimeoutMs);
    });
    try {
      const result = await Promise.race([this.options.handler(event, localLambdaContext(this.options.functionName ?? 'confirmOrder', { deadline })), overrun]);
      if (result === 'overrun') {
        this.options.logger.warn('confirm batch overran the visibility timeout; retrying its records', { records: batch.length });
        return all;
      }
      return new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      this.options.logger.warn('confirm handler threw; retrying the whole batch', { error: error as Error });
      return all;
    } finally {
      clearTimeout(timer);
    }
  }

  private reroute(channel: ConfirmChannel, delivery: Delivery) {
    const { topology, maxReceiveCount } = this.options;
    const exhausted = delivery.receiveCount >= maxReceiveCount;
    const target = exhausted ? topology.deadLetterQueue : topology.retryQueues[delivery.receiveCount - 1]!.name;
    const { properties, content } = delivery.message;
    const headers: Record<string, unknown> = { ...properties.headers, [RECEIVE_COUNT_HEADER]: delivery.receiveCount };
    delete headers['x-delivery-count'];
    delete headers['x-death'];
    channel.sendToQueue(target, content, {
      persistent: true,
      contentType: properties.contentType,
      messageId: delivery.record.messageId,
      timestamp: properties.timestamp,
      headers,
    });
  }

  private toRecord(message: ConsumeMessage, receiveCount: number): SQSRecord {
    const body = message.content.toString('utf8');
    const now = String(Date.now());
    return {
      messageId: message.properties.messageId ?? randomUUID(),
      receiptHandle: String(message.fields.deliveryTag),
      body,
      attributes: {
        ApproximateReceiveCount: String(receiveCount),
        SentTimestamp: String(message.properties.timestamp ?? now),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: now,
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:local:000000000000:${this.options.topology.queue}`,
      awsRegion: 'local',
    };
  }

}
