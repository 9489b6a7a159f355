import type { KeyboardEvent } from 'react';
import { Chip, TextField } from '@mui/material';
import type { SectionProps } from './formParts';

/**
 * "Target tags": a plain textbox (the console's contract names it one) with the tags already entered as chips in
 * front. Enter or a comma turns the typed text into chips; Backspace in an empty box takes the last chip back.
 * Text left in the box counts too (toDeploymentInput reads it comma-separated), so nothing typed is lost.
 */
export function TagsField({ form, update, error }: SectionProps) {
  const commit = (text: string, keepLast: boolean) => {
    const parts = text.split(',');
    const rest = keepLast ? parts.pop() ?? '' : '';
    const added = parts.map((p) => p.trim()).filter((p) => p !== '');
    const tags = [...form.tags];
    for (const tag of added) {
      if (!tags.includes(tag)) {
        tags.push(tag);
      }
    }
    update({ tags, tagsText: rest });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit(form.tagsText, false);
    } else if (event.key === 'Backspace' && form.tagsText === '' && form.tags.length > 0) {
      event.preventDefault();
      const last = form.tags[form.tags.length - 1] ?? '';
      update({ tags: form.tags.slice(0, -1), tagsText: last });
    }
  };
  const message = error('selector.tags');
  return (
    <TextField
      label="Target tags"
      placeholder={form.tags.length === 0 ? 'key=value' : undefined}
      value={form.tagsText}
      onChange={(e) => (e.target.value.includes(',') ? commit(e.target.value, true) : update({ tagsText: e.target.value }))}
      onKeyDown={onKeyDown}
      onBlur={() => form.tagsText.trim() !== '' && commit(form.tagsText, false)}
      error={Boolean(message)}
      helperText={message ?? 'One key=value per chip (or just key: any value). Enter or a comma adds one; all must match.'}
      slotProps={{
        input: {
          startAdornment: form.tags.map((tag) => (
            <Chip key={tag} label={tag} size="small" sx={{ mr: 0.5, my: 0.5 }}
              onDelete={() => update({ tags: form.tags.filter((t) => t !== tag) })} />
          )),
          sx: { flexWrap: 'wrap' },
        },
        htmlInput: { sx: { minWidth: 160, flexGrow: 1, width: 'auto' } },
      }}
    />
  );
}
