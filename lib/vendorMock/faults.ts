import type { HttpResult } from '../http/middleware';
import { vendorProblem } from './responses';
import type { FaultSettings } from './types';

/**
 * Longer than any sensible client timeout (VENDOR_TIMEOUT_MS is 5 s by default), so the
 * client gives up first; within the function's 29 s timeout, so the mock still answers 504.
 */
export const HANG_MS = 25_000;

export interface FaultDice {
  /** Uniform in [0, 1): tests fix it to choose which fault fires. */
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * Misbehaves as configured, before the vendor does any work (so a fault never changes
 * state): the latency is always added; then at most one of timeout, server error or
 * rate limit, each drawn with its own probability. Returns the fault's answer, or
 * undefined to serve the request.
 */
export async function injectFaults(settings: FaultSettings, dice: FaultDice): Promise<HttpResult | undefined> {
  const draws = (rate: number) => rate > 0 && dice.random() < rate;
  if (settings.latencyMs > 0) await dice.sleep(settings.latencyMs);
  if (draws(settings.timeoutRate)) {
    await dice.sleep(HANG_MS);
    return vendorProblem(504, 'vendor_timeout', 'Gateway timeout', 'the vendor did not answer in time (simulated)');
  }
  if (draws(settings.errorRate)) {
    return vendorProblem(503, 'vendor_error', 'Service unavailable', 'the vendor failed (simulated)');
  }
  if (draws(settings.rateLimitRate)) {
    return vendorProblem(429, 'rate_limited', 'Too many requests', 'the vendor is rate limiting (simulated)', { headers: { 'retry-after': '1' } });
  }
  return undefined;
}
