import { CombinedGraphQLErrors } from '@apollo/client/errors';

/**
 * One error as the service reports it: `code` from its catalogue (INVALID_INPUT, FORBIDDEN, ...),
 * a sentence for people, and where it applies: the input `field` or the manifest's `jsonPath`.
 */
export interface ServiceError {
  code: string;
  message: string;
  field: string | null;
  jsonPath: string | null;
}

/** The service's errors inside whatever Apollo threw (GraphQL errors, or one network error). */
export function serviceErrors(error: unknown): ServiceError[] {
  if (!error) {
    return [];
  }
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors.map((e) => {
      const ext = (e.extensions ?? {}) as Record<string, unknown>;
      return {
        code: typeof ext.code === 'string' ? ext.code : 'ERROR',
        message: e.message,
        field: typeof ext.field === 'string' ? ext.field : null,
        jsonPath: typeof ext.jsonPath === 'string' ? ext.jsonPath : null,
      };
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return [{ code: 'NETWORK', message, field: null, jsonPath: null }];
}

/** The first error that concerns `field` (or a JSON path under it), for helper text next to that input. */
export function errorFor(errors: ServiceError[], field: string): string | undefined {
  return errors.find((e) => e.field === field || e.jsonPath === field || e.jsonPath?.startsWith(`${field}.`))?.message;
}
