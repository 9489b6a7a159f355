import type { DeployPlanFragment } from '../../gql/graphql';
import type { PlanTargetRow } from './summarisePlan';

/** A plan target with plain defaults: online, runnable in wave 1, the ubuntu amd64 file. */
export function planTarget(patch: Partial<PlanTargetRow> & { name: string }): PlanTargetRow {
  return {
    instanceId: `mi-${patch.name}`,
    platform: 'ubuntu',
    platformVersion: '22.04',
    arch: 'x86_64',
    online: true,
    wave: 1,
    fileName: 'hello_ubuntu_x86_64.zip',
    fileSize: 2048,
    skipReason: null,
    skipDetail: null,
    conflictingRollouts: [],
    installedVersion: null,
    installedState: null,
    note: null,
    ...patch,
  };
}

/**
 * Seven targets: four get the ubuntu file (one offline, one waiting for another rollout), one the amazon arm64
 * file, two skipped (no file for windows; already installed); waves 1, 2, 2.
 */
export function samplePlan(patch: Partial<DeployPlanFragment> = {}): DeployPlanFragment {
  const targets = [
    planTarget({ name: 'web-1' }),
    planTarget({ name: 'web-2', wave: 2, online: false }),
    planTarget({ name: 'web-3', wave: 2, conflictingRollouts: ['r-older'] }),
    planTarget({ name: 'web-4', wave: 3, platform: 'debian', platformVersion: '12' }),
    planTarget({ name: 'arm-1', wave: 3, platform: 'amazon', platformVersion: '2023', arch: 'arm64', fileName: 'hello_amazon_arm64.zip' }),
    planTarget({
      name: 'win-1', wave: 0, platform: 'windows', platformVersion: '10', fileName: null, fileSize: null,
      skipReason: 'NO_FILE_FOR_PLATFORM', skipDetail: 'no platform key for windows; the manifest has ubuntu, amazon',
    }),
    planTarget({
      name: 'web-5', wave: 0, fileName: null, fileSize: null, installedVersion: '1.0.0', installedState: 'INSTALLED',
      skipReason: 'ALREADY_INSTALLED', skipDetail: 'has 1.0.0 installed',
    }),
  ];
  return {
    packageName: 'hello',
    version: '1.0.0',
    action: 'INSTALL',
    installType: 'REINSTALL',
    targetCount: 7,
    runnableCount: 5,
    skippedCount: 2,
    offlineCount: 1,
    conflictCount: 1,
    maxConcurrency: 1,
    maxErrors: 0,
    warnings: [],
    maintenanceWindowOpen: true,
    nextWindowOpensAt: null,
    waves: [{ number: 1, size: 1 }, { number: 2, size: 2 }, { number: 3, size: 2 }],
    targets,
    ...patch,
  };
}
