import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface StackResponse {
  status: number;
  headers: Headers;
  contentType: string | null;
  text: string;
  /** The parsed body when the answer is JSON (including problem+json). */
  body: any;
}

export interface OfflineStack {
  baseUrl: string;
  /** One HTTP request to the stack, with a JSON body when `body` is given. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<StackResponse>;
  /** The offline process; the confirm worker it starts is a child of it. */
  pid: number;
  /** Everything the stack printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs the real local stack, `osls offline start` with the emulation plugin (and so the
 * confirm worker), on free ports, against the suite's own database and queue.
 */
export async function startOfflineStack(env: Record<string, string>, timeoutMs = 120_000): Promise<OfflineStack> {
  const [httpPort, lambdaPort] = [await freePort(), await freePort()];
  const baseUrl = `http://localhost:${httpPort}`;
  let output = '';
  const child: ChildProcess = spawn(
    path.join(ROOT, 'node_modules', '.bin', 'osls'),
    ['offline', 'start', '--useInProcess', '--httpPort', String(httpPort), '--lambdaPort', String(lambdaPort)],
    {
      cwd: ROOT,
      env: { ...process.env, VENDOR_BASE_URL: `${baseUrl}/vendors`, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // The whole process group: offline and the worker it spawned.
    process.kill(-child.pid!, 'SIGINT');
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`offline exited early:\n${output}`);
    const up = await fetch(`${baseUrl}/health`).then((r) => r.status === 200, () => false);
    if (up) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`offline did not become healthy within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<StackResponse> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const contentType = res.headers.get('content-type');
    return { status: res.status, headers: res.headers, contentType, text, body: /json/.test(contentType ?? '') && text ? JSON.parse(text) : undefined };
  };
  return { baseUrl, pid: child.pid!, call, output: () => output, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
