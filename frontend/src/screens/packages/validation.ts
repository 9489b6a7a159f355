/**
 * The service's naming rules (common/error/Names.java), checked as the user types so most mistakes
 * never reach the API. The service checks again and has the last word.
 */

const packageNamePattern = /^[A-Za-z0-9_.-]{3,128}$/;
const versionPattern = /^[A-Za-z0-9_.-]{1,128}$/;

/** Why `name` is not a valid package name, or null when it is. */
export function packageNameProblem(name: string): string | null {
  if (name.length === 0) {
    return 'Required.';
  }
  if (!packageNamePattern.test(name)) {
    return "3 to 128 letters, digits, '_', '.' or '-'.";
  }
  return null;
}

/** Why `version` is not a valid version name, or null when it is. Versions become folder names on hosts. */
export function versionProblem(version: string): string | null {
  if (version.length === 0) {
    return 'Required.';
  }
  if (!versionPattern.test(version)) {
    return "1 to 128 letters, digits, '_', '.' or '-'.";
  }
  if (version === '.' || version === '..') {
    return "Not '.' or '..'.";
  }
  return null;
}

/** The description limit of CreatePackageInput. */
export const maxDescriptionLength = 1024;

export interface SimpleFormValues {
  packageName: string;
  version: string;
  description: string;
  installer: File | null;
  /** Ticked "<platform> <arch>" pairs. */
  targets: ReadonlyArray<{ platform: string; arch: string }>;
}

/** Problems by field name (the names the service uses in `extensions.field`); empty when the form may be sent. */
export function simpleFormProblems(values: SimpleFormValues): Record<string, string> {
  const problems: Record<string, string> = {};
  const name = packageNameProblem(values.packageName);
  if (name) problems.packageName = name;
  const version = versionProblem(values.version);
  if (version) problems.version = version;
  if (values.description.length > maxDescriptionLength) {
    problems.description = `At most ${maxDescriptionLength} characters.`;
  }
  if (!values.installer) problems.installer = 'Drop or choose the installer.';
  if (values.targets.length === 0) problems.entries = 'Tick at least one platform and architecture.';
  return problems;
}

/**
 * A file name the service accepts (Names.fileName: letters, digits, '_', '.', '-'), made from what
 * the browser reports: `hello world (1).deb` → `hello_world__1_.deb`. The extension survives, and
 * the service tells the installer's kind from it.
 */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_.-]/g, '_').slice(-255);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'installer' : cleaned;
}
