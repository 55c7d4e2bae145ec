import type { OrderPublisher, Outbox } from './ports';

export interface RelayOptions {
  batchSize: number;
  /** Rows younger than this are left to the request that wrote them, which publishes right after commit. */
  minAgeMs: number;
  /** Stop after this many batches, so a scheduled run fits its time limit. */
  maxBatches: number;
}

/** Publishes outbox rows the broker has not taken yet; returns how many were published. */
export async function relayOutbox(deps: { outbox: Outbox; publisher: OrderPublisher }, options: RelayOptions): Promise<{ published: number; error?: Error }> {
  let published = 0;
  for (let batch = 0; batch < options.maxBatches; batch++) {
    const result = await deps.outbox.relay(options.batchSize, options.minAgeMs, (entries) =>
      deps.publisher.publish(entries.map((e) => e.message)),
    );
    published += result.published;
    if (result.error) return { published, error: result.error };
    if (result.published < options.batchSize) break;
  }
  return { published };
}
