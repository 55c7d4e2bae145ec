import { setTimeout as sleep } from 'node:timers/promises';
import { startBrokerApp, stopBrokerApp } from '../local/brokerControl';

/** In turn; the broker restart, the longest, comes last so that a short drill sees every other kind first. */
export const FAULT_KINDS = ['worker-kill', 'vendor-errors', 'database-terminate', 'vendor-slow', 'vendor-rejects', 'broker-restart'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSettings {
  latencyMs?: number;
  errorRate?: number;
  timeoutRate?: number;
  rateLimitRate?: number;
  rejectOrders?: boolean;
}

/** What the faults act on; the drill provides it. */
export interface FaultTargets {
  /** SIGKILLs the confirm worker and starts a new one; resolves once it consumes again. */
  restartWorker(): Promise<void>;
  /** Sets one simulated vendor's fault controls. */
  setVendor(vendorId: string, settings: FaultSettings): Promise<void>;
  /** pg_terminate_backend on every connection of the service; returns how many were cut. */
  terminateServiceConnections(): Promise<number>;
  vendorIds: readonly string[];
  /** How long a vendor misbehaves, or the broker stays down. */
  holdMs: number;
}

export interface FaultRecord {
  kind: FaultKind;
  /** Since the start of the load, in ms. */
  atMs: number;
  durationMs: number;
  detail: string;
  /** Set when the fault could not be injected or undone (the drill then fails). */
  error?: string;
}

const CALM: FaultSettings = { latencyMs: 0, errorRate: 0, timeoutRate: 0, rateLimitRate: 0, rejectOrders: false };

/**
 * Each fault injects one kind of failure and undoes it before it returns, whatever
 * happens in between: a drill must never leave the broker stopped or a vendor broken.
 * `round` picks which vendor suffers, so successive rounds spread over all of them.
 */
export async function injectFault(kind: FaultKind, targets: FaultTargets, round: number): Promise<string> {
  const vendorId = targets.vendorIds[round % targets.vendorIds.length]!;
  const vendorFault = async (settings: FaultSettings, what: string) => {
    try {
      await targets.setVendor(vendorId, settings);
      await sleep(targets.holdMs);
    } finally {
      await targets.setVendor(vendorId, CALM);
    }
    return `${vendorId} ${what} for ${targets.holdMs} ms`;
  };

  switch (kind) {
    case 'worker-kill':
      await targets.restartWorker();
      return 'confirm worker killed with SIGKILL, a new one started';
    case 'broker-restart':
      try {
        await stopBrokerApp();
        await sleep(targets.holdMs);
      } finally {
        await startBrokerApp();
      }
      return `RabbitMQ stopped for ${targets.holdMs} ms (rabbitmqctl stop_app), then started`;
    case 'database-terminate': {
      const cut = await targets.terminateServiceConnections();
      return `${cut} service connections terminated (pg_terminate_backend)`;
    }
    case 'vendor-errors':
      return vendorFault({ errorRate: 0.9, rateLimitRate: 0.1 }, 'answering 503/429');
    case 'vendor-slow':
      return vendorFault({ latencyMs: 1500, timeoutRate: 0.15 }, 'slow (1.5 s, 15% hanging)');
    case 'vendor-rejects':
      return vendorFault({ rejectOrders: true }, 'refusing every new order');
  }
}

/** Puts every vendor back to normal: after the drill, or after a fault that could not undo itself. */
export async function calmVendors(targets: Pick<FaultTargets, 'setVendor' | 'vendorIds'>): Promise<void> {
  for (const vendorId of targets.vendorIds) await targets.setVendor(vendorId, CALM);
}
