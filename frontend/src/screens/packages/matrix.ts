/**
 * The platform × architecture matrix of a version: which file a host of each platform and
 * architecture gets (PackageVersion.fileFor, the same rule rollouts use) and why.
 *
 * The `platforms` table has no platform versions, but the rule picks a key per level (platform,
 * platform version, arch), so each cell asks once per platform-version key the manifest has for
 * that platform (a host of `22.04` and one of `20.04` may get different files). Only the
 * architectures a platform lists are asked about (no host of another kind can exist). The questions
 * go into a few queries, each `fileFor` under its own alias, instead of a request per cell: the
 * service refuses a query with more than 50 aliases (QUERY_TOO_COMPLEX), so a query carries at most
 * MAX_ALIASES_PER_QUERY.
 */

/** Below the service's limit of 50 aliases a query (GraphQLLimits.maxAliases), with room to spare. */
export const MAX_ALIASES_PER_QUERY = 45;

export interface MatrixPlatform {
  code: string;
  displayName: string;
  architectures: readonly string[];
}

/** The manifest's `packages`: platform → platform version → arch → { file }. */
export type ManifestPackages = Record<string, Record<string, Record<string, unknown>>>;

/** One fileFor call: the host facts it asks about and the alias its answer comes back under. */
export interface Probe {
  alias: string;
  platform: string;
  /** The manifest's platform-version key the probe stands for (shown to people), e.g. `22.04`, `8.*`, `_any`. */
  versionKey: string;
  /** A host version that this key selects: the key itself, `8.0` for `8.*`, empty for `_any` and `*`. */
  platformVersion: string;
  arch: string;
}

export interface Selection {
  found: boolean;
  file?: string | null;
  reason: string;
}

export interface MatrixCell {
  arch: string;
  /** False when the platform does not list this architecture: nothing was asked, no host of this kind exists. */
  listed: boolean;
  /** One entry per platform-version key; a single entry for most manifests. */
  entries: Array<{ versionKey: string; selection: Selection | null }>;
}

export interface MatrixRow {
  code: string;
  displayName: string;
  cells: MatrixCell[];
}

const ANY = '_any';

/** The manifest's `packages` object, or an empty one when the manifest is not readable as such. */
export function manifestPackages(manifest: string): ManifestPackages {
  try {
    const parsed: unknown = JSON.parse(manifest);
    const packages = (parsed as { packages?: unknown } | null)?.packages;
    return packages && typeof packages === 'object' && !Array.isArray(packages) ? (packages as ManifestPackages) : {};
  } catch {
    return {};
  }
}

/** Every architecture of the table, in its order (x86_64, 386, arm64), then any others the manifest names. */
export function matrixArchitectures(platforms: readonly MatrixPlatform[], packages: ManifestPackages): string[] {
  const archs: string[] = [];
  const add = (arch: string) => {
    if (arch !== ANY && !archs.includes(arch)) archs.push(arch);
  };
  platforms.forEach((p) => p.architectures.forEach(add));
  Object.values(packages).forEach((versions) => Object.values(versions ?? {}).forEach((a) => Object.keys(a ?? {}).forEach(add)));
  return archs;
}

/**
 * The table's platforms, then platforms the manifest names that the table lacks (they are accepted with a warning);
 * such a platform lists the architectures its manifest entry names.
 */
export function matrixPlatforms(platforms: readonly MatrixPlatform[], packages: ManifestPackages): MatrixPlatform[] {
  const known = new Set(platforms.map((p) => p.code));
  const extra = Object.keys(packages)
    .filter((code) => code !== ANY && !known.has(code))
    .map((code) => ({ code, displayName: code, architectures: manifestArchitectures(packages[code]) }));
  return [...platforms, ...extra];
}

function manifestArchitectures(versions: ManifestPackages[string] | undefined): string[] {
  const archs = new Set<string>();
  Object.values(versions ?? {}).forEach((a) => Object.keys(a ?? {}).forEach((arch) => archs.add(arch)));
  archs.delete(ANY);
  return [...archs];
}

/** A host version the platform-version key selects by itself. */
export function hostVersionFor(versionKey: string): string {
  if (versionKey === ANY || versionKey === '*') {
    // No key is empty, so an empty version falls through to _any, then *.
    return '';
  }
  // `8.*` → `8.0`, `10.0.*nano` → `10.0.0nano`: one more part under the prefix.
  const prefix = /^(.*)\.\*(nano)?$/.exec(versionKey);
  if (prefix) {
    return `${prefix[1]}.0${prefix[2] ?? ''}`;
  }
  return versionKey;
}

/** The platform-version keys a platform's hosts meet: its own entry's, else `_any`'s; `_any` when it has neither. */
export function versionKeysFor(packages: ManifestPackages, platform: string): string[] {
  const versions = packages[platform] ?? packages[ANY];
  const keys = versions ? Object.keys(versions) : [];
  return keys.length > 0 ? keys : [ANY];
}

/** Every question the matrix asks, aliased c0, c1, ...: the architectures each platform lists, once per version key. */
export function matrixProbes(platforms: readonly MatrixPlatform[], archs: readonly string[], packages: ManifestPackages): Probe[] {
  const probes: Probe[] = [];
  for (const platform of platforms) {
    for (const arch of archs.filter((a) => platform.architectures.includes(a))) {
      for (const versionKey of versionKeysFor(packages, platform.code)) {
        probes.push({
          alias: `c${probes.length}`,
          platform: platform.code,
          versionKey,
          platformVersion: hostVersionFor(versionKey),
          arch,
        });
      }
    }
  }
  return probes;
}

/** The probes in groups of at most `size`, in order: one query each. */
export function matrixChunks(probes: readonly Probe[], size = MAX_ALIASES_PER_QUERY): Probe[][] {
  const chunks: Probe[][] = [];
  for (let start = 0; start < probes.length; start += size) {
    chunks.push(probes.slice(start, start + size));
  }
  return chunks;
}

/**
 * The query for one chunk of probes. Values are written as JSON strings, which are valid GraphQL string
 * literals; the package and version travel as variables.
 */
export function matrixQueryText(probes: readonly Probe[]): string {
  const fields = probes.map(
    (p) => `${p.alias}: fileFor(platform: ${JSON.stringify(p.platform)}, platformVersion: ${JSON.stringify(p.platformVersion)}, arch: ${JSON.stringify(p.arch)}) { found file reason }`,
  );
  return `query PlatformMatrix($packageName: String!, $version: String!) {
  package(name: $packageName) {
    name
    version(version: $version) {
      packageName
      version
      ${fields.join('\n      ')}
    }
  }
}`;
}

/** The answers laid out as rows (platforms) of cells (architectures); a missing answer is null. */
export function matrixRows(
  platforms: readonly MatrixPlatform[],
  archs: readonly string[],
  probes: readonly Probe[],
  answers: Readonly<Record<string, Selection | null | undefined>>,
): MatrixRow[] {
  return platforms.map((platform) => ({
    code: platform.code,
    displayName: platform.displayName,
    cells: archs.map((arch) => ({
      arch,
      listed: platform.architectures.includes(arch),
      entries: probes
        .filter((p) => p.platform === platform.code && p.arch === arch)
        .map((p) => ({ versionKey: p.versionKey, selection: answers[p.alias] ?? null })),
    })),
  }));
}

/** What a cell shows: the file, or "—" when no file matches. */
export function cellText(selection: Selection | null): string {
  return selection?.found && selection.file ? selection.file : '—';
}
