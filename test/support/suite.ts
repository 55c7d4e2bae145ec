import { randomBytes } from 'node:crypto';
import amqp from 'amqplib';
import { closeDependencies, dependencies, type Dependencies } from '../../lib/dependencies';
import { createTestDatabase } from './databases';

export interface Suite {
  deps(): Dependencies;
  databaseUrl(): string;
  queue(): string;
}

/**
 * Gives the calling test file its own database (a copy of the migrated template) and its
 * own RabbitMQ queues, points the process configuration at them, and removes both at the end.
 */
export function useIsolatedServices(env: Record<string, string> = {}): Suite {
  let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  const queue = `test-${randomBytes(4).toString('hex')}-orders-confirm`;

  beforeAll(async () => {
    db = await createTestDatabase();
    Object.assign(process.env, { DATABASE_URL: db.url, CONFIRM_QUEUE: queue, ...env });
  });

  afterAll(async () => {
    await closeDependencies();
    await deleteQueues(queue);
    await db?.drop();
  });

  return {
    deps: () => dependencies(),
    databaseUrl: () => db!.url,
    queue: () => queue,
  };
}

async function deleteQueues(prefix: string): Promise<void> {
  const connection = await amqp.connect(process.env.RABBITMQ_URL ?? 'amqp://guest:guest@localhost:5672');
  try {
    const channel = await connection.createChannel();
    const maxRetries = 20;
    for (const name of [prefix, `${prefix}-dlq`, ...Array.from({ length: maxRetries }, (_, i) => `${prefix}-retry-${i + 1}`)]) {
      await channel.deleteQueue(name);
    }
  } finally {
    await connection.close();
  }
}
