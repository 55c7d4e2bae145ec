import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { sqsQueueAdmin } from './sqsAdmin';

// SQS cannot run on this machine; aws-sdk-client-mock stands in for AWS itself.
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/000000000000/confirm';
const DLQ = 'https://sqs.eu-west-1.amazonaws.com/000000000000/confirm-dlq';
const ORDER_A = '3f0c8a4e-1d2b-4c5d-8e9f-0a1b2c3d4e5f';
const ORDER_B = '7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('sqsQueueAdmin', () => {
  const sqs = mockClient(SQSClient);
  beforeEach(() => sqs.reset());

  const deadLetters = [
    { MessageId: 'm1', ReceiptHandle: 'r1', Body: JSON.stringify({ orderId: ORDER_A }), Attributes: { ApproximateReceiveCount: '6' } },
    { MessageId: 'm2', ReceiptHandle: 'r2', Body: JSON.stringify({ orderId: ORDER_B }), Attributes: { ApproximateReceiveCount: '6' } },
    { MessageId: 'm3', ReceiptHandle: 'r3', Body: 'garbage', Attributes: { ApproximateReceiveCount: '6' } },
  ];

  it('reads queue and dead-letter depths from the queue attributes', async () => {
    sqs.on(GetQueueAttributesCommand, { QueueUrl: QUEUE, AttributeNames: ['ApproximateNumberOfMessages'] }).resolves({ Attributes: { ApproximateNumberOfMessages: '12' } });
    sqs.on(GetQueueAttributesCommand, { QueueUrl: QUEUE, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }).resolves({ Attributes: { ApproximateNumberOfMessagesNotVisible: '3' } });
    sqs.on(GetQueueAttributesCommand, { QueueUrl: DLQ, AttributeNames: ['ApproximateNumberOfMessages'] }).resolves({ Attributes: { ApproximateNumberOfMessages: '2' } });

    expect(await sqsQueueAdmin(new SQSClient({}), QUEUE, DLQ).depths()).toEqual({ ready: 12, retrying: 3, deadLetters: 2 });
  });

  it('peeks dead letters and makes them visible again at once', async () => {
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: deadLetters }).resolves({ Messages: [] });

    const letters = await sqsQueueAdmin(new SQSClient({}), QUEUE, DLQ).peekDeadLetters(10);

    expect(letters.map((l) => [l.messageId, l.orderId, l.receiveCount])).toEqual([
      ['m1', ORDER_A, 6],
      ['m2', ORDER_B, 6],
      ['m3', null, 6],
    ]);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => [c.args[0].input.ReceiptHandle, c.args[0].input.VisibilityTimeout])).toEqual([
      ['r1', 0],
      ['r2', 0],
      ['r3', 0],
    ]);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  });

  it('redrives only the selected dead letters: sent to the queue first, deleted from the DLQ after', async () => {
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: deadLetters }).resolves({ Messages: [] });
    sqs.on(SendMessageCommand).resolves({ MessageId: 'new' });

    const moved = await sqsQueueAdmin(new SQSClient({}), QUEUE, DLQ).redrive((letter) => letter.orderId === ORDER_B);

    expect(moved).toBe(1);
    expect(sqs.commandCalls(SendMessageCommand).map((c) => [c.args[0].input.QueueUrl, c.args[0].input.MessageBody])).toEqual([[QUEUE, JSON.stringify({ orderId: ORDER_B })]]);
    expect(sqs.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.ReceiptHandle)).toEqual(['r2']);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input.ReceiptHandle)).toEqual(['r1', 'r3']);
  });

  it('keeps a dead letter whose copy could not be sent', async () => {
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: deadLetters.slice(0, 1) }).resolves({ Messages: [] });
    sqs.on(SendMessageCommand).rejects(new Error('throttled'));

    await expect(sqsQueueAdmin(new SQSClient({}), QUEUE, DLQ).redrive(() => true)).rejects.toThrow('throttled');
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  });
});
