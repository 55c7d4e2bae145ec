import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { dependencies } from '../../lib/dependencies';
import { placeOrder } from '../../lib/orders/placeOrder';
import { closedLoop, type LoadResult } from '../support/load';

export interface CoreRow {
  case: string;
  result: LoadResult;
  ceiling: LoadResult;
}

const SPREAD_PRODUCTS = 2000;

/**
 * Scenario 1: the place-order use case in-process on the real PostgreSQL (and RabbitMQ for
 * the publish after commit), against the bare reservation UPDATE from postgres.js with the
 * same pool and the same number of concurrent callers.
 */
export async function placeCoreScenario(options: { durationMs: number; concurrency: number }): Promise<CoreRow[]> {
  const deps = dependencies();
  const { sql } = deps;
  const spread = await seed(sql, SPREAD_PRODUCTS, 1_000_000_000);
  const [hot] = await seed(sql, 1, 1_000_000_000);
  const pick = () => spread[Math.floor(Math.random() * spread.length)]!;
  const threeDistinct = () => {
    const ids = new Set<string>();
    while (ids.size < 3) ids.add(pick());
    return [...ids];
  };

  // The ceiling: only the reservation statement, through a pool of the same size.
  const bare = postgres(deps.config.database.url, { max: deps.config.database.poolMax, onnotice: () => {} });
  const reserve = (ids: string[]) =>
    bare`UPDATE products p SET reserved = p.reserved + 1 FROM unnest(${ids}::uuid[]) AS w(id) WHERE p.id = w.id AND p.on_hand - p.reserved >= 1`;

  const cases: { name: string; lines: () => string[]; key: boolean }[] = [
    { name: 'spread, 1 line', lines: () => [pick()], key: false },
    { name: 'spread, 3 lines', lines: threeDistinct, key: false },
    { name: 'spread, 1 line, Idempotency-Key', lines: () => [pick()], key: true },
    { name: 'hot product, 1 line', lines: () => [hot!], key: false },
    { name: 'hot product + 2 spread, 3 lines', lines: () => [hot!, ...threeDistinct().slice(0, 2)], key: false },
  ];

  const rows: CoreRow[] = [];
  try {
    // Where the rest of the use case's time goes: the placement statement alone (reserve,
    // order, lines, outbox row; one commit), without the publish and the outbox mark.
    const statementOnly = await closedLoop(options.concurrency, options.durationMs, () =>
      deps.orders.place({ orderId: randomUUID(), lines: [{ productId: pick(), quantity: 1 }] }),
    );
    rows.push({ case: 'spread, 1 line: placement statement only', result: statementOnly, ceiling: await closedLoop(options.concurrency, options.durationMs, () => reserve([pick()])) });
    for (const c of cases) {
      const result = await closedLoop(options.concurrency, options.durationMs, () =>
        placeOrder(deps, { lines: c.lines().map((productId) => ({ productId, quantity: 1 })), idempotencyKey: c.key ? randomUUID() : undefined }),
      );
      const ceiling = await closedLoop(options.concurrency, options.durationMs, () => reserve(c.lines()));
      rows.push({ case: c.name, result, ceiling });
    }
  } finally {
    await bare.end();
    // The ceiling reserved units without orders; give them back so the run's invariant check
    // judges only what the use case did.
    await sql`UPDATE products p SET reserved = coalesce((SELECT sum(l.quantity) FROM order_lines l JOIN orders o ON o.id = l.order_id
                                                       WHERE l.product_id = p.id AND o.status = 'PENDING'), 0)
              WHERE p.id = ANY(${[...spread, hot!]}::uuid[])`;
  }
  return rows;
}

async function seed(sql: ReturnType<typeof dependencies>['sql'], count: number, onHand: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await sql`
    INSERT INTO products (id, sku, name, on_hand)
    SELECT id, 'BENCH-' || id, 'bench product', ${onHand} FROM unnest(${ids}::uuid[]) AS id`;
  return ids;
}
