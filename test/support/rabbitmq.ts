import { execFileSync } from 'node:child_process';
import amqp from 'amqplib';

const RABBITMQ_URL = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@localhost:5672';

/** Stops the broker's AMQP side (the node keeps running) and starts it again, like a broker restart. */
export function stopBroker(): void {
  execFileSync('rabbitmqctl', ['stop_app'], { stdio: 'ignore', timeout: 60_000 });
}

export function startBroker(): void {
  execFileSync('rabbitmqctl', ['start_app'], { stdio: 'ignore', timeout: 60_000 });
  execFileSync('rabbitmqctl', ['await_startup'], { stdio: 'ignore', timeout: 60_000 });
}

export async function queueDepth(queue: string): Promise<number> {
  const connection = await amqp.connect(RABBITMQ_URL);
  try {
    const channel = await connection.createChannel();
    return (await channel.checkQueue(queue)).messageCount;
  } finally {
    await connection.close();
  }
}
