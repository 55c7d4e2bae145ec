import { dependencies } from '../../lib/dependencies';
import { relayOutbox } from '../../lib/orders/relayOutbox';

/** Scheduled: publishes orders whose message did not reach the queue at placement time. */
export const handler = async (): Promise<{ published: number }> => {
  const deps = dependencies();
  const result = await relayOutbox(deps, { batchSize: 100, minAgeMs: 5_000, maxBatches: 50 });
  if (result.error) {
    deps.logger.warn('outbox relay stopped early: the queue refused a batch', { published: result.published, error: result.error });
  } else if (result.published) {
    deps.logger.info('outbox relay published orders', { published: result.published });
  }
  return { published: result.published };
};
