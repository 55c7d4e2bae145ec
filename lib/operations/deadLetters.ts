import type { ConfirmQueueAdmin, OrderStatisticsReader } from './ports';

export interface DeadLetterView {
  messageId: string;
  orderId: string | null;
  receiveCount: number;
  orderStatus: string | null;
  lastError: string | null;
  attempts: number | null;
  body: string;
}

/** The dead-letter queue as an operator reads it: each message with its order's state and last error. */
export async function listDeadLetters(
  deps: { queueAdmin: ConfirmQueueAdmin; orderStatistics: OrderStatisticsReader },
  limit: number,
): Promise<DeadLetterView[]> {
  const letters = await deps.queueAdmin.peekDeadLetters(limit);
  const orders = await deps.orderStatistics.statusOf(letters.flatMap((l) => (l.orderId ? [l.orderId] : [])));
  return letters.map((letter) => {
    const order = letter.orderId ? orders.get(letter.orderId) : undefined;
    return {
      messageId: letter.messageId,
      orderId: letter.orderId,
      receiveCount: letter.receiveCount,
      orderStatus: order?.status ?? null,
      lastError: order?.failureReason ?? (letter.orderId ? null : 'unreadable message body'),
      attempts: order?.attempts ?? null,
      body: letter.body,
    };
  });
}

/**
 * Sends dead letters back through confirmation. Safe for any of them: confirmOrder
 * acknowledges a message whose order is already final without changing anything, and
 * confirms one whose order is still PENDING.
 */
export async function redriveDeadLetters(deps: { queueAdmin: ConfirmQueueAdmin }, orderIds?: string[]): Promise<{ redriven: number }> {
  const wanted = orderIds ? new Set(orderIds) : undefined;
  const redriven = await deps.queueAdmin.redrive((letter) => !wanted || (letter.orderId !== null && wanted.has(letter.orderId)));
  return { redriven };
}
