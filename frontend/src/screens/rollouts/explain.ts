import { fromNow } from '../../common/format';

export interface StateFacts {
  state: string;
  waitingFor: string | null | undefined;
  pauseCause: string | null | undefined;
  currentWave: number;
  nextWaveAt: string | null | undefined;
}

/** The run's state in a sentence an operator can act on (docs/ROLLOUTS.md, "States"). */
export function explainState(facts: StateFacts): string {
  const next = facts.currentWave + 1;
  switch (facts.state) {
    case 'PLANNED':
      return 'Planned: nothing has started yet.';
    case 'RUNNING':
      if (facts.waitingFor === 'APPROVAL') {
        return `Waiting for approval: wave ${next} starts when someone approves it.`;
      }
      if (facts.waitingFor === 'TIMER') {
        return facts.nextWaveAt
          ? `Waiting between waves: wave ${next} starts ${fromNow(facts.nextWaveAt)}.`
          : `Waiting between waves before wave ${next}.`;
      }
      return facts.currentWave > 0 ? `Running wave ${facts.currentWave}.` : 'Running.';
    case 'PAUSED':
      switch (facts.pauseCause) {
        case 'MAX_ERRORS':
          return 'Paused because more invocations failed or timed out than maxErrors allows. Resume accepts the errors so far; cancel or roll back otherwise.';
        case 'WAVE_THRESHOLD':
          return "Paused because a wave's success rate fell below waveSuccessPercent. Resume counts the wave as passed; cancel or roll back otherwise.";
        default:
          return 'Paused by an operator: nothing new starts until it is resumed. Commands already running on hosts finish.';
      }
    case 'SUCCEEDED':
      return 'Succeeded: every wave is done and every threshold held.';
    case 'FAILED':
      return 'Failed: a threshold tripped and the run stopped.';
    case 'CANCELLED':
      return 'Cancelled: invocations that had not started were cancelled.';
    case 'ROLLED_BACK':
      return 'Rolled back: what the run changed was put back.';
    default:
      return facts.state;
  }
}
