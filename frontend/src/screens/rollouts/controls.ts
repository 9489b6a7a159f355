/**
 * Which operator controls apply to a rollout in its current state (docs/ROLLOUTS.md, "The
 * controls, and when each is refused"). The page shows only these; the service still decides and
 * answers INVALID_STATE for anything it refuses (another run of the deployment unfinished, say).
 */
export type Control = 'pause' | 'resume' | 'cancel' | 'approve' | 'retry' | 'rollback';

export interface ControlFacts {
  state: string;
  waitingFor: string | null | undefined;
  /** FAILED plus TIMED_OUT invocations now. */
  errors: number;
  /** A rollback run (trigger ROLLBACK) is never itself rolled back. */
  isRollbackRun: boolean;
  /** The run has a rollback run (rolledBackBy): it is rolled back or being rolled back. */
  hasRollbackRun: boolean;
}

export function availableControls(facts: ControlFacts): Control[] {
  const { state } = facts;
  const controls: Control[] = [];
  if (state === 'RUNNING') {
    controls.push('pause');
  }
  if (state === 'PAUSED') {
    controls.push('resume');
  }
  if (facts.waitingFor === 'APPROVAL' && (state === 'RUNNING' || state === 'PAUSED')) {
    controls.push('approve');
  }
  if (['RUNNING', 'PAUSED', 'FAILED', 'SUCCEEDED'].includes(state) && facts.errors > 0 && !facts.hasRollbackRun) {
    controls.push('retry');
  }
  if (['PLANNED', 'RUNNING', 'PAUSED'].includes(state)) {
    controls.push('cancel');
  }
  if (['RUNNING', 'PAUSED', 'SUCCEEDED', 'FAILED', 'CANCELLED'].includes(state) && !facts.isRollbackRun && !facts.hasRollbackRun) {
    controls.push('rollback');
  }
  return controls;
}
