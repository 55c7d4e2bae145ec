import { randomUUID } from 'node:crypto';
import { config, type Config } from './config';
import { createSql, type Sql } from './adapters/postgres/client';
import { postgresConfirmationStore } from './adapters/postgres/confirmations';
import { postgresOrderStore } from './adapters/postgres/orders';
import { postgresOutbox } from './adapters/postgres/outbox';
import { SQSClient } from '@aws-sdk/client-sqs';
import { RabbitConnection, rabbitPublisher } from './adapters/queue/rabbitmq';
import { sqsPublisher } from './adapters/queue/sqs';
import { rabbitQueueAdmin } from './adapters/queue/rabbitmqAdmin';
import { sqsQueueAdmin } from './adapters/queue/sqsAdmin';
import { postgresStuckOrderFinder } from './adapters/postgres/stuckOrders';
import { postgresOrderStatistics } from './adapters/postgres/orderStatistics';
import { postgresInvariantQueries } from './adapters/postgres/invariants';
import type { InvariantQueries } from './operations/verifyInvariants';
import type { ConfirmQueueAdmin, OrderStatisticsReader } from './operations/ports';
import { setTimeout as sleep } from 'node:timers/promises';
import { postgresProductCatalogue } from './adapters/postgres/products';
import { postgresStockStore } from './adapters/postgres/stock';
import { postgresSyncLock, postgresSyncRuns } from './adapters/postgres/syncRuns';
import { postgresVendorMockStore } from './adapters/postgres/vendorMock';
import { postgresVendorDirectory } from './adapters/postgres/vendors';
import { httpVendorStockSource } from './adapters/vendors/catalogue';
import { VendorHttp } from './adapters/vendors/http';
import { httpVendorOrderGateway } from './adapters/vendors/orders';
import { createLogger, type Logger } from './logger';
import { emfMetrics, noMetrics, type MetricsRecorder } from './observability';
import type { ConfirmationStore, OrderPublisher, OrderStore, Outbox, StuckOrderFinder, VendorOrderGateway } from './orders/ports';
import type { ProductCatalogue, StockStore, SyncLock, SyncRunStore, VendorDirectory, VendorStockSource } from './stock/ports';
import type { VendorMockStore } from './vendorMock/ports';

/**
 * The composition root: every adapter is built here, once per process, from the
 * validated configuration. Use cases receive what they need from this object; nothing
 * below lib/ reads the environment or constructs a driver itself.
 */
export interface Dependencies {
  config: Config;
  logger: Logger;
  /** Business metrics (CloudWatch EMF); silent when LOG_LEVEL=SILENT, as in the test suites. */
  metrics: MetricsRecorder;
  sql: Sql;
  /** Commits without waiting for the WAL flush: only for writes whose loss is harmless. */
  relaxedSql: Sql;
  orders: OrderStore;
  confirmations: ConfirmationStore;
  outbox: Outbox;
  publisher: OrderPublisher;
  queueAdmin: ConfirmQueueAdmin;
  stuckOrders: StuckOrderFinder;
  orderStatistics: OrderStatisticsReader;
  /** The consistency checks behind `npm run verify`. */
  invariants: InvariantQueries;
  vendors: VendorDirectory;
  vendorStock: VendorStockSource;
  vendorOrders: VendorOrderGateway;
  stock: StockStore;
  syncRuns: SyncRunStore;
  syncLock: SyncLock;
  products: ProductCatalogue;
  /** The simulated vendors' own state (functions/vendorMock). */
  vendorMock: VendorMockStore;
  newId: () => string;
  now: () => Date;
  /** Uniform in [0, 1); the vendor mocks draw their faults from it. */
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

let current: Dependencies | undefined;

export function dependencies(): Dependencies {
  current ??= build(config());
  return current;
}

function build(cfg: Config): Dependencies {
  const logger = createLogger('order-aggregator', cfg.logLevel);
  const metrics = cfg.logLevel === 'SILENT' ? noMetrics : emfMetrics({ serviceName: 'order-aggregator', stage: cfg.stage });
  const sql = createSql({ url: cfg.database.url, poolMax: cfg.database.poolMax });
  const relaxedSql = createSql({ url: cfg.database.url, poolMax: 2, durableCommits: false, applicationName: 'order-aggregator-outbox' });
  const { publisher, queueAdmin } = buildQueue(cfg);
  const vendors = postgresVendorDirectory(sql);
  const stale = { defaultStaleAfterSeconds: cfg.stock.staleAfterSeconds };
  // One client for stock reads and orders alike, so a vendor's circuit opens for both.
  const vendorHttp = new VendorHttp({
    timeoutMs: cfg.vendors.timeoutMs,
    maxRetries: cfg.vendors.maxRetries,
    retryBaseDelayMs: cfg.vendors.retryBaseDelayMs,
    logger,
  });
  return {
    config: cfg,
    logger,
    metrics,
    sql,
    relaxedSql,
    orders: postgresOrderStore(sql),
    confirmations: postgresConfirmationStore(sql, { staleAfterSeconds: cfg.stock.staleAfterSeconds }),
    outbox: postgresOutbox(sql, relaxedSql),
    publisher,
    queueAdmin,
    stuckOrders: postgresStuckOrderFinder(sql),
    orderStatistics: postgresOrderStatistics(sql),
    invariants: postgresInvariantQueries(sql),
    vendors,
    vendorStock: httpVendorStockSource(vendorHttp, { defaultBaseUrl: cfg.vendors.baseUrl, pageSize: cfg.vendors.pageSize }),
    vendorOrders: httpVendorOrderGateway(vendorHttp, { defaultBaseUrl: cfg.vendors.baseUrl, findVendor: (id) => vendors.find(id) }),
    stock: postgresStockStore(sql, stale),
    syncRuns: postgresSyncRuns(sql),
    syncLock: postgresSyncLock(sql),
    products: postgresProductCatalogue(sql, stale),
    vendorMock: postgresVendorMockStore(sql),
    newId: randomUUID,
    now: () => new Date(),
    random: Math.random,
    sleep: (ms) => sleep(ms),
  };
}

/** The confirm queue's two faces, publishing and operating, over one connection or client. */
function buildQueue(cfg: Config): { publisher: OrderPublisher; queueAdmin: ConfirmQueueAdmin } {
  if (cfg.queue.driver === 'sqs') {
    const client = new SQSClient({});
    return {
      publisher: sqsPublisher(client, cfg.queue.sqsQueueUrl!),
      queueAdmin: sqsQueueAdmin(client, cfg.queue.sqsQueueUrl!, cfg.queue.sqsDlqUrl ?? cfg.queue.sqsQueueUrl!),
    };
  }
  const connection = new RabbitConnection({
    url: cfg.queue.rabbitmqUrl,
    queue: cfg.queue.confirmQueue,
    maxReceiveCount: cfg.queue.maxReceiveCount,
    retryBaseDelayMs: cfg.queue.retryBaseDelayMs,
  });
  return { publisher: rabbitPublisher(connection), queueAdmin: rabbitQueueAdmin(connection) };
}

/** Closes pools and connections: for scripts, `invoke local` and tests, so the process can exit. */
export async function closeDependencies(): Promise<void> {
  const deps = current;
  current = undefined;
  if (!deps) return;
  await Promise.allSettled([deps.publisher.close(), deps.sql.end({ timeout: 5 }), deps.relaxedSql.end({ timeout: 5 })]);
}
