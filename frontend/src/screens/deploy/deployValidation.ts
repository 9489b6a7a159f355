import type { DeployFormState, FieldErrors } from './deployForm';

// The service's rules (Names, Tags, Arguments, Strategy, CronSchedule, MaintenanceWindow), repeated so the form
// says what is wrong before a round trip. The service checks again and decides.
export const PACKAGE_NAME = /^[A-Za-z0-9_.-]{3,128}$/;
export const VERSION_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
export const INSTANCE_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
export const TAG_KEY = /^[A-Za-z0-9_.:/+@-]{1,128}$/;
export const ARGUMENT_NAME = /^SSM_[A-Za-z0-9_]+$/;
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u001f\u007f]/;
export const MAX_ARGUMENT_CHARACTERS = 4096;
export const MAX_TIMEOUT_SECONDS = 86_400;
export const MAX_DELIVERY_TIMEOUT_SECONDS = 30 * 86_400;
export const MAX_WINDOW_SECONDS = 7 * 86_400;
export const MAX_WINDOWS = 20;

/** `a, b,, c ` → `['a', 'b', 'c']`: comma-separated lists, trimmed, blanks dropped. */
export function splitList(text: string): string[] {
  return text.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
}

/** A count (`10`) or a percentage (`10%`, at most 100), as the service's Amount reads it; null when neither. */
export function parseAmount(text: string): { value: number; percent: boolean } | null {
  const trimmed = text.trim();
  const percent = trimmed.endsWith('%');
  const digits = percent ? trimmed.slice(0, -1) : trimmed;
  if (!/^[0-9]{1,9}$/.test(digits)) {
    return null;
  }
  const value = Number(digits);
  if (percent && value > 100) {
    return null;
  }
  return { value, percent };
}

/** The tags to select by: every chip and whatever is still typed, comma-separated, each trimmed, once. */
export function selectorTags(state: Pick<DeployFormState, 'tags' | 'tagsText'>): string[] {
  const all = [...state.tags.map((tag) => tag.trim()), ...splitList(state.tagsText)].filter((tag) => tag !== '');
  return [...new Set(all)];
}

/** Why a tag expression (`key=value` or `key`) would be refused, or null. */
export function tagProblem(tag: string): string | null {
  const eq = tag.indexOf('=');
  const key = eq < 0 ? tag : tag.slice(0, eq);
  if (!TAG_KEY.test(key)) {
    return `Tag key '${key}' must be 1 to 128 letters, digits or _ . : / + @ -.`;
  }
  if (eq >= 0) {
    const value = tag.slice(eq + 1);
    if (value.length > 256 || CONTROL.test(value)) {
      return `The value of tag '${key}' must be one line of at most 256 characters.`;
    }
  }
  return null;
}

/** Whether `zone` is what the service accepts: UTC or an IANA Area/Location this browser knows. */
export function isTimeZone(zone: string): boolean {
  if (zone === 'UTC') {
    return true;
  }
  if (!zone.includes('/')) {
    return false;
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Why a 5-field cron expression would be refused (the parts a browser can tell without cron-utils), or null. */
export function cronProblem(cron: string): string | null {
  const trimmed = cron.trim();
  if (trimmed === '') {
    return 'A cron expression is required (minute hour day-of-month month day-of-week).';
  }
  if (trimmed.length > 200) {
    return 'A cron expression has at most 200 characters.';
  }
  if (trimmed.startsWith('@')) {
    return 'Macros such as @daily are not supported: write the 5 fields (@daily is 0 0 * * *).';
  }
  const fields = trimmed.split(/\s+/).length;
  if (fields !== 5) {
    return `Standard 5-field cron: minute hour day-of-month month day-of-week; got ${fields} field${fields === 1 ? '' : 's'}.`;
  }
  return null;
}

/**
 * The error to show next to a field: the form's own check first, else what the service said about it.
 * `serviceFieldError` is errorFor bound to the last service error.
 */
export function fieldError(
  errors: FieldErrors,
  serviceFieldError: (field: string) => string | undefined,
  ...fields: string[]
): string | undefined {
  for (const field of fields) {
    const message = errors[field] ?? serviceFieldError(field);
    if (message) {
      return message;
    }
  }
  return undefined;
}
