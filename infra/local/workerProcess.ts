import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
/** What a worker process keeps of its own output for `output()`: the most recent part. */
const OUTPUT_KEPT = 1024 * 1024;

export interface WorkerProcess {
  child: ChildProcess;
  /** The most recent output (stdout and stderr), up to 1 MiB. */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export interface SpawnWorkerOptions {
  timeoutMs?: number;
  /** Every chunk the worker prints, as it prints it (e.g. to a log file). */
  onOutput?: (chunk: string) => void;
}

/**
 * `npm run worker` as its own process, with the given environment on top of this one's:
 * a process a test or a chaos drill can kill. Resolves once the worker consumes.
 */
export async function spawnWorker(env: Record<string, string | undefined> = {}, options: SpawnWorkerOptions | number = {}): Promise<WorkerProcess> {
  const { timeoutMs = 30_000, onOutput } = typeof options === 'number' ? { timeoutMs: options } : options;
  let output = '';
  // node with tsx's loader rather than the tsx CLI, which would run the worker in a child
  // process of its own: a SIGKILL must hit the process that holds the deliveries.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'infra', 'local', 'worker.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (d: Buffer) => {
    const text = d.toString();
    output = (output + text).slice(-OUTPUT_KEPT);
    onOutput?.(text);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs);
    child.stdout!.on('data', () => {
      if (output.includes('confirm worker running')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}) before it was ready:\n${output}`));
    });
  });
  try {
    await ready;
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    throw error;
  }
  return {
    child,
    output: () => output,
    kill: (signal) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
