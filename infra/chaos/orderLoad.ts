import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export interface OrderLoadOptions {
  /** The API's base URL (a node:http adapter of this stack on 127.0.0.1). */
  baseUrl: string;
  ratePerSecond: number;
  /** Products to order from; each order takes one to three of them. */
  productIds: string[];
  /** Share of accepted orders the client cancels a moment later. */
  cancelShare: number;
  /** How long one order is retried (same Idempotency-Key) while the API answers 503 or not at all. */
  retryForMs: number;
  /** Requests allowed in flight at once; a tick that finds them all busy places nothing. */
  maxInFlight: number;
}

export interface OrderLoadTally {
  /** Orders the client set out to place. */
  attempted: number;
  /** Order ids answered 202 (a replay counts once). */
  accepted: Set<string>;
  /** Order ids the client cancelled (200). */
  cancelled: Set<string>;
  /** 409 insufficient_stock: a business answer, nothing reserved. */
  refused: number;
  /** 409 invalid_state to a cancel: the order was final already. */
  cancelTooLate: number;
  /** 503 answers seen (each was retried). */
  unavailable: number;
  /** Requests with no answer (connection reset, timeout), each retried. */
  noAnswer: number;
  /** Orders the client stopped retrying without a final answer. */
  givenUp: number;
  /** Ticks skipped because `maxInFlight` requests were still running. */
  skipped: number;
  /** Answers the contract does not allow for these requests (5xx other than 503, 4xx other than 409): bugs. */
  unexpected: string[];
}

/**
 * A well-behaved client at a steady rate: each order carries its own Idempotency-Key and
 * is retried with it on 503 or no answer, as the contract invites; some are cancelled
 * right after acceptance, racing their confirmation.
 */
export class OrderLoad {
  readonly tally: OrderLoadTally = {
    attempted: 0,
    accepted: new Set(),
    cancelled: new Set(),
    refused: 0,
    cancelTooLate: 0,
    unavailable: 0,
    noAnswer: 0,
    givenUp: 0,
    skipped: 0,
    unexpected: [],
  };
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: OrderLoadOptions) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), 1000 / this.options.ratePerSecond);
  }

  /** Stops placing and waits for the orders in flight to get their final answer. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  private tick(): void {
    if (this.inFlight.size >= this.options.maxInFlight) {
      this.tally.skipped++;
      return;
    }
    const work = this.placeOne().catch((error: Error) => {
      this.tally.unexpected.push(`client error: ${error.message}`);
    });
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async placeOne(): Promise<void> {
    this.tally.attempted++;
    const { productIds } = this.options;
    const lineCount = Math.random() < 0.7 ? 1 : 2 + Math.floor(Math.random() * 2);
    const picked = [...productIds].sort(() => Math.random() - 0.5).slice(0, lineCount);
    const items = picked.map((productId) => ({ productId, quantity: 1 + Math.floor(Math.random() * 3) }));
    const answer = await this.send('POST', '/orders', { items }, { 'idempotency-key': `chaos-${randomUUID()}` });
    if (!answer) return;
    if (answer.status === 202) {
      const orderId = (answer.body as { orderId: string }).orderId;
      this.tally.accepted.add(orderId);
      if (Math.random() < this.options.cancelShare) await this.cancel(orderId);
    } else if (answer.status === 409 && answer.code === 'insufficient_stock') {
      this.tally.refused++;
    } else {
      this.tally.unexpected.push(`POST /orders → ${answer.status} ${answer.text.slice(0, 300)}`);
    }
  }

  private async cancel(orderId: string): Promise<void> {
    await sleep(Math.random() * 200);
    const answer = await this.send('POST', `/orders/${orderId}/cancel`);
    if (!answer) return;
    if (answer.status === 200) this.tally.cancelled.add(orderId);
    else if (answer.status === 409 && answer.code === 'invalid_state') this.tally.cancelTooLate++;
    else this.tally.unexpected.push(`POST /orders/${orderId}/cancel → ${answer.status} ${answer.text.slice(0, 300)}`);
  }

  /** One request, retried on 503 or no answer until `retryForMs` has passed; undefined when given up. */
  private async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const deadline = Date.now() + this.options.retryForMs;
    for (;;) {
      let retryAfterMs = 250;
      try {
        const res = await fetch(`${this.options.baseUrl}${path}`, {
          method,
          headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
        const text = await res.text();
        const parsed = text ? (JSON.parse(text) as { code?: string }) : {};
        if (res.status !== 503) return { status: res.status, code: parsed.code, body: parsed, text };
        this.tally.unavailable++;
        retryAfterMs = Math.max(250, Number(res.headers.get('retry-after') ?? 0) * 1000);
      } catch {
        this.tally.noAnswer++;
      }
      if (Date.now() + retryAfterMs > deadline) {
        this.tally.givenUp++;
        return undefined;
      }
      await sleep(retryAfterMs);
    }
  }
}
