import { noCounts } from './progress';
import { initialProgress, progressReducer, type ProgressEvent, type ProgressMessage, type ProgressState } from './progressReducer';

const at = '2026-12-01T20:00:00Z';

function snapshot(seq: number, counts = { ...noCounts, total: 3, pending: 3 }, state = 'RUNNING'): ProgressMessage {
  return {
    seq,
    snapshot: {
      rollout: { id: 'r1', state, currentWave: 1, waitingFor: null },
      counts,
      waves: [
        { number: 1, size: 1, state: 'RUNNING', counts: { ...noCounts, total: 1, pending: 1 } },
        { number: 2, size: 2, state: 'PENDING', counts: { ...noCounts, total: 2, pending: 2 } },
      ],
    },
    events: [],
  };
}

function invocation(seq: number, previousStatus: string, status: string, wave = 1, instanceId = 'mi-1'): ProgressEvent {
  return { seq, at, type: 'INVOCATION', previousStatus, status, wave, instanceId, invocationId: `i-${instanceId}` };
}

function run(seq: number, type: string, status: string, details = '{}'): ProgressEvent {
  return { seq, at, type, status, details };
}

function apply(...messages: ProgressMessage[]): ProgressState {
  return messages.reduce(progressReducer, initialProgress);
}

const events = (...list: ProgressEvent[]): ProgressMessage => ({ seq: list[list.length - 1]?.seq ?? 0, events: list });

describe('the live progress of a rollout', () => {
  it('takes counts, waves and state from the snapshot', () => {
    const state = apply(snapshot(4));
    expect(state.seq).toBe(4);
    expect(state.run?.state).toBe('RUNNING');
    expect(state.counts.pending).toBe(3);
    expect(state.waves).toHaveLength(2);
  });

  it('moves invocations in the run and in their wave, in seq order', () => {
    const state = apply(snapshot(4), events(invocation(6, 'QUEUED', 'IN_PROGRESS'), invocation(5, 'PENDING', 'QUEUED')));
    expect(state.seq).toBe(6);
    expect(state.counts).toMatchObject({ pending: 2, queued: 0, inProgress: 1, total: 3 });
    expect(state.waves[0]?.counts).toMatchObject({ pending: 0, inProgress: 1 });
    expect(state.waves[1]?.counts).toMatchObject({ pending: 2 });
  });

  it('ignores events at or below the last applied seq, so a repeated message counts once', () => {
    const once = apply(snapshot(4), events(invocation(5, 'PENDING', 'QUEUED')));
    const twice = progressReducer(once, events(invocation(5, 'PENDING', 'QUEUED')));
    expect(twice).toBe(once);
    const old = progressReducer(once, events(invocation(3, 'PENDING', 'QUEUED')));
    expect(old.counts).toEqual(once.counts);
  });

  it('ignores events the snapshot already includes', () => {
    const state = apply(snapshot(9, { ...noCounts, total: 3, success: 1, pending: 2 }), events(invocation(8, 'IN_PROGRESS', 'SUCCESS')));
    expect(state.counts.success).toBe(1);
    expect(state.seq).toBe(9);
  });

  it('replaces everything on a new snapshot, then resumes with the events after it', () => {
    const before = apply(snapshot(4), events(invocation(5, 'PENDING', 'QUEUED')));
    // The service restarted; the client asked again after seq 5 and got a snapshot as of seq 8,
    // then events 6..8 again (already in the snapshot) and the new event 9.
    const after = [
      snapshot(8, { ...noCounts, total: 3, success: 1, inProgress: 1, pending: 1 }),
      events(invocation(6, 'QUEUED', 'IN_PROGRESS'), invocation(7, 'IN_PROGRESS', 'SUCCESS'), invocation(8, 'PENDING', 'QUEUED', 2, 'mi-2')),
      events(invocation(9, 'IN_PROGRESS', 'FAILED', 2, 'mi-3')),
    ].reduce(progressReducer, before);
    expect(after.seq).toBe(9);
    expect(after.counts).toMatchObject({ total: 3, success: 1, inProgress: 0, failed: 1, pending: 1 });
  });

  it('does not apply across a gap and asks for a snapshot instead', () => {
    const state = apply(snapshot(4), events(invocation(7, 'PENDING', 'QUEUED')));
    expect(state.seq).toBe(4);
    expect(state.counts.queued).toBe(0);
    expect(state.needsSnapshot).toBe(true);
    const healed = progressReducer(state, snapshot(7, { ...noCounts, total: 3, queued: 1, pending: 2 }));
    expect(healed.needsSnapshot).toBe(false);
    expect(healed.counts.queued).toBe(1);
  });

  it('ignores a stale snapshot older than the applied state', () => {
    const state = apply(snapshot(4), events(invocation(5, 'PENDING', 'QUEUED')));
    expect(progressReducer(state, snapshot(3))).toBe(state);
  });

  it('follows the run state, waves and waiting from run events', () => {
    const state = apply(
      snapshot(4),
      events(
        run(5, 'WAVE_COMPLETED', 'RUNNING', '{"wave":1,"successPercent":100}'),
        run(6, 'WAITING_FOR_APPROVAL', 'RUNNING', '{"wave":2}'),
      ),
    );
    expect(state.waves[0]?.state).toBe('DONE');
    expect(state.run?.waitingFor).toBe('APPROVAL');
    const started = progressReducer(state, events(run(7, 'WAVE_APPROVED', 'RUNNING'), run(8, 'WAVE_STARTED', 'RUNNING', '{"wave":2}')));
    expect(started.run).toMatchObject({ waitingFor: null, currentWave: 2 });
    expect(started.waves[1]?.state).toBe('RUNNING');
    const paused = progressReducer(started, events(run(9, 'ROLLOUT_PAUSED', 'PAUSED')));
    expect(paused.run?.state).toBe('PAUSED');
  });

  it('asks for a snapshot when a run starts or targets join, since their invocations come without events', () => {
    const state = apply(snapshot(0, noCounts, 'PLANNED'), events(run(1, 'ROLLOUT_STARTED', 'RUNNING', '{"targets":3}')));
    expect(state.run?.state).toBe('RUNNING');
    expect(state.needsSnapshot).toBe(true);
  });

  it('ignores events before any snapshot', () => {
    const state = apply(events(invocation(1, 'PENDING', 'QUEUED')));
    expect(state.seq).toBeNull();
    expect(state.needsSnapshot).toBe(true);
  });
});
