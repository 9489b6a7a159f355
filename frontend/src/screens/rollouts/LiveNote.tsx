import { useEffect, useState } from 'react';
import { Typography } from '@mui/material';
import { subscribeLiveState, type LiveState } from '../../app/apollo';

/** What the page is doing with the live stream, in words that change only when that changes. */
export function liveStatus(socket: LiveState, following: boolean, seq: number | null, failed: boolean, finished: boolean): string {
  if (failed && !following) {
    return 'Live progress stopped: the service refused to follow this run (see above).';
  }
  if (socket === 'reconnecting' || socket === 'stopped') {
    return 'Connection lost: reconnecting, then resuming where the page left off so nothing is missed.';
  }
  if (socket === 'connecting' || (following && seq === null)) {
    return 'Connecting to live progress…';
  }
  if (following) {
    return 'Following live.';
  }
  return finished ? 'Not following: the run has finished.' : 'The live stream ended early: following again in a moment.';
}

/**
 * One line under the title saying whether the page is live, catching up, or done following. Only
 * the status is a live region: the event number beside it changes with every event and would
 * flood a screen reader.
 */
export function LiveNote({ following, seq, failed = false, finished = true }: {
  following: boolean;
  seq: number | null;
  failed?: boolean;
  /** Whether the run is in a finished state: a stream that ends before that is followed again. */
  finished?: boolean;
}) {
  const [socket, setSocket] = useState<LiveState>('connecting');
  useEffect(() => subscribeLiveState(setSocket), []);
  const lost = socket === 'reconnecting' || socket === 'stopped';
  return (
    <Typography variant="body2" color={lost ? 'warning.main' : 'text.secondary'} sx={{ mb: 1 }}>
      <span aria-live="polite">{liveStatus(socket, following, seq, failed, finished)}</span>
      {seq !== null && <span> (last event {seq})</span>}
    </Typography>
  );
}
