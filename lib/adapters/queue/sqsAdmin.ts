import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { ConfirmQueueAdmin, DeadLetter } from '../../operations/ports';
import { orderIdOf } from './orderMessage';

export function sqsQueueAdmin(client: SQSClient, queueUrl: string, deadLetterQueueUrl: string): ConfirmQueueAdmin {
  async function count(url: string, attribute: 'ApproximateNumberOfMessages' | 'ApproximateNumberOfMessagesNotVisible') {
    const result = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [attribute] }));
    return Number(result.Attributes?.[attribute] ?? 0);
  }

  /** Receives up to `limit` dead letters, hidden from other readers for `visibilitySeconds`. */
  async function receive(limit: number, visibilitySeconds: number): Promise<Message[]> {
    const messages: Message[] = [];
    while (messages.length < limit) {
      const result = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: deadLetterQueueUrl,
          MaxNumberOfMessages: Math.min(10, limit - messages.length),
          VisibilityTimeout: visibilitySeconds,
          WaitTimeSeconds: 0,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      if (!result.Messages?.length) break;
      messages.push(...result.Messages);
    }
    return messages;
  }

  function toLetter(message: Message): DeadLetter {
    const body = message.Body ?? '';
    return {
      messageId: message.MessageId ?? '',
      orderId: orderIdOf(body),
      body,
      receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
    };
  }

  async function release(message: Message) {
    await client.send(new ChangeMessageVisibilityCommand({ QueueUrl: deadLetterQueueUrl, ReceiptHandle: message.ReceiptHandle!, VisibilityTimeout: 0 }));
  }

  return {
    async depths() {
      const [ready, inFlight, deadLetters] = await Promise.all([
        count(queueUrl, 'ApproximateNumberOfMessages'),
        count(queueUrl, 'ApproximateNumberOfMessagesNotVisible'),
        count(deadLetterQueueUrl, 'ApproximateNumberOfMessages'),
      ]);
      return { ready, retrying: inFlight, deadLetters };
    },

    async peekDeadLetters(limit) {
      const messages = await receive(limit, 30);
      await Promise.all(messages.map(release));
      return messages.map(toLetter);
    },

    async redrive(select) {
      const messages = await receive(1000, 60);
      let moved = 0;
      for (const message of messages) {
        if (!select(toLetter(message))) {
          await release(message);
          continue;
        }
        // Send first, delete second: a failure in between leaves a duplicate, which confirmOrder absorbs.
        await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: message.Body ?? '' }));
        await client.send(new DeleteMessageCommand({ QueueUrl: deadLetterQueueUrl, ReceiptHandle: message.ReceiptHandle! }));
        moved++;
      }
      return moved;
    },
  };
}
