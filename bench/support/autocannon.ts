import autocannon from 'autocannon';

export interface HttpLoad {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

/** A bounded autocannon run against a local URL; bodies rotate through `bodies` when given. */
export async function httpLoad(options: { url: string; method?: 'GET' | 'POST'; bodies?: string[]; connections: number; durationSeconds: number }): Promise<HttpLoad> {
  const bodies = options.bodies;
  let i = 0;
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    connections: options.connections,
    duration: options.durationSeconds,
    headers: bodies ? { 'content-type': 'application/json' } : {},
    requests: bodies ? [{ setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }) }] : undefined,
  });
  return {
    requests: result.requests.total,
    perSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
