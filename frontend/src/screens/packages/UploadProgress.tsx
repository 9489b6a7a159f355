import { Box, LinearProgress, Typography } from '@mui/material';
import type { UploadState } from './useArtifactUpload';

const phases: Record<UploadState['phase'], string> = {
  hashing: 'Computing the sha256 of',
  uploading: 'Uploading',
  stored: 'Stored',
};

/** The progressbar "Upload progress": percent of the current file's bytes sent to the artifact store. */
export function UploadProgress({ state, detail }: { state: UploadState | null; detail?: string }) {
  if (!state) {
    return null;
  }
  return (
    <Box sx={{ my: 2 }}>
      <Typography variant="body2" sx={{ mb: 0.5 }}>
        {phases[state.phase]} {state.fileName}
        {state.phase === 'uploading' && `: ${state.percent}%`}
        {state.phase === 'stored' && ' in the artifact store'}
        {detail && ` (${detail})`}
      </Typography>
      <LinearProgress variant="determinate" value={state.percent} aria-label="Upload progress" />
    </Box>
  );
}
