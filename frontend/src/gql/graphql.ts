/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** An additional argument: exported to the package's scripts as an environment variable of this name. */
export type ArgumentInput = {
  /** SSM_ followed by letters, digits or '_' (as in AWS-ConfigureAWSPackage), e.g. SSM_PORT. */
  name: string;
  /** Any text without NUL; names and values of all arguments together have at most 4096 characters. */
  value: string;
};

/** What to deploy, where, and how. */
export type CreateDeploymentInput = {
  /** Default INSTALL. */
  action?: DeploymentAction | null | undefined;
  /** Additional arguments, each exported to the package's scripts as an environment variable, as AWS-ConfigureAWSPackage does: names begin with SSM_, at most 4096 characters in all (names and values). A refused argument answers INVALID_INPUT with field arguments[<index>].name or .value. */
  arguments?: Array<ArgumentInput | null | undefined> | null | undefined;
  /** A retried request with the same key returns the deployment the first one created. */
  idempotencyKey?: string | null | undefined;
  /** REINSTALL (default: uninstall the old version, install the new) or IN_PLACE (run the new version's update script). */
  installType?: InstallType | null | undefined;
  name?: string | null | undefined;
  packageName: string;
  /** When it runs. Default: ONCE, no maintenance window. */
  schedule?: ScheduleInput | null | undefined;
  selector: TargetSelectorInput;
  strategy?: RolloutStrategyInput | null | undefined;
  /** A version name, or 'default' (the package's default version when each run starts). For UNINSTALL, 'default' removes whatever version each target has. Default: 'default'. */
  version?: string | null | undefined;
};

export type DeploymentAction =
  | 'INSTALL'
  | 'UNINSTALL';

export type InstallType =
  | 'IN_PLACE'
  | 'REINSTALL';

export type InstalledPackageState =
  | 'BROKEN'
  | 'INSTALLED';

/** A window that opens at each firing of a cron expression (in the schedule's time zone) and stays open durationSeconds. */
export type MaintenanceWindowInput = {
  /** Standard 5-field cron: when the window opens, e.g. '0 22 * * 6' (Saturdays 22:00). */
  cron: string;
  /** How long the window stays open, in seconds: 1 to 604800 (7 days). */
  durationSeconds: number;
};

export type OnFailure =
  | 'PAUSE'
  | 'ROLLBACK'
  | 'STOP';

export type OverlapPolicy =
  | 'SKIP'
  | 'WAIT';

export type Permission =
  | 'ADMIN'
  | 'DEPLOY'
  | 'PUBLISH'
  | 'VIEW';

export type RolloutState =
  | 'CANCELLED'
  | 'FAILED'
  | 'PAUSED'
  | 'PLANNED'
  | 'ROLLED_BACK'
  | 'RUNNING'
  | 'SUCCEEDED';

/** How a run rolls out. Every field is optional; docs/ROLLOUTS.md gives the defaults and the rules. */
export type RolloutStrategyInput = {
  /** Limit for each script on the host, in seconds. Default 3600. */
  commandTimeoutSeconds?: number | null | undefined;
  /** How long a command may wait for its host (offline) before it times out, in seconds. Default 3600. */
  deliveryTimeoutSeconds?: number | null | undefined;
  /** Wait for approveWave before each wave after the first. Default false. */
  manualApproval?: boolean | null | undefined;
  /** Invocations out at once: a count or a percentage. Default '10%' (at least 1). */
  maxConcurrency?: string | null | undefined;
  /** Failed or timed-out invocations the run tolerates: more trips onFailure. A count or a percentage rounded down. Default '5%'. */
  maxErrors?: string | null | undefined;
  /** What a tripped threshold (maxErrors or waveSuccessPercent) does: STOP (the run fails), PAUSE, or ROLLBACK (the run stops and a linked rollback run puts back what it changed). Default STOP. */
  onFailure?: OnFailure | null | undefined;
  /** Seconds to wait between waves. Default 0. */
  pauseBetweenWavesSeconds?: number | null | undefined;
  /** Let the host reboot when a script asks for it (exit 194 or 3010). Default false. */
  rebootAllowed?: boolean | null | undefined;
  /** Percent of a wave's attempted invocations that must succeed before the next wave starts. Default 95. */
  waveSuccessPercent?: number | null | undefined;
  /** Wave sizes, each a count ('1') or a percentage ('10%') of the targets that will run, rounded up; the targets left form one last wave. Default: ['1', '10%'] (a canary, 10%, the rest). */
  waves?: Array<string | null | undefined> | null | undefined;
};

/** When a deployment runs, and when its runs may start new invocations. docs/ROLLOUTS.md, "Schedules and triggers", gives the rules. */
export type ScheduleInput = {
  /** CRON only, required there: a standard 5-field cron expression (minute hour day-of-month month day-of-week, as in crontab(5)), e.g. '0 2 * * *'. A refusal answers INVALID_INPUT with field schedule.cron. */
  cron?: string | null | undefined;
  /** ONCE (default: one run, started by startRollout), CRON, ON_DEFAULT_VERSION_CHANGE (a run with the new version each time setDefaultVersion changes it; the version must be 'default' and the action INSTALL) or ON_NEW_TARGET (targets that come to match the selector get the package). */
  kind?: ScheduleKind | null | undefined;
  /** Windows outside which no new invocation starts (running ones finish). None: any time. At most 20. */
  maintenanceWindows?: Array<MaintenanceWindowInput | null | undefined> | null | undefined;
  /** A firing while an earlier run of the deployment is unfinished: SKIP it (default) or WAIT for that run to finish. Runs of one deployment never overlap. */
  overlap?: OverlapPolicy | null | undefined;
  /** The IANA time zone the cron expression and the maintenance windows are read in, e.g. 'Europe/Berlin'. Default 'UTC'. */
  timeZone?: string | null | undefined;
};

export type ScheduleKind =
  | 'CRON'
  | 'ONCE'
  | 'ON_DEFAULT_VERSION_CHANGE'
  | 'ON_NEW_TARGET';

/** Which targets a deployment reaches; every given list must match, and at least one must be given. */
export type TargetSelectorInput = {
  accounts?: Array<string | null | undefined> | null | undefined;
  instanceIds?: Array<string | null | undefined> | null | undefined;
  platforms?: Array<string | null | undefined> | null | undefined;
  regions?: Array<string | null | undefined> | null | undefined;
  /** Each 'key=value' (exact) or 'key' (present); all must match. */
  tags?: Array<string | null | undefined> | null | undefined;
};

export type VersionState =
  | 'DEPRECATED'
  | 'DRAFT'
  | 'PUBLISHED';

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { subject: string | null, name: string | null, roles: Array<string>, permissions: Array<Permission>, localMode: boolean } };

export type DeployPlanFragment = { packageName: string, version: string | null, action: DeploymentAction, installType: InstallType, targetCount: number, runnableCount: number, skippedCount: number, offlineCount: number, conflictCount: number, maxConcurrency: number, maxErrors: number, warnings: Array<string>, maintenanceWindowOpen: boolean, nextWindowOpensAt: string | null, waves: Array<{ number: number, size: number }>, targets: Array<{ instanceId: string, name: string, platform: string, platformVersion: string, arch: string, online: boolean, wave: number, fileName: string | null, fileSize: number | null, skipReason: string | null, skipDetail: string | null, conflictingRollouts: Array<string>, installedVersion: string | null, installedState: InstalledPackageState | null, note: string | null }> };

export type DeployPackagesQueryVariables = Exact<{ [key: string]: never; }>;


export type DeployPackagesQuery = { packages: { totalCount: number, edges: Array<{ node: { name: string, defaultVersion: string | null, archived: boolean } }> } };

export type DeployPackageVersionsQueryVariables = Exact<{
  name: string;
}>;


export type DeployPackageVersionsQuery = { package: { name: string, defaultVersion: string | null, versions: Array<{ version: string, state: VersionState, isDefault: boolean }> | null } | null };

export type DeployPlanQueryVariables = Exact<{
  deployment: CreateDeploymentInput;
}>;


export type DeployPlanQuery = { plan: { packageName: string, version: string | null, action: DeploymentAction, installType: InstallType, targetCount: number, runnableCount: number, skippedCount: number, offlineCount: number, conflictCount: number, maxConcurrency: number, maxErrors: number, warnings: Array<string>, maintenanceWindowOpen: boolean, nextWindowOpensAt: string | null, waves: Array<{ number: number, size: number }>, targets: Array<{ instanceId: string, name: string, platform: string, platformVersion: string, arch: string, online: boolean, wave: number, fileName: string | null, fileSize: number | null, skipReason: string | null, skipDetail: string | null, conflictingRollouts: Array<string>, installedVersion: string | null, installedState: InstalledPackageState | null, note: string | null }> } };

export type DeployCreateDeploymentMutationVariables = Exact<{
  input: CreateDeploymentInput;
}>;


export type DeployCreateDeploymentMutation = { createDeployment: { id: string, schedule: { kind: ScheduleKind }, latestRollout: { id: string, state: RolloutState } | null } };

export type DeployStartRolloutMutationVariables = Exact<{
  id: string;
  idempotencyKey?: string | null | undefined;
}>;


export type DeployStartRolloutMutation = { startRollout: { id: string, state: RolloutState } };

export const DeployPlanFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeployPlan"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Plan"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"packageName"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"installType"}},{"kind":"Field","name":{"kind":"Name","value":"targetCount"}},{"kind":"Field","name":{"kind":"Name","value":"runnableCount"}},{"kind":"Field","name":{"kind":"Name","value":"skippedCount"}},{"kind":"Field","name":{"kind":"Name","value":"offlineCount"}},{"kind":"Field","name":{"kind":"Name","value":"conflictCount"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrency"}},{"kind":"Field","name":{"kind":"Name","value":"maxErrors"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}},{"kind":"Field","name":{"kind":"Name","value":"maintenanceWindowOpen"}},{"kind":"Field","name":{"kind":"Name","value":"nextWindowOpensAt"}},{"kind":"Field","name":{"kind":"Name","value":"waves"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"size"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instanceId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"platform"}},{"kind":"Field","name":{"kind":"Name","value":"platformVersion"}},{"kind":"Field","name":{"kind":"Name","value":"arch"}},{"kind":"Field","name":{"kind":"Name","value":"online"}},{"kind":"Field","name":{"kind":"Name","value":"wave"}},{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"fileSize"}},{"kind":"Field","name":{"kind":"Name","value":"skipReason"}},{"kind":"Field","name":{"kind":"Name","value":"skipDetail"}},{"kind":"Field","name":{"kind":"Name","value":"conflictingRollouts"}},{"kind":"Field","name":{"kind":"Name","value":"installedVersion"}},{"kind":"Field","name":{"kind":"Name","value":"installedState"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}}]}}]} as unknown as DocumentNode<DeployPlanFragment, unknown>;
export const ViewerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"roles"}},{"kind":"Field","name":{"kind":"Name","value":"permissions"}},{"kind":"Field","name":{"kind":"Name","value":"localMode"}}]}}]}}]} as unknown as DocumentNode<ViewerQuery, ViewerQueryVariables>;
export const DeployPackagesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DeployPackages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"packages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"500"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"defaultVersion"}},{"kind":"Field","name":{"kind":"Name","value":"archived"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DeployPackagesQuery, DeployPackagesQueryVariables>;
export const DeployPackageVersionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DeployPackageVersions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"package"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"defaultVersion"}},{"kind":"Field","name":{"kind":"Name","value":"versions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"isDefault"}}]}}]}}]}}]} as unknown as DocumentNode<DeployPackageVersionsQuery, DeployPackageVersionsQueryVariables>;
export const DeployPlanDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DeployPlan"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"deployment"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateDeploymentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"plan"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"deployment"},"value":{"kind":"Variable","name":{"kind":"Name","value":"deployment"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeployPlan"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeployPlan"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Plan"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"packageName"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"installType"}},{"kind":"Field","name":{"kind":"Name","value":"targetCount"}},{"kind":"Field","name":{"kind":"Name","value":"runnableCount"}},{"kind":"Field","name":{"kind":"Name","value":"skippedCount"}},{"kind":"Field","name":{"kind":"Name","value":"offlineCount"}},{"kind":"Field","name":{"kind":"Name","value":"conflictCount"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrency"}},{"kind":"Field","name":{"kind":"Name","value":"maxErrors"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}},{"kind":"Field","name":{"kind":"Name","value":"maintenanceWindowOpen"}},{"kind":"Field","name":{"kind":"Name","value":"nextWindowOpensAt"}},{"kind":"Field","name":{"kind":"Name","value":"waves"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"size"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instanceId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"platform"}},{"kind":"Field","name":{"kind":"Name","value":"platformVersion"}},{"kind":"Field","name":{"kind":"Name","value":"arch"}},{"kind":"Field","name":{"kind":"Name","value":"online"}},{"kind":"Field","name":{"kind":"Name","value":"wave"}},{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"fileSize"}},{"kind":"Field","name":{"kind":"Name","value":"skipReason"}},{"kind":"Field","name":{"kind":"Name","value":"skipDetail"}},{"kind":"Field","name":{"kind":"Name","value":"conflictingRollouts"}},{"kind":"Field","name":{"kind":"Name","value":"installedVersion"}},{"kind":"Field","name":{"kind":"Name","value":"installedState"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}}]}}]} as unknown as DocumentNode<DeployPlanQuery, DeployPlanQueryVariables>;
export const DeployCreateDeploymentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeployCreateDeployment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateDeploymentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createDeployment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"schedule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}},{"kind":"Field","name":{"kind":"Name","value":"latestRollout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}}]}}]}}]}}]} as unknown as DocumentNode<DeployCreateDeploymentMutation, DeployCreateDeploymentMutationVariables>;
export const DeployStartRolloutDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeployStartRollout"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startRollout"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}}]}}]}}]} as unknown as DocumentNode<DeployStartRolloutMutation, DeployStartRolloutMutationVariables>;