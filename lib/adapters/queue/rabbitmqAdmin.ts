import type { GetMessage } from 'amqplib';
import type { ConfirmQueueAdmin, DeadLetter } from '../../operations/ports';
import { orderIdOf } from './orderMessage';
import type { RabbitConnection } from './rabbitmq';
import { RECEIVE_COUNT_HEADER } from './topology';

export function rabbitQueueAdmin(connection: RabbitConnection): ConfirmQueueAdmin {
  const { topology } = connection;

  function toLetter(message: GetMessage): DeadLetter {
    const body = message.content.toString('utf8');
    return {
      messageId: message.properties.messageId ?? `delivery-${message.fields.deliveryTag}`,
      orderId: orderIdOf(body),
      body,
      receiveCount: Number(message.properties.headers?.[RECEIVE_COUNT_HEADER] ?? 0),
    };
  }

  return {
    async depths() {
      const channel = await connection.channel();
      const ready = (await channel.checkQueue(topology.queue)).messageCount;
      let retrying = 0;
      for (const retry of topology.retryQueues) retrying += (await channel.checkQueue(retry.name)).messageCount;
      const deadLetters = (await channel.checkQueue(topology.deadLetterQueue)).messageCount;
      return { ready, retrying, deadLetters };
    },

    async peekDeadLetters(limit) {
      // RabbitMQ has no peek: take the messages without acknowledging them, then give
      // them all back. The DLQ has no delivery limit, so this costs them nothing.
      const channel = await connection.channel();
      const taken: GetMessage[] = [];
      while (taken.length < limit) {
        const message = await channel.get(topology.deadLetterQueue, { noAck: false });
        if (!message) break;
        taken.push(message);
      }
      const letters = taken.map(toLetter);
      for (const message of taken) channel.nack(message, false, true);
      return letters;
    },

    async redrive(select) {
      const channel = await connection.channel();
      // Only as many gets as there were messages: the ones given back must not be seen twice.
      const { messageCount } = await channel.checkQueue(topology.deadLetterQueue);
      const moving: GetMessage[] = [];
      const keeping: GetMessage[] = [];
      for (let i = 0; i < messageCount; i++) {
        const message = await channel.get(topology.deadLetterQueue, { noAck: false });
        if (!message) break;
        (select(toLetter(message)) ? moving : keeping).push(message);
      }
      for (const message of moving) {
        const headers: Record<string, unknown> = { ...message.properties.headers };
        // A redriven message starts over, as in SQS: a full set of receives.
        delete headers[RECEIVE_COUNT_HEADER];
        delete headers['x-death'];
        delete headers['x-delivery-count'];
        channel.sendToQueue(topology.queue, message.content, {
          persistent: true,
          contentType: message.properties.contentType,
          messageId: message.properties.messageId,
          headers,
        });
      }
      if (moving.length) await channel.waitForConfirms();
      // Acknowledged only once the broker holds the copies: a crash here duplicates, never loses.
      for (const message of moving) channel.ack(message);
      for (const message of keeping) channel.nack(message, false, true);
      return moving.length;
    },
  };
}
