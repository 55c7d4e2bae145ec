import { SyncRunNotFoundError } from './errors';
import type { SyncRunStore } from './ports';
import type { SyncRun } from './types';

export async function getSyncRun(deps: { syncRuns: SyncRunStore }, runId: string): Promise<SyncRun> {
  const run = await deps.syncRuns.find(runId);
  if (!run) throw new SyncRunNotFoundError(runId);
  return run;
}

/** Newest first, each with its per-vendor results. */
export async function listSyncRuns(deps: { syncRuns: SyncRunStore }, limit: number): Promise<SyncRun[]> {
  return deps.syncRuns.recent(limit);
}
