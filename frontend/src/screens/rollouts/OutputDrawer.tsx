import { Box, Button, Drawer, LinearProgress, Stack, Typography } from '@mui/material';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../../gql';
import type { InvocationStatus } from '../../gql/graphql';
import { ErrorNotice } from '../../common/ErrorNotice';
import { formatTime } from '../../common/format';

// The API has no invocation(id) field: the invocation is the one right after the row before it
// (invocations come in wave and plan order), so `first: 1, after: <that row's cursor>` reads it alone.
export const InvocationOutputQuery = graphql(`
  query InvocationOutput($rolloutId: String!, $after: String, $status: InvocationStatus) {
    rollout(id: $rolloutId) {
      id
      invocations(first: 1, after: $after, status: $status) {
        edges {
          node {
            id
            instanceId
            status
            statusReason
            step
            exitCode
            attempt
            finishedAt
            output
          }
        }
      }
    }
  }
`);

export interface OutputTarget {
  invocationId: string;
  targetName: string;
  /** The cursor of the invocation before it, null for the first. */
  after: string | null;
  /** The grid's status filter, which the cursor belongs to. */
  status: InvocationStatus | null;
}

/** A right-hand drawer with one invocation's script output, read when it opens. */
/** The drawer is a dialog (MUI gives its paper role=dialog); its heading names it. */
const OUTPUT_TITLE = 'invocation-output-title';

export function OutputDrawer({ rolloutId, target, onClose }: { rolloutId: string; target: OutputTarget | null; onClose: () => void }) {
  return (
    <Drawer anchor="right" open={target !== null} onClose={onClose}
      slotProps={{ paper: { 'aria-labelledby': OUTPUT_TITLE, sx: { width: { xs: '100%', md: 720 }, p: 3 } } }}>
      {target && <OutputBody rolloutId={rolloutId} target={target} onClose={onClose} />}
    </Drawer>
  );
}

function OutputBody({ rolloutId, target, onClose }: { rolloutId: string; target: OutputTarget; onClose: () => void }) {
  const { data, loading, error } = useQuery(InvocationOutputQuery, {
    variables: { rolloutId, after: target.after, status: target.status },
    fetchPolicy: 'network-only',
  });
  const node = data?.rollout?.invocations.edges[0]?.node;
  const invocation = node && node.id === target.invocationId ? node : undefined;
  return (
    <Stack spacing={2} sx={{ height: '100%' }}>
      <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <Typography variant="h5" component="h2" id={OUTPUT_TITLE}>
          Output of {target.targetName}
        </Typography>
        <Button onClick={onClose} variant="outlined">
          Close output
        </Button>
      </Stack>
      {loading && <LinearProgress aria-label="Loading output" />}
      <ErrorNotice error={error} />
      {!loading && !error && data && !invocation && (
        <Typography color="text.secondary">The invocation is no longer where it was; close and open it again.</Typography>
      )}
      {invocation && (
        <>
          <Typography variant="body2" color="text.secondary">
            {invocation.status}
            {invocation.step && ` at step ${invocation.step}`}
            {invocation.exitCode !== null && invocation.exitCode !== undefined && `, exit code ${invocation.exitCode}`}
            {`, attempt ${invocation.attempt}`}
            {invocation.finishedAt && `, finished ${formatTime(invocation.finishedAt)}`}
          </Typography>
          {invocation.statusReason && <Typography variant="body2">Reason: {invocation.statusReason}</Typography>}
        </>
      )}
      <Box
        component="pre"
        role="region"
        aria-label="Invocation output"
        tabIndex={0}
        sx={{
          flexGrow: 1, m: 0, p: 2, overflow: 'auto', bgcolor: 'grey.900', color: 'grey.100',
          fontSize: 13, borderRadius: 1, whiteSpace: 'pre-wrap', wordBreak: 'break-word',
        }}
      >
        {invocation ? invocation.output || '(no output)' : ''}
      </Box>
    </Stack>
  );
}
