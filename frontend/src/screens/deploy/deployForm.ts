import type {
  ArgumentInput, CreateDeploymentInput, DeploymentAction, InstallType, MaintenanceWindowInput, OnFailure,
  OverlapPolicy, RolloutStrategyInput, ScheduleInput, ScheduleKind, TargetSelectorInput,
} from '../../gql/graphql';

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

// The service's rules (Names, Tags, Arguments, Strategy, CronSchedule, MaintenanceWindow), repeated so the form
// says what is wrong before a round trip. The service checks again and decides.
const PACKAGE_NAME = /^[A-Za-z0-9_.-]{3,128}$/;
const VERSION_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
const INSTANCE_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const TAG_KEY = /^[A-Za-z0-9_.:/+@-]{1,128}$/;
const ARGUMENT_NAME = /^SSM_[A-Za-z0-9_]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const MAX_ARGUMENT_CHARACTERS = 4096;
const MAX_TIMEOUT_SECONDS = 86_400;
const MAX_DELIVERY_TIMEOUT_SECONDS = 30 * 86_400;
const MAX_WINDOW_SECONDS = 7 * 86_400;
const MAX_WINDOWS = 20;

/** `a, b,, c ` → `['a', 'b', 'c']`: comma-separated lists, trimmed, blanks dropped. */
export function splitList(text: string): string[] {
  return text.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
}

/** A count (`10`) or a percentage (`10%`, at most 100), as the service's Amount reads it; null when neither. */
export function parseAmount(text: string): { value: number; percent: boolean } | null {
  const trimmed = text.trim();
  const percent = trimmed.endsWith('%');
  const digits = percent ? trimmed.slice(0, -1) : trimmed;
  if (!/^[0-9]{1,9}$/.test(digits)) {
    return null;
  }
  const value = Number(digits);
  if (percent && value > 100) {
    return null;
  }
  return { value, percent };
}

/** The tags to select by: every chip and whatever is still typed, comma-separated, each trimmed, once. */
export function selectorTags(state: Pick<DeployFormState, 'tags' | 'tagsText'>): string[] {
  const all = [...state.tags.map((tag) => tag.trim()), ...splitList(state.tagsText)].filter((tag) => tag !== '');
  return [...new Set(all)];
}

/** Why a tag expression (`key=value` or `key`) would be refused, or null. */
export function tagProblem(tag: string): string | null {
  const eq = tag.indexOf('=');
  const key = eq < 0 ? tag : tag.slice(0, eq);
  if (!TAG_KEY.test(key)) {
    return `Tag key '${key}' must be 1 to 128 letters, digits or _ . : / + @ -.`;
  }
  if (eq >= 0) {
    const value = tag.slice(eq + 1);
    if (value.length > 256 || CONTROL.test(value)) {
      return `The value of tag '${key}' must be one line of at most 256 characters.`;
    }
  }
  return null;
}

/** Whether `zone` is what the service accepts: UTC or an IANA Area/Location this browser knows. */
export function isTimeZone(zone: string): boolean {
  if (zone === 'UTC') {
    return true;
  }
  if (!zone.includes('/')) {
    return false;
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Why a 5-field cron expression would be refused (the parts a browser can tell without cron-utils), or null. */
export function cronProblem(cron: string): string | null {
  const trimmed = cron.trim();
  if (trimmed === '') {
    return 'A cron expression is required (minute hour day-of-month month day-of-week).';
  }
  if (trimmed.length > 200) {
    return 'A cron expression has at most 200 characters.';
  }
  if (trimmed.startsWith('@')) {
    return 'Macros such as @daily are not supported: write the 5 fields (@daily is 0 0 * * *).';
  }
  const fields = trimmed.split(/\s+/).length;
  if (fields !== 5) {
    return `Standard 5-field cron: minute hour day-of-month month day-of-week; got ${fields} field${fields === 1 ? '' : 's'}.`;
  }
  return null;
}

/**
 * Reads the form into what createDeployment and plan take, the way the service will check it: trimmed, blank
 * fields left out (the service's defaults apply), lists split at commas. Every problem is named by the field the
 * service would name, so client and service errors show in the same place.
 */
export function toDeploymentInput(state: DeployFormState): BuiltDeployment {
  const errors: FieldErrors = {};
  const packageName = state.packageName.trim();
  if (packageName === '') {
    errors.package = 'Choose a package.';
  } else if (!PACKAGE_NAME.test(packageName)) {
    errors.package = 'A package name has 3 to 128 letters, digits or _ . -.';
  }

  const version = state.version?.trim() || null;
  if (version !== null && version.toLowerCase() !== 'default' && !VERSION_NAME.test(version)) {
    errors.version = 'A version has 1 to 128 letters, digits or _ . -.';
  }

  const { list: args, rows: argumentRows } = readArguments(state, errors);
  const selector = readSelector(state, errors);
  const strategy = readStrategy(state, errors);
  const schedule = readSchedule(state, version, errors);

  const name = state.name.trim();
  if (name.length > 200 || CONTROL.test(name)) {
    errors.name = 'A deployment name is one line of at most 200 characters.';
  }

  if (Object.keys(errors).length > 0) {
    return { input: null, errors, argumentRows };
  }
  const input: CreateDeploymentInput = {
    packageName,
    action: state.action,
    selector,
  };
  if (version !== null) {
    input.version = version;
  }
  if (state.action === 'INSTALL') {
    // An uninstall has no install type to choose; the service keeps its default.
    input.installType = state.installType;
  }
  if (args.length > 0) {
    input.arguments = args;
  }
  if (name !== '') {
    input.name = name;
  }
  if (strategy) {
    input.strategy = strategy;
  }
  if (schedule) {
    input.schedule = schedule;
  }
  return { input, errors, argumentRows };
}

function readArguments(state: DeployFormState, errors: FieldErrors): { list: ArgumentInput[]; rows: number[] } {
  const list: ArgumentInput[] = [];
  const rows: number[] = [];
  const seen = new Set<string>();
  let characters = 0;
  state.arguments.forEach((argument, row) => {
    const name = argument.name.trim();
    if (name === '' && argument.value === '') {
      return;
    }
    if (!ARGUMENT_NAME.test(name)) {
      errors[`arguments[${row}].name`] = 'Names begin with SSM_ followed by letters, digits or _ (e.g. SSM_PORT).';
    } else if (seen.has(name)) {
      errors[`arguments[${row}].name`] = `Argument ${name} is given twice.`;
    }
    if (argument.value.includes('\0')) {
      errors[`arguments[${row}].value`] = 'A value cannot hold a NUL character.';
    }
    seen.add(name);
    characters += [...name].length + [...argument.value].length;
    list.push({ name, value: argument.value });
    rows.push(row);
  });
  if (characters > MAX_ARGUMENT_CHARACTERS) {
    errors.arguments = `Arguments have at most ${MAX_ARGUMENT_CHARACTERS} characters in all (names and values); these have ${characters}.`;
  }
  return { list, rows };
}

function readSelector(state: DeployFormState, errors: FieldErrors): TargetSelectorInput {
  const selector: TargetSelectorInput = {};
  const tags = selectorTags(state);
  const tagError = tags.map(tagProblem).find((problem) => problem !== null);
  if (tagError) {
    errors['selector.tags'] = tagError;
  }
  const instanceIds = splitList(state.instanceIds);
  const badId = instanceIds.find((id) => !INSTANCE_ID.test(id));
  if (badId !== undefined) {
    errors['selector.instanceIds'] = `'${badId}' is not an instance id (1 to 128 letters, digits or _ . : -).`;
  }
  const lists = {
    platforms: splitList(state.platforms),
    accounts: splitList(state.accounts),
    regions: splitList(state.regions),
  };
  for (const [field, values] of Object.entries(lists)) {
    if (values.some((value) => value.length > 128 || CONTROL.test(value))) {
      errors[`selector.${field}`] = 'Each value is one line of at most 128 characters.';
    }
  }
  if (tags.length > 0) selector.tags = tags;
  if (instanceIds.length > 0) selector.instanceIds = instanceIds;
  if (lists.platforms.length > 0) selector.platforms = lists.platforms;
  if (lists.accounts.length > 0) selector.accounts = lists.accounts;
  if (lists.regions.length > 0) selector.regions = lists.regions;
  if (Object.keys(selector).length === 0) {
    errors.selector = 'Name the targets: tags, instance ids, platforms, accounts or regions (an empty selector would reach the whole fleet).';
  }
  return selector;
}

function readStrategy(state: DeployFormState, errors: FieldErrors): RolloutStrategyInput | null {
  const strategy: RolloutStrategyInput = {};
  const waves = splitList(state.waves);
  if (waves.length > 100) {
    errors['strategy.waves'] = 'Give between 1 and 100 wave sizes.';
  } else if (waves.length > 0) {
    const bad = waves.find((wave) => parseAmount(wave) === null);
    if (bad !== undefined) {
      errors['strategy.waves'] = `'${bad}' is neither a count such as 10 nor a percentage such as 10%.`;
    } else if (waves.some((wave) => parseAmount(wave)?.value === 0)) {
      errors['strategy.waves'] = 'A wave size cannot be 0.';
    } else {
      strategy.waves = waves;
    }
  }
  const amount = (text: string, field: 'maxConcurrency' | 'maxErrors', zeroAllowed: boolean) => {
    const trimmed = text.trim();
    if (trimmed === '') {
      return;
    }
    const parsed = parseAmount(trimmed);
    if (parsed === null) {
      errors[`strategy.${field}`] = 'A count such as 10 or a percentage such as 10% (at most 100%).';
    } else if (!zeroAllowed && parsed.value === 0) {
      errors[`strategy.${field}`] = `${field} cannot be 0.`;
    } else {
      strategy[field] = `${parsed.value}${parsed.percent ? '%' : ''}`;
    }
  };
  amount(state.maxConcurrency, 'maxConcurrency', false);
  amount(state.maxErrors, 'maxErrors', true);

  const whole = (
    text: string,
    field: 'waveSuccessPercent' | 'pauseBetweenWavesSeconds' | 'commandTimeoutSeconds' | 'deliveryTimeoutSeconds',
    min: number,
    max: number,
  ) => {
    const trimmed = text.trim();
    if (trimmed === '') {
      return;
    }
    const value = /^[0-9]{1,9}$/.test(trimmed) ? Number(trimmed) : NaN;
    if (Number.isNaN(value) || value < min || value > max) {
      errors[`strategy.${field}`] = `A whole number from ${min} to ${max}.`;
    } else {
      strategy[field] = value;
    }
  };
  whole(state.waveSuccessPercent, 'waveSuccessPercent', 0, 100);
  whole(state.pauseBetweenWavesSeconds, 'pauseBetweenWavesSeconds', 0, MAX_TIMEOUT_SECONDS);
  whole(state.commandTimeoutSeconds, 'commandTimeoutSeconds', 1, MAX_TIMEOUT_SECONDS);
  whole(state.deliveryTimeoutSeconds, 'deliveryTimeoutSeconds', 1, MAX_DELIVERY_TIMEOUT_SECONDS);

  // Only what differs from the service's defaults (false, STOP) is sent.
  if (state.manualApproval) strategy.manualApproval = true;
  if (state.rebootAllowed) strategy.rebootAllowed = true;
  if (state.onFailure !== 'STOP') strategy.onFailure = state.onFailure;
  return Object.keys(strategy).length > 0 ? strategy : null;
}

function readSchedule(state: DeployFormState, version: string | null, errors: FieldErrors): ScheduleInput | null {
  const schedule: ScheduleInput = {};
  const kind = state.scheduleKind;
  if (kind !== 'ONCE') {
    schedule.kind = kind;
  }
  if (kind === 'CRON') {
    const problem = cronProblem(state.cron);
    if (problem) {
      errors['schedule.cron'] = problem;
    } else {
      schedule.cron = state.cron.trim().split(/\s+/).join(' ');
    }
  }
  if (kind === 'ON_DEFAULT_VERSION_CHANGE') {
    if (version !== null && version.toLowerCase() !== 'default') {
      errors.version = 'Following default version changes installs the default version: choose (default version).';
    }
    if (state.action !== 'INSTALL') {
      errors.action = 'Following default version changes installs; an uninstall has no version to follow.';
    }
  }
  const windows: MaintenanceWindowInput[] = [];
  if (state.maintenanceWindows.length > MAX_WINDOWS) {
    errors['schedule.maintenanceWindows'] = `At most ${MAX_WINDOWS} maintenance windows.`;
  }
  state.maintenanceWindows.forEach((window, i) => {
    const problem = cronProblem(window.cron);
    if (problem) {
      errors[`schedule.maintenanceWindows[${i}].cron`] = problem;
    }
    const minutes = window.durationMinutes.trim();
    const seconds = /^[0-9]{1,9}$/.test(minutes) ? Number(minutes) * 60 : NaN;
    if (Number.isNaN(seconds) || seconds < 60 || seconds > MAX_WINDOW_SECONDS) {
      errors[`schedule.maintenanceWindows[${i}].durationSeconds`] = 'Whole minutes, from 1 to 10080 (7 days).';
    }
    windows.push({ cron: window.cron.trim().split(/\s+/).join(' '), durationSeconds: seconds });
  });
  if (windows.length > 0) {
    schedule.maintenanceWindows = windows;
  }
  const zone = state.timeZone.trim();
  const usesZone = kind === 'CRON' || windows.length > 0;
  if (usesZone && zone !== '') {
    if (!isTimeZone(zone)) {
      errors['schedule.timeZone'] = `'${zone}' is not an IANA time zone such as Europe/Berlin (or UTC).`;
    } else {
      schedule.timeZone = zone;
    }
  }
  if (kind === 'CRON' && state.overlap !== 'SKIP') {
    schedule.overlap = state.overlap;
  }
  if (kind === 'ON_DEFAULT_VERSION_CHANGE' && state.overlap !== 'SKIP') {
    schedule.overlap = state.overlap;
  }
  return Object.keys(schedule).length > 0 ? schedule : null;
}

/**
 * The error to show next to a field: the form's own check first, else what the service said about it.
 * `serviceFieldError` is errorFor bound to the last service error.
 */
export function fieldError(
  errors: FieldErrors,
  serviceFieldError: (field: string) => string | undefined,
  ...fields: string[]
): string | undefined {
  for (const field of fields) {
    const message = errors[field] ?? serviceFieldError(field);
    if (message) {
      return message;
    }
  }
  return undefined;
}
