// The e2e run fails on any browser console error and any uncaught page error (issue 18). One exception, and only
// while the test itself has the service down (see `whileServiceIsDown`): Chromium's own network errors for the
// console's requests to that service. Chromium logs every failed fetch as "Failed to load resource: net::ERR_..."
// and every failed WebSocket handshake as "WebSocket connection to 'ws://.../graphql' failed", whatever the page
// does about it; the page is expected to retry quietly and come back, which the test checks separately. Anything
// else during that window (a React error, a failed request to another host, an HTTP error status) still fails.

const SERVICE_DOWN_FETCH = /^Failed to load resource: net::ERR_(CONNECTION_REFUSED|CONNECTION_RESET|CONNECTION_CLOSED|EMPTY_RESPONSE)$/;

/**
 * Records the page's console errors and page errors from now on.
 * @param {import('playwright-core').Page} page
 * @param {string} consoleUrl the service's origin, the only one whose network errors a restart may excuse
 */
export function watchConsole(page, consoleUrl) {
  const origin = new URL(consoleUrl).origin;
  const socket = `WebSocket connection to '${origin.replace(/^http/, 'ws')}/graphql' failed`;
  const problems = [];
  const excused = [];
  const warnings = [];
  let serviceDown = false;

  const serviceDownNoise = (text, url) =>
    text.startsWith(socket) || (SERVICE_DOWN_FETCH.test(text) && (url ?? '').startsWith(origin));

  page.on('console', (message) => {
    const text = message.text();
    const { url, lineNumber } = message.location();
    if (message.type() === 'warning') {
      warnings.push(text);
      return;
    }
    if (message.type() !== 'error') {
      return;
    }
    if (serviceDown && serviceDownNoise(text, url)) {
      excused.push(text);
      return;
    }
    problems.push(`console error: ${text}${url ? ` (${url}:${lineNumber})` : ''}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.stack ?? error.message ?? error}`));

  return {
    /** Runs `action` (which takes the service down and waits until the page is live again) with the excuse on. */
    async whileServiceIsDown(action) {
      serviceDown = true;
      try {
        return await action();
      } finally {
        serviceDown = false;
      }
    },
    /** Throws when any error was recorded since the last call (they are then forgotten). */
    assertNoErrors(where) {
      if (problems.length > 0) {
        const found = problems.splice(0);
        throw new Error(`${found.length} browser error(s) ${where}:\n  ${found.join('\n  ')}`);
      }
    },
    excused,
    warnings,
  };
}
