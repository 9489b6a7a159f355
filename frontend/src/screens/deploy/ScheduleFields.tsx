import { useState } from 'react';
import {
  Accordion, AccordionDetails, AccordionSummary, Autocomplete, Box, Button, FormControl, FormControlLabel,
  FormHelperText, FormLabel, IconButton, MenuItem, Radio, RadioGroup, Stack, TextField, Typography,
} from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import DeleteIcon from '@mui/icons-material/Delete';
import type { OverlapPolicy, ScheduleKind } from '../../gql/graphql';
import { newRowId } from './deployForm';
import type { SectionProps } from './formParts';

// Zones the browser knows; the service takes UTC or an Area/Location name, so only those are offered.
const TIME_ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone.includes('/'))];

const KIND_HELP: Record<ScheduleKind, string> = {
  ONCE: 'One run, started by the button below.',
  CRON: 'A run at each firing of the cron expression; no run starts now.',
  ON_DEFAULT_VERSION_CHANGE: 'A run each time the package\u2019s default version changes (install of the default only).',
  ON_NEW_TARGET: 'Every target that matches now or later gets the package once.',
};

/** When the deployment runs (once by default) and the maintenance windows its runs keep to: advanced, folded away. */
export function ScheduleFields({ form, update, error }: SectionProps) {
  const usesZone = form.scheduleKind === 'CRON' || form.maintenanceWindows.length > 0;
  const setWindow = (index: number, patch: Partial<{ cron: string; durationMinutes: string }>) =>
    update({ maintenanceWindows: form.maintenanceWindows.map((w, i) => (i === index ? { ...w, ...patch } : w)) });
  // Controlled (MUI warns when defaultExpanded changes): open from the start when there is something other than
  // "once, now" to show, and opened when the schedule becomes one; the user folds it as they like.
  const [expanded, setExpanded] = useState(form.scheduleKind !== 'ONCE' || form.maintenanceWindows.length > 0);
  const [shownKind, setShownKind] = useState(form.scheduleKind);
  if (shownKind !== form.scheduleKind) {
    setShownKind(form.scheduleKind);
    if (form.scheduleKind !== 'ONCE') setExpanded(true);
  }
  return (
    <Accordion disableGutters variant="outlined" expanded={expanded} onChange={(_, open) => setExpanded(open)}>
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Typography>
          Schedule and maintenance windows (advanced):{' '}
          {form.scheduleKind === 'ONCE' ? 'once, now' : form.scheduleKind.toLowerCase().replaceAll('_', ' ')}
          {form.maintenanceWindows.length > 0 && `, ${form.maintenanceWindows.length} window(s)`}
        </Typography>
      </AccordionSummary>
      <AccordionDetails>
        <Stack spacing={2}>
          <FormControl>
            <FormLabel id="deploy-schedule-kind">When it runs</FormLabel>
            <RadioGroup aria-labelledby="deploy-schedule-kind" value={form.scheduleKind}
              onChange={(e) => update({ scheduleKind: e.target.value as ScheduleKind })}>
              <FormControlLabel value="ONCE" control={<Radio />} label="Once, now" />
              <FormControlLabel value="CRON" control={<Radio />} label="On a cron schedule" />
              <FormControlLabel value="ON_DEFAULT_VERSION_CHANGE" control={<Radio />} label="When the default version changes" />
              <FormControlLabel value="ON_NEW_TARGET" control={<Radio />} label="For each new matching target" />
            </RadioGroup>
            <FormHelperText>{KIND_HELP[form.scheduleKind]}</FormHelperText>
          </FormControl>
          {form.scheduleKind === 'CRON' && (
            <TextField label="Cron expression" placeholder="0 2 * * *" value={form.cron}
              onChange={(e) => update({ cron: e.target.value })}
              error={Boolean(error('schedule.cron'))}
              helperText={error('schedule.cron') ?? 'minute hour day-of-month month day-of-week, e.g. 0 2 * * * (02:00 daily).'} />
          )}
          {(form.scheduleKind === 'CRON' || form.scheduleKind === 'ON_DEFAULT_VERSION_CHANGE') && (
            <TextField select label="If the previous run is unfinished" value={form.overlap} sx={{ maxWidth: 360 }}
              onChange={(e) => update({ overlap: e.target.value as OverlapPolicy })}>
              <MenuItem value="SKIP">Skip this firing</MenuItem>
              <MenuItem value="WAIT">Wait for it, then run</MenuItem>
            </TextField>
          )}
          <Box>
            <FormLabel component="div" sx={{ mb: 1 }}>Maintenance windows (optional): runs start nothing outside them</FormLabel>
            <Stack spacing={1}>
              {form.maintenanceWindows.map((window, i) => (
                <Stack key={window.id} direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
                  <TextField size="small" label={`Window ${i + 1} opens (cron)`} placeholder="0 22 * * 6" value={window.cron}
                    onChange={(e) => setWindow(i, { cron: e.target.value })}
                    error={Boolean(error(`schedule.maintenanceWindows[${i}].cron`))}
                    helperText={error(`schedule.maintenanceWindows[${i}].cron`)} />
                  <TextField size="small" label={`Window ${i + 1} lasts (minutes)`} value={window.durationMinutes}
                    slotProps={{ htmlInput: { inputMode: 'numeric' } }} onChange={(e) => setWindow(i, { durationMinutes: e.target.value })}
                    error={Boolean(error(`schedule.maintenanceWindows[${i}].durationSeconds`))}
                    helperText={error(`schedule.maintenanceWindows[${i}].durationSeconds`)} />
                  <IconButton aria-label={`Remove window ${i + 1}`}
                    onClick={() => update({ maintenanceWindows: form.maintenanceWindows.filter((_, j) => j !== i) })}>
                    <DeleteIcon />
                  </IconButton>
                </Stack>
              ))}
            </Stack>
            {error('schedule.maintenanceWindows') && (
              <FormHelperText error>{error('schedule.maintenanceWindows')}</FormHelperText>
            )}
            <Button size="small" sx={{ mt: 1 }}
              onClick={() => update({ maintenanceWindows: [...form.maintenanceWindows, { id: newRowId(), cron: '', durationMinutes: '120' }] })}>
              Add maintenance window
            </Button>
          </Box>
          {usesZone && (
            <Autocomplete
              freeSolo
              options={TIME_ZONES}
              inputValue={form.timeZone}
              onInputChange={(_, value) => update({ timeZone: value })}
              sx={{ maxWidth: 360 }}
              renderInput={(params) => (
                <TextField {...params} label="Time zone" placeholder="UTC"
                  error={Boolean(error('schedule.timeZone'))}
                  helperText={error('schedule.timeZone') ?? 'The cron expression and windows are read in it. Default UTC.'} />
              )}
            />
          )}
        </Stack>
      </AccordionDetails>
    </Accordion>
  );
}
