import { GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { randomUUID } from 'node:crypto';
import { sqsPublisher } from './sqs';

// SQS cannot run on this machine; this is the one place a mock stands in for a real service.
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/000000000000/order-aggregator-prod-confirm';

describe('sqsPublisher', () => {
  const sqs = mockClient(SQSClient);
  beforeEach(() => sqs.reset());

  it('sends messages in batches of at most ten, bodies as JSON', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const messages = Array.from({ length: 23 }, () => ({ orderId: randomUUID() }));

    await sqsPublisher(new SQSClient({ region: 'eu-west-1' }), QUEUE_URL).publish(messages);

    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls.map((c) => c.args[0].input.Entries!.length)).toEqual([10, 10, 3]);
    expect(calls.every((c) => c.args[0].input.QueueUrl === QUEUE_URL)).toBe(true);
    const sent = calls.flatMap((c) => c.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!)));
    expect(sent).toEqual(messages);
  });

  it('rejects when SQS fails some entries of a batch, so the outbox keeps the order', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'm', MD5OfMessageBody: 'x' }], Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }] });
    const publisher = sqsPublisher(new SQSClient({ region: 'eu-west-1' }), QUEUE_URL);
    await expect(publisher.publish([{ orderId: randomUUID() }, { orderId: randomUUID() }])).rejects.toThrow(/SQS refused 1 of 2 messages \(InternalError\)/);
  });

  it('pings by reading the queue attributes', async () => {
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: 'arn' } });
    await sqsPublisher(new SQSClient({ region: 'eu-west-1' }), QUEUE_URL).ping();
    expect(sqs.commandCalls(GetQueueAttributesCommand)).toHaveLength(1);
  });
});
