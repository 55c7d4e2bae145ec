import { routesFromServerlessYml, serveHttp } from '../../infra/local/httpAdapter';
import { startOfflineStack } from '../../test/support/offlineStack';
import { httpLoad, type HttpLoad } from '../support/autocannon';
import { samplePeak, treeRssMiB } from '../support/rss';

export interface HttpRow {
  path: string;
  placeOrder: HttpLoad;
  noop: HttpLoad;
}

/**
 * Scenario 2: POST /orders over HTTP, through serverless offline (--useInProcess) and
 * through a plain node:http adapter running the same handler; each next to a no-op
 * function (GET /ping) on the same server, so the emulator's share shows.
 */
export async function httpScenario(options: { productIds: string[]; env: Record<string, string>; connections: number; durationSeconds: number }) {
  const bodies = options.productIds.slice(0, 500).map((productId) => JSON.stringify({ productId, quantity: 1 }));
  const rows: HttpRow[] = [];

  const offline = await startOfflineStack({ ...options.env, OFFLINE_WITHOUT_WORKER: 'true' });
  let offlineRssMiB = 0;
  try {
    // A warm-up, so neither figure pays for bundling and first loads.
    await httpLoad({ url: `${offline.baseUrl}/orders`, method: 'POST', bodies, connections: 4, durationSeconds: 2 });
    const rss = samplePeak(() => treeRssMiB(offline.pid));
    const placeOrder = await httpLoad({ url: `${offline.baseUrl}/orders`, method: 'POST', bodies, connections: options.connections, durationSeconds: options.durationSeconds });
    offlineRssMiB = rss.stop();
    const noop = await httpLoad({ url: `${offline.baseUrl}/ping`, connections: options.connections, durationSeconds: options.durationSeconds });
    rows.push({ path: 'serverless offline --useInProcess', placeOrder, noop });
  } finally {
    await offline.stop();
  }

  const plain = await serveHttp(routesFromServerlessYml(['placeOrder', 'ping']));
  try {
    await httpLoad({ url: `${plain.url}/orders`, method: 'POST', bodies, connections: 4, durationSeconds: 2 });
    const placeOrder = await httpLoad({ url: `${plain.url}/orders`, method: 'POST', bodies, connections: options.connections, durationSeconds: options.durationSeconds });
    const noop = await httpLoad({ url: `${plain.url}/ping`, connections: options.connections, durationSeconds: options.durationSeconds });
    rows.push({ path: 'plain node:http adapter, same handler', placeOrder, noop });
  } finally {
    await plain.close();
  }
  return { rows, offlineRssMiB };
}
