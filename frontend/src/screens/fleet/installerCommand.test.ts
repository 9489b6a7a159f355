import { installerCommand, shellWord } from './installerCommand';

describe('installerCommand', () => {
  it('is the README one-liner with the service URL, activation id and code', () => {
    expect(
      installerCommand('https://distributor.example.com', {
        id: '5c0e7f7e-1d2a-4a57-9d0b-0f3c1c6d2a11',
        code: 'Zm9vYmFyYmF6',
      }),
    ).toBe(
      'curl -fsSL https://distributor.example.com/agent/install.sh | sh -s -- ' +
        '--activation-id 5c0e7f7e-1d2a-4a57-9d0b-0f3c1c6d2a11 --activation-code Zm9vYmFyYmF6',
    );
  });

  it('does not double the slash when the URL ends with one', () => {
    expect(installerCommand('http://localhost:8080/', { id: 'a', code: 'b' })).toMatch(
      /^curl -fsSL http:\/\/localhost:8080\/agent\/install\.sh \|/,
    );
  });

  it('quotes a code the shell would otherwise expand or split', () => {
    expect(installerCommand('http://h', { id: 'a', code: 'x$y z' })).toContain("--activation-code 'x$y z'");
  });
});

describe('shellWord', () => {
  it('leaves plain words alone and single-quotes the rest, quotes included', () => {
    expect(shellWord('abc-123_=.:/')).toBe('abc-123_=.:/');
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
    expect(shellWord('')).toBe("''");
  });
});
