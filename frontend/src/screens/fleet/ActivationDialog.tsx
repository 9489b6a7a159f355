import { useState } from 'react';
import {
  Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Snackbar, Stack, TextField,
} from '@mui/material';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../../gql';
import { ErrorNotice } from '../../common/ErrorNotice';
import { errorFor, serviceErrors } from '../../common/errors';
import { InstallerCommandPanel } from './InstallerCommandPanel';
import { parseTagPairs } from './tags';

const CreateActivation = graphql(`
  mutation CreateActivation($input: CreateActivationInput!) {
    createActivation(input: $input) {
      id
      code
      account
      region
      expiresAt
      registrationLimit
      defaultTags {
        key
        value
      }
    }
  }
`);

interface ActivationForm {
  account: string;
  region: string;
  defaultTags: string;
  description: string;
  registrationLimit: string;
  expiresInHours: string;
}

const emptyForm: ActivationForm = {
  account: '', region: '', defaultTags: '', description: '', registrationLimit: '', expiresInHours: '',
};

/** A whole number in range, or null for blank (the service's default); undefined when invalid. */
function optionalInt(text: string, min: number, max: number): number | null | undefined {
  if (text.trim() === '') {
    return null;
  }
  const n = Number(text);
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

/**
 * Creates an activation and shows the one line to run on each host. The code is shown only now
 * (the service keeps its hash), so the dialog says so and offers to copy the line.
 */
export function ActivationDialog({ onClose }: { onClose: () => void }) {
  const [form, setForm] = useState<ActivationForm>(emptyForm);
  const [submitted, setSubmitted] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const [create, { data, loading, error }] = useMutation(CreateActivation);
  const errors = serviceErrors(error);

  const tags = parseTagPairs(form.defaultTags);
  const limit = optionalInt(form.registrationLimit, 1, 1_000_000);
  const hours = optionalInt(form.expiresInHours, 1, 720);
  const local = {
    account: submitted && !form.account.trim() ? 'Enter the account hosts are placed in' : undefined,
    region: submitted && !form.region.trim() ? 'Enter the region hosts are placed in' : undefined,
    defaultTags: tags.ok ? undefined : tags.error,
    registrationLimit: limit === undefined ? 'A whole number, at least 1' : undefined,
    expiresInHours: hours === undefined ? 'A whole number of hours, 1-720' : undefined,
  };

  const submit = async () => {
    setSubmitted(true);
    if (!form.account.trim() || !form.region.trim() || !tags.ok || limit === undefined || hours === undefined) {
      return;
    }
    try {
      await create({
        variables: {
          input: {
            account: form.account.trim(),
            region: form.region.trim(),
            defaultTags: tags.value,
            description: form.description.trim() || null,
            registrationLimit: limit,
            expiresInHours: hours,
          },
        },
      });
    } catch {
      // Shown by ErrorNotice and next to the fields from the mutation's error.
    }
  };

  const field = (name: keyof ActivationForm, label: string, helper: string, extra: { required?: boolean; inputMode?: 'numeric' } = {}) => (
    <TextField
      label={label}
      value={form[name]}
      required={extra.required}
      onChange={(e) => setForm({ ...form, [name]: e.target.value })}
      error={Boolean(local[name as keyof typeof local] ?? errorFor(errors, name))}
      helperText={local[name as keyof typeof local] ?? errorFor(errors, name) ?? helper}
      slotProps={extra.inputMode ? { htmlInput: { inputMode: extra.inputMode } } : undefined}
    />
  );

  const activation = data?.createActivation;
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="activation-dialog-title">
      <DialogTitle id="activation-dialog-title">{activation ? 'Activation created' : 'New activation'}</DialogTitle>
      <DialogContent>
        {activation ? (
          <InstallerCommandPanel activation={activation} onCopied={setCopied} />
        ) : (
          <Stack spacing={2} sx={{ pt: 1 }}>
            <DialogContentText>
              Hosts that register with the activation are placed in its account and region and start with its tags.
            </DialogContentText>
            {field('account', 'Account', 'Where registering hosts are placed', { required: true })}
            {field('region', 'Region', 'e.g. eu-west-1', { required: true })}
            {field('defaultTags', 'Default tags', 'key=value, comma-separated')}
            {field('description', 'Description', 'Optional: what these hosts are')}
            <Stack direction="row" spacing={2}>
              {field('registrationLimit', 'Registration limit', 'Hosts it may register (default 1)', { inputMode: 'numeric' })}
              {field('expiresInHours', 'Expires in hours', '1-720 (default 24)', { inputMode: 'numeric' })}
            </Stack>
            <ErrorNotice error={error} />
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        {activation ? (
          <Button variant="contained" onClick={onClose}>
            Done
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="contained" onClick={() => void submit()} disabled={loading}>
              Create activation
            </Button>
          </>
        )}
      </DialogActions>
      <Snackbar
        open={copied !== null}
        autoHideDuration={3000}
        onClose={() => setCopied(null)}
        message={copied}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      />
    </Dialog>
  );
}
