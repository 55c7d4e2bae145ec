import { spawn } from 'node:child_process';
import path from 'node:path';
import { config } from '../../lib/config';
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

  if (await waitForHealth('http://localhost:3000/health', 120_000)) printWhereThingsAre(cfg.adminApiKey);
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

function printWhereThingsAre(adminKey: string) {
  const base = 'http://localhost:3000';
  console.log(
    [
      '',
      'Order aggregator is up:',
      `  API            ${base}  (POST /orders, GET /orders/{id}, GET /products)`,
      `  health         ${base}/health`,
      `  vendor mocks   ${base}/vendors`,
      `  sync now       curl -X POST -H 'x-api-key: ${adminKey}' ${base}/admin/sync`,
      '  worker         confirm bridge + outbox relay running beside offline',
      '',
    ].join('\n'),
  );
}

void main();
