import { useId } from 'react';
import { Box, Chip, LinearProgress, Paper, Stack, Typography } from '@mui/material';
import { countLabels, doneLabel, finishedCount, percentDone, type StatusCounts } from './progress';
import type { ProgressState, WaveState } from './progressReducer';
import { explainState } from './explain';

const stateColors: Record<string, 'default' | 'primary' | 'success' | 'error' | 'warning' | 'info'> = {
  PLANNED: 'default',
  RUNNING: 'primary',
  PAUSED: 'warning',
  SUCCEEDED: 'success',
  FAILED: 'error',
  CANCELLED: 'default',
  ROLLED_BACK: 'info',
};

export function stateColor(state: string) {
  return stateColors[state] ?? 'default';
}

export interface ProgressHeaderProps {
  progress: ProgressState;
  stateReason?: string | null;
  pauseCause?: string | null;
  nextWaveAt?: string | null;
}

/** The run at a glance: its state in words, the overall bar, one bar per wave and the counts by status. */
export function ProgressHeader({ progress, stateReason, pauseCause, nextWaveAt }: ProgressHeaderProps) {
  const stateLabelId = useId();
  const run = progress.run;
  if (!run) {
    return null;
  }
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
        {/* A visible label names the state (aria-labelledby), so the status keeps the state as its text. */}
        <Typography id={stateLabelId} variant="subtitle2" component="span">
          Rollout state
        </Typography>
        <Chip
          color={stateColor(run.state)}
          label={
            <span role="status" aria-labelledby={stateLabelId}>
              {run.state}
            </span>
          }
        />
        <Typography>
          {explainState({ state: run.state, waitingFor: run.waitingFor, pauseCause, currentWave: run.currentWave, nextWaveAt })}
        </Typography>
      </Stack>
      {stateReason && (
        <Typography color="text.secondary" sx={{ mb: 1 }}>
          Reason: {stateReason}
        </Typography>
      )}
      <OverallProgress counts={progress.counts} />
      <CountChips counts={progress.counts} />
      {progress.waves.length > 0 && (
        <Box component="section" aria-label="Waves" sx={{ mt: 2 }}>
          {progress.waves.map((wave) => (
            <WaveBar key={wave.number} wave={wave} current={wave.number === run.currentWave} />
          ))}
        </Box>
      )}
    </Paper>
  );
}

function OverallProgress({ counts }: { counts: StatusCounts }) {
  const percent = percentDone(counts);
  return (
    <Box sx={{ my: 1 }}>
      <Stack direction="row" sx={{ justifyContent: 'space-between' }}>
        <Typography variant="subtitle2">{doneLabel(counts)}</Typography>
        <Typography variant="subtitle2">{percent}%</Typography>
      </Stack>
      <LinearProgress variant="determinate" value={percent} aria-label="Overall progress" sx={{ height: 10, borderRadius: 1 }} />
    </Box>
  );
}

function CountChips({ counts }: { counts: StatusCounts }) {
  return (
    <Stack role="group" aria-label="Counts by status" direction="row" sx={{ flexWrap: 'wrap', gap: 1, mt: 1 }}>
      {countLabels.map(({ key, label, color }) => (
        <Chip key={key} size="small" variant={counts[key] > 0 ? 'filled' : 'outlined'} color={counts[key] > 0 ? color : 'default'}
          label={`${label}: ${counts[key]}`} />
      ))}
      <Chip size="small" variant="outlined" label={`Total: ${counts.total}`} />
    </Stack>
  );
}

function WaveBar({ wave, current }: { wave: WaveState; current: boolean }) {
  const percent = percentDone(wave.counts);
  const errors = wave.counts.failed + wave.counts.timedOut;
  return (
    <Box sx={{ mb: 1 }}>
      <Typography variant="body2" sx={{ fontWeight: current ? 600 : 400 }}>
        {/* Not "<n> of <m> done": that wording is the whole run's, and only it may match. */}
        Wave {wave.number} · {wave.state} · {finishedCount(wave.counts)}/{wave.counts.total} finished
        {errors > 0 && ` · ${errors} failed or timed out`}
      </Typography>
      <LinearProgress variant="determinate" value={percent} aria-label={`Wave ${wave.number} progress`}
        color={errors > 0 ? 'error' : wave.state === 'DONE' ? 'success' : 'primary'} />
    </Box>
  );
}
