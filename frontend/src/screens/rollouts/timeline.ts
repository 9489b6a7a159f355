import type { ProgressEvent } from './progressReducer';

/** One point of the chart: at the end of the bucket starting `at` (ms), how many invocations had succeeded and failed so far. */
export interface CompletionPoint {
  at: number;
  successes: number;
  failures: number;
}

const second = 1000;
/** Bucket widths the chart may use, so axis ticks land on round times. */
const widths = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400].map((s) => s * second);

/** The smallest round width that keeps a span within `maxBuckets` buckets. */
export function bucketWidth(spanMs: number, maxBuckets: number): number {
  return widths.find((w) => Math.floor(spanMs / w) + 1 <= maxBuckets) ?? widths[widths.length - 1]!;
}

/** Whether an event is an invocation reaching SUCCESS (1), FAILED or TIMED_OUT (-1), or neither (0). */
function outcome(event: ProgressEvent): 1 | -1 | 0 {
  if (event.type !== 'INVOCATION') {
    return 0;
  }
  if (event.status === 'SUCCESS') {
    return 1;
  }
  return event.status === 'FAILED' || event.status === 'TIMED_OUT' ? -1 : 0;
}

/**
 * Cumulative successes and failures over time, from the run's events. Events may come twice (the
 * history read at page load overlaps the live stream): each seq counts once. A retried invocation
 * that failed and then succeeded counts in both lines, as both happened. The buckets cover the
 * first to the last completion without holes, at most `maxBuckets` of them.
 */
export function completionsOverTime(events: Iterable<ProgressEvent>, maxBuckets = 60): CompletionPoint[] {
  const bySeq = new Map<number, ProgressEvent>();
  for (const event of events) {
    if (outcome(event) !== 0) {
      bySeq.set(event.seq, event);
    }
  }
  const completions = [...bySeq.values()]
    .map((e) => ({ at: Date.parse(e.at), outcome: outcome(e) }))
    .filter((e) => !Number.isNaN(e.at))
    .sort((a, b) => a.at - b.at);
  const first = completions[0];
  const last = completions[completions.length - 1];
  if (!first || !last) {
    return [];
  }
  const width = bucketWidth(last.at - first.at, maxBuckets);
  const start = Math.floor(first.at / width) * width;
  const count = Math.floor((last.at - start) / width) + 1;
  const points: CompletionPoint[] = [];
  let successes = 0;
  let failures = 0;
  let next = 0;
  for (let bucket = 0; bucket < count; bucket += 1) {
    const end = start + (bucket + 1) * width;
    while (next < completions.length && completions[next]!.at < end) {
      if (completions[next]!.outcome === 1) {
        successes += 1;
      } else {
        failures += 1;
      }
      next += 1;
    }
    points.push({ at: start + bucket * width, successes, failures });
  }
  return points;
}

/**
 * The chart in one sentence, for people who cannot see it: the totals at the end and the span they cover.
 * `clock` formats an instant (ms) as a time of day.
 */
export function describeCompletions(points: CompletionPoint[], clock: (ms: number) => string): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) {
    return 'No invocation has finished yet.';
  }
  const invocations = (n: number) => `${n} invocation${n === 1 ? '' : 's'}`;
  const span = first.at === last.at ? `at ${clock(first.at)}` : `between ${clock(first.at)} and ${clock(last.at)}`;
  return `${invocations(last.successes)} succeeded and ${last.failures} failed or timed out, ${span}.`;
}
