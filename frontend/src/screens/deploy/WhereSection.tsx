import { Autocomplete, FormHelperText, Stack, TextField } from '@mui/material';
import type { SectionProps } from './formParts';
import { splitList } from './deployForm';

/**
 * Step 2: which targets. Tags are chips (Enter or a comma makes one); the other lists are comma-separated text.
 * Every list given must match; at least one is needed.
 */
export function WhereSection({ form, update, error }: SectionProps) {
  const addTags = (tags: string[], text: string) => {
    // A comma ends a tag as Enter does; what follows the last comma stays in the box, still being typed.
    const parts = text.split(',');
    const rest = parts.pop() ?? '';
    const added = parts.map((p) => p.trim()).filter((p) => p !== '' && !tags.includes(p));
    update({ tags: [...tags, ...added], tagsText: rest });
  };
  return (
    <Stack spacing={2}>
      <Autocomplete
        multiple
        freeSolo
        options={[] as string[]}
        value={form.tags}
        inputValue={form.tagsText}
        onInputChange={(_, text, reason) => {
          if (reason === 'input') {
            addTags(form.tags, text);
          } else if (reason === 'clear') {
            update({ tagsText: '' });
          }
        }}
        onChange={(_, values) => update({
          tags: [...new Set(values.flatMap((v) => splitList(v)))],
          tagsText: '',
        })}
        renderInput={(params) => (
          <TextField {...params} label="Target tags" placeholder="key=value"
            error={Boolean(error('selector.tags'))}
            helperText={error('selector.tags') ?? 'One key=value per chip (or just key: any value). Enter or a comma adds one; all must match.'} />
        )}
      />
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
