import { Stack, TextField } from '@mui/material';
import type { TargetFilterForm } from './targetFilter';

/** The fields above the grid; the page applies them shortly after typing stops, once they are valid. */
export function TargetFilters({
  form,
  errors,
  onChange,
  onSubmit,
}: {
  form: TargetFilterForm;
  errors: Partial<Record<keyof TargetFilterForm, string>>;
  onChange: (form: TargetFilterForm) => void;
  onSubmit: () => void;
}) {
  const field = (name: keyof TargetFilterForm, label: string, helper: string) => (
    <TextField
      label={label}
      size="small"
      value={form[name]}
      onChange={(e) => onChange({ ...form, [name]: e.target.value })}
      error={Boolean(errors[name])}
      helperText={errors[name] ?? helper}
      sx={{ minWidth: 200, flex: 1 }}
    />
  );
  return (
    <Stack
      role="search"
      aria-label="Filter targets"
      direction={{ xs: 'column', md: 'row' }}
      spacing={2}
      sx={{ mb: 2 }}
      // Enter in a field applies the filters at once instead of after the pause.
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          onSubmit();
        }
      }}
    >
      {field('tags', 'Filter by tag', 'key=value or key, comma-separated')}
      {field('platforms', 'Platform', 'e.g. ubuntu, amazon')}
      {field('packageName', 'Package', 'Has this package installed')}
      {field('packageVersion', 'Package version', 'With the package: this version')}
    </Stack>
  );
}
