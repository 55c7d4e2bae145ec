import type { Sql } from './adapters/postgres/client';
import type { OrderPublisher } from './orders/ports';

export type CheckResult = 'ok' | 'failing';

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: { database: CheckResult; queue: CheckResult };
}

/** Each dependency gets a bounded time to answer, so a hung one cannot hang the check. */
export async function checkHealth(deps: { sql: Sql; publisher: OrderPublisher }, timeoutMs = 2000): Promise<HealthReport> {
  const [database, queue] = await Promise.all([
    probe(async () => {
      await deps.sql`SELECT 1`;
    }, timeoutMs),
    probe(() => deps.publisher.ping(), timeoutMs),
  ]);
  return { status: database === 'ok' && queue === 'ok' ? 'ok' : 'degraded', checks: { database, queue } };
}

async function probe(check: () => Promise<void>, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve('failing'), timeoutMs);
  });
  try {
    return await Promise.race([check().then((): CheckResult => 'ok', (): CheckResult => 'failing'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
