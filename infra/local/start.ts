import { spawn } from 'node:child_process';
import path from 'node:path';
import { config, type Config } from '../../lib/config';
import { migrate } from '../migrate';
import { checkServices, describeUnreachable } from './preflight';

const ROOT = path.resolve(__dirname, '../..');

/**
 * `npm start`: checks the local services, migrates, then runs serverless offline (with
 * the plugin that starts the confirm worker). Ctrl-C stops everything.
 */
async function main() {
  const cfg = config();
  const problems = await checkServices(cfg);
  if (problems.length) {
    for (const line of problems) console.error(line);
    process.exit(1);
  }
  try {
    await migrate(cfg.database.url, (line) => console.log(line));
  } catch (error) {
    console.error(describeUnreachable('postgres', cfg.database.url, error) ?? `migration failed: ${(error as Error).message}`);
    process.exit(1);
  }

  const offline = spawn(path.join(ROOT, 'node_modules', '.bin', 'osls'), ['offline', 'start', '--useInProcess', ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: 'inherit',
    env: process.env,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => offline.kill(signal));
  offline.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));

  const base = `http://localhost:${optionValue(process.argv.slice(2), '--httpPort') ?? '3000'}`;
  if (await waitForHealth(`${base}/health`, 120_000)) console.log(await whereThingsAre(base, cfg));
}

/** The value of `--name value` or `--name=value` among the arguments passed through to offline. */
function optionValue(args: string[], name: string): string | undefined {
  const index = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (index < 0) return undefined;
  return args[index]!.includes('=') ? args[index]!.split('=')[1] : args[index + 1];
}

async function waitForHealth(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

/** The banner: every address a newcomer needs, with the vendors the mocks actually serve. */
async function whereThingsAre(base: string, cfg: Config): Promise<string> {
  const vendors = await fetch(`${base}/vendors`)
    .then((r) => (r.ok ? (r.json() as Promise<{ vendorId: string; shape: string }[]>) : []))
    .catch(() => []);
  const database = new URL(cfg.database.url);
  if (database.password) database.password = '***';
  const key = cfg.adminApiKey;
  return [
    '',
    'Order aggregator is up:',
    `  API            ${base}  (POST /orders, GET /orders/{id}, GET /orders, GET /products)`,
    `  API docs       ${base}/docs  (OpenAPI 3.1: ${base}/openapi.json)`,
    `  dashboard      ${base}/dashboard  (asks for the admin key)`,
    `  admin key      ${key}  (header x-api-key for /admin/*)`,
    `  health         ${base}/health`,
    `  vendor mocks   ${cfg.vendors.baseUrl}  (${vendors.map((v) => `${v.vendorId}: ${v.shape}`).join(', ') || 'none answered yet'})`,
    `  sync now       curl -X POST -H 'x-api-key: ${key}' ${base}/admin/sync`,
    `  worker         confirm bridge + outbox relay beside offline, queue ${cfg.queue.confirmQueue}`,
    `  database       ${database.toString()}`,
    `  logs           JSON lines at LOG_LEVEL=${cfg.logLevel}, with CloudWatch EMF metric lines (POWERTOOLS_METRICS_DISABLED=true hides those)`,
    '',
  ].join('\n');
}

void main();
