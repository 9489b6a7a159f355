import type { TargetFilterInput } from '../../gql/graphql';
import { parseTagCriteria } from './tags';

/** What the filter fields above the targets grid hold, as typed. */
export interface TargetFilterForm {
  tags: string;
  platforms: string;
  packageName: string;
  packageVersion: string;
}

export const emptyTargetFilterForm: TargetFilterForm = { tags: '', platforms: '', packageName: '', packageVersion: '' };

/** Either the filter to send, or the message for each field that is wrong. */
export type TargetFilterResult =
  | { ok: true; filter: TargetFilterInput }
  | { ok: false; errors: Partial<Record<keyof TargetFilterForm, string>> };

/**
 * The form as a TargetFilterInput: blank fields do not filter, platforms are a comma-separated
 * list (any of them matches), and a package version only means something with a package (the
 * service refuses hasPackageVersion alone).
 */
export function toTargetFilter(form: TargetFilterForm): TargetFilterResult {
  const errors: Partial<Record<keyof TargetFilterForm, string>> = {};
  const filter: TargetFilterInput = {};
  const tags = parseTagCriteria(form.tags);
  if (!tags.ok) {
    errors.tags = tags.error;
  } else if (tags.value.length > 0) {
    filter.tags = tags.value;
  }
  const platforms = form.platforms
    .split(/[,\s]+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (platforms.length > 0) {
    filter.platforms = platforms;
  }
  const packageName = form.packageName.trim();
  const packageVersion = form.packageVersion.trim();
  if (packageName) {
    filter.hasPackage = packageName;
    if (packageVersion) {
      filter.hasPackageVersion = packageVersion;
    }
  } else if (packageVersion) {
    errors.packageVersion = 'Name the package too';
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, filter };
}
