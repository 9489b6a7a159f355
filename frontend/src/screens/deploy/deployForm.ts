import type {
  CreateDeploymentInput, DeploymentAction, InstallType, OnFailure, OverlapPolicy, ScheduleKind,
} from '../../gql/graphql';

// The deploy form's state and its defaults. Its checks are in deployValidation.ts; reading it into the service's
// input is toDeploymentInput.ts.

/** A row of "Additional arguments"; `id` keys the row on screen only and is never sent. */
export interface ArgumentRow {
  id: string;
  name: string;
  value: string;
}

/** A row of "Maintenance windows"; `id` keys the row on screen only and is never sent. */
export interface WindowRow {
  id: string;
  cron: string;
  durationMinutes: string;
}

let rowCount = 0;
/** A key for a new removable row: stays with the row when rows above it are removed. */
export function newRowId(): string {
  rowCount += 1;
  return `row-${rowCount}`;
}

/**
 * The deploy form as the user typed it: text stays text until toDeploymentInput reads it, so a half-typed "10%"
 * never turns into something else under the user's fingers.
 */
export interface DeployFormState {
  packageName: string;
  /** null: the package's default version, resolved when the run starts (no version is sent). */
  version: string | null;
  action: DeploymentAction;
  installType: InstallType;
  arguments: ArgumentRow[];
  name: string;
  /** Chips of the "Target tags" field, each `key=value` or `key`. */
  tags: string[];
  /** What is typed in "Target tags" but not yet a chip; read as comma-separated tags too. */
  tagsText: string;
  instanceIds: string;
  platforms: string;
  accounts: string;
  regions: string;
  waves: string;
  maxConcurrency: string;
  maxErrors: string;
  manualApproval: boolean;
  onFailure: OnFailure;
  pauseBetweenWavesSeconds: string;
  waveSuccessPercent: string;
  commandTimeoutSeconds: string;
  deliveryTimeoutSeconds: string;
  rebootAllowed: boolean;
  scheduleKind: ScheduleKind;
  cron: string;
  timeZone: string;
  overlap: OverlapPolicy;
  maintenanceWindows: WindowRow[];
}

export const emptyDeployForm: DeployFormState = {
  packageName: '',
  version: null,
  action: 'INSTALL',
  installType: 'REINSTALL',
  arguments: [],
  name: '',
  tags: [],
  tagsText: '',
  instanceIds: '',
  platforms: '',
  accounts: '',
  regions: '',
  waves: '',
  maxConcurrency: '',
  maxErrors: '',
  manualApproval: false,
  onFailure: 'STOP',
  pauseBetweenWavesSeconds: '',
  waveSuccessPercent: '',
  commandTimeoutSeconds: '',
  deliveryTimeoutSeconds: '',
  rebootAllowed: false,
  scheduleKind: 'ONCE',
  cron: '',
  timeZone: '',
  overlap: 'SKIP',
  maintenanceWindows: [],
};

/** Problems found before sending, keyed by the service's own field names (strategy.waves, selector.tags, ...). */
export type FieldErrors = Record<string, string>;

export interface BuiltDeployment {
  /** null while any field is invalid. */
  input: CreateDeploymentInput | null;
  errors: FieldErrors;
  /**
   * The form row each sent argument came from (blank rows are not sent), so a service error on
   * `arguments[i].name` lands on the right row.
   */
  argumentRows: number[];
}
