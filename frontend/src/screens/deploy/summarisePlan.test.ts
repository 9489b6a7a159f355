import { samplePlan } from './planFixture';
import { skipLabel, summarizePlan } from './summarisePlan';

describe('summarizePlan', () => {
  it('groups the targets that will run by the file they get, with their platforms', () => {
    const summary = summarizePlan(samplePlan());
    expect(summary.files).toEqual([
      {
        fileName: 'hello_ubuntu_x86_64.zip', fileSize: 2048, count: 4,
        platforms: [{ label: 'ubuntu x86_64', count: 3 }, { label: 'debian x86_64', count: 1 }],
      },
      { fileName: 'hello_amazon_arm64.zip', fileSize: 2048, count: 1, platforms: [{ label: 'amazon arm64', count: 1 }] },
    ]);
  });

  it('groups skipped targets by reason, in words, with the detail and who', () => {
    const summary = summarizePlan(samplePlan());
    expect(summary.skipped.map((s) => [s.reason, s.label, s.count])).toEqual([
      ['ALREADY_INSTALLED', 'Already installed', 1],
      ['NO_FILE_FOR_PLATFORM', 'No file for the platform', 1],
    ]);
    expect(summary.skipped[1]?.details).toEqual([
      { detail: 'no platform key for windows; the manifest has ubuntu, amazon', count: 1, targets: ['win-1'] },
    ]);
  });

  it('names offline targets and counts conflicting ones per rollout they wait for', () => {
    const summary = summarizePlan(samplePlan());
    expect(summary.offline).toEqual({ count: 1, names: ['web-2'] });
    expect(summary.conflicts).toEqual({ count: 1, byRollout: [{ rolloutId: 'r-older', count: 1 }] });
  });

  it('gives each wave its share of the targets that will run and the running total', () => {
    expect(summarizePlan(samplePlan()).waves).toEqual([
      { number: 1, size: 1, percent: 20, cumulative: 1 },
      { number: 2, size: 2, percent: 40, cumulative: 3 },
      { number: 3, size: 2, percent: 40, cumulative: 5 },
    ]);
  });

  it('adds up: files plus skipped make the targets, waves make the runnable ones', () => {
    const summary = summarizePlan(samplePlan());
    const inFiles = summary.files.reduce((n, f) => n + f.count, 0);
    const skipped = summary.skipped.reduce((n, s) => n + s.count, 0);
    expect(inFiles + skipped).toBe(summary.targetCount);
    expect(summary.waves.at(-1)?.cumulative).toBe(summary.runnableCount);
    expect(summary.discrepancies).toEqual([]);
  });

  it('says so when the plan counts and its target list disagree', () => {
    const summary = summarizePlan(samplePlan({ targetCount: 8, waves: [{ number: 1, size: 4 }] }));
    expect(summary.discrepancies).toEqual([
      'Targets: the plan says 8, its target list has 7.',
      'Targets in waves: the plan says 5, its target list has 4.',
    ]);
  });

  it('keeps the notes of targets that run for a reason worth knowing', () => {
    const plan = samplePlan();
    plan.targets[0] = { ...plan.targets[0]!, note: 'installed copy is BROKEN (a rollback failed), so it is installed again' };
    expect(summarizePlan(plan).notes).toEqual([
      { name: 'web-1', note: 'installed copy is BROKEN (a rollback failed), so it is installed again' },
    ]);
  });

  it('has no files and no waves when everything is skipped', () => {
    const plan = samplePlan();
    const skippedOnly = plan.targets.filter((t) => t.skipReason != null);
    const summary = summarizePlan({ ...plan, targets: skippedOnly, targetCount: 2, runnableCount: 0, offlineCount: 0, conflictCount: 0, waves: [] });
    expect(summary.files).toEqual([]);
    expect(summary.waves).toEqual([]);
    expect(summary.discrepancies).toEqual([]);
  });
});

describe('skipLabel', () => {
  it('shows a reason it does not know as the service names it', () => {
    expect(skipLabel('TARGET_DEREGISTERED')).toBe('TARGET_DEREGISTERED');
  });
});
