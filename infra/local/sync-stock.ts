import { spawn } from 'node:child_process';
import path from 'node:path';
import { config } from '../../lib/config';
import { closeDependencies, dependencies } from '../../lib/dependencies';
import type { SyncOutcome, SyncRun, SyncRunVendor } from '../../lib/stock/types';

const ROOT = path.resolve(__dirname, '../..');

/**
 * `npm run sync:stock`: one stock sync now, through the real function
 * (`osls invoke local -f syncStock`), then a table of what each vendor gave. While it
 * runs, each vendor's progress (pages, rows seen, changed, rejected) is shown as the sync
 * records it: read from the run's record in the database, the same figures that
 * GET /admin/sync-runs/{runId} shows for a run in progress.
 */
async function main(): Promise<void> {
  const vendorsUrl = config().vendors.baseUrl;
  if (!(await answers(vendorsUrl))) {
    console.error(`The vendor mocks are not reachable at ${vendorsUrl}: start the local stack with \`npm start\` (or set VENDOR_BASE_URL).`);
    process.exit(1);
  }
  const progress = watchProgress(Date.now());
  const { code, stdout } = await invokeSyncStock().finally(() => progress.stop());
  const outcome = code === 0 ? lastJsonDocument(stdout) : undefined;
  if (!outcome || !('skipped' in outcome)) {
    console.error(stdout.trim());
    console.error('The sync did not complete (see above).');
    process.exit(1);
  }
  console.log(outcome.skipped ? `Another sync is running${outcome.runId ? ` (run ${outcome.runId})` : ''}: nothing done.` : summary(outcome));
  if (!outcome.skipped && outcome.status !== 'succeeded') process.exitCode = 1;
}

/** How often the run's record is read while the sync runs. */
const PROGRESS_POLL_MS = 250;

/**
 * Shows the progress of the run that starts after `since`: on a terminal, one line per
 * vendor redrawn in place; otherwise a line whenever a vendor's figures change.
 */
function watchProgress(since: number): { stop: () => Promise<void> } {
  const { syncRuns } = dependencies();
  const interactive = Boolean(process.stdout.isTTY);
  const lastShown = new Map<string, string>();
  let drawn = 0;
  let runId: string | undefined;
  let stopped = false;

  const show = (vendors: SyncRunVendor[]) => {
    const lines = vendors.map(progressLine);
    if (interactive) {
      if (drawn) process.stdout.write(`\x1b[${drawn}F\x1b[0J`);
      process.stdout.write(`${lines.join('\n')}\n`);
      drawn = lines.length;
      return;
    }
    vendors.forEach((v, i) => {
      if (lastShown.get(v.vendorId) === lines[i]) return;
      lastShown.set(v.vendorId, lines[i]!);
      console.log(lines[i]);
    });
  };

  const poll = async () => {
    runId ??= await syncRuns.running();
    if (!runId) return;
    const run = await syncRuns.find(runId);
    if (run && Date.parse(run.startedAt) >= since - 1_000) show(run.vendors);
    else runId = undefined;
  };

  const loop = (async () => {
    while (!stopped) {
      // The database is optional for the sync itself; progress is best effort.
      await poll().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, PROGRESS_POLL_MS));
    }
    // The last figures of the run, then the pool goes so that this process can exit.
    await poll().catch(() => undefined);
  })();

  return {
    stop: async () => {
      stopped = true;
      await loop;
      if (interactive && drawn) process.stdout.write('\n');
      await closeDependencies();
    },
  };
}

function progressLine(v: SyncRunVendor): string {
  const state = v.status === 'running' ? 'reading' : v.status;
  return `${v.vendorId.padEnd(12)} ${state.padEnd(9)} ${String(v.pages).padStart(5)} pages ${String(v.rowsSeen).padStart(9)} rows  ${String(v.rowsChanged).padStart(8)} changed  ${String(v.rowsRejected).padStart(6)} rejected  ${(v.durationMs / 1000).toFixed(1).padStart(6)} s`;
}

/** Any HTTP answer will do: a 404 still proves something listens there. */
async function answers(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(3_000) }).then(
    () => true,
    () => false,
  );
}

function invokeSyncStock(): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'osls'), ['invoke', 'local', '-f', 'syncStock', '--data', '{"trigger":"cli"}'], {
      cwd: ROOT,
      // The function closes its pools when done, or this one-shot process would linger
      // for the pool's idle timeout; its info logs would drown the table.
      env: { ...process.env, CLOSE_CONNECTIONS_AFTER_INVOKE: 'true', LOG_LEVEL: process.env.LOG_LEVEL ?? 'ERROR' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

/** `invoke local` prints the handler's result last, as indented JSON; log lines before it are single-line. */
function lastJsonDocument(stdout: string): SyncOutcome | undefined {
  const start = stdout.lastIndexOf('\n{\n');
  const text = start >= 0 ? stdout.slice(start + 1) : stdout.startsWith('{\n') ? stdout : undefined;
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as SyncOutcome;
  } catch {
    return undefined;
  }
}

function summary(run: SyncRun): string {
  const header = ['vendor', 'status', 'pages', 'seen', 'changed', 'rejected', 'duration', 'error'];
  const rows = run.vendors.map((v) => [v.vendorId, v.status, v.pages, v.rowsSeen, v.rowsChanged, v.rowsRejected, `${v.durationMs} ms`, v.error ?? '']);
  const cells = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  const numeric = new Set([2, 3, 4, 5, 6]);
  const line = (row: string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    `Stock sync ${run.runId}: ${run.status} in ${run.durationMs} ms, ${run.productsChanged} products changed${run.error ? ` (${run.error})` : ''}`,
    '',
    ...cells.map(line),
  ].join('\n');
}

void main();
