import { randomBytes } from 'node:crypto';
import { deleteConfirmQueues } from '../../lib/adapters/queue/topology';
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
    // Suites may raise CONFIRM_MAX_RECEIVE_COUNT: delete as many retry queues as any of them declares.
    await deleteConfirmQueues(process.env.RABBITMQ_URL ?? 'amqp://guest:guest@localhost:5672', queue, 21);
    await db?.drop();
  });

  return {
    deps: () => dependencies(),
    databaseUrl: () => db!.url,
    queue: () => queue,
  };
}
