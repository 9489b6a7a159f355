import { emptyTargetFilterForm, toTargetFilter } from './targetFilter';

describe('toTargetFilter', () => {
  it('filters by nothing when every field is blank', () => {
    expect(toTargetFilter(emptyTargetFilterForm)).toEqual({ ok: true, filter: {} });
  });

  it('maps each field to its TargetFilterInput criterion', () => {
    expect(
      toTargetFilter({ tags: 'env=prod, canary', platforms: 'ubuntu, amazon', packageName: ' hello ', packageVersion: '1.0.1' }),
    ).toEqual({
      ok: true,
      filter: { tags: ['env=prod', 'canary'], platforms: ['ubuntu', 'amazon'], hasPackage: 'hello', hasPackageVersion: '1.0.1' },
    });
  });

  it('says which tag is malformed', () => {
    const result = toTargetFilter({ ...emptyTargetFilterForm, tags: 'env=prod, bad key=1' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.tags).toContain('bad key=1');
  });

  it('refuses a package version without a package, as the service does', () => {
    expect(toTargetFilter({ ...emptyTargetFilterForm, packageVersion: '1.0.0' })).toEqual({
      ok: false,
      errors: { packageVersion: 'Name the package too' },
    });
  });
});
