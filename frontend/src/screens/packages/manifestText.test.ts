import { CombinedGraphQLErrors } from '@apollo/client/errors';
import {
  locate, manifestProblems, manifestVersion, parseManifestText, syntaxErrorLocation, unlistedFiles,
} from './manifestText';

describe('parseManifestText', () => {
  it('gives the parsed manifest when the text is JSON', () => {
    expect(parseManifestText('{"version": "1.0"}')).toEqual({ ok: true, value: { version: '1.0' } });
  });

  it('points a syntax error at its line and column', () => {
    const text = '{\n  "version": "1.0",\n  "packages": }\n}';
    const parsed = parseManifestText(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.line).toBe(3);
      expect(parsed.error.column).toBe(15);
    }
  });

  it('points a truncated manifest at its end', () => {
    const parsed = parseManifestText('{\n  "version": "1.0"');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.line).toBe(2);
    }
  });
});

describe('syntaxErrorLocation', () => {
  const text = '{\n  "a": 1,\n  x\n}';

  it('reads V8\'s "at position N" and counts lines and columns from it', () => {
    expect(syntaxErrorLocation('Unexpected token x in JSON at position 14', text)).toEqual({ line: 3, column: 3 });
  });

  it('reads a "line L column C" engines give directly', () => {
    expect(syntaxErrorLocation('JSON.parse: expected double-quoted property name at line 3 column 3 of the JSON data', text))
      .toEqual({ line: 3, column: 3 });
  });

  it('knows nothing when the engine says nothing', () => {
    expect(syntaxErrorLocation('Bad JSON', text)).toEqual({ line: null, column: null });
  });
});

describe('locate', () => {
  it('turns an offset into 1-based line and column', () => {
    expect(locate('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(locate('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('manifestProblems', () => {
  it('lists every problem of an INVALID_MANIFEST error with its JSON path', () => {
    const error = new CombinedGraphQLErrors({
      errors: [{
        message: 'The manifest has 2 problems: ...',
        extensions: {
          code: 'INVALID_MANIFEST',
          jsonPath: '$.version',
          problems: [
            { jsonPath: '$.version', message: 'is required' },
            { jsonPath: "$.files['app.zip']", message: 'is not listed' },
          ],
        },
      }],
    });
    expect(manifestProblems(error)).toEqual([
      { jsonPath: '$.version', message: 'is required' },
      { jsonPath: "$.files['app.zip']", message: 'is not listed' },
    ]);
  });

  it('takes a lone jsonPath when there is no list, and nothing from other errors', () => {
    const error = new CombinedGraphQLErrors({
      errors: [
        { message: 'checksum differs', extensions: { code: 'CHECKSUM_MISMATCH', jsonPath: "$.files['a.zip']" } },
        { message: 'no', extensions: { code: 'FORBIDDEN' } },
      ],
    });
    expect(manifestProblems(error)).toEqual([{ jsonPath: "$.files['a.zip']", message: 'checksum differs' }]);
    expect(manifestProblems(new Error('offline'))).toEqual([]);
  });
});

describe('manifestVersion', () => {
  it('reads the version a manifest declares', () => {
    expect(manifestVersion({ version: '2.0' })).toBe('2.0');
    expect(manifestVersion({})).toBeNull();
    expect(manifestVersion([])).toBeNull();
  });
});

describe('unlistedFiles', () => {
  it('names the chosen files the manifest does not list', () => {
    const manifest = { files: { 'app-linux.zip': {}, 'app-windows.zip': {} } };
    expect(unlistedFiles(manifest, ['app-linux.zip', 'notes.zip'])).toEqual(['notes.zip']);
    expect(unlistedFiles({}, ['a.zip'])).toEqual(['a.zip']);
  });
});
