import type { ProgressEvent } from './progressReducer';
import { bucketWidth, completionsOverTime, describeCompletions } from './timeline';

function done(seq: number, at: string, status: string): ProgressEvent {
  return { seq, at, type: 'INVOCATION', status, previousStatus: 'IN_PROGRESS', instanceId: `mi-${seq}` };
}

describe('completions and failures over time', () => {
  it('is empty before anything finished', () => {
    expect(completionsOverTime([])).toEqual([]);
    expect(completionsOverTime([{ ...done(1, '2026-12-01T20:00:00Z', 'QUEUED') }])).toEqual([]);
  });

  it('adds up successes and failures (timeouts included) per bucket, cumulatively', () => {
    const points = completionsOverTime([
      done(1, '2026-12-01T20:00:00.100Z', 'SUCCESS'),
      done(2, '2026-12-01T20:00:00.900Z', 'FAILED'),
      done(3, '2026-12-01T20:00:02.500Z', 'SUCCESS'),
      done(4, '2026-12-01T20:00:03.000Z', 'TIMED_OUT'),
    ]);
    expect(points.map((p) => [new Date(p.at).toISOString(), p.successes, p.failures])).toEqual([
      ['2026-12-01T20:00:00.000Z', 1, 1],
      ['2026-12-01T20:00:01.000Z', 1, 1],
      ['2026-12-01T20:00:02.000Z', 2, 1],
      ['2026-12-01T20:00:03.000Z', 2, 2],
    ]);
  });

  it('counts an event seen twice (history and live stream) once', () => {
    const event = done(7, '2026-12-01T20:00:00Z', 'SUCCESS');
    expect(completionsOverTime([event, event, { ...event }])).toEqual([{ at: Date.parse('2026-12-01T20:00:00Z'), successes: 1, failures: 0 }]);
  });

  it('ignores run events and unfinished invocations', () => {
    const points = completionsOverTime([
      { seq: 1, at: '2026-12-01T20:00:00Z', type: 'ROLLOUT_SUCCEEDED', status: 'SUCCEEDED' },
      done(2, '2026-12-01T20:00:00Z', 'IN_PROGRESS'),
      done(3, '2026-12-01T20:00:00Z', 'CANCELLED'),
      done(4, '2026-12-01T20:00:00Z', 'SUCCESS'),
    ]);
    expect(points).toEqual([{ at: Date.parse('2026-12-01T20:00:00Z'), successes: 1, failures: 0 }]);
  });

  it('widens the buckets to round times so a long run stays within the limit', () => {
    expect(bucketWidth(30_000, 60)).toBe(1000);
    expect(bucketWidth(10 * 60_000, 60)).toBe(15_000);
    const points = completionsOverTime(
      [done(1, '2026-12-01T20:00:00Z', 'SUCCESS'), done(2, '2026-12-01T21:00:00Z', 'SUCCESS')],
      60,
    );
    expect(points.length).toBeLessThanOrEqual(60);
    expect(points[points.length - 1]).toMatchObject({ successes: 2, failures: 0 });
  });
});

describe('the chart in one sentence', () => {
  const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

  it('gives the totals at the end and the span they cover', () => {
    const points = completionsOverTime([
      done(1, '2026-12-01T20:00:00Z', 'SUCCESS'),
      done(2, '2026-12-01T20:00:10Z', 'FAILED'),
      done(3, '2026-12-01T20:00:20Z', 'SUCCESS'),
    ]);
    expect(describeCompletions(points, clock)).toBe('2 invocations succeeded and 1 failed or timed out, between 20:00:00 and 20:00:20.');
  });

  it('says when nothing has finished, and names one moment in the singular', () => {
    expect(describeCompletions([], clock)).toBe('No invocation has finished yet.');
    const one = completionsOverTime([done(1, '2026-12-01T20:00:00Z', 'SUCCESS')]);
    expect(describeCompletions(one, clock)).toBe('1 invocation succeeded and 0 failed or timed out, at 20:00:00.');
  });
});
