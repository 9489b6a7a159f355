import type { Dayjs } from 'dayjs';
import type { AuditFilterInput, AuditOutcome } from '../../gql/graphql';

/** What the filter fields above the audit grid hold. */
export interface AuditFilterForm {
  actor: string;
  action: string;
  resource: string;
  outcome: 'ALL' | AuditOutcome;
  from: Dayjs | null;
  to: Dayjs | null;
}

export const emptyAuditFilterForm: AuditFilterForm = { actor: '', action: '', resource: '', outcome: 'ALL', from: null, to: null };

export type AuditFilterResult =
  | { ok: true; filter: AuditFilterInput }
  | { ok: false; errors: Partial<Record<keyof AuditFilterForm, string>> };

/** Action and resource are exact, or a prefix ending in one `*`; a `*` anywhere else matches nothing. */
function patternError(text: string): string | undefined {
  const star = text.indexOf('*');
  return star >= 0 && star !== text.length - 1 ? 'Only a trailing * is allowed (a prefix, e.g. package.*)' : undefined;
}

/**
 * The form as an AuditFilterInput: blank fields and ALL do not filter; times are sent as ISO-8601
 * instants in UTC; `to` is exclusive and must come after `from`, as the service requires.
 */
export function toAuditFilter(form: AuditFilterForm): AuditFilterResult {
  const errors: Partial<Record<keyof AuditFilterForm, string>> = {};
  const filter: AuditFilterInput = {};
  const actor = form.actor.trim();
  const action = form.action.trim();
  const resource = form.resource.trim();
  if (actor) {
    filter.actor = actor;
  }
  if (action) {
    errors.action = patternError(action);
    filter.action = action;
  }
  if (resource) {
    errors.resource = patternError(resource);
    filter.resource = resource;
  }
  if (form.outcome !== 'ALL') {
    filter.outcome = form.outcome;
  }
  if (form.from) {
    if (form.from.isValid()) {
      filter.from = form.from.toISOString();
    } else {
      errors.from = 'Enter a complete date and time';
    }
  }
  if (form.to) {
    if (!form.to.isValid()) {
      errors.to = 'Enter a complete date and time';
    } else if (form.from?.isValid() && !form.to.isAfter(form.from)) {
      errors.to = 'Must be after From';
    } else {
      filter.to = form.to.toISOString();
    }
  }
  const wrong = Object.fromEntries(Object.entries(errors).filter(([, message]) => message !== undefined));
  return Object.keys(wrong).length > 0 ? { ok: false, errors: wrong } : { ok: true, filter };
}

/** The details column holds a JSON object as text: indented when it parses, as it came when it does not. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
