import { config } from '../../lib/config';
import { closeDependencies, dependencies } from '../../lib/dependencies';
import { confirmQueueTopology } from '../../lib/adapters/queue/topology';
import { reapStuckOrders } from '../../lib/orders/reapStuckOrders';
import { relayOutbox } from '../../lib/orders/relayOutbox';
import { handler as confirmOrderHandler } from '../../functions/confirmOrder/handler';
import { ConfirmBridge } from './bridge';
import { checkServices } from './preflight';
import { exportConfirmSettings } from './serverlessSettings';

/**
 * The confirmation worker: the RabbitMQ → confirmOrder bridge and the outbox relay loop,
 * in one process that can run and scale apart from the HTTP side (`npm run worker`),
 * and that `npm start` runs beside serverless offline.
 */
export async function startWorker(options: { relayIntervalMs?: number; reapIntervalMs?: number; concurrency?: number } = {}) {
  exportConfirmSettings();
  const cfg = config();
  const deps = dependencies();
  const q = cfg.queue;
  const bridge = new ConfirmBridge({
    url: q.rabbitmqUrl,
    topology: confirmQueueTopology(q.confirmQueue, q.maxReceiveCount, q.retryBaseDelayMs),
    maxReceiveCount: q.maxReceiveCount,
    batchSize: q.batchSize,
    batchWindowMs: q.batchWindowMs,
    visibilityTimeoutMs: q.visibilityTimeoutSeconds * 1000,
    concurrency: options.concurrency ?? Number(process.env.WORKER_CONCURRENCY ?? 4),
    handler: confirmOrderHandler,
    logger: deps.logger,
  });
  await bridge.start();

  // A short loop instead of the one-minute schedule used in AWS: orders accepted while
  // the broker was down go out within seconds of it coming back.
  const relayEvery = options.relayIntervalMs ?? 1000;
  let relaying = Promise.resolve();
  const relayTimer = setInterval(() => {
    relaying = relaying.then(async () => {
      const result = await relayOutbox(deps, { batchSize: 200, minAgeMs: 2000, maxBatches: 20 }).catch((error: Error) => ({ published: 0, error }));
      if (result.published) deps.logger.info('outbox relay published orders', { published: result.published });
      if (result.error) deps.logger.debug('outbox relay waiting for the broker', { error: result.error });
    });
  }, relayEvery);

  // The reaper's schedule in AWS is one minute; locally the same job runs every few seconds.
  let reaping = Promise.resolve();
  const reapTimer = setInterval(() => {
    reaping = reaping.then(async () => {
      await reapStuckOrders(deps, {
        olderThanSeconds: cfg.orders.reapPendingAfterSeconds,
        maxReceiveCount: q.maxReceiveCount,
        limit: 500,
      }).catch((error: Error) => deps.logger.warn('reaper run failed', { error }));
    });
  }, options.reapIntervalMs ?? 10_000);

  return {
    async stop() {
      clearInterval(relayTimer);
      clearInterval(reapTimer);
      await reaping;
      await bridge.stop();
      await relaying;
      await closeDependencies();
    },
  };
}

if (require.main === module) {
  exportConfirmSettings();
  void (async () => {
    const problems = await checkServices(config());
    if (problems.length) {
      for (const line of problems) console.error(line);
      process.exit(1);
    }
    const worker = await startWorker();
    console.log(`confirm worker running on queue ${config().queue.confirmQueue} (Ctrl-C to stop)`);
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      await worker.stop();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  })();
}
