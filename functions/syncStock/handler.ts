import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { closeDependencies, dependencies } from '../../lib/dependencies';
import { syncStock } from '../../lib/stock/syncStock';
import type { SyncOutcome } from '../../lib/stock/types';

/** Left for recording the run after the vendor reads are cut off at the deadline. */
const FINISH_MARGIN_MS = 5_000;

/** An EventBridge schedule event says so; `invoke local --data '{"trigger":"cli"}'` may name itself. */
const eventSchema = z.object({ 'detail-type': z.string().optional(), trigger: z.string().min(1).max(50).optional() }).catch({});

/** The schedule (and `osls invoke local -f syncStock`): runs one stock sync and returns its summary. */
export async function handler(event: unknown, context: Context): Promise<SyncOutcome> {
  const deps = dependencies();
  const parsed = eventSchema.parse(event ?? {});
  const trigger = parsed.trigger ?? (parsed['detail-type'] === 'Scheduled Event' ? 'schedule' : 'manual');
  try {
    return await syncStock(deps, { trigger, signal: AbortSignal.timeout(Math.max(1_000, context.getRemainingTimeInMillis() - FINISH_MARGIN_MS)) });
  } finally {
    deps.metrics.flush();
    // A one-shot process (invoke local) would otherwise wait for the pool's idle timeout to exit.
    if (deps.config.closeConnectionsAfterInvoke) await closeDependencies();
  }
}
