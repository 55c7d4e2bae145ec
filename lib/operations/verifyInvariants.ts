import { listProducts } from '../stock/readProducts';
import type { ProductCatalogue } from '../stock/ports';
import type { ProductPosition } from '../stock/types';
import type { ConfirmQueueAdmin } from './ports';

/** How many offenders one rule found, with a few of them described. */
export interface Violations {
  count: number;
  examples: string[];
}

/** The database side of the checks; each read is set-based and changes nothing. */
export interface InvariantQueries {
  /** Products whose `reserved` differs from the units of their PENDING order lines. */
  reservationMismatches(): Promise<Violations>;
  /**
   * CONFIRMED orders whose placed shares do not add up to a line, or whose shares with a
   * simulated vendor differ from what that vendor holds (missing, extra, other quantity or id).
   */
  confirmedOrderMismatches(): Promise<Violations & { vendorSideChecked: boolean }>;
  /** FAILED/REJECTED/CANCELLED orders with a placement left, and products reserving units no PENDING order holds. */
  closedOrderLeftovers(): Promise<Violations>;
  /** PENDING orders older than the limit with no message in flight (dead-lettered ones are named by the caller). */
  pendingWithoutMessage(olderThanSeconds: number, deadLetteredOrderIds: string[]): Promise<Violations>;
  /** Outbox rows still unsent after the limit: the relay is not doing its job. */
  staleOutboxRows(olderThanSeconds: number): Promise<Violations>;
}

export interface VerifyDeps {
  invariants: InvariantQueries;
  products: ProductCatalogue;
  /** To tell dead-lettered orders (waiting for a redrive) from lost ones; without it, none are. */
  queueAdmin?: ConfirmQueueAdmin;
}

export interface VerifyOptions {
  /** A PENDING order untouched for this long with no message in flight is lost. */
  pendingLimitSeconds: number;
  /** An outbox row unsent for this long means the relay is stuck. */
  outboxLimitSeconds: number;
}

export type InvariantId =
  | 'reserved_equals_pending_lines'
  | 'available_never_negative'
  | 'confirmed_orders_placed_exactly_once'
  | 'closed_orders_hold_nothing'
  | 'pending_orders_in_flight'
  | 'outbox_sent_in_time';

export interface InvariantResult extends Violations {
  id: InvariantId;
  description: string;
}

export interface InvariantReport {
  ok: boolean;
  violations: number;
  results: InvariantResult[];
  /** What could not be looked at, and why (e.g. the broker was down, so dead letters were not read). */
  notes: string[];
}

/** Dead letters read to tell "waiting for a redrive" from "lost"; more than this and the operator has other problems. */
const DEAD_LETTERS_READ = 1000;
const PRODUCT_PAGE = 200;

/**
 * The system's promises, checked against the live data. Each rule counts its offenders;
 * the report is clean only when every count is zero.
 */
export async function verifyInvariants(deps: VerifyDeps, options: VerifyOptions): Promise<InvariantReport> {
  const notes: string[] = [];
  const deadLettered = await deadLetteredOrderIds(deps, notes);
  const [reserved, available, confirmed, closed, pending, outbox] = await Promise.all([
    deps.invariants.reservationMismatches(),
    negativeAvailability(deps),
    deps.invariants.confirmedOrderMismatches(),
    deps.invariants.closedOrderLeftovers(),
    deps.invariants.pendingWithoutMessage(options.pendingLimitSeconds, deadLettered),
    deps.invariants.staleOutboxRows(options.outboxLimitSeconds),
  ]);
  if (!confirmed.vendorSideChecked) notes.push('vendor_mock schema absent: placements were not compared with the simulated vendors');

  const results: InvariantResult[] = [
    { id: 'reserved_equals_pending_lines', description: "every product's reserved units equal its PENDING order lines", ...reserved },
    { id: 'available_never_negative', description: 'no product is shown with negative availability (or on-hand/reserved)', ...available },
    {
      id: 'confirmed_orders_placed_exactly_once',
      description: "every CONFIRMED order's placed shares sum to its lines and match the vendors' orders one for one",
      count: confirmed.count,
      examples: confirmed.examples,
    },
    { id: 'closed_orders_hold_nothing', description: 'FAILED/REJECTED/CANCELLED orders keep no reservation and no vendor placement', ...closed },
    {
      id: 'pending_orders_in_flight',
      description: `no PENDING order older than ${options.pendingLimitSeconds} s without a message in flight (outbox, queue or dead letters)`,
      ...pending,
    },
    { id: 'outbox_sent_in_time', description: `no outbox row left unsent for more than ${options.outboxLimitSeconds} s`, ...outbox },
  ];
  const violations = results.reduce((sum, r) => sum + r.count, 0);
  return { ok: violations === 0, violations, results, notes };
}

/** Availability exactly as the API computes and shows it, over the whole catalogue. */
async function negativeAvailability(deps: { products: ProductCatalogue }): Promise<Violations> {
  const examples: string[] = [];
  let count = 0;
  let after: ProductPosition | undefined;
  do {
    const page = await listProducts(deps, { limit: PRODUCT_PAGE, after });
    for (const p of page.items) {
      if (p.available < 0 || p.onHand < 0 || p.reserved < 0 || !Number.isInteger(p.available)) {
        count++;
        if (examples.length < 5) examples.push(`${p.sku}: available ${p.available}, on hand ${p.onHand}, reserved ${p.reserved}`);
      }
    }
    after = page.next ?? undefined;
  } while (after);
  return { count, examples };
}

async function deadLetteredOrderIds(deps: VerifyDeps, notes: string[]): Promise<string[]> {
  if (!deps.queueAdmin) return [];
  try {
    const letters = await deps.queueAdmin.peekDeadLetters(DEAD_LETTERS_READ);
    return letters.flatMap((l) => (l.orderId ? [l.orderId] : []));
  } catch (error) {
    notes.push(`dead letters not read (${(error as Error).message}): a dead-lettered PENDING order counts as lost`);
    return [];
  }
}
