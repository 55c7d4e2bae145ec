import { z } from 'zod';

/** The admin key of stage local, published in the README; refused anywhere else. */
const LOCAL_ADMIN_KEY = 'local-admin-key';

/**
 * The whole environment, parsed once. Every default runs the local stack on a laptop
 * (or in CI) against PostgreSQL and RabbitMQ on localhost; production (stage `prod`)
 * refuses to start without the values that have no safe default.
 */
const int = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

const schema = z
  .object({
    STAGE: z.string().min(1).default('local'),
    DATABASE_URL: z.string().url().default('postgres://postgres:postgres@localhost:5432/order_aggregator'),
    DATABASE_POOL_MAX: int(10),
    QUEUE_DRIVER: z.enum(['rabbitmq', 'sqs']).default('rabbitmq'),
    RABBITMQ_URL: z.string().url().default('amqp://guest:guest@localhost:5672'),
    CONFIRM_QUEUE: z.string().min(1).default('orders-confirm'),
    SQS_QUEUE_URL: z.string().url().optional(),
    SQS_DLQ_URL: z.string().url().optional(),
    CONFIRM_MAX_RECEIVE_COUNT: int(5),
    CONFIRM_VISIBILITY_TIMEOUT_SECONDS: int(30),
    CONFIRM_BATCH_SIZE: int(10),
    CONFIRM_BATCH_WINDOW_MS: int(50),
    CONFIRM_RETRY_BASE_DELAY_MS: int(1000),
    ADMIN_API_KEY: z.string().min(8).optional(),
    VENDOR_BASE_URL: z.string().url().default('http://localhost:3000/vendors'),
    VENDOR_TIMEOUT_MS: int(5000),
    VENDOR_MOCK_CONTROL: z.enum(['true', 'false', '1', '0']).optional(),
    VENDOR_PAGE_SIZE: int(100),
    VENDOR_MAX_RETRIES: int(2),
    VENDOR_RETRY_BASE_DELAY_MS: int(200),
    SYNC_CONCURRENCY: int(4),
    CLOSE_CONNECTIONS_AFTER_INVOKE: z.enum(['true', 'false', '1', '0']).optional(),
    MAX_ORDER_LINES: int(50),
    MAX_LINE_QUANTITY: int(1000),
    MAX_BODY_BYTES: int(16 * 1024),
    STALE_AFTER_SECONDS: int(15 * 60),
    PENDING_REAP_AFTER_SECONDS: int(5 * 60),
    LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
  })
  .superRefine((env, ctx) => {
    if (env.STAGE === 'local') return;
    if (!env.ADMIN_API_KEY) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_API_KEY'], message: `is required outside stage local` });
    } else if (env.ADMIN_API_KEY === LOCAL_ADMIN_KEY) {
      // The local key is printed in the README: anyone could use it.
      ctx.addIssue({ code: 'custom', path: ['ADMIN_API_KEY'], message: 'must not be the published local key outside stage local' });
    }
    if (env.QUEUE_DRIVER === 'sqs' && !env.SQS_QUEUE_URL) {
      ctx.addIssue({ code: 'custom', path: ['SQS_QUEUE_URL'], message: 'is required when QUEUE_DRIVER=sqs' });
    }
  });

type Env = z.infer<typeof schema>;

export interface Config {
  stage: string;
  isLocal: boolean;
  database: { url: string; poolMax: number };
  queue: {
    driver: 'rabbitmq' | 'sqs';
    rabbitmqUrl: string;
    confirmQueue: string;
    sqsQueueUrl?: string;
    sqsDlqUrl?: string;
    maxReceiveCount: number;
    visibilityTimeoutSeconds: number;
    batchSize: number;
    batchWindowMs: number;
    retryBaseDelayMs: number;
  };
  adminApiKey: string;
  vendors: {
    baseUrl: string;
    timeoutMs: number;
    mockControlEnabled: boolean;
    /** Rows asked for per page when reading a vendor's catalogue. */
    pageSize: number;
    /** Retries of one vendor call after the first attempt (backoff with jitter, Retry-After honoured). */
    maxRetries: number;
    retryBaseDelayMs: number;
  };
  limits: { maxOrderLines: number; maxLineQuantity: number; maxBodyBytes: number };
  stock: { staleAfterSeconds: number; syncConcurrency: number };
  /** A one-shot process (`osls invoke local`) closes its pools after the invocation so it can exit. */
  closeConnectionsAfterInvoke: boolean;
  orders: { reapPendingAfterSeconds: number };
  logLevel: Env['LOG_LEVEL'];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  // serverless.yml passes unset parameters as empty strings: they mean "use the default".
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return Object.freeze({
    stage: e.STAGE,
    isLocal: e.STAGE === 'local',
    database: { url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX },
    queue: {
      driver: e.QUEUE_DRIVER,
      rabbitmqUrl: e.RABBITMQ_URL,
      confirmQueue: e.CONFIRM_QUEUE,
      sqsQueueUrl: e.SQS_QUEUE_URL,
      sqsDlqUrl: e.SQS_DLQ_URL,
      maxReceiveCount: Math.max(1, e.CONFIRM_MAX_RECEIVE_COUNT),
      visibilityTimeoutSeconds: e.CONFIRM_VISIBILITY_TIMEOUT_SECONDS,
      batchSize: Math.max(1, e.CONFIRM_BATCH_SIZE),
      batchWindowMs: e.CONFIRM_BATCH_WINDOW_MS,
      retryBaseDelayMs: e.CONFIRM_RETRY_BASE_DELAY_MS,
    },
    // Locally a well-known key keeps the demo a copy-paste; elsewhere the refinement above demands one.
    adminApiKey: e.ADMIN_API_KEY ?? LOCAL_ADMIN_KEY,
    vendors: {
      baseUrl: e.VENDOR_BASE_URL.replace(/\/$/, ''),
      timeoutMs: e.VENDOR_TIMEOUT_MS,
      // The vendor mocks' chaos controls are for local runs; production must opt in.
      mockControlEnabled: e.VENDOR_MOCK_CONTROL ? ['true', '1'].includes(e.VENDOR_MOCK_CONTROL) : e.STAGE === 'local',
      pageSize: Math.max(1, e.VENDOR_PAGE_SIZE),
      maxRetries: e.VENDOR_MAX_RETRIES,
      retryBaseDelayMs: e.VENDOR_RETRY_BASE_DELAY_MS,
    },
    limits: {
      maxOrderLines: e.MAX_ORDER_LINES,
      maxLineQuantity: e.MAX_LINE_QUANTITY,
      maxBodyBytes: e.MAX_BODY_BYTES,
    },
    stock: { staleAfterSeconds: e.STALE_AFTER_SECONDS, syncConcurrency: Math.max(1, e.SYNC_CONCURRENCY) },
    closeConnectionsAfterInvoke: ['true', '1'].includes(e.CLOSE_CONNECTIONS_AFTER_INVOKE ?? 'false'),
    orders: { reapPendingAfterSeconds: e.PENDING_REAP_AFTER_SECONDS },
    logLevel: e.LOG_LEVEL,
  });
}

let current: Config | undefined;

/** The process-wide configuration, parsed on first use. */
export function config(): Config {
  current ??= parseConfig(process.env);
  return current;
}
