import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack, TextField } from '@mui/material';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../../gql';
import { ErrorNotice } from '../../common/ErrorNotice';
import { errorFor, serviceErrors } from '../../common/errors';
import { tagKeyError } from './tags';

const TagTargetsMutation = graphql(`
  mutation TagTargets($instanceIds: [String!]!, $tags: [TagInput!]!) {
    tagTargets(instanceIds: $instanceIds, tags: $tags) {
      ...TargetRowFields
    }
  }
`);

const UntagTargetsMutation = graphql(`
  mutation UntagTargets($instanceIds: [String!]!, $keys: [String!]!) {
    untagTargets(instanceIds: $instanceIds, keys: $keys) {
      ...TargetRowFields
    }
  }
`);

/**
 * Adds (or replaces) one tag on the selected targets, or removes one tag key from them. The grid
 * follows from the mutation's answer (Target is cached by instance id) and the TAGS_CHANGED events.
 */
export function TagDialog({
  mode,
  instanceIds,
  onClose,
}: {
  mode: 'tag' | 'untag';
  instanceIds: string[];
  onClose: (changed: boolean) => void;
}) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [touched, setTouched] = useState(false);
  const [tag, tagging] = useMutation(TagTargetsMutation);
  const [untag, untagging] = useMutation(UntagTargetsMutation);
  const running = tagging.loading || untagging.loading;
  const error = mode === 'tag' ? tagging.error : untagging.error;
  const errors = serviceErrors(error);
  const keyError = touched ? tagKeyError(key) : null;
  const count = `${instanceIds.length} target${instanceIds.length === 1 ? '' : 's'}`;

  const submit = async () => {
    setTouched(true);
    if (tagKeyError(key) !== null) {
      return;
    }
    try {
      if (mode === 'tag') {
        await tag({ variables: { instanceIds, tags: [{ key: key.trim(), value: value.trim() }] } });
      } else {
        await untag({ variables: { instanceIds, keys: [key.trim()] } });
      }
      onClose(true);
    } catch {
      // Shown by ErrorNotice from the mutation's error.
    }
  };

  return (
    <Dialog open onClose={() => onClose(false)} fullWidth maxWidth="xs" aria-labelledby="tag-dialog-title">
      <DialogTitle id="tag-dialog-title">{mode === 'tag' ? `Tag ${count}` : `Untag ${count}`}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          {mode === 'tag'
            ? 'Adds the tag, or replaces its value where the key is set already. Deployments select targets by tag.'
            : 'Removes the tag key, whatever its value, from the selected targets.'}
        </DialogContentText>
        <Stack
          spacing={2}
          sx={{ pt: 1 }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void submit();
            }
          }}
        >
          <TextField
            label="Tag key"
            value={key}
            autoFocus
            onChange={(e) => setKey(e.target.value)}
            onBlur={() => setTouched(true)}
            error={Boolean(keyError ?? errorFor(errors, 'tags') ?? errorFor(errors, 'keys'))}
            helperText={keyError ?? errorFor(errors, 'tags') ?? errorFor(errors, 'keys') ?? 'Letters, digits and _ . : / + @ -'}
          />
          {mode === 'tag' && (
            <TextField label="Tag value" value={value} onChange={(e) => setValue(e.target.value)} helperText="Up to 256 characters; may be empty" />
          )}
        </Stack>
        <ErrorNotice error={error} />
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose(false)}>Cancel</Button>
        <Button variant="contained" onClick={() => void submit()} disabled={running}>
          {mode === 'tag' ? 'Tag targets' : 'Untag targets'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
