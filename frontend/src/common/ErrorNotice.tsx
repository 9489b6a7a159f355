import { Alert, AlertTitle } from '@mui/material';
import { serviceErrors } from './errors';

/** Shows what the service refused and why: its error code and sentence; nothing when there is no error. */
export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  const errors = serviceErrors(error);
  if (errors.length === 0) {
    return null;
  }
  return (
    <Alert severity="error" role="alert" sx={{ my: 2 }}>
      {title && <AlertTitle>{title}</AlertTitle>}
      {errors.map((e, i) => (
        <div key={i}>
          <strong>{e.code}</strong>: {e.message}
          {e.field && ` (field ${e.field})`}
          {e.jsonPath && ` (at ${e.jsonPath})`}
        </div>
      ))}
    </Alert>
  );
}
