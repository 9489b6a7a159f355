import type {
  ArgumentInput, CreateDeploymentInput, MaintenanceWindowInput, RolloutStrategyInput, ScheduleInput, TargetSelectorInput,
} from '../../gql/graphql';
import type { BuiltDeployment, DeployFormState, FieldErrors } from './deployForm';
import {
  ARGUMENT_NAME, CONTROL, INSTANCE_ID, MAX_ARGUMENT_CHARACTERS, MAX_DELIVERY_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS,
  MAX_WINDOW_SECONDS, MAX_WINDOWS, PACKAGE_NAME, VERSION_NAME, cronProblem, isTimeZone, parseAmount, selectorTags,
  splitList, tagProblem,
} from './deployValidation';

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
