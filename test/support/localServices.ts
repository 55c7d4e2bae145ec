import { routesFromServerlessYml, serveHttp } from '../../infra/local/httpAdapter';
import { handler as placeOrderHandler } from '../../functions/placeOrder/handler';
import { handler as syncStockHandler } from '../../functions/syncStock/handler';
import { invokeHttp, lambdaContext } from '../factories/http';
import { useIsolatedServices, type Suite } from './suite';

export const VENDOR_IDS = ['acme', 'globex', 'initech'] as const;

export interface LocalServices extends Suite {
  vendorBaseUrl(): string;
  vendor(method: string, path: string, body?: unknown): Promise<any>;
  /** The seeded vendor catalogue, faults off, then one full sync into the suite's database. */
  resetAndSync(): Promise<void>;
  place(productId: string, quantity: number): Promise<string>;
  productBySku(sku: string): Promise<{ id: string; onHand: number; reserved: number }>;
  order(orderId: string): Promise<{ status: string; failureReason: string | null; attempts: number }>;
  /** What every vendor received for this order reference. */
  vendorOrdersFor(orderId: string): Promise<{ vendorId: string; reference: string; sku: string; quantity: number }[]>;
}

/**
 * A suite's own database and queues plus the vendor mocks served over real HTTP, the way
 * the aggregator reaches vendors in production, without starting serverless offline.
 */
export function useLocalServices(env: Record<string, string> = {}): LocalServices {
  const suite = useIsolatedServices(env);
  let vendorApi: Awaited<ReturnType<typeof serveHttp>> | undefined;

  beforeAll(async () => {
    vendorApi = await serveHttp(routesFromServerlessYml(['vendorMock']));
    process.env.VENDOR_BASE_URL = `${vendorApi.url}/vendors`;
  });
  afterAll(async () => {
    await vendorApi?.close();
  });

  const vendor = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${vendorApi!.url}/vendors${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.json() as Promise<any>;
  };

  return {
    ...suite,
    vendorBaseUrl: () => `${vendorApi!.url}/vendors`,
    vendor,
    async resetAndSync() {
      await vendor('POST', '/_reset');
      await syncStockHandler({}, lambdaContext('syncStock'));
    },
    async place(productId, quantity) {
      const res = await invokeHttp(placeOrderHandler, { method: 'POST', path: '/orders', body: { productId, quantity } });
      if (res.statusCode !== 202) throw new Error(`order refused: ${res.statusCode} ${JSON.stringify(res.body)}`);
      return res.body.orderId as string;
    },
    async productBySku(sku) {
      const [row] = await suite.deps().sql<{ id: string; onHand: number; reserved: number }[]>`SELECT id, on_hand, reserved FROM products WHERE sku = ${sku}`;
      return row!;
    },
    async order(orderId) {
      const [row] = await suite.deps().sql<{ status: string; failureReason: string | null; attempts: number }[]>`
        SELECT status, failure_reason, attempts FROM orders WHERE id = ${orderId}`;
      return row!;
    },
    async vendorOrdersFor(orderId) {
      const all = await Promise.all(VENDOR_IDS.map(async (v) => ((await vendor('GET', `/${v}/_orders`)) as any[]).map((o) => ({ ...o, vendorId: v }))));
      return all.flat().filter((o) => o.reference === orderId);
    },
  };
}
