import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { jsonErrorOffset } from './jsonErrorOffset';

/** Where JSON.parse stopped, as an editor shows it (both 1-based). */
export interface JsonSyntaxError {
  message: string;
  line: number | null;
  column: number | null;
}

export type ParsedManifest = { ok: true; value: unknown } | { ok: false; error: JsonSyntaxError };

/**
 * Parses the manifest text before anything is sent, so a typo is pointed at by line and column at
 * once. Engines word the error differently: V8 says "at position 12" (newer ones add "(line 2
 * column 3)") or only quotes the text around it, Firefox "at line 2 column 3"; the console's own
 * scanner decides where, and the engine's wording is the fallback.
 */
export function parseManifestText(text: string): ParsedManifest {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const offset = jsonErrorOffset(text);
    const location = offset !== null ? locate(text, offset) : syntaxErrorLocation(message, text);
    return { ok: false, error: { message, ...location } };
  }
}

export function syntaxErrorLocation(message: string, text: string): { line: number | null; column: number | null } {
  const lineColumn = /line (\d+) column (\d+)/i.exec(message);
  if (lineColumn) {
    return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  }
  const position = /position (\d+)/i.exec(message);
  if (position) {
    return locate(text, Number(position[1]));
  }
  if (/unexpected end/i.test(message)) {
    return locate(text, text.length);
  }
  return { line: null, column: null };
}

/** 0-based character offset → 1-based line and column. */
export function locate(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

export function describeSyntaxError(error: JsonSyntaxError): string {
  const where = error.line !== null ? `line ${error.line}, column ${error.column}: ` : '';
  return `Not valid JSON at ${where}${error.message}`.replace('at : ', ': ');
}

/** One thing the service found wrong in the manifest: where (a JSON path such as `$.packages.ubuntu`) and what. */
export interface ManifestProblem {
  jsonPath: string;
  message: string;
}

/**
 * Every manifest problem in a service error. INVALID_MANIFEST carries them all in
 * `extensions.problems` (`extensions.jsonPath` is only the first); other errors with a jsonPath give one.
 */
export function manifestProblems(error: unknown): ManifestProblem[] {
  if (!CombinedGraphQLErrors.is(error)) {
    return [];
  }
  return error.errors.flatMap((e) => {
    const ext = (e.extensions ?? {}) as Record<string, unknown>;
    if (Array.isArray(ext.problems)) {
      return ext.problems.flatMap((p: unknown) => {
        const problem = p as Record<string, unknown>;
        return typeof problem.jsonPath === 'string' && typeof problem.message === 'string'
          ? [{ jsonPath: problem.jsonPath, message: problem.message }]
          : [];
      });
    }
    return typeof ext.jsonPath === 'string' ? [{ jsonPath: ext.jsonPath, message: e.message }] : [];
  });
}

/** The manifest's own `version`, which addPackageVersion's version must equal; null when absent. */
export function manifestVersion(manifest: unknown): string | null {
  if (manifest && typeof manifest === 'object' && !Array.isArray(manifest)) {
    const version = (manifest as Record<string, unknown>).version;
    return typeof version === 'string' ? version : null;
  }
  return null;
}

/** The chosen files the manifest's `files` does not list: uploading them would serve no purpose. */
export function unlistedFiles(manifest: unknown, fileNames: readonly string[]): string[] {
  const files = manifest && typeof manifest === 'object' ? (manifest as { files?: unknown }).files : undefined;
  const listed = files && typeof files === 'object' && !Array.isArray(files) ? Object.keys(files) : [];
  return fileNames.filter((name) => !listed.includes(name));
}
