import type { ProgressEvent } from './progressReducer';

/** Enough live completions for a 30,000-host run retried a few times; the oldest go first beyond it. */
export const maxLiveEvents = 100_000;

const completions = new Set(['SUCCESS', 'FAILED', 'TIMED_OUT']);

/** Whether the page uses an event after applying it: the chart draws completions, the header re-reads on run events. */
function worthKeeping(event: ProgressEvent): boolean {
  return !(event.invocationId || event.instanceId) || completions.has(event.status ?? '');
}

/**
 * The live events kept for the page, with `arrived` added: each seq once (a resumed stream may
 * repeat what was delivered already), oldest first, only the events the page uses, and at most
 * `limit` of them.
 */
export function keepLiveEvents(kept: ProgressEvent[], arrived: ProgressEvent[], limit = maxLiveEvents): ProgressEvent[] {
  let newest = kept.length > 0 ? kept[kept.length - 1]!.seq : -1;
  const added: ProgressEvent[] = [];
  for (const event of [...arrived].sort((a, b) => a.seq - b.seq)) {
    if (event.seq > newest) {
      newest = event.seq;
      if (worthKeeping(event)) {
        added.push(event);
      }
    }
  }
  if (added.length === 0) {
    return kept;
  }
  const next = [...kept, ...added];
  return next.length > limit ? next.slice(next.length - limit) : next;
}
