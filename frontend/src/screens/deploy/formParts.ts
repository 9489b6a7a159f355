import type { DeployFormState } from './deployForm';

/** What every section of the form gets: the state, a way to change part of it, and the error for a field. */
export interface SectionProps {
  form: DeployFormState;
  update: (patch: Partial<DeployFormState>) => void;
  /** The message for the first of these service field names that has one (the form's check, else the service's). */
  error: (...fields: string[]) => string | undefined;
}

/** A new key per submission; crypto.randomUUID needs a secure context, which localhost and https are. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
