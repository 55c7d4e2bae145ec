import { randomUUID } from 'node:crypto';
import { config, type Config } from './config';
import { createSql, type Sql } from './adapters/postgres/client';
import { postgresConfirmationStore } from './adapters/postgres/confirmations';
import { postgresOrderStore } from './adapters/postgres/orders';
import { postgresOutbox } from './adapters/postgres/outbox';
import { SQSClient } from '@aws-sdk/client-sqs';
import { RabbitConnection, rabbitPublisher } from './adapters/queue/rabbitmq';
import { sqsPublisher } from './adapters/queue/sqs';
import { createLogger, type Logger } from './logger';
import type { ConfirmationStore, OrderPublisher, OrderStore, Outbox } from './orders/ports';

/**
 * The composition root: every adapter is built here, once per process, from the
 * validated configuration. Use cases receive what they need from this object; nothing
 * below lib/ reads the environment or constructs a driver itself.
 */
export interface Dependencies {
  config: Config;
  logger: Logger;
  sql: Sql;
  orders: OrderStore;
  confirmations: ConfirmationStore;
  outbox: Outbox;
  publisher: OrderPublisher;
  newId: () => string;
  now: () => Date;
}

let current: Dependencies | undefined;

export function dependencies(): Dependencies {
  current ??= build(config());
  return current;
}

function build(cfg: Config): Dependencies {
  const logger = createLogger('order-aggregator', cfg.logLevel);
  const sql = createSql({ url: cfg.database.url, poolMax: cfg.database.poolMax });
  const publisher = buildPublisher(cfg);
  return {
    config: cfg,
    logger,
    sql,
    orders: postgresOrderStore(sql),
    confirmations: postgresConfirmationStore(sql, { staleAfterSeconds: cfg.stock.staleAfterSeconds }),
    outbox: postgresOutbox(sql),
    publisher,
    newId: randomUUID,
    now: () => new Date(),
  };
}

function buildPublisher(cfg: Config): OrderPublisher {
  if (cfg.queue.driver === 'sqs') return sqsPublisher(new SQSClient({}), cfg.queue.sqsQueueUrl!);
  return rabbitPublisher(
    new RabbitConnection({
      url: cfg.queue.rabbitmqUrl,
      queue: cfg.queue.confirmQueue,
      maxReceiveCount: cfg.queue.maxReceiveCount,
      retryBaseDelayMs: cfg.queue.retryBaseDelayMs,
    }),
  );
}

/** Closes pools and connections: for scripts, `invoke local` and tests, so the process can exit. */
export async function closeDependencies(): Promise<void> {
  const deps = current;
  current = undefined;
  if (!deps) return;
  await Promise.allSettled([deps.publisher.close(), deps.sql.end({ timeout: 5 })]);
}
