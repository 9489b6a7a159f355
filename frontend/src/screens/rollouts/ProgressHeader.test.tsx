import { render, screen, within } from '@testing-library/react';
import { ProgressHeader } from './ProgressHeader';
import { noCounts } from './progress';
import { initialProgress, progressReducer } from './progressReducer';

const snapshotMessage = {
  seq: 12,
  snapshot: {
    rollout: { id: 'r1', state: 'PAUSED', currentWave: 2, waitingFor: null },
    counts: { ...noCounts, total: 7, success: 3, failed: 1, skipped: 1, inProgress: 1, pending: 1 },
    waves: [
      { number: 1, size: 1, state: 'DONE', counts: { ...noCounts, total: 1, success: 1 } },
      { number: 2, size: 3, state: 'RUNNING', counts: { ...noCounts, total: 3, success: 2, failed: 1 } },
      { number: 3, size: 2, state: 'PENDING', counts: { ...noCounts, total: 2, inProgress: 1, pending: 1 } },
    ],
  },
  events: [],
};

describe('the progress header', () => {
  it('shows state, overall and per-wave progress and counts from a snapshot', () => {
    const progress = progressReducer(initialProgress, snapshotMessage);
    render(<ProgressHeader progress={progress} stateReason="2 failed or timed out, more than maxErrors (0)" pauseCause="MAX_ERRORS" />);

    expect(screen.getByLabelText('Rollout state')).toHaveTextContent('PAUSED');
    // The label is visible, not an aria-label that would hide the state from the status's name.
    expect(screen.getByRole('status', { name: 'Rollout state' })).not.toHaveAttribute('aria-label');
    expect(screen.getByText('Rollout state')).toBeVisible();
    expect(screen.getByText(/more invocations failed or timed out than maxErrors allows/)).toBeInTheDocument();
    expect(screen.getByText('Reason: 2 failed or timed out, more than maxErrors (0)')).toBeInTheDocument();

    const overall = screen.getByRole('progressbar', { name: 'Overall progress' });
    expect(overall).toHaveAttribute('aria-valuenow', '71'); // 5 of 7
    expect(screen.getByText('5 of 7 done')).toBeInTheDocument();

    expect(screen.getByRole('progressbar', { name: 'Wave 1 progress' })).toHaveAttribute('aria-valuenow', '100');
    expect(screen.getByRole('progressbar', { name: 'Wave 2 progress' })).toHaveAttribute('aria-valuenow', '100');
    expect(screen.getByRole('progressbar', { name: 'Wave 3 progress' })).toHaveAttribute('aria-valuenow', '0');
    expect(screen.getByText('Wave 2 · RUNNING · 3/3 finished · 1 failed or timed out')).toBeInTheDocument();

    const counts = screen.getByRole('group', { name: 'Counts by status' });
    expect(within(counts).getByText('Success: 3')).toBeInTheDocument();
    expect(within(counts).getByText('Failed: 1')).toBeInTheDocument();
    expect(within(counts).getByText('Total: 7')).toBeInTheDocument();
  });

  it('moves the bars when events arrive after the snapshot', () => {
    const progress = progressReducer(progressReducer(initialProgress, snapshotMessage), {
      seq: 14,
      events: [
        { seq: 13, at: '2026-12-01T20:00:00Z', type: 'INVOCATION', instanceId: 'mi-6', invocationId: 'i6', previousStatus: 'IN_PROGRESS', status: 'SUCCESS', wave: 3 },
        { seq: 14, at: '2026-12-01T20:00:01Z', type: 'INVOCATION', instanceId: 'mi-7', invocationId: 'i7', previousStatus: 'PENDING', status: 'CANCELLED', wave: 3 },
      ],
    });
    render(<ProgressHeader progress={progress} />);
    expect(screen.getByRole('progressbar', { name: 'Overall progress' })).toHaveAttribute('aria-valuenow', '100');
    expect(screen.getByText('7 of 7 done')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Wave 3 progress' })).toHaveAttribute('aria-valuenow', '100');
  });
});
