import { keepLiveEvents } from './liveEvents';
import type { ProgressEvent } from './progressReducer';

const completion = (seq: number, status = 'SUCCESS'): ProgressEvent => ({
  seq, at: '2026-12-01T20:00:00Z', type: 'INVOCATION', status, previousStatus: 'IN_PROGRESS', instanceId: `mi-${seq}`, invocationId: `i-${seq}`,
});
const runEvent = (seq: number): ProgressEvent => ({ seq, at: '2026-12-01T20:00:00Z', type: 'WAVE_STARTED', status: 'RUNNING' });

describe('the live events a rollout page keeps', () => {
  it('keeps each seq once when a resumed stream repeats events', () => {
    const kept = keepLiveEvents([], [completion(5), completion(6)]);
    expect(keepLiveEvents(kept, [completion(6), completion(7)]).map((e) => e.seq)).toEqual([5, 6, 7]);
  });

  it('keeps completions and run events, not the steps in between', () => {
    const started = { ...completion(2, 'IN_PROGRESS'), previousStatus: 'QUEUED' };
    expect(keepLiveEvents([], [runEvent(1), started, completion(3, 'TIMED_OUT')]).map((e) => e.seq)).toEqual([1, 3]);
  });

  it('drops the oldest beyond the limit', () => {
    const kept = keepLiveEvents([], [1, 2, 3, 4].map((seq) => completion(seq)), 3);
    expect(kept.map((e) => e.seq)).toEqual([2, 3, 4]);
  });

  it('returns the same list when nothing new arrived, so the page does not re-render for repeats', () => {
    const kept = keepLiveEvents([], [completion(5)]);
    expect(keepLiveEvents(kept, [completion(5)])).toBe(kept);
  });
});
