import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import type { AuditEventFieldsFragment } from '../../gql/graphql';
import { formatTime } from '../../common/format';
import { prettyJson } from './auditFilter';

/** One audit row's details (before and after of a change, or why a refusal happened), indented. */
export function DetailsDialog({ event, onClose }: { event: AuditEventFieldsFragment; onClose: () => void }) {
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" aria-labelledby="audit-details-title">
      <DialogTitle id="audit-details-title">
        {event.action} on {event.resource}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {event.outcome} at {formatTime(event.at)} by {event.actorName ?? event.actor}
          {event.requestId && `, request ${event.requestId}`}
          {event.address && `, from ${event.address}`}
        </Typography>
        <Box
          component="pre"
          role="region"
          aria-label="Audit details"
          tabIndex={0}
          sx={{ m: 0, p: 2, bgcolor: 'grey.100', borderRadius: 1, overflow: 'auto', fontSize: 13 }}
        >
          {prettyJson(event.details)}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
