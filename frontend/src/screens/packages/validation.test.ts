import { packageNameProblem, safeFileName, simpleFormProblems, versionProblem } from './validation';

describe('packageNameProblem', () => {
  it('accepts 3 to 128 letters, digits, underscores, dots and dashes', () => {
    expect(packageNameProblem('hello')).toBeNull();
    expect(packageNameProblem('my_app-2.x')).toBeNull();
    expect(packageNameProblem('a'.repeat(128))).toBeNull();
  });

  it('refuses names that are too short, too long or hold other characters', () => {
    expect(packageNameProblem('')).toBe('Required.');
    expect(packageNameProblem('ab')).toMatch(/3 to 128/);
    expect(packageNameProblem('a'.repeat(129))).toMatch(/3 to 128/);
    expect(packageNameProblem('my app')).toMatch(/3 to 128/);
    expect(packageNameProblem('app/x')).toMatch(/3 to 128/);
  });
});

describe('versionProblem', () => {
  it('accepts any 1 to 128 of the name characters', () => {
    expect(versionProblem('1')).toBeNull();
    expect(versionProblem('1.0.0-rc.1')).toBeNull();
  });

  it("refuses '.' and '..', since versions become folder names on hosts", () => {
    expect(versionProblem('.')).toBe("Not '.' or '..'.");
    expect(versionProblem('..')).toBe("Not '.' or '..'.");
  });

  it('refuses empty, spaced and over-long versions', () => {
    expect(versionProblem('')).toBe('Required.');
    expect(versionProblem('1 0')).toMatch(/1 to 128/);
    expect(versionProblem('1'.repeat(129))).toMatch(/1 to 128/);
  });
});

describe('simpleFormProblems', () => {
  const installer = new File(['x'], 'hello.deb');
  const valid = {
    packageName: 'hello',
    version: '1.0.0',
    description: '',
    installer,
    targets: [{ platform: 'ubuntu', arch: 'x86_64' }],
  };

  it('has nothing to say about a complete form', () => {
    expect(simpleFormProblems(valid)).toEqual({});
  });

  it('names each missing piece under the field the service would name', () => {
    expect(simpleFormProblems({ ...valid, packageName: 'x', installer: null, targets: [] })).toEqual({
      packageName: expect.stringMatching(/3 to 128/),
      installer: 'Drop or choose the installer.',
      entries: 'Tick at least one platform and architecture.',
    });
  });

  it('limits the description to 1024 characters', () => {
    expect(simpleFormProblems({ ...valid, description: 'd'.repeat(1025) }).description).toMatch(/1024/);
  });
});

describe('safeFileName', () => {
  it('keeps names the service accepts as they are', () => {
    expect(safeFileName('hello_1.0-amd64.deb')).toBe('hello_1.0-amd64.deb');
  });

  it('replaces every other character, keeping the extension', () => {
    expect(safeFileName('hello world (1).deb')).toBe('hello_world__1_.deb');
    expect(safeFileName('..')).toBe('installer');
  });
});
