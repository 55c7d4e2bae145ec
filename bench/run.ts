import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDependencies, dependencies } from '../lib/dependencies';
import { routesFromServerlessYml, serveHttp } from '../infra/local/httpAdapter';
import { deleteConfirmQueues } from '../lib/adapters/queue/topology';
import { benchDatabase } from './support/database';
import { checkStock, seedProducts } from './support/catalogue';
import { fmt } from './support/load';
import { placeCoreScenario } from './scenarios/placeCore';
import { httpScenario } from './scenarios/http';
import { confirmScenario } from './scenarios/confirm';
import { resourceScenario } from './scenarios/resources';

/**
 * `npm run bench`: every figure next to the ceiling of the building block beneath it,
 * measured in the same run on the same machine. `-- --quick` shortens every phase;
 * `-- --only=core,http,confirm,resources` picks scenarios.
 */
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const wants = (name: string) => !only || only.includes(name);
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

async function main() {
  const db = await benchDatabase();
  const queue = `bench-${randomBytes(4).toString('hex')}-orders-confirm`;
  const vendorApi = await serveHttp(routesFromServerlessYml(['vendorMock']));
  const env = {
    DATABASE_URL: db.url,
    CONFIRM_QUEUE: queue,
    LOG_LEVEL: 'SILENT',
    RABBITMQ_URL: process.env.RABBITMQ_URL ?? 'amqp://guest:guest@localhost:5672',
    VENDOR_BASE_URL: `${vendorApi.url}/vendors`,
  };
  Object.assign(process.env, env);
  const deps = dependencies();
  const md: string[] = [];
  const say = (line = '') => {
    md.push(line);
    console.log(line);
  };

  say(`# Benchmark ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  say();
  say(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${fmt(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ` +
      `database pool ${deps.config.database.poolMax}; ${quick ? 'quick run' : 'full run'}. Every ratio compares with a ceiling measured in this same run.`);

  try {
    if (wants('core')) {
      const concurrency = 16;
      const rows = await placeCoreScenario({ durationMs: quick ? 2000 : 5000, concurrency });
      say();
      say(`## 1. Place-order core, in-process (${concurrency} concurrent callers)`);
      say();
      say('Use case `placeOrder` (reserve + order + outbox in one statement, publish to RabbitMQ with confirm, mark sent) vs. the bare reservation UPDATE through postgres.js with the same pool.');
      say();
      say('| case | orders/s | p50 ms | p99 ms | ceiling: bare UPDATE/s | ratio |');
      say('|---|---:|---:|---:|---:|---:|');
      for (const r of rows) {
        say(`| ${r.case} | ${fmt(r.result.perSecond)} | ${fmt(r.result.p50Ms, 1)} | ${fmt(r.result.p99Ms, 1)} | ${fmt(r.ceiling.perSecond)} | ${ratio(r.result.perSecond, r.ceiling.perSecond)} |`);
      }
    }

    if (wants('http')) {
      const productIds = await seedProducts(deps.sql, 500);
      const connections = 16;
      const { rows, offlineRssMiB } = await httpScenario({ productIds, env, connections, durationSeconds: quick ? 3 : 8 });
      say();
      say(`## 2. HTTP: POST /orders (autocannon, ${connections} connections)`);
      say();
      say('| server | POST /orders req/s | p50 ms | p99 ms | non-2xx | ceiling: GET /ping (no-op) req/s | ratio |');
      say('|---|---:|---:|---:|---:|---:|---:|');
      for (const r of rows) {
        say(`| ${r.path} | ${fmt(r.placeOrder.perSecond)} | ${fmt(r.placeOrder.p50Ms, 1)} | ${fmt(r.placeOrder.p99Ms, 1)} | ${r.placeOrder.non2xx} | ${fmt(r.noop.perSecond)} | ${ratio(r.placeOrder.perSecond, r.noop.perSecond)} |`);
      }
      say();
      say(`Peak RSS of serverless offline (with its children) under this load: ${fmt(offlineRssMiB)} MiB.`);
    }

    if (wants('confirm')) {
      const batch = Number(process.env.CONFIRM_BATCH_SIZE ?? 10);
      const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 4);
      const orders = quick ? 2000 : 20000;
      const { drains, ceilingPerSecond } = await confirmScenario({
        sql: deps.sql,
        env,
        vendorBaseUrl: env.VENDOR_BASE_URL,
        orders,
        vendorLatenciesMs: [0, 50],
        prefetch: batch * concurrency,
      });
      say();
      say(`## 3. Confirm pipeline: a backlog of ${fmt(orders)} PENDING orders drained by the worker`);
      say();
      say(`Worker as its own process: batches of ${batch}, ${concurrency} batches in flight (prefetch ${batch * concurrency}); vendor mocks over HTTP.`);
      say();
      say('| vendor latency | orders | seconds | confirmed/s | vendor placements | worker peak RSS MiB | ceiling: RabbitMQ consume/s, same prefetch | ratio |');
      say('|---:|---:|---:|---:|---:|---:|---:|---:|');
      for (const d of drains) {
        say(`| ${d.vendorLatencyMs} ms | ${fmt(d.orders)} | ${fmt(d.seconds, 1)} | ${fmt(d.perSecond)} | ${fmt(d.vendorPlacements)} | ${fmt(d.workerRssMiB)} | ${fmt(ceilingPerSecond)} | ${ratio(d.perSecond, ceilingPerSecond)} |`);
      }
    }

    if (wants('resources')) {
      const [productId] = await seedProducts(deps.sql, 1);
      const figures = await resourceScenario(env, productId!);
      say();
      say('## 5. Resources');
      say();
      say(`Cold start of placeOrder from its deployment bundle: load ${fmt(figures.coldStart.loadMs)} ms, first invocation ${fmt(figures.coldStart.firstInvocationMs)} ms ` +
          `(connects to PostgreSQL and RabbitMQ), warm invocation ${fmt(figures.coldStart.warmInvocationMs, 1)} ms.`);
      say();
      say('| function | bundle (zip) KiB |');
      say('|---|---:|');
      for (const b of figures.bundles) say(`| ${b.functionName} | ${fmt(b.zipKiB)} |`);
    }

    const check = await checkStock(deps.sql);
    say();
    say(`Invariants after the run: ${check.oversold} products oversold, ${check.reservedMismatch} products whose reserved ≠ their PENDING lines.`);
    if (check.oversold || check.reservedMismatch) process.exitCode = 1;
  } finally {
    const out = path.join(__dirname, 'results');
    mkdirSync(out, { recursive: true });
    // A run of some scenarios only must not replace the last complete report.
    const file = only ? 'partial.md' : 'latest.md';
    writeFileSync(path.join(out, file), `${md.join('\n')}\n`);
    console.log(`\nwritten to ${path.join('bench', 'results', file)}`);
    await closeDependencies();
    await vendorApi.close();
    await deleteConfirmQueues(env.RABBITMQ_URL, queue, Number(process.env.CONFIRM_MAX_RECEIVE_COUNT ?? 5));
    await db.drop();
  }
}


void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
