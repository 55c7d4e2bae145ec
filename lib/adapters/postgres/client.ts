import postgres from 'postgres';

export type Sql = postgres.Sql<{}>;
export type TransactionSql = postgres.TransactionSql<{}>;

export interface DatabaseOptions {
  url: string;
  poolMax: number;
  applicationName?: string;
  /**
   * false: commits do not wait for the WAL flush. Only for writes whose loss in a crash
   * is harmless (marking an outbox row sent: at worst the relay publishes it again).
   */
  durableCommits?: boolean;
}

/**
 * One pool per process. Column names come back camelCased, so rows map onto the
 * domain types without a translation layer. Idle connections are closed after a few
 * seconds: a Lambda container or `invoke local` should not pin connections it no longer uses.
 */
export function createSql(options: DatabaseOptions): Sql {
  return postgres(options.url, {
    max: options.poolMax,
    idle_timeout: 20,
    connect_timeout: 5,
    max_lifetime: 60 * 30,
    transform: postgres.camel,
    onnotice: () => {},
    connection: {
      application_name: options.applicationName ?? 'order-aggregator',
      ...(options.durableCommits === false ? { synchronous_commit: 'off' } : {}),
    },
  });
}

/** PostgreSQL error codes that mean "try again", not "this request is wrong". */
const TRANSIENT_CODES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '57P01', // admin_shutdown (pg_terminate_backend, restart)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000', '08003', '08006', '08001', '08004',
]);
const TRANSIENT_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED']);

export function isTransientDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (TRANSIENT_CODES.has(code) || TRANSIENT_NETWORK.has(code));
}
