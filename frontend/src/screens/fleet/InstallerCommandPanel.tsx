import { Alert, Button, DialogContentText, Stack, TextField } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import type { CreateActivationMutation } from '../../gql/graphql';
import { formatTime } from '../../common/format';
import { installerCommand } from './installerCommand';

/** The created activation: the one line to run on each host, a button to copy it, and what the activation allows. */
export function InstallerCommandPanel({
  activation,
  onCopied,
}: {
  activation: CreateActivationMutation['createActivation'];
  onCopied: (message: string) => void;
}) {
  const command = installerCommand(window.location.origin, { id: activation.id, code: activation.code ?? '' });
  const copy = async () => {
    try {
      if (!navigator.clipboard) {
        throw new Error('no clipboard');
      }
      await navigator.clipboard.writeText(command);
      onCopied('Copied');
    } catch {
      // Insecure origins and denied permissions have no clipboard: the text is still there to select.
      onCopied('Could not copy: select the command and copy it');
    }
  };
  return (
    <Stack spacing={2} sx={{ pt: 1 }}>
      <Alert severity="warning">
        The activation code is shown only now. Run the command as root on each host (it needs curl).
      </Alert>
      <TextField
        label="Installer command"
        value={command}
        multiline
        fullWidth
        slotProps={{ htmlInput: { readOnly: true, style: { fontFamily: 'monospace' } } }}
        onFocus={(e) => e.target.select()}
      />
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Button variant="outlined" startIcon={<ContentCopyIcon />} onClick={() => void copy()}>
          Copy installer command
        </Button>
      </Stack>
      <DialogContentText component="div">
        Activation <code>{activation.id}</code> registers up to {activation.registrationLimit} host
        {activation.registrationLimit === 1 ? '' : 's'} in {activation.account} / {activation.region} until{' '}
        {formatTime(activation.expiresAt)}
        {activation.defaultTags.length > 0 &&
          `, tagged ${activation.defaultTags.map((t) => `${t.key}=${t.value}`).join(', ')}`}
        .
      </DialogContentText>
    </Stack>
  );
}
