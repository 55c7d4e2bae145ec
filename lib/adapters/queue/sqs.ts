import { GetQueueAttributesCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { OrderPublisher } from '../../orders/ports';

/** SQS takes at most ten messages per batch call. */
const SQS_BATCH_LIMIT = 10;

/**
 * Publishes order messages to the SQS confirm queue. A batch call can succeed while some
 * entries fail: those are reported as a rejection, so the outbox keeps them for the relay.
 */
export function sqsPublisher(client: SQSClient, queueUrl: string): OrderPublisher {
  return {
    async publish(messages) {
      for (let i = 0; i < messages.length; i += SQS_BATCH_LIMIT) {
        const chunk = messages.slice(i, i + SQS_BATCH_LIMIT);
        const result = await client.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: chunk.map((message, index) => ({ Id: String(index), MessageBody: JSON.stringify(message) })),
          }),
        );
        if (result.Failed?.length) {
          const reasons = result.Failed.map((f) => `${f.Code}${f.Message ? `: ${f.Message}` : ''}`).join('; ');
          throw new Error(`SQS refused ${result.Failed.length} of ${chunk.length} messages (${reasons})`);
        }
      }
    },
    async ping() {
      await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
    },
    async close() {
      client.destroy();
    },
  };
}

