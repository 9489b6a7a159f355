import {
  MAX_ALIASES_PER_QUERY, cellText, hostVersionFor, manifestPackages, matrixArchitectures, matrixChunks, matrixPlatforms,
  matrixProbes, matrixQueryText, matrixRows, versionKeysFor,
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

  it('adds rows for platforms the manifest names outside the table, with the architectures the manifest gives them', () => {
    const platforms = matrixPlatforms([ubuntu], manifestPackages(manifest));
    expect(platforms.map((p) => p.code)).toEqual(['ubuntu', 'rocky']);
    expect(platforms[1]!.architectures).toEqual(['arm64']);
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
  it('asks once per platform, listed arch and version key', () => {
    const probes = matrixProbes([ubuntu, windows], ['x86_64', '386', 'arm64'], manifestPackages(manifest));
    // ubuntu: 3 archs × 2 keys; windows: 2 archs (it lists no arm64) × 1 key
    expect(probes).toHaveLength(8);
    expect(probes[0]).toEqual({ alias: 'c0', platform: 'ubuntu', versionKey: '22.04', platformVersion: '22.04', arch: 'x86_64' });
    expect(probes.some((p) => p.platform === 'windows' && p.arch === 'arm64')).toBe(false);
    const text = matrixQueryText(probes);
    expect(text.match(/fileFor\(/g)).toHaveLength(8);
    expect(text).toContain('c7: fileFor(platform: "windows", platformVersion: "", arch: "386")');
  });
});

describe('matrixChunks', () => {
  // 40 version keys for ubuntu (3 archs) and 20 for windows (2 archs): 160 questions, far over the service's 50 aliases.
  const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${i}.*`, { x86_64: { file: 'a.zip' } }]));
  const many = { ubuntu: keys(40), windows: keys(20) };
  const platforms = matrixPlatforms([ubuntu, windows], many);
  const archs = matrixArchitectures([ubuntu, windows], many);
  const probes = matrixProbes(platforms, archs, many);

  it('splits the questions into queries of at most 45 aliases', () => {
    expect(probes).toHaveLength(40 * 3 + 20 * 2);
    const chunks = matrixChunks(probes);
    expect(chunks).toHaveLength(Math.ceil(160 / MAX_ALIASES_PER_QUERY));
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(45);
      expect(matrixQueryText(chunk).match(/fileFor\(/g)!.length).toBeLessThanOrEqual(45);
    }
  });

  it('still asks about every cell: each platform, listed arch and version key once, under a unique alias', () => {
    const asked = matrixChunks(probes).flat();
    expect(new Set(asked.map((p) => p.alias)).size).toBe(asked.length);
    const questions = new Set(asked.map((p) => `${p.platform}/${p.arch}/${p.versionKey}`));
    for (const platform of platforms) {
      for (const arch of platform.architectures) {
        for (const versionKey of versionKeysFor(many, platform.code)) {
          expect(questions).toContain(`${platform.code}/${arch}/${versionKey}`);
        }
      }
    }
    expect(questions.size).toBe(160);
  });

  it('sends nothing when there is nothing to ask', () => {
    expect(matrixChunks([])).toEqual([]);
  });
});

describe('matrixRows', () => {
  it('lays the answers out by platform and architecture, with "—" where no file matches', () => {
    const probes = matrixProbes([windows], ['x86_64', 'arm64', '386'], {});
    const rows = matrixRows([windows], ['x86_64', 'arm64', '386'], probes, {
      c0: { found: true, file: 'hello-windows.zip', reason: 'windows -> _any -> x86_64' },
      c1: { found: false, file: null, reason: "no '386' architecture and no '_any'" },
    });
    expect(rows).toHaveLength(1);
    const [x86, arm] = rows[0]!.cells;
    expect(arm!.listed).toBe(false);
    expect(arm!.entries).toEqual([]);
    expect(x86!.entries).toEqual([{ versionKey: '_any', selection: expect.objectContaining({ file: 'hello-windows.zip' }) }]);
    expect(cellText(x86!.entries[0]!.selection)).toBe('hello-windows.zip');
    expect(cellText(rows[0]!.cells[2]!.entries[0]!.selection)).toBe('—');
    expect(cellText(null)).toBe('—');
  });
});
