import {
  cellText, hostVersionFor, manifestPackages, matrixArchitectures, matrixPlatforms, matrixProbes, matrixQueryText,
  matrixRows, versionKeysFor,
} from './matrix';

const ubuntu = { code: 'ubuntu', displayName: 'Ubuntu Server', architectures: ['x86_64', '386', 'arm64'] };
const windows = { code: 'windows', displayName: 'Windows Server', architectures: ['x86_64', '386'] };

const manifest = JSON.stringify({
  schemaVersion: '2.0',
  version: '1.0.0',
  packages: {
    ubuntu: { '22.04': { x86_64: { file: 'hello-jammy.zip' } }, '_any': { x86_64: { file: 'hello-deb.zip' } } },
    rocky: { '9.*': { arm64: { file: 'hello-rpm.zip' } } },
  },
  files: {},
});

describe('manifestPackages', () => {
  it('reads the packages object, and nothing from an unreadable manifest', () => {
    expect(Object.keys(manifestPackages(manifest))).toEqual(['ubuntu', 'rocky']);
    expect(manifestPackages('not json')).toEqual({});
    expect(manifestPackages('{"packages": []}')).toEqual({});
  });
});

describe('matrixArchitectures and matrixPlatforms', () => {
  it('has a column per architecture of the table, without _any', () => {
    const packages = { _any: { _any: { _any: { file: 'a.zip' } } } };
    expect(matrixArchitectures([windows, ubuntu], packages)).toEqual(['x86_64', '386', 'arm64']);
  });

  it('adds rows for platforms the manifest names outside the table', () => {
    expect(matrixPlatforms([ubuntu], manifestPackages(manifest)).map((p) => p.code)).toEqual(['ubuntu', 'rocky']);
  });
});

describe('hostVersionFor', () => {
  it('turns each platform-version key into a host version that the key selects', () => {
    expect(hostVersionFor('22.04')).toBe('22.04');
    expect(hostVersionFor('8.*')).toBe('8.0');
    expect(hostVersionFor('10.0.*nano')).toBe('10.0.0nano');
    expect(hostVersionFor('_any')).toBe('');
    expect(hostVersionFor('*')).toBe('');
  });
});

describe('versionKeysFor', () => {
  it("uses the platform's keys, else _any's, else asks once", () => {
    const packages = manifestPackages(manifest);
    expect(versionKeysFor(packages, 'ubuntu')).toEqual(['22.04', '_any']);
    expect(versionKeysFor(packages, 'debian')).toEqual(['_any']);
    expect(versionKeysFor({ _any: { '8.*': {} } }, 'debian')).toEqual(['8.*']);
  });
});

describe('matrixProbes and matrixQueryText', () => {
  it('asks once per platform, arch and version key, all in one query', () => {
    const probes = matrixProbes([ubuntu, windows], ['x86_64', 'arm64'], manifestPackages(manifest));
    // ubuntu: 2 archs × 2 keys; windows: 2 archs × 1 key
    expect(probes).toHaveLength(6);
    expect(probes[0]).toEqual({ alias: 'c0', platform: 'ubuntu', versionKey: '22.04', platformVersion: '22.04', arch: 'x86_64' });
    const text = matrixQueryText(probes);
    expect(text.match(/fileFor\(/g)).toHaveLength(6);
    expect(text).toContain('c5: fileFor(platform: "windows", platformVersion: "", arch: "arm64")');
  });
});

describe('matrixRows', () => {
  it('lays the answers out by platform and architecture, with "—" where no file matches', () => {
    const probes = matrixProbes([windows], ['x86_64', 'arm64'], {});
    const rows = matrixRows([windows], ['x86_64', 'arm64'], probes, {
      c0: { found: true, file: 'hello-windows.zip', reason: 'windows -> _any -> x86_64' },
      c1: { found: false, file: null, reason: "no 'arm64' architecture and no '_any'" },
    });
    expect(rows).toHaveLength(1);
    const [x86, arm] = rows[0]!.cells;
    expect(x86!.entries).toEqual([{ versionKey: '_any', selection: expect.objectContaining({ file: 'hello-windows.zip' }) }]);
    expect(cellText(x86!.entries[0]!.selection)).toBe('hello-windows.zip');
    expect(cellText(arm!.entries[0]!.selection)).toBe('—');
    expect(cellText(null)).toBe('—');
  });
});
