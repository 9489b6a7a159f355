import { applyTransition, noCounts, type StatusCounts } from './progress';

/**
 * The live state of one rollout, built from rolloutProgress messages (docs/ROLLOUTS.md, "Following a
 * run live"): a snapshot replaces everything; each later event with a seq above the last applied one
 * moves one invocation's status (previousStatus -> status, in its wave) or the run's state. Events at
 * or below the last applied seq are already in the state (a resumed subscription repeats them) and
 * are ignored, so nothing is counted twice across reconnects and restarts of the service.
 */
export interface WaveState {
  number: number;
  size: number;
  /** PENDING (not started), RUNNING or DONE. */
  state: string;
  counts: StatusCounts;
}

export interface RunState {
  id: string;
  state: string;
  currentWave: number;
  waitingFor: string | null;
}

export interface ProgressEvent {
  seq: number;
  at: string;
  type: string;
  status?: string | null;
  previousStatus?: string | null;
  instanceId?: string | null;
  invocationId?: string | null;
  wave?: number | null;
  details?: string | null;
}

export interface ProgressMessage {
  seq: number;
  snapshot?: { rollout: RunState; counts: StatusCounts; waves: WaveState[] } | null;
  events: ProgressEvent[];
}

export interface ProgressState {
  /** The seq of the last event the counts include; null before the first snapshot. */
  seq: number | null;
  run: RunState | null;
  counts: StatusCounts;
  waves: WaveState[];
  /**
   * Set when the counts can no longer be kept exact from events alone: a gap in the seqs, events
   * before any snapshot, or events that add invocations without one event each (ROLLOUT_STARTED,
   * TARGETS_JOINED). The subscription then asks again from `seq` and gets a fresh snapshot.
   */
  needsSnapshot: boolean;
}

export const initialProgress: ProgressState = { seq: null, run: null, counts: noCounts, waves: [], needsSnapshot: false };

/** Events after which only a fresh snapshot has the right invocations. */
const addsInvocationsSilently = new Set(['ROLLOUT_STARTED', 'TARGETS_JOINED']);

export function progressReducer(state: ProgressState, message: ProgressMessage): ProgressState {
  let next = state;
  if (message.snapshot) {
    // A snapshot older than what is applied (a message of a subscription being replaced) is stale.
    if (state.seq === null || message.seq >= state.seq) {
      next = {
        seq: message.seq,
        run: { ...message.snapshot.rollout },
        counts: { ...message.snapshot.counts },
        waves: message.snapshot.waves.map((w) => ({ ...w, counts: { ...w.counts } })),
        needsSnapshot: false,
      };
    }
  }
  for (const event of [...message.events].sort((a, b) => a.seq - b.seq)) {
    next = applyEvent(next, event);
  }
  return next;
}

function applyEvent(state: ProgressState, event: ProgressEvent): ProgressState {
  if (state.seq === null) {
    return state.needsSnapshot ? state : { ...state, needsSnapshot: true };
  }
  if (event.seq <= state.seq) {
    return state;
  }
  if (event.seq !== state.seq + 1) {
    return state.needsSnapshot ? state : { ...state, needsSnapshot: true };
  }
  const applied: ProgressState = { ...state, seq: event.seq };
  if (event.invocationId || event.instanceId) {
    return applyInvocationEvent(applied, event);
  }
  return applyRunEvent(applied, event);
}

function applyInvocationEvent(state: ProgressState, event: ProgressEvent): ProgressState {
  return {
    ...state,
    counts: applyTransition(state.counts, event.previousStatus, event.status),
    waves: state.waves.map((w) =>
      w.number === event.wave ? { ...w, counts: applyTransition(w.counts, event.previousStatus, event.status) } : w,
    ),
  };
}

function applyRunEvent(state: ProgressState, event: ProgressEvent): ProgressState {
  const run = state.run;
  if (!run) {
    return state;
  }
  let nextRun: RunState = { ...run, state: event.status ?? run.state };
  let waves = state.waves;
  const wave = waveOf(event);
  switch (event.type) {
    case 'WAVE_STARTED':
      nextRun = { ...nextRun, waitingFor: null, currentWave: wave ?? run.currentWave };
      waves = waves.map((w) => (w.number === wave ? { ...w, state: 'RUNNING' } : w));
      break;
    case 'WAVE_COMPLETED':
      waves = waves.map((w) => (w.number === wave ? { ...w, state: 'DONE' } : w));
      break;
    case 'WAITING_FOR_APPROVAL':
      nextRun = { ...nextRun, waitingFor: 'APPROVAL' };
      break;
    case 'WAITING_BETWEEN_WAVES':
      nextRun = { ...nextRun, waitingFor: 'TIMER' };
      break;
    case 'WAVE_APPROVED':
    case 'ROLLOUT_SUCCEEDED':
    case 'ROLLOUT_FAILED':
    case 'ROLLOUT_CANCELLED':
    case 'ROLLOUT_ROLLED_BACK':
      nextRun = { ...nextRun, waitingFor: null };
      break;
    default:
      break;
  }
  return { ...state, run: nextRun, waves, needsSnapshot: state.needsSnapshot || addsInvocationsSilently.has(event.type) };
}

/** The wave an event concerns: its own field, or the `wave` of its JSON details (WAVE_STARTED, WAVE_COMPLETED). */
export function waveOf(event: ProgressEvent): number | undefined {
  if (typeof event.wave === 'number') {
    return event.wave;
  }
  const details = parseDetails(event.details);
  return typeof details.wave === 'number' ? details.wave : undefined;
}

export function parseDetails(details: string | null | undefined): Record<string, unknown> {
  if (!details) {
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(details);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The run's finished states: no control but retry or rollback applies, and the stream completes. */
export const finishedStates = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'ROLLED_BACK']);
