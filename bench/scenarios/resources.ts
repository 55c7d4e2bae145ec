import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

export interface ResourceFigures {
  bundles: { functionName: string; zipKiB: number }[];
  coldStart: { loadMs: number; firstInvocationMs: number; warmInvocationMs: number };
}

/**
 * Scenario 5 (static part): the size of each function's deployment bundle, and the cold
 * start of placeOrder from that very bundle: loading the module, then its first and a
 * warm invocation against the benchmark database.
 */
export async function resourceScenario(env: Record<string, string>, productId: string): Promise<ResourceFigures> {
  const out = mkdtempSync(path.join(tmpdir(), 'oa-bench-package-'));
  try {
    await run(path.join(ROOT, 'node_modules', '.bin', 'osls'), ['package', '--stage', 'prod', '--package', out], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: env.DATABASE_URL, ADMIN_API_KEY: 'bench-admin-key' },
      timeout: 300_000,
    });
    const bundles = readdirSync(out)
      .filter((f) => f.endsWith('.zip'))
      .map((f) => ({ functionName: f.replace(/\.zip$/, ''), zipKiB: statSync(path.join(out, f)).size / 1024 }))
      .sort((a, b) => a.functionName.localeCompare(b.functionName));

    const unpacked = path.join(out, 'placeOrder');
    await run('unzip', ['-q', path.join(out, 'placeOrder.zip'), '-d', unpacked]);
    const probe = `
      const t0 = performance.now();
      const { handler } = require(${JSON.stringify(path.join(unpacked, 'functions/placeOrder/handler.js'))});
      const t1 = performance.now();
      const event = (body) => ({ version: '2.0', routeKey: 'POST /orders', rawPath: '/orders', rawQueryString: '', headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body), isBase64Encoded: false, requestContext: { requestId: 'bench', http: { method: 'POST', path: '/orders' } } });
      const context = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 10000 };
      (async () => {
        const r1 = await handler(event({ productId: ${JSON.stringify(productId)}, quantity: 1 }), context);
        const t2 = performance.now();
        const r2 = await handler(event({ productId: ${JSON.stringify(productId)}, quantity: 1 }), context);
        const t3 = performance.now();
        if (r1.statusCode !== 202 || r2.statusCode !== 202) throw new Error('placeOrder answered ' + r1.statusCode + ' / ' + r2.statusCode + ': ' + r1.body);
        console.log(JSON.stringify({ loadMs: t1 - t0, firstInvocationMs: t2 - t1, warmInvocationMs: t3 - t2 }));
        process.exit(0);
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const { stdout } = await run(process.execPath, ['-e', probe], { env: { ...process.env, ...env, QUEUE_DRIVER: 'rabbitmq', STAGE: 'local', LOG_LEVEL: 'ERROR' } });
    return { bundles, coldStart: JSON.parse(stdout.trim().split('\n').pop()!) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
