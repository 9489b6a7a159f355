/**
 * Tags typed as text: `env=prod, team=web`. The service's rule for keys is 1-128 of letters,
 * digits and `_ . : / + @ -`; values are up to 256 characters. Checking here lets the form say
 * which entry is wrong before the service refuses the whole request.
 */
const KEY = /^[A-Za-z0-9_.:/+@-]{1,128}$/;
const MAX_VALUE = 256;

export interface TagPair {
  key: string;
  value: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Entries separated by commas or new lines, trimmed, empty ones dropped. */
function entries(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

function checkKey(key: string, entry: string): string | null {
  return KEY.test(key) ? null : `"${entry}": a tag key is 1-128 letters, digits or _ . : / + @ -`;
}

/** `key=value` pairs, as tagTargets and createActivation's default tags take them: each needs its `=`. */
export function parseTagPairs(text: string): Parsed<TagPair[]> {
  const pairs: TagPair[] = [];
  for (const entry of entries(text)) {
    const eq = entry.indexOf('=');
    if (eq < 0) {
      return { ok: false, error: `"${entry}": write key=value` };
    }
    const key = entry.slice(0, eq).trim();
    const value = entry.slice(eq + 1).trim();
    const keyError = checkKey(key, entry);
    if (keyError) {
      return { ok: false, error: keyError };
    }
    if (value.length > MAX_VALUE) {
      return { ok: false, error: `"${key}": a tag value is at most ${MAX_VALUE} characters` };
    }
    pairs.push({ key, value });
  }
  return { ok: true, value: pairs };
}

/** Tag criteria, as TargetFilterInput.tags takes them: `key=value` (exact) or `key` (present). */
export function parseTagCriteria(text: string): Parsed<string[]> {
  const criteria: string[] = [];
  for (const entry of entries(text)) {
    const eq = entry.indexOf('=');
    const key = (eq < 0 ? entry : entry.slice(0, eq)).trim();
    const keyError = checkKey(key, entry);
    if (keyError) {
      return { ok: false, error: keyError };
    }
    if (eq < 0) {
      criteria.push(key);
      continue;
    }
    const value = entry.slice(eq + 1).trim();
    if (value.length > MAX_VALUE) {
      return { ok: false, error: `"${key}": a tag value is at most ${MAX_VALUE} characters` };
    }
    criteria.push(`${key}=${value}`);
  }
  return { ok: true, value: criteria };
}

/** A single key, as the tag and untag dialogs ask for it; null when it is acceptable. */
export function tagKeyError(key: string): string | null {
  return key.trim() === '' ? 'Enter a tag key' : checkKey(key.trim(), key.trim());
}
