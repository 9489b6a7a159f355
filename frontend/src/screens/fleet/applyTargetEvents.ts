import type { DriverKind, InstalledPackageState, TargetFilterInput } from '../../gql/graphql';

/** One row of the targets grid: a target as the `targets` query reads it, or as an event left it. */
export interface TargetRow {
  instanceId: string;
  name: string;
  /** Unknown for a target seen only through an event (events do not carry it) until the next fetch. */
  driver: DriverKind | null;
  platform: string;
  platformVersion: string;
  arch: string;
  account: string;
  region: string;
  online: boolean;
  lastSeen: string | null;
  tags: { key: string; value: string }[];
  installed: { packageName: string; version: string; state: InstalledPackageState }[];
}

/** A target's attributes right after a fleet event (the schema's TargetState). */
export interface TargetState {
  name: string;
  platform: string;
  platformVersion: string;
  arch: string;
  account: string;
  region: string;
  online: boolean;
  tags: { key: string; value: string }[];
  installed: { packageName: string; version: string; state: InstalledPackageState }[];
}

/** One fleet event from `targetEvents` (docs/FLEET-EVENTS.md). */
export interface FleetEvent {
  seq: number;
  at: string;
  type: string;
  instanceId: string;
  target: TargetState;
}

/** The page of targets the grid shows, and where it sits in the whole list (ordered by instance id). */
export interface TargetPage {
  rows: TargetRow[];
  isFirstPage: boolean;
  hasNextPage: boolean;
}

/**
 * Every event carries the target's whole state after it, so for each target only its newest
 * event matters: keeping just that one bounds what the page holds to one event per changed target,
 * and re-applying it to a fresher fetch of the list changes nothing there.
 */
export function newestPerTarget(
  known: ReadonlyMap<string, FleetEvent>,
  events: readonly FleetEvent[],
): Map<string, FleetEvent> {
  const next = new Map(known);
  for (const event of events) {
    const previous = next.get(event.instanceId);
    if (!previous || previous.seq < event.seq) {
      next.set(event.instanceId, event);
    }
  }
  return next;
}

/**
 * The page as it is after the events: a target that changed gets its new attributes, one that
 * left the filter's selection (or was deregistered) goes, and one that entered it (registered,
 * tagged, installed the package) comes in at its place by instance id when that place is on this
 * page. Applying the same events twice gives the same page.
 */
export function applyTargetEvents(page: TargetPage, events: Iterable<FleetEvent>, filter: TargetFilterInput): TargetPage {
  const rows = [...page.rows];
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    const index = rows.findIndex((row) => row.instanceId === event.instanceId);
    const stays = event.type !== 'TARGET_DEREGISTERED' && targetMatches(filter, event.instanceId, event.target);
    if (!stays) {
      if (index >= 0) {
        rows.splice(index, 1);
      }
    } else if (index >= 0) {
      rows[index] = withState(rows[index]!, event);
    } else if (belongsOnPage(page, rows, event.instanceId)) {
      const at = rows.findIndex((row) => row.instanceId > event.instanceId);
      rows.splice(at < 0 ? rows.length : at, 0, newRow(event));
    }
  }
  return { ...page, rows };
}

/**
 * Whether the event may change how many targets match (the grid's total), which only a fetch can
 * tell for certain: registrations, deregistrations, a target leaving the selection, or, under a
 * filter, a target not on this page that may just have entered it.
 */
export function mayChangeCount(event: FleetEvent, filter: TargetFilterInput, rows: readonly TargetRow[]): boolean {
  if (event.type === 'TARGET_REGISTERED' || event.type === 'TARGET_DEREGISTERED') {
    return true;
  }
  if (!targetMatches(filter, event.instanceId, event.target)) {
    return true;
  }
  const filtering = Object.values(filter).some((value) => value !== null && value !== undefined);
  return filtering && !rows.some((row) => row.instanceId === event.instanceId);
}

/** The service's TargetFilter.matches, for the attributes an event carries (online as last announced). */
export function targetMatches(filter: TargetFilterInput, instanceId: string, target: TargetState): boolean {
  const anyOf = (values: readonly (string | null | undefined)[] | null | undefined, value: string) =>
    !values || values.length === 0 || values.includes(value);
  const tags = new Map(target.tags.map((tag) => [tag.key, tag.value]));
  const hasTag = (criterion: string | null | undefined) => {
    if (criterion === null || criterion === undefined) {
      return true;
    }
    const eq = criterion.indexOf('=');
    return eq < 0 ? tags.has(criterion) : tags.get(criterion.slice(0, eq)) === criterion.slice(eq + 1);
  };
  const wanted = filter.hasPackage?.toLowerCase();
  const named = wanted ? target.installed.find((p) => p.packageName.toLowerCase() === wanted) : undefined;
  const hasPackage =
    !wanted ||
    (named !== undefined &&
      (!filter.hasPackageVersion || filter.hasPackageVersion.toLowerCase() === named.version.toLowerCase()));
  const inState =
    !filter.packageState ||
    (wanted
      ? named?.state === filter.packageState
      : target.installed.some((p) => p.state === filter.packageState));
  return (
    anyOf(filter.instanceIds, instanceId) &&
    (filter.tags ?? []).every(hasTag) &&
    anyOf(filter.platforms, target.platform) &&
    (!filter.platformVersion || filter.platformVersion === target.platformVersion) &&
    (!filter.arch || filter.arch === target.arch) &&
    anyOf(filter.accounts, target.account) &&
    anyOf(filter.regions, target.region) &&
    (filter.online === null || filter.online === undefined || filter.online === target.online) &&
    hasPackage &&
    inState
  );
}

/** The list is ordered by instance id: a new target belongs here when it sorts between this page's neighbours. */
function belongsOnPage(page: TargetPage, rows: readonly TargetRow[], instanceId: string): boolean {
  const first = rows[0]?.instanceId;
  const last = rows[rows.length - 1]?.instanceId;
  const afterPreviousPages = page.isFirstPage || (first !== undefined && instanceId > first);
  const beforeNextPages = !page.hasNextPage || (last !== undefined && instanceId < last);
  return afterPreviousPages && beforeNextPages;
}

function withState(row: TargetRow, event: FleetEvent): TargetRow {
  const { name, platform, platformVersion, arch, account, region, online, tags, installed } = event.target;
  const seenNow = event.type === 'TARGET_REGISTERED' || event.type === 'TARGET_ONLINE';
  const lastSeen = seenNow && (!row.lastSeen || row.lastSeen < event.at) ? event.at : row.lastSeen;
  return { ...row, name, platform, platformVersion, arch, account, region, online, tags, installed, lastSeen };
}

function newRow(event: FleetEvent): TargetRow {
  return withState(
    {
      ...event.target,
      instanceId: event.instanceId,
      driver: null,
      lastSeen: null,
    },
    event,
  );
}
