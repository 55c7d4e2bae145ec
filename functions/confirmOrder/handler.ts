import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseOrderMessage } from '../../lib/adapters/queue/orderMessage';
import { dependencies } from '../../lib/dependencies';
import { withLogKeys } from '../../lib/logger';
import { confirmOrder, failOrder } from '../../lib/orders/confirmOrder';

/**
 * SQS batch → one confirmation per record; failed records are reported back so only
 * they are retried (ReportBatchItemFailures). On the last allowed receive, a record that
 * fails again marks its order FAILED before being reported, so the dead-letter queue
 * only ever holds orders that already gave their stock back.
 */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  const deps = dependencies();
  const processor = new BatchProcessor(EventType.SQS);
  try {
    return await processPartialResponse(event, confirmRecord, processor, { context, throwOnFullBatchFailure: false });
  } finally {
    deps.metrics.flush();
  }
};

async function confirmRecord(record: SQSRecord): Promise<void> {
  const deps = dependencies();
  const message = parseOrderMessage(record.body);
  if (!message) {
    // Retrying cannot fix a malformed message: report it so it lands in the DLQ for inspection.
    deps.logger.error('unreadable order message', { messageId: record.messageId, body: record.body.slice(0, 200) });
    throw new Error(`unreadable order message ${record.messageId}`);
  }
  const { orderId, correlationId } = message;
  const receiveCount = Number(record.attributes.ApproximateReceiveCount) || 1;
  if (receiveCount > 1) deps.metrics.count('ConfirmRetries');
  // Every line logged for this record, here or below, names the order and the request that placed it.
  await withLogKeys({ orderId, correlationId, messageId: record.messageId }, async () => {
    try {
      const outcome = await confirmOrder(deps, orderId);
      deps.logger.info('order confirmation processed', { orderId, outcome, receiveCount });
    } catch (error) {
      const lastAttempt = receiveCount >= deps.config.queue.maxReceiveCount;
      deps.logger.warn('order confirmation failed', { orderId, receiveCount, lastAttempt, error: error as Error });
      if (lastAttempt) await failOrder(deps, orderId, `gave up after ${receiveCount} attempts: ${(error as Error).message}`);
      throw error;
    }
  });
}
