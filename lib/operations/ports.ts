import type { OrderStatus } from '../orders/types';

export interface DeadLetter {
  messageId: string;
  /** Null when the body is not a readable order message (a poison payload). */
  orderId: string | null;
  body: string;
  receiveCount: number;
}

export interface QueueDepths {
  /** Waiting for a worker. */
  ready: number;
  /** Waiting out a retry delay. */
  retrying: number;
  deadLetters: number;
}

/** Operator's view of the confirm queue, the same for RabbitMQ and SQS. */
export interface ConfirmQueueAdmin {
  depths(): Promise<QueueDepths>;
  /** Up to `limit` dead letters, left in place. */
  peekDeadLetters(limit: number): Promise<DeadLetter[]>;
  /** Moves dead letters back to the queue (all, or those whose order id `select` accepts), with a fresh receive count. */
  redrive(select: (letter: DeadLetter) => boolean): Promise<number>;
}

export interface OrderStatistics {
  byStatus: Record<OrderStatus, number>;
  oldestPendingAgeSeconds: number | null;
  outboxBacklog: number;
}

export interface OrderStatisticsReader {
  read(): Promise<OrderStatistics>;
  /** Status and failure reason of the given orders, for annotating dead letters. */
  statusOf(orderIds: string[]): Promise<Map<string, { status: OrderStatus; failureReason: string | null; attempts: number }>>;
}
