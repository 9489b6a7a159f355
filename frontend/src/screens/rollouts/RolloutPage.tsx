import { useCallback, useMemo } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import { Link, Skeleton, Typography } from '@mui/material';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../../gql';
import { PageHeader } from '../../common/PageHeader';
import { ErrorNotice } from '../../common/ErrorNotice';
import { formatTime } from '../../common/format';
import { useRolloutProgress } from './useRolloutProgress';
import { useRolloutHistory } from './useRolloutHistory';
import { useThrottledRefresh } from './useThrottledRefresh';
import { ProgressHeader } from './ProgressHeader';
import { CompletionsChart } from './CompletionsChart';
import { InvocationsGrid } from './InvocationsGrid';
import { RolloutControls } from './RolloutControls';
import { LiveNote } from './LiveNote';
import { errorCount } from './progress';
import { finishedStates } from './progressReducer';

export const RolloutPageQuery = graphql(`
  query RolloutPage($id: String!) {
    rollout(id: $id) {
      id
      runNumber
      state
      stateReason
      pauseCause
      waitingFor
      nextWaveAt
      currentWave
      trigger
      version
      createdAt
      createdBy
      startedAt
      finishedAt
      maxConcurrency
      maxErrors
      rollbackOf {
        id
        runNumber
      }
      rolledBackBy {
        id
        runNumber
        state
      }
      deployment {
        id
        name
        packageName
        version
        action
      }
    }
  }
`);

/** `/rollouts/:id`; keyed by id so a new rollout starts from a clean state. */
export function RolloutRoute() {
  const { id = '' } = useParams();
  return <RolloutPage key={id} id={id} />;
}

/** The live rollout: state, progress, chart, targets and the controls, updated from rolloutProgress. */
export function RolloutPage({ id }: { id: string }) {
  const { data, loading, error, refetch } = useQuery(RolloutPageQuery, { variables: { id } });
  const live = useRolloutProgress(id);
  const { history, error: historyError } = useRolloutHistory(id);
  const { progress, liveEvents, following, restart } = live;

  // Reasons, pause causes and rollback links are not in the events: re-read them when the run's own events arrive.
  const lastRunEventSeq = useMemo(() => {
    for (let i = liveEvents.length - 1; i >= 0; i -= 1) {
      const event = liveEvents[i];
      if (event && !event.instanceId) {
        return event.seq;
      }
    }
    return null;
  }, [liveEvents]);
  useThrottledRefresh(lastRunEventSeq, () => void refetch().catch(() => undefined), 1000);

  const chartEvents = useMemo(() => [...history, ...liveEvents], [history, liveEvents]);
  const onChanged = useCallback(() => {
    void refetch().catch(() => undefined);
    if (!following) {
      restart();
    }
  }, [refetch, following, restart]);

  const rollout = data?.rollout;
  if (!rollout) {
    if (loading) {
      return (
        <>
          <PageHeader title="Rollout" />
          <Skeleton variant="rectangular" height={160} />
        </>
      );
    }
    return (
      <>
        <PageHeader title="Rollout not found" />
        <ErrorNotice error={error} />
        {!error && <Typography>No rollout has the id {id}.</Typography>}
        <Link component={RouterLink} to="/rollouts">
          Back to all rollouts
        </Link>
      </>
    );
  }

  const deployment = rollout.deployment;
  const packageName = deployment?.packageName ?? 'package';
  const version = rollout.version ?? (deployment?.action === 'UNINSTALL' ? '(uninstall)' : deployment?.version ?? '');
  const state = progress.run?.state ?? rollout.state;
  return (
    <>
      <PageHeader
        title={`Rollout ${packageName} ${version}`.trim()}
        subtitle={
          <>
            Run {rollout.runNumber} of {deployment?.name ?? 'its deployment'} · {deployment?.action ?? ''} · trigger {rollout.trigger}
            {rollout.startedAt && ` · started ${formatTime(rollout.startedAt)}`}
            {rollout.finishedAt && ` · finished ${formatTime(rollout.finishedAt)}`}
          </>
        }
      />
      <LiveNote following={following} seq={progress.seq} failed={Boolean(live.error)} finished={finishedStates.has(state)} />
      <ErrorNotice error={live.error} title="Live progress" />
      <ErrorNotice error={error} />
      {rollout.rollbackOf && (
        <Typography sx={{ mb: 1 }}>
          This run puts back{' '}
          <Link component={RouterLink} to={`/rollouts/${rollout.rollbackOf.id}`}>run {rollout.rollbackOf.runNumber}</Link>.
        </Typography>
      )}
      {rollout.rolledBackBy && (
        <Typography sx={{ mb: 1 }}>
          Rolled back by{' '}
          <Link component={RouterLink} to={`/rollouts/${rollout.rolledBackBy.id}`}>run {rollout.rolledBackBy.runNumber}</Link> ({rollout.rolledBackBy.state}).
        </Typography>
      )}
      <RolloutControls
        rolloutId={id}
        facts={{
          state,
          waitingFor: progress.run ? progress.run.waitingFor : rollout.waitingFor,
          errors: errorCount(progress.counts),
          isRollbackRun: rollout.trigger === 'ROLLBACK',
          hasRollbackRun: rollout.rolledBackBy !== null && rollout.rolledBackBy !== undefined,
        }}
        onChanged={onChanged}
      />
      {progress.run ? (
        <ProgressHeader
          progress={progress}
          stateReason={rollout.stateReason}
          pauseCause={state === 'PAUSED' ? rollout.pauseCause : null}
          nextWaveAt={rollout.nextWaveAt}
        />
      ) : (
        !live.error && <Skeleton variant="rectangular" height={140} sx={{ mb: 2 }} />
      )}
      <ErrorNotice error={historyError} title="History for the chart" />
      <CompletionsChart events={chartEvents} />
      <InvocationsGrid rolloutId={id} changeSeq={progress.seq} />
    </>
  );
}
