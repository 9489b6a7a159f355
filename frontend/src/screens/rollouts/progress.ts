/**
 * Progress arithmetic for a rollout, shared by the header, the per-wave bars and the list.
 * "Finished" means an invocation will not change by itself any more: SUCCESS, FAILED, TIMED_OUT,
 * CANCELLED or SKIPPED. PENDING, QUEUED, IN_PROGRESS and REBOOTING are unfinished (a rebooting host
 * has not reported its final state yet). A retry puts a finished invocation back to PENDING, so the
 * percentage may go down; that is the truth, not a glitch.
 */
export interface StatusCounts {
  total: number;
  pending: number;
  queued: number;
  inProgress: number;
  rebooting: number;
  success: number;
  failed: number;
  timedOut: number;
  cancelled: number;
  skipped: number;
}

export type CountKey = Exclude<keyof StatusCounts, 'total'>;

export const noCounts: StatusCounts = {
  total: 0, pending: 0, queued: 0, inProgress: 0, rebooting: 0,
  success: 0, failed: 0, timedOut: 0, cancelled: 0, skipped: 0,
};

/** Invocations that reached a final status: success + failed + timedOut + cancelled + skipped. */
export function finishedCount(counts: StatusCounts): number {
  return counts.success + counts.failed + counts.timedOut + counts.cancelled + counts.skipped;
}

/** floor(100 * finished / total), kept within 0..100; 0 for a run without invocations. */
export function percentDone(counts: StatusCounts): number {
  if (counts.total <= 0) {
    return 0;
  }
  return Math.min(100, Math.max(0, Math.floor((100 * finishedCount(counts)) / counts.total)));
}

/** "<done> of <total> done". */
export function doneLabel(counts: StatusCounts): string {
  return `${finishedCount(counts)} of ${counts.total} done`;
}

/** Errors as the thresholds count them: FAILED plus TIMED_OUT. */
export function errorCount(counts: StatusCounts): number {
  return counts.failed + counts.timedOut;
}

const keyOfStatus: Record<string, CountKey> = {
  PENDING: 'pending',
  QUEUED: 'queued',
  IN_PROGRESS: 'inProgress',
  REBOOTING: 'rebooting',
  SUCCESS: 'success',
  FAILED: 'failed',
  TIMED_OUT: 'timedOut',
  CANCELLED: 'cancelled',
  SKIPPED: 'skipped',
};

/** The counts field for an InvocationStatus name, or undefined for anything else. */
export function countKeyOf(status: string | null | undefined): CountKey | undefined {
  return status ? keyOfStatus[status] : undefined;
}

/**
 * The counts after one invocation moved from `previous` to `next`. A null `previous` is an
 * invocation that did not exist before, so the total grows with it.
 */
export function applyTransition(counts: StatusCounts, previous: string | null | undefined, next: string | null | undefined): StatusCounts {
  const from = countKeyOf(previous);
  const to = countKeyOf(next);
  if (!to || from === to) {
    return counts;
  }
  const result = { ...counts };
  if (from) {
    result[from] = Math.max(0, result[from] - 1);
  } else {
    result.total += 1;
  }
  result[to] += 1;
  return result;
}

/** The counts as labelled chips show them, in the order an operator reads a run. */
export const countLabels: { key: CountKey; label: string; color: 'default' | 'success' | 'error' | 'warning' | 'info' }[] = [
  { key: 'success', label: 'Success', color: 'success' },
  { key: 'failed', label: 'Failed', color: 'error' },
  { key: 'timedOut', label: 'Timed out', color: 'error' },
  { key: 'inProgress', label: 'In progress', color: 'info' },
  { key: 'rebooting', label: 'Rebooting', color: 'info' },
  { key: 'queued', label: 'Queued', color: 'default' },
  { key: 'pending', label: 'Pending', color: 'default' },
  { key: 'cancelled', label: 'Cancelled', color: 'warning' },
  { key: 'skipped', label: 'Skipped', color: 'default' },
];
