import { availableControls, type ControlFacts } from './controls';

const base: ControlFacts = { state: 'RUNNING', waitingFor: null, errors: 0, isRollbackRun: false, hasRollbackRun: false };
const controls = (facts: Partial<ControlFacts>) => availableControls({ ...base, ...facts });

describe('the controls a rollout offers', () => {
  it('a running run can be paused, cancelled or rolled back', () => {
    expect(controls({})).toEqual(['pause', 'cancel', 'rollback']);
  });

  it('a paused run can be resumed instead of paused', () => {
    expect(controls({ state: 'PAUSED' })).toEqual(['resume', 'cancel', 'rollback']);
  });

  it('offers "Approve next wave" only while waiting for approval', () => {
    expect(controls({ waitingFor: 'APPROVAL' })).toContain('approve');
    expect(controls({ waitingFor: 'TIMER' })).not.toContain('approve');
    expect(controls({ state: 'PAUSED', waitingFor: 'APPROVAL' })).toContain('approve');
  });

  it('offers "Retry failed" when there are failed or timed-out invocations to retry', () => {
    expect(controls({ state: 'FAILED', errors: 2 })).toEqual(['retry', 'rollback']);
    expect(controls({ state: 'SUCCEEDED', errors: 1 })).toContain('retry');
    expect(controls({ state: 'FAILED', errors: 0 })).not.toContain('retry');
    expect(controls({ state: 'CANCELLED', errors: 3 })).not.toContain('retry');
  });

  it('a planned run can only be cancelled (startRollout lives on the Deploy screen)', () => {
    expect(controls({ state: 'PLANNED' })).toEqual(['cancel']);
  });

  it('a rolled back run offers nothing', () => {
    expect(controls({ state: 'ROLLED_BACK', errors: 2 })).toEqual([]);
  });

  it('a run with a rollback run is neither retried nor rolled back again', () => {
    expect(controls({ state: 'FAILED', errors: 2, hasRollbackRun: true })).toEqual([]);
  });

  it('a rollback run is not rolled back, but can be retried', () => {
    expect(controls({ state: 'FAILED', errors: 1, isRollbackRun: true })).toEqual(['retry']);
  });
});
