import { applyTransition, doneLabel, finishedCount, noCounts, percentDone } from './progress';

const run = { ...noCounts, total: 7, success: 2, failed: 1, timedOut: 1, cancelled: 0, skipped: 1, inProgress: 1, rebooting: 1 };

describe('progress of a rollout', () => {
  it('counts success, failed, timed out, cancelled and skipped as finished', () => {
    expect(finishedCount(run)).toBe(5);
    expect(finishedCount({ ...run, cancelled: 2 })).toBe(7);
  });

  it('does not count pending, queued, in progress or rebooting as finished', () => {
    expect(finishedCount({ ...noCounts, total: 4, pending: 1, queued: 1, inProgress: 1, rebooting: 1 })).toBe(0);
  });

  it('rounds the percentage down, so 100 means every invocation finished', () => {
    expect(percentDone(run)).toBe(71); // 5 of 7 = 71.4
    expect(percentDone({ ...noCounts, total: 3, success: 2 })).toBe(66);
    expect(percentDone({ ...noCounts, total: 1000, success: 999 })).toBe(99);
    expect(percentDone({ ...noCounts, total: 3, success: 3 })).toBe(100);
  });

  it('is 0 for a run without invocations and never leaves 0..100', () => {
    expect(percentDone(noCounts)).toBe(0);
    expect(percentDone({ ...noCounts, total: 1, success: 3 })).toBe(100);
  });

  it('says "<done> of <total> done"', () => {
    expect(doneLabel(run)).toBe('5 of 7 done');
  });

  it('moves one invocation from its previous status to its new one', () => {
    const before = { ...noCounts, total: 2, inProgress: 1, pending: 1 };
    expect(applyTransition(before, 'IN_PROGRESS', 'SUCCESS')).toEqual({ ...before, inProgress: 0, success: 1 });
  });

  it('adds an invocation that had no status to the total', () => {
    expect(applyTransition(noCounts, null, 'PENDING')).toEqual({ ...noCounts, total: 1, pending: 1 });
  });

  it('ignores unknown statuses', () => {
    expect(applyTransition(run, 'IN_PROGRESS', 'EXPLODED')).toBe(run);
  });
});
