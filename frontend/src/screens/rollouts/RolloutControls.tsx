import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { Alert, Button, Link, Stack } from '@mui/material';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../../gql';
import { ConfirmDialog } from '../../common/ConfirmDialog';
import { ErrorNotice } from '../../common/ErrorNotice';
import { RoleTooltip, needsDeployer } from '../../common/RoleTooltip';
import { useAccess } from '../../auth/access';
import { availableControls, type Control, type ControlFacts } from './controls';

const PauseRollout = graphql(`
  mutation PauseRollout($id: String!) {
    pauseRollout(id: $id) { id state stateReason pauseCause waitingFor }
  }
`);
const ResumeRollout = graphql(`
  mutation ResumeRollout($id: String!) {
    resumeRollout(id: $id) { id state stateReason pauseCause waitingFor }
  }
`);
const CancelRollout = graphql(`
  mutation CancelRollout($id: String!) {
    cancelRollout(id: $id) { id state stateReason pauseCause waitingFor }
  }
`);
const ApproveWave = graphql(`
  mutation ApproveWave($id: String!) {
    approveWave(id: $id) { id state stateReason pauseCause waitingFor currentWave }
  }
`);
const RetryFailed = graphql(`
  mutation RetryFailed($id: String!) {
    retryFailed(id: $id) { id state stateReason pauseCause waitingFor }
  }
`);
const RollbackRollout = graphql(`
  mutation RollbackRollout($rolloutId: String!) {
    rollback(rolloutId: $rolloutId) { id runNumber state }
  }
`);

const labels: Record<Control, string> = {
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel rollout',
  approve: 'Approve next wave',
  retry: 'Retry failed',
  rollback: 'Roll back',
};

/**
 * The operator's buttons, only those the run's state allows; disabled with the reason for a
 * role without DEPLOY. `onChanged` runs after every accepted control (the page re-reads the run
 * and, for a run a retry reopened, follows it again).
 */
export function RolloutControls({ rolloutId, facts, onChanged }: { rolloutId: string; facts: ControlFacts; onChanged: () => void }) {
  const access = useAccess();
  const allowed = access.can('DEPLOY');
  const [confirming, setConfirming] = useState<'cancel' | 'rollback' | null>(null);
  const [rollbackRun, setRollbackRun] = useState<{ id: string; runNumber: number } | null>(null);
  const [pause, pauseState] = useMutation(PauseRollout);
  const [resume, resumeState] = useMutation(ResumeRollout);
  const [cancel, cancelState] = useMutation(CancelRollout);
  const [approve, approveState] = useMutation(ApproveWave);
  const [retry, retryState] = useMutation(RetryFailed);
  const [rollback, rollbackState] = useMutation(RollbackRollout);
  const states = [pauseState, resumeState, cancelState, approveState, retryState, rollbackState];
  const busy = states.some((s) => s.loading);
  const error = states.find((s) => s.error)?.error;

  const run = (control: Control) => {
    states.forEach((s) => s.reset());
    const variables = { id: rolloutId };
    // Errors show through the mutation's state (ErrorNotice); the promise's rejection is handled here.
    const ignore = () => undefined;
    switch (control) {
      case 'pause':
        void pause({ variables }).then(onChanged, ignore);
        break;
      case 'resume':
        void resume({ variables }).then(onChanged, ignore);
        break;
      case 'approve':
        void approve({ variables }).then(onChanged, ignore);
        break;
      case 'retry':
        void retry({ variables }).then(onChanged, ignore);
        break;
      case 'cancel':
      case 'rollback':
        setConfirming(control);
        break;
    }
  };

  const confirm = () => {
    const control = confirming;
    setConfirming(null);
    const ignore = () => undefined;
    if (control === 'cancel') {
      void cancel({ variables: { id: rolloutId } }).then(onChanged, ignore);
    } else if (control === 'rollback') {
      void rollback({ variables: { rolloutId } })
        .then((result) => {
          const started = result.data?.rollback;
          if (started) {
            setRollbackRun({ id: started.id, runNumber: started.runNumber });
          }
          onChanged();
        })
        .catch(ignore);
    }
  };

  const controls = availableControls(facts);
  return (
    <>
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', mb: 2 }} role="group" aria-label="Rollout controls">
        {controls.map((control) => (
          <RoleTooltip key={control} allowed={allowed} title={needsDeployer}>
            <Button
              variant={control === 'cancel' || control === 'rollback' ? 'outlined' : 'contained'}
              color={control === 'cancel' || control === 'rollback' ? 'error' : 'primary'}
              disabled={!allowed || busy}
              onClick={() => run(control)}
            >
              {labels[control]}
            </Button>
          </RoleTooltip>
        ))}
      </Stack>
      <ErrorNotice error={error} title="The service refused" />
      {rollbackRun && (
        <Alert severity="info" sx={{ mb: 2 }}>
          Rollback started as run {rollbackRun.runNumber}.{' '}
          <Link component={RouterLink} to={`/rollouts/${rollbackRun.id}`}>
            Follow the rollback run
          </Link>
        </Alert>
      )}
      <ConfirmDialog
        open={confirming !== null}
        title={confirming === 'rollback' ? 'Roll back this run?' : 'Cancel this rollout?'}
        confirmLabel={confirming === 'rollback' ? 'Roll back' : 'Cancel rollout'}
        destructive
        onConfirm={confirm}
        onClose={() => setConfirming(null)}
      >
        {confirming === 'rollback'
          ? 'A new run puts back what this run changed on each target. A running or paused run is stopped first and ends CANCELLED.'
          : 'Invocations that have not started are cancelled and queued commands withdrawn; commands already running on hosts finish and report. A cancelled run cannot be resumed.'}
      </ConfirmDialog>
    </>
  );
}
