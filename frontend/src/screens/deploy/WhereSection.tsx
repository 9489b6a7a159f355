import { FormHelperText, Stack, TextField } from '@mui/material';
import type { SectionProps } from './formParts';
import { TagsField } from './TagsField';

/**
 * Step 2: which targets. Tags are chips (Enter or a comma makes one); the other lists are comma-separated text.
 * Every list given must match; at least one is needed.
 */
export function WhereSection({ form, update, error }: SectionProps) {
  return (
    <Stack spacing={2}>
      <TagsField form={form} update={update} error={error} />
      <TextField label="Instance IDs" value={form.instanceIds} placeholder="mi-0123456789abcdef0, mi-..."
        onChange={(e) => update({ instanceIds: e.target.value })}
        error={Boolean(error('selector.instanceIds'))}
        helperText={error('selector.instanceIds') ?? 'Comma-separated; any of them.'} />
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <TextField sx={{ flex: 1 }} label="Platforms" value={form.platforms} placeholder="ubuntu, amazon"
          onChange={(e) => update({ platforms: e.target.value })}
          error={Boolean(error('selector.platforms'))}
          helperText={error('selector.platforms') ?? 'Comma-separated; any of them.'} />
        <TextField sx={{ flex: 1 }} label="Accounts" value={form.accounts}
          onChange={(e) => update({ accounts: e.target.value })}
          error={Boolean(error('selector.accounts'))}
          helperText={error('selector.accounts') ?? 'Comma-separated; any of them.'} />
        <TextField sx={{ flex: 1 }} label="Regions" value={form.regions} placeholder="eu-west-1"
          onChange={(e) => update({ regions: e.target.value })}
          error={Boolean(error('selector.regions'))}
          helperText={error('selector.regions') ?? 'Comma-separated; any of them.'} />
      </Stack>
      {error('selector') && <FormHelperText error>{error('selector')}</FormHelperText>}
    </Stack>
  );
}
