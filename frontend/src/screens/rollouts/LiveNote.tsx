import { useEffect, useState } from 'react';
import { Typography } from '@mui/material';
import { subscribeLiveState, type LiveState } from '../../app/apollo';

/** One line under the title saying whether the page is live, catching up, or done following. */
export function LiveNote({ following, seq, failed = false }: { following: boolean; seq: number | null; failed?: boolean }) {
  const [socket, setSocket] = useState<LiveState>('connecting');
  useEffect(() => subscribeLiveState(setSocket), []);
  let text: string;
  if (failed && !following) {
    text = 'Live progress stopped: the service refused to follow this run (see above).';
  } else if (socket === 'reconnecting') {
    text = `Connection lost: reconnecting, then resuming after event ${seq ?? 0} so nothing is missed.`;
  } else if (socket === 'connecting' || (following && seq === null)) {
    text = 'Connecting to live progress…';
  } else if (following) {
    text = `Following live (event ${seq ?? 0}).`;
  } else {
    text = `Not following: the run has finished (last event ${seq ?? 0}).`;
  }
  return (
    <Typography variant="body2" color={socket === 'reconnecting' ? 'warning.main' : 'text.secondary'} aria-live="polite" sx={{ mb: 1 }}>
      {text}
    </Typography>
  );
}
