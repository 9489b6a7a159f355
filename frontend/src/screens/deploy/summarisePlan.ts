import type { DeployPlanFragment } from '../../gql/graphql';

export type PlanTargetRow = DeployPlanFragment['targets'][number];

/** Targets that get the same file, and the platforms they are. */
export interface FileGroup {
  /** null: a runnable target with no file (an uninstall of whatever is installed). */
  fileName: string | null;
  fileSize: number | null;
  count: number;
  /** `platform arch` with how many targets of it get this file, most first. */
  platforms: { label: string; count: number }[];
}

/** Skipped targets with one reason, split by the service's detail sentence. */
export interface SkipGroup {
  reason: string;
  label: string;
  count: number;
  details: { detail: string; count: number; targets: string[] }[];
}

export interface WaveRow {
  number: number;
  size: number;
  /** Share of the targets that will run, rounded to a whole percent. */
  percent: number;
  /** Targets reached once this wave is done. */
  cumulative: number;
}

export interface PlanSummary {
  targetCount: number;
  runnableCount: number;
  skippedCount: number;
  files: FileGroup[];
  skipped: SkipGroup[];
  offline: { count: number; names: string[] };
  conflicts: { count: number; byRollout: { rolloutId: string; count: number }[] };
  waves: WaveRow[];
  /** Targets that run for a reason worth knowing (a BROKEN copy installed again). */
  notes: { name: string; note: string }[];
  /** Where the plan's counts and its target list disagree; empty when every total adds up. */
  discrepancies: string[];
}

const SKIP_LABELS: Record<string, string> = {
  NO_FILE_FOR_PLATFORM: 'No file for the platform',
  ALREADY_INSTALLED: 'Already installed',
  NOT_INSTALLED: 'Not installed',
  OTHER_VERSION_INSTALLED: 'Another version installed',
};

/** A skip reason in words; unknown reasons (a newer service) are shown as the service names them. */
export function skipLabel(reason: string): string {
  return SKIP_LABELS[reason] ?? reason;
}

/** Counts of `keyOf(item)`, in first-seen order. */
function countBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) {
      group.push(item);
    } else {
      groups.set(key, [item]);
    }
  }
  return groups;
}

const byCountThenName = <T extends { count: number }>(label: (t: T) => string) => (a: T, b: T) =>
  b.count - a.count || label(a).localeCompare(label(b));

/**
 * What a plan means for the people about to start it: which file goes where, who is skipped and why, who is
 * offline or waits for another rollout, the waves; computed from the target list and checked against the plan's
 * own counts, so a summary that does not add up says so instead of misleading.
 */
export function summarizePlan(plan: DeployPlanFragment): PlanSummary {
  const runnable = plan.targets.filter((t) => t.skipReason == null);
  const skippedTargets = plan.targets.filter((t) => t.skipReason != null);

  const files: FileGroup[] = [...countBy(runnable, (t) => t.fileName ?? '').values()].map((targets) => {
    const first = targets[0]!;
    const platforms = [...countBy(targets, (t) => `${t.platform} ${t.arch}`).entries()]
      .map(([label, group]) => ({ label, count: group.length }))
      .sort(byCountThenName((p) => p.label));
    return { fileName: first.fileName ?? null, fileSize: first.fileSize ?? null, count: targets.length, platforms };
  }).sort(byCountThenName((f) => f.fileName ?? ''));

  const skipped: SkipGroup[] = [...countBy(skippedTargets, (t) => t.skipReason ?? '').entries()].map(
    ([reason, targets]) => ({
      reason,
      label: skipLabel(reason),
      count: targets.length,
      details: [...countBy(targets, (t) => t.skipDetail ?? '').entries()]
        .map(([detail, group]) => ({ detail, count: group.length, targets: group.map((t) => t.name) }))
        .sort(byCountThenName((d) => d.detail)),
    }),
  ).sort(byCountThenName((s) => s.reason));

  const offlineNames = plan.targets.filter((t) => !t.online).map((t) => t.name);

  const conflicting = plan.targets.filter((t) => t.conflictingRollouts.length > 0);
  const byRollout = [...countBy(conflicting.flatMap((t) => t.conflictingRollouts.map((id) => ({ id }))),
    (c) => c.id).entries()]
    .map(([rolloutId, group]) => ({ rolloutId, count: group.length }))
    .sort(byCountThenName((c) => c.rolloutId));

  let cumulative = 0;
  const waves: WaveRow[] = [...plan.waves].sort((a, b) => a.number - b.number).map((wave) => {
    cumulative += wave.size;
    return {
      number: wave.number,
      size: wave.size,
      percent: runnable.length === 0 ? 0 : Math.round((wave.size * 100) / runnable.length),
      cumulative,
    };
  });

  const notes = runnable.filter((t) => t.note).map((t) => ({ name: t.name, note: t.note ?? '' }));

  const discrepancies: string[] = [];
  const check = (what: string, stated: number, counted: number) => {
    if (stated !== counted) {
      discrepancies.push(`${what}: the plan says ${stated}, its target list has ${counted}.`);
    }
  };
  check('Targets', plan.targetCount, plan.targets.length);
  check('Targets that will run', plan.runnableCount, runnable.length);
  check('Skipped targets', plan.skippedCount, skippedTargets.length);
  check('Offline targets', plan.offlineCount, offlineNames.length);
  check('Targets waiting for another rollout', plan.conflictCount, conflicting.length);
  check('Targets in waves', runnable.length, cumulative);

  return {
    targetCount: plan.targetCount,
    runnableCount: runnable.length,
    skippedCount: skippedTargets.length,
    files,
    skipped,
    offline: { count: offlineNames.length, names: offlineNames },
    conflicts: { count: conflicting.length, byRollout },
    waves,
    notes,
    discrepancies,
  };
}
