import { MenuItem, Stack, TextField } from '@mui/material';
import { DateTimePicker } from '@mui/x-date-pickers/DateTimePicker';
import type { Dayjs } from 'dayjs';
import type { AuditFilterForm } from './auditFilter';

/** The fields above the audit grid; the page applies them shortly after they change, once valid. */
export function AuditFilters({
  form,
  errors,
  onChange,
}: {
  form: AuditFilterForm;
  errors: Partial<Record<keyof AuditFilterForm, string>>;
  onChange: (form: AuditFilterForm) => void;
}) {
  const text = (name: 'actor' | 'action' | 'resource', label: string, helper: string) => (
    <TextField
      label={label}
      size="small"
      value={form[name]}
      onChange={(e) => onChange({ ...form, [name]: e.target.value })}
      error={Boolean(errors[name])}
      helperText={errors[name] ?? helper}
      sx={{ minWidth: 170, flex: 1 }}
    />
  );
  const time = (name: 'from' | 'to', label: string, helper: string) => (
    <DateTimePicker
      label={label}
      value={form[name]}
      onChange={(value: Dayjs | null) => onChange({ ...form, [name]: value })}
      ampm={false}
      format="YYYY-MM-DD HH:mm"
      slotProps={{
        field: { clearable: true },
        textField: { size: 'small', error: Boolean(errors[name]), helperText: errors[name] ?? helper, sx: { minWidth: 210 } },
      }}
    />
  );
  return (
    <Stack role="search" aria-label="Filter the audit trail" direction="row" useFlexGap spacing={2} sx={{ mb: 2, flexWrap: 'wrap' }}>
      {text('actor', 'Actor', "Exact: a subject, an instance id, 'local'")}
      {text('action', 'Action', 'e.g. package.create or package.*')}
      {text('resource', 'Resource', 'e.g. package/hello or package/hello/*')}
      <TextField
        select
        label="Outcome"
        size="small"
        value={form.outcome}
        onChange={(e) => onChange({ ...form, outcome: e.target.value as AuditFilterForm['outcome'] })}
        helperText="Changes or refusals"
        sx={{ minWidth: 130 }}
      >
        <MenuItem value="ALL">ALL</MenuItem>
        <MenuItem value="DONE">DONE</MenuItem>
        <MenuItem value="REFUSED">REFUSED</MenuItem>
      </TextField>
      {time('from', 'From', 'At or after (local time)')}
      {time('to', 'To', 'Before (local time)')}
    </Stack>
  );
}
