import type { Logger } from '../logger';
import type { MetricsRecorder } from '../observability';
import { allocateLine } from './allocate';
import type { AllocationRecord, ConfirmationState, ConfirmationStore, NewAllocation, VendorOrderGateway } from './ports';
import { TERMINAL_STATUSES } from './types';

export interface ConfirmOrderDeps {
  confirmations: ConfirmationStore;
  vendorOrders: VendorOrderGateway;
  logger: Logger;
  metrics: MetricsRecorder;
  now: () => Date;
}

export type ConfirmOutcome = 'confirmed' | 'rejected' | 'already_final' | 'unknown_order';

/**
 * Confirms one order with its vendors. Safe to run any number of times for the same
 * order, concurrently or after a crash at any point, because every step starts from
 * what the database says:
 * - the plan (which vendor supplies what) is stored before any vendor is called, and a
 *   retry re-sends the same plan; vendors are idempotent on our order id;
 * - a vendor's refusal is a business answer: its shares are planned anew on the vendors
 *   that have not refused that product; when none can supply a line, the order is REJECTED;
 * - a transient failure (vendor down, database blip) propagates and the queue retries;
 * - an order that left PENDING while vendors held placements for it (cancelled, failed)
 *   gets those placements cancelled, so a vendor never ships an order we do not sell.
 */
export async function confirmOrder(deps: ConfirmOrderDeps, orderId: string): Promise<ConfirmOutcome> {
  const store = deps.confirmations;
  let state = await store.startAttempt(orderId);
  if (!state) return 'unknown_order';

  // Each pass makes progress: it plans, places, or learns a refusal that removes a vendor
  // from a line. With finitely many vendors the loop ends.
  for (;;) {
    if (TERMINAL_STATUSES.has(state.status)) {
      if (state.status !== 'CONFIRMED') await cancelPlacements(deps, state);
      return 'already_final';
    }

    const plan = await planUncoveredQuantities(deps, state);
    if (plan.kind === 'short') {
      await cancelPlacements(deps, state);
      if (!(await store.close(orderId, 'REJECTED', plan.reason))) return reloadAndSettle(deps, orderId);
      deps.metrics.count('OrdersRejected');
      return 'rejected';
    }
    if (plan.allocations.length) {
      await store.plan(orderId, plan.allocations);
    } else if (state.allocations.some((a) => a.status === 'planned')) {
      await placePlannedShares(deps, state);
    } else {
      if (!(await store.confirm(orderId))) return reloadAndSettle(deps, orderId);
      deps.metrics.count('OrdersConfirmed');
      deps.metrics.duration('ConfirmLatency', deps.now().getTime() - state.createdAt.getTime());
      return 'confirmed';
    }
    state = (await store.load(orderId))!;
  }
}

/** The order left PENDING under us: undo its vendor placements unless it was confirmed. */
async function reloadAndSettle(deps: ConfirmOrderDeps, orderId: string): Promise<ConfirmOutcome> {
  const state = await deps.confirmations.load(orderId);
  if (state && state.status !== 'CONFIRMED') await cancelPlacements(deps, state);
  return 'already_final';
}

type PlanResult = { kind: 'ok'; allocations: NewAllocation[] } | { kind: 'short'; reason: string };

/**
 * For every line, plans the quantity not yet covered by planned or placed shares, on
 * vendors that have had no share of that line before (a refused or cancelled vendor is
 * not asked again for the same product).
 */
async function planUncoveredQuantities(deps: ConfirmOrderDeps, state: ConfirmationState): Promise<PlanResult> {
  const uncovered = state.lines
    .map((line) => {
      const shares = state.allocations.filter((a) => a.productId === line.productId);
      const covered = shares.filter((a) => a.status === 'planned' || a.status === 'placed').reduce((sum, a) => sum + a.quantity, 0);
      return { line, quantity: line.quantity - covered, triedVendors: new Set(shares.map((a) => a.vendorId)) };
    })
    .filter((u) => u.quantity > 0);
  if (!uncovered.length) return { kind: 'ok', allocations: [] };

  const offers = await deps.confirmations.offers(uncovered.map((u) => u.line.productId));
  const allocations: NewAllocation[] = [];
  for (const { line, quantity, triedVendors } of uncovered) {
    const candidates = offers.filter((o) => o.productId === line.productId && !triedVendors.has(o.vendorId));
    const result = allocateLine(quantity, candidates);
    if (result.kind === 'short') {
      return { kind: 'short', reason: `no vendor can supply ${quantity} of ${line.sku} (vendors not yet asked hold ${result.available})` };
    }
    for (const share of result.shares) allocations.push({ productId: line.productId, ...share });
  }
  return { kind: 'ok', allocations };
}

/** One vendor order per vendor, with every planned share that vendor supplies. */
async function placePlannedShares(deps: ConfirmOrderDeps, state: ConfirmationState): Promise<void> {
  const skuOf = new Map(state.lines.map((l) => [l.productId, l.sku]));
  const byVendor = new Map<string, AllocationRecord[]>();
  for (const a of state.allocations.filter((x) => x.status === 'planned')) byVendor.set(a.vendorId, [...(byVendor.get(a.vendorId) ?? []), a]);
  for (const [vendorId, shares] of byVendor) {
    const lines = shares.map((s) => ({ sku: skuOf.get(s.productId)!, quantity: s.quantity }));
    const result = await deps.vendorOrders.placeOrder(vendorId, state.orderId, lines);
    const productIds = shares.map((s) => s.productId);
    if (result.kind === 'placed') {
      await deps.confirmations.markPlaced(state.orderId, vendorId, productIds, result.vendorOrderId);
    } else {
      // The vendor's refusal covers the whole request, so every share it was asked for moves elsewhere.
      deps.logger.info('vendor refused order, planning its shares elsewhere', { orderId: state.orderId, vendorId, reason: result.reason });
      await deps.confirmations.markRefused(state.orderId, vendorId, productIds);
    }
  }
}

async function cancelPlacements(deps: ConfirmOrderDeps, state: ConfirmationState): Promise<void> {
  const vendorIds = new Set(state.allocations.filter((a) => a.status === 'placed').map((a) => a.vendorId));
  for (const vendorId of vendorIds) {
    await deps.vendorOrders.cancelOrder(vendorId, state.orderId);
    await deps.confirmations.markCancelled(state.orderId, vendorId);
  }
}

/**
 * The last delivery failed: the order becomes FAILED and its reservation is released.
 * Placements other vendors already accepted are cancelled as far as they can be now;
 * whatever cannot (the vendor is the thing that is down) is cancelled when the
 * dead-lettered message is redriven, since confirmOrder undoes placements of a FAILED order.
 */
export async function failOrder(deps: ConfirmOrderDeps, orderId: string, reason: string): Promise<boolean> {
  const failed = await deps.confirmations.close(orderId, 'FAILED', reason);
  if (failed) deps.metrics.count('OrdersFailed');
  const state = await deps.confirmations.load(orderId);
  if (state && state.status !== 'CONFIRMED') {
    await cancelPlacements(deps, state).catch((error: Error) =>
      deps.logger.warn('could not cancel vendor placements of a failed order yet', { orderId, error }),
    );
  }
  return failed;
}
