import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { deleteConfirmQueues } from '../../lib/adapters/queue/topology';
import { closeDependencies, dependencies } from '../../lib/dependencies';
import { verifyInvariants, type InvariantReport } from '../../lib/operations/verifyInvariants';
import { ORDER_STATUSES, type OrderStatus } from '../../lib/orders/types';
import { syncStock } from '../../lib/stock/syncStock';
import { routesFromServerlessYml, serveHttp } from '../local/httpAdapter';
import { exportConfirmSettings } from '../local/serverlessSettings';
import { spawnWorker, type WorkerProcess } from '../local/workerProcess';
import { calmVendors, FAULT_KINDS, injectFault, type FaultRecord, type FaultSettings, type FaultTargets } from './faults';
import { OrderLoad } from './orderLoad';

export interface ChaosOptions {
  /** How long orders are placed (and faults injected). */
  durationSeconds: number;
  ratePerSecond: number;
  /** Pause between the end of one fault and the start of the next. */
  faultEverySeconds: number;
  /** How long a vendor misbehaves, or the broker stays down. */
  faultHoldSeconds: number;
  /** How long the queue may take to settle every order after the load. */
  drainTimeoutSeconds: number;
  /** The reaper's patience in the drill's worker: a PENDING order untouched this long gets a new message. */
  reapAfterSeconds: number;
  /** Overrides serverless.yml's retry delay for a shorter drill. */
  retryBaseDelayMs?: number;
  /** Keep the drill's database, queues and worker log for inspection. */
  keep: boolean;
  /** Any database URL of the PostgreSQL server to use; the drill creates a database of its own there. */
  serverUrl: string;
  /** Creates the drill's (new, empty) database with the schema: the migrations, or a copy of a migrated template. */
  prepareDatabase: (databaseUrl: string) => Promise<void>;
  log: (line: string) => void;
}

export interface ChaosReport {
  ok: boolean;
  database: string;
  queue: string;
  workerLog: string;
  durationMs: number;
  requests: { attempted: number; refused: number; unavailable: number; noAnswer: number; givenUp: number; skipped: number; cancelTooLate: number };
  /** Orders the API accepted (202) … */
  placed: number;
  /** … and where every order in the database ended. */
  orders: Record<OrderStatus, number>;
  /** Accepted orders the database does not have, or that are not final after the drain. */
  lost: number;
  stillPending: number;
  unexpectedAnswers: string[];
  faults: FaultRecord[];
  invariants: InvariantReport;
}

const VENDOR_IDS = ['acme', 'globex', 'initech'] as const;
/** Enough stock at every vendor that the drill is about faults, not about selling out. */
const VENDOR_STOCK = 100_000;
/** The drill's own connection, spared by the fault that cuts the service's. */
const OBSERVER = 'chaos-drill';

/**
 * A chaos drill against the local stack, in a database and queues of its own: orders at a
 * steady rate through the HTTP API (the functions behind a node:http adapter on
 * 127.0.0.1), confirmed by a worker process, while faults take turns (worker SIGKILL,
 * broker restart, severed database connections, failing, slow and refusing vendors).
 * Then every order must settle, none may be lost, and every invariant must hold.
 */
export async function runChaosDrill(options: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  const id = randomBytes(4).toString('hex');
  const database = `oa_chaos_${id}`;
  const queue = `chaos-${id}-orders-confirm`;
  const databaseUrl = withDatabase(options.serverUrl, database);
  const workerLog = path.join(tmpdir(), `${database}-worker.log`);
  const log = (line: string) => options.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);

  log(`database ${database}, queue ${queue}`);
  await options.prepareDatabase(databaseUrl);
  exportConfirmSettings();
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    CONFIRM_QUEUE: queue,
    STAGE: 'local',
    VENDOR_MOCK_CONTROL: 'true',
    PENDING_REAP_AFTER_SECONDS: String(options.reapAfterSeconds),
    ...(options.retryBaseDelayMs === undefined ? {} : { CONFIRM_RETRY_BASE_DELAY_MS: String(options.retryBaseDelayMs) }),
  };
  // This process serves the API and the vendor mocks: its configuration is read on first use, after this.
  Object.assign(process.env, env, { LOG_LEVEL: process.env.LOG_LEVEL ?? 'SILENT' });

  const observer = postgres(databaseUrl, { max: 2, onnotice: () => {}, connection: { application_name: OBSERVER } });
  const server = await serveHttp(routesFromServerlessYml(['placeOrder', 'cancelOrder', 'getOrder', 'vendorMock']), 0, '127.0.0.1');
  process.env.VENDOR_BASE_URL = `${server.url}/vendors`;
  const logFile = createWriteStream(workerLog);
  let worker: WorkerProcess | undefined;
  const startWorker = async () => {
    worker = await spawnWorker({ ...env, VENDOR_BASE_URL: process.env.VENDOR_BASE_URL, LOG_LEVEL: 'WARN' }, { onOutput: (chunk) => logFile.write(chunk) });
  };
  const targets: FaultTargets = {
    restartWorker: async () => {
      await worker?.kill('SIGKILL');
      await retry(startWorker, 30_000);
    },
    setVendor: (vendorId, settings) => setVendor(server.url, vendorId, settings),
    terminateServiceConnections: async () => {
      const cut = await observer`
        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = ${database} AND application_name LIKE 'order-aggregator%' AND pid <> pg_backend_pid()`;
      return cut.length;
    },
    vendorIds: VENDOR_IDS,
    holdMs: options.faultHoldSeconds * 1000,
  };

  try {
    await observer`UPDATE vendor_mock.stock SET quantity = ${VENDOR_STOCK}`;
    const sync = await syncStock(dependencies(), { trigger: 'chaos', signal: AbortSignal.timeout(30_000) });
    if (sync.skipped || sync.status !== 'succeeded') throw new Error(`the initial stock sync did not succeed: ${JSON.stringify(sync)}`);
    const productIds = (await observer<{ id: string }[]>`SELECT id FROM products WHERE on_hand > 0 ORDER BY sku`).map((p) => p.id);
    await startWorker();
    log(`stack up: API and vendor mocks at ${server.url}, worker pid ${worker!.child.pid}, ${productIds.length} products`);

    // Load and faults
    const load = new OrderLoad({
      baseUrl: server.url,
      ratePerSecond: options.ratePerSecond,
      productIds,
      cancelShare: 0.05,
      retryForMs: 30_000,
      maxInFlight: Math.max(20, options.ratePerSecond * 5),
    });
    const loadStarted = Date.now();
    const loadEnds = loadStarted + options.durationSeconds * 1000;
    load.start();
    log(`placing ${options.ratePerSecond} orders/s for ${options.durationSeconds} s`);
    const faults: FaultRecord[] = [];
    for (let round = 0; Date.now() + options.faultEverySeconds * 1000 < loadEnds; round++) {
      await sleep(options.faultEverySeconds * 1000);
      const kind = FAULT_KINDS[round % FAULT_KINDS.length]!;
      const at = Date.now();
      const record: FaultRecord = { kind, atMs: at - loadStarted, durationMs: 0, detail: '' };
      try {
        record.detail = await injectFault(kind, targets, round);
      } catch (error) {
        record.error = (error as Error).message;
      }
      record.durationMs = Date.now() - at;
      faults.push(record);
      log(`fault ${kind}: ${record.error ? `FAILED: ${record.error}` : record.detail} (${record.durationMs} ms)`);
    }
    await sleep(Math.max(0, loadEnds - Date.now()));
    await load.stop();
    log(`load stopped: ${load.tally.accepted.size} orders accepted of ${load.tally.attempted}`);

    // Whatever a fault left behind is put right before the queue is asked to drain.
    await calmVendors(targets);
    if (worker!.child.exitCode !== null || worker!.child.signalCode !== null) {
      log('worker had exited: starting it again');
      await retry(startWorker, 30_000);
    }

    const drainDeadline = Date.now() + options.drainTimeoutSeconds * 1000;
    let pending = await pendingCount(observer);
    while (pending > 0 && Date.now() < drainDeadline) {
      await sleep(500);
      pending = await pendingCount(observer);
    }
    log(pending ? `drain deadline passed with ${pending} orders PENDING` : 'every order settled');

    const invariants = await verifyInvariants(dependencies(), { pendingLimitSeconds: options.reapAfterSeconds, outboxLimitSeconds: 30 });
    const orders = await ordersByStatus(observer);
    const accepted = [...load.tally.accepted];
    const [settled] = await observer<{ count: number }[]>`
      SELECT count(*)::int AS count FROM orders WHERE id = ANY(${accepted}::uuid[]) AND status <> 'PENDING'`;
    const lost = accepted.length - settled!.count;
    const t = load.tally;
    const report: ChaosReport = {
      ok: false,
      database,
      queue,
      workerLog,
      durationMs: Date.now() - started,
      requests: { attempted: t.attempted, refused: t.refused, unavailable: t.unavailable, noAnswer: t.noAnswer, givenUp: t.givenUp, skipped: t.skipped, cancelTooLate: t.cancelTooLate },
      placed: accepted.length,
      orders,
      lost,
      stillPending: orders.PENDING,
      unexpectedAnswers: t.unexpected,
      faults,
      invariants,
    };
    report.ok = invariants.ok && lost === 0 && report.stillPending === 0 && t.unexpected.length === 0 && faults.every((f) => !f.error);
    return report;
  } finally {
    await calmVendors(targets).catch(() => {});
    await worker?.kill('SIGTERM');
    await new Promise<void>((resolve) => logFile.end(() => resolve()));
    await server.close();
    await closeDependencies();
    await observer.end({ timeout: 5 });
    if (!options.keep) {
      await dropDatabase(databaseUrl).catch((error: Error) => log(`could not drop ${database}: ${error.message}`));
      await deleteConfirmQueues(process.env.RABBITMQ_URL ?? 'amqp://guest:guest@localhost:5672', queue, Number(process.env.CONFIRM_MAX_RECEIVE_COUNT ?? 5)).catch((error: Error) => log(`could not delete the queues of ${queue}: ${error.message}`));
      await rm(workerLog, { force: true });
    }
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function retry(work: () => Promise<void>, forMs: number): Promise<void> {
  const deadline = Date.now() + forMs;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(1000);
    }
  }
}

async function setVendor(baseUrl: string, vendorId: string, settings: FaultSettings): Promise<void> {
  const res = await fetch(`${baseUrl}/vendors/${vendorId}/_control`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  });
  if (res.status !== 200) throw new Error(`vendor ${vendorId} controls answered ${res.status}: ${await res.text()}`);
}

async function pendingCount(sql: postgres.Sql): Promise<number> {
  const [row] = await sql<{ count: number }[]>`SELECT count(*)::int AS count FROM orders WHERE status = 'PENDING'`;
  return row!.count;
}

async function ordersByStatus(sql: postgres.Sql): Promise<Record<OrderStatus, number>> {
  const rows = await sql<{ status: OrderStatus; count: number }[]>`SELECT status, count(*)::int AS count FROM orders GROUP BY status`;
  const counts = Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as Record<OrderStatus, number>;
  for (const row of rows) counts[row.status] = row.count;
  return counts;
}

async function dropDatabase(databaseUrl: string): Promise<void> {
  const u = new URL(databaseUrl);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const admin = postgres(u.toString(), { max: 1, onnotice: () => {} });
  try {
    await admin`DROP DATABASE IF EXISTS ${admin(name)} WITH (FORCE)`;
  } finally {
    await admin.end();
  }
}

