import {
  Accordion, AccordionDetails, AccordionSummary, Checkbox, FormControlLabel, MenuItem, Stack, TextField, Typography,
} from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import type { OnFailure } from '../../gql/graphql';
import type { SectionProps } from './formParts';
import { ScheduleFields } from './ScheduleFields';

/** Step 3: how the run rolls out (waves, limits, what a failure does) and, optionally, when it runs. */
export function HowSection({ form, update, error }: SectionProps) {
  const text = (label: string, key: 'waves' | 'maxConcurrency' | 'maxErrors', placeholder: string, help: string) => (
    <TextField sx={{ flex: 1 }} label={label} value={form[key]} placeholder={placeholder}
      onChange={(e) => update({ [key]: e.target.value })}
      error={Boolean(error(`strategy.${key}`))}
      helperText={error(`strategy.${key}`) ?? help} />
  );
  const seconds = (
    label: string,
    key: 'pauseBetweenWavesSeconds' | 'waveSuccessPercent' | 'commandTimeoutSeconds' | 'deliveryTimeoutSeconds',
    help: string,
  ) => (
    <TextField sx={{ flex: 1 }} label={label} value={form[key]} inputMode="numeric"
      onChange={(e) => update({ [key]: e.target.value })}
      error={Boolean(error(`strategy.${key}`))}
      helperText={error(`strategy.${key}`) ?? help} />
  );
  return (
    <Stack spacing={2}>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        {text('Waves', 'waves', '1, 10%', 'Comma-separated counts or percentages, e.g. 1, 50%, 100%. Default 1, 10%; the rest form a last wave.')}
        {text('Max concurrency', 'maxConcurrency', '10%', 'Invocations out at once: a count or a percentage. Default 10%.')}
        {text('Max errors', 'maxErrors', '5%', 'Failures tolerated before the run reacts: a count or a percentage (rounded down). Default 5%.')}
      </Stack>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: { md: 'center' } }}>
        <FormControlLabel
          control={<Checkbox checked={form.manualApproval} onChange={(e) => update({ manualApproval: e.target.checked })} />}
          label="Approve each wave manually"
        />
        <TextField select sx={{ minWidth: 260 }} label="On failure" value={form.onFailure}
          onChange={(e) => update({ onFailure: e.target.value as OnFailure })}
          error={Boolean(error('strategy.onFailure'))}
          helperText={error('strategy.onFailure') ?? 'When max errors or the wave success percent is crossed.'}>
          <MenuItem value="STOP">Stop (the run fails)</MenuItem>
          <MenuItem value="PAUSE">Pause</MenuItem>
          <MenuItem value="ROLLBACK">Roll back what it changed</MenuItem>
        </TextField>
        {seconds('Pause after each wave (seconds)', 'pauseBetweenWavesSeconds', 'Default 0.')}
      </Stack>
      <Accordion disableGutters variant="outlined">
        <AccordionSummary expandIcon={<ExpandMoreIcon />}>
          <Typography>More rollout options: success threshold, timeouts, reboots</Typography>
        </AccordionSummary>
        <AccordionDetails>
          <Stack spacing={2}>
            <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
              {seconds('Wave success percent', 'waveSuccessPercent', 'Of a wave\u2019s attempts that must succeed before the next wave. Default 95; 0 turns it off.')}
              {seconds('Command timeout (seconds)', 'commandTimeoutSeconds', 'Limit for each script on the host. Default 3600.')}
              {seconds('Delivery timeout (seconds)', 'deliveryTimeoutSeconds', 'How long a command waits for an offline host. Default 3600.')}
            </Stack>
            <FormControlLabel
              control={<Checkbox checked={form.rebootAllowed} onChange={(e) => update({ rebootAllowed: e.target.checked })} />}
              label="Let hosts reboot when a script asks for it"
            />
          </Stack>
        </AccordionDetails>
      </Accordion>
      <ScheduleFields form={form} update={update} error={error} />
    </Stack>
  );
}
