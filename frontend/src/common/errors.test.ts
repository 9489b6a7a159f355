import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { errorFor, serviceErrors } from './errors';

describe('serviceErrors', () => {
  it('reads the code, field and JSON path the service puts in each error', () => {
    const error = new CombinedGraphQLErrors({
      errors: [
        { message: 'version is not semantic', extensions: { code: 'INVALID_INPUT', field: 'version' } },
        { message: 'unknown platform', extensions: { code: 'INVALID_MANIFEST', jsonPath: 'packages.plan9' } },
      ],
    });
    const errors = serviceErrors(error);
    expect(errors.map((e) => e.code)).toEqual(['INVALID_INPUT', 'INVALID_MANIFEST']);
    expect(errorFor(errors, 'version')).toBe('version is not semantic');
    expect(errorFor(errors, 'packages')).toBe('unknown platform');
    expect(errorFor(errors, 'packageName')).toBeUndefined();
  });

  it('turns a network failure into one NETWORK error and no error into none', () => {
    expect(serviceErrors(new Error('Failed to fetch'))).toEqual([
      { code: 'NETWORK', message: 'Failed to fetch', field: null, jsonPath: null },
    ]);
    expect(serviceErrors(undefined)).toEqual([]);
  });
});
