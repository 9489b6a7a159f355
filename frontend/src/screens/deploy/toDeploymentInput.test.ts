import { emptyDeployForm, type DeployFormState } from './deployForm';
import { toDeploymentInput } from './toDeploymentInput';

const form = (patch: Partial<DeployFormState>): DeployFormState => ({
  ...emptyDeployForm,
  packageName: 'hello',
  tags: ['env=prod'],
  ...patch,
});

describe('toDeploymentInput', () => {
  it('sends only what was given: blank fields are left to the service defaults', () => {
    const { input, errors } = toDeploymentInput(form({}));
    expect(errors).toEqual({});
    expect(input).toEqual({
      packageName: 'hello',
      action: 'INSTALL',
      installType: 'REINSTALL',
      selector: { tags: ['env=prod'] },
    });
  });

  it('trims every text, splits lists at commas and drops the empty parts', () => {
    const { input } = toDeploymentInput(form({
      packageName: '  hello ',
      version: ' 1.2.0 ',
      tags: [' env=prod '],
      tagsText: ' team=web, ,',
      instanceIds: 'mi-0123456789abcdef0 ,  mi-0123456789abcdef1,',
      platforms: 'ubuntu, amazon',
      accounts: ' ',
      regions: 'eu-west-1',
      waves: ' 1, 50% ,100%, ',
      maxConcurrency: ' 2 ',
      maxErrors: '10% ',
    }));
    expect(input).toMatchObject({
      packageName: 'hello',
      version: '1.2.0',
      selector: {
        tags: ['env=prod', 'team=web'],
        instanceIds: ['mi-0123456789abcdef0', 'mi-0123456789abcdef1'],
        platforms: ['ubuntu', 'amazon'],
        regions: ['eu-west-1'],
      },
      strategy: { waves: ['1', '50%', '100%'], maxConcurrency: '2', maxErrors: '10%' },
    });
    expect(input?.selector).not.toHaveProperty('accounts');
  });

  it('sends no version for the default version, and no install type for an uninstall', () => {
    const { input } = toDeploymentInput(form({ version: null, action: 'UNINSTALL', installType: 'IN_PLACE' }));
    expect(input).not.toHaveProperty('version');
    expect(input).not.toHaveProperty('installType');
    expect(input?.action).toBe('UNINSTALL');
  });

  it('refuses an empty selector, since it would reach the whole fleet', () => {
    const { input, errors } = toDeploymentInput(form({ tags: [] }));
    expect(input).toBeNull();
    expect(errors.selector).toMatch(/Name the targets/);
  });

  it('checks tag expressions as the service does: key=value or key, keys of letters, digits and _ . : / + @ -', () => {
    expect(toDeploymentInput(form({ tags: ['role', 'aws:team=web'] })).errors).toEqual({});
    expect(toDeploymentInput(form({ tags: ['bad key=1'] })).errors['selector.tags']).toMatch(/Tag key 'bad key'/);
    expect(toDeploymentInput(form({ tags: ['=x'] })).errors['selector.tags']).toMatch(/Tag key ''/);
  });

  it('requires a package name the service could hold', () => {
    expect(toDeploymentInput(form({ packageName: '' })).errors.package).toBe('Choose a package.');
    expect(toDeploymentInput(form({ packageName: 'ab' })).errors.package).toMatch(/3 to 128/);
  });

  it('reads waves, concurrency and errors as counts or percentages, refusing zero where the service does', () => {
    expect(toDeploymentInput(form({ waves: '1, ten%' })).errors['strategy.waves']).toMatch(/'ten%'/);
    expect(toDeploymentInput(form({ waves: '0, 10%' })).errors['strategy.waves']).toBe('A wave size cannot be 0.');
    expect(toDeploymentInput(form({ waves: '150%' })).errors['strategy.waves']).toMatch(/'150%'/);
    expect(toDeploymentInput(form({ maxConcurrency: '0' })).errors['strategy.maxConcurrency']).toMatch(/cannot be 0/);
    expect(toDeploymentInput(form({ maxErrors: '0' })).input?.strategy).toEqual({ maxErrors: '0' });
    expect(toDeploymentInput(form({ maxErrors: '-1' })).errors['strategy.maxErrors']).toBeDefined();
  });

  it('sends whole-number limits within the service ranges and only the non-default switches', () => {
    const { input } = toDeploymentInput(form({
      manualApproval: true,
      onFailure: 'PAUSE',
      pauseBetweenWavesSeconds: '30',
      waveSuccessPercent: '0',
      commandTimeoutSeconds: '600',
    }));
    expect(input?.strategy).toEqual({
      manualApproval: true,
      onFailure: 'PAUSE',
      pauseBetweenWavesSeconds: 30,
      waveSuccessPercent: 0,
      commandTimeoutSeconds: 600,
    });
    const { errors } = toDeploymentInput(form({ waveSuccessPercent: '101', commandTimeoutSeconds: '0', deliveryTimeoutSeconds: '1.5' }));
    expect(Object.keys(errors).sort()).toEqual([
      'strategy.commandTimeoutSeconds', 'strategy.deliveryTimeoutSeconds', 'strategy.waveSuccessPercent',
    ]);
  });

  it('checks additional arguments and names them by row; blank rows are not sent', () => {
    const built = toDeploymentInput(form({
      arguments: [{ id: 'r', name: '', value: '' }, { id: 'r', name: 'SSM_PORT', value: '8080' }, { id: 'r', name: 'PATH', value: '/tmp' }],
    }));
    expect(built.errors['arguments[2].name']).toMatch(/begin with SSM_/);
    expect(built.argumentRows).toEqual([1, 2]);
    const ok = toDeploymentInput(form({ arguments: [{ id: 'r', name: '', value: '' }, { id: 'r', name: ' SSM_PORT ', value: '8080' }] }));
    expect(ok.input?.arguments).toEqual([{ name: 'SSM_PORT', value: '8080' }]);
    const twice = toDeploymentInput(form({ arguments: [{ id: 'r', name: 'SSM_A', value: '1' }, { id: 'r', name: 'SSM_A', value: '2' }] }));
    expect(twice.errors['arguments[1].name']).toBe('Argument SSM_A is given twice.');
    const long = toDeploymentInput(form({ arguments: [{ id: 'r', name: 'SSM_A', value: 'x'.repeat(4092) }] }));
    expect(long.errors.arguments).toMatch(/4096/);
  });

  it('leaves a once-now deployment without a schedule and reads a cron schedule with its time zone', () => {
    expect(toDeploymentInput(form({ cron: '0 2 * * *', timeZone: 'Europe/Berlin' })).input).not.toHaveProperty('schedule');
    const { input } = toDeploymentInput(form({ scheduleKind: 'CRON', cron: ' 0  2 * * * ', timeZone: 'Europe/Berlin' }));
    expect(input?.schedule).toEqual({ kind: 'CRON', cron: '0 2 * * *', timeZone: 'Europe/Berlin' });
  });

  it('refuses what the service refuses in a schedule: macros, wrong field counts, offsets as zones', () => {
    const errors = (patch: Partial<DeployFormState>) => toDeploymentInput(form({ scheduleKind: 'CRON', ...patch })).errors;
    expect(errors({ cron: '' })['schedule.cron']).toMatch(/required/);
    expect(errors({ cron: '@daily' })['schedule.cron']).toMatch(/Macros/);
    expect(errors({ cron: '0 0 2 * * *' })['schedule.cron']).toMatch(/got 6 fields/);
    expect(errors({ cron: '0 2 * * *', timeZone: '+02:00' })['schedule.timeZone']).toMatch(/not an IANA/);
    expect(errors({ cron: '0 2 * * *', timeZone: 'Mars/Olympus' })['schedule.timeZone']).toBeDefined();
  });

  it('keeps a default-version follower to installing the default version', () => {
    const { errors } = toDeploymentInput(form({ scheduleKind: 'ON_DEFAULT_VERSION_CHANGE', version: '1.0.0', action: 'UNINSTALL' }));
    expect(errors.version).toMatch(/default version/);
    expect(errors.action).toMatch(/uninstall/);
  });

  it('reads maintenance windows in minutes and sends seconds', () => {
    const { input } = toDeploymentInput(form({ maintenanceWindows: [{ id: 'w', cron: '0 22 * * 6', durationMinutes: '120' }] }));
    expect(input?.schedule).toEqual({ maintenanceWindows: [{ cron: '0 22 * * 6', durationSeconds: 7200 }] });
    const { errors } = toDeploymentInput(form({ maintenanceWindows: [{ id: 'w', cron: '0 22 * *', durationMinutes: '0' }] }));
    expect(errors['schedule.maintenanceWindows[0].cron']).toMatch(/got 4 fields/);
    expect(errors['schedule.maintenanceWindows[0].durationSeconds']).toBeDefined();
  });
});
