import amqp from 'amqplib';
import postgres from 'postgres';
import type { Config } from '../../lib/config';

type Service = 'postgres' | 'rabbitmq';

const HOW_TO_START: Record<Service, string> = {
  postgres: 'start it (`docker compose up -d postgres`, or your system service) or set DATABASE_URL',
  rabbitmq: 'start it (`docker compose up -d rabbitmq`, or `rabbitmq-server -detached`) or set RABBITMQ_URL',
};

const NETWORK_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'CONNECT_TIMEOUT', 'ECONNRESET']);

/** One line naming the service and how to get it, or undefined when the error is something else. */
export function describeUnreachable(service: Service, url: string, error: unknown): string | undefined {
  const code = (error as { code?: string }).code ?? '';
  const message = String((error as Error)?.message ?? error);
  const unreachable = NETWORK_ERRORS.has(code) || /ECONNREFUSED|connect|timeout/i.test(message);
  const authFailed = code === '28P01' || code === '28000' || /ACCESS_REFUSED|authentication/i.test(message);
  if (!unreachable && !authFailed) return undefined;
  const where = new URL(url);
  const name = service === 'postgres' ? 'PostgreSQL' : 'RabbitMQ';
  const what = authFailed ? 'refused our credentials' : 'is not reachable';
  return `${name} ${what} at ${where.hostname}:${where.port || (service === 'postgres' ? 5432 : 5672)}: ${HOW_TO_START[service]}.`;
}

/** Checks that both local services answer; returns one line per missing service. */
export async function checkServices(cfg: Config): Promise<string[]> {
  const problems: string[] = [];
  const sql = postgres(withDatabase(cfg.database.url, 'postgres'), { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`SELECT 1`;
  } catch (error) {
    problems.push(describeUnreachable('postgres', cfg.database.url, error) ?? `PostgreSQL: ${String(error)}`);
  } finally {
    await sql.end({ timeout: 1 });
  }
  if (cfg.queue.driver === 'rabbitmq') {
    try {
      const connection = await amqp.connect(cfg.queue.rabbitmqUrl, { timeout: 3000 });
      await connection.close();
    } catch (error) {
      problems.push(describeUnreachable('rabbitmq', cfg.queue.rabbitmqUrl, error) ?? `RabbitMQ: ${String(error)}`);
    }
  }
  return problems;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
