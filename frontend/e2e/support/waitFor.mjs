// Polling instead of sleeping: every wait in the e2e tests names what it waits for and gives up after a deadline,
// saying what it saw last. Playwright's own actions (click, fill, check) already wait for their element.

/**
 * Calls `probe` every `interval` ms until it returns a truthy value (returned) or `timeout` ms have passed (throws,
 * naming `what` and the last value or error seen). A probe that throws counts as "not yet".
 * @template T
 * @param {string} what what is awaited, for the error message
 * @param {() => Promise<T> | T} probe
 * @param {{ timeout?: number, interval?: number }} [options]
 * @returns {Promise<T>}
 */
export async function waitFor(what, probe, { timeout = 15_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) {
        return value;
      }
      last = value;
    } catch (error) {
      last = error instanceof Error ? error.message.split('\n')[0] : error;
    }
    if (Date.now() >= deadline) {
      throw new Error(`waited ${timeout} ms for ${what}; last seen: ${JSON.stringify(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/**
 * The locator's text as rendered, trimmed ('' when it is not there yet). innerText, not textContent: block
 * elements stay apart ("1.0.0" and "8 targets" in two lines, not "1.0.08 targets").
 */
export async function textOf(locator) {
  if ((await locator.count()) === 0) {
    return '';
  }
  return ((await locator.first().innerText()) ?? '').trim();
}

/** Waits until the locator's first match contains `expected` (a string or a RegExp); returns the text. */
export function waitForText(locator, expected, options) {
  const matches = (text) => (typeof expected === 'string' ? text.includes(expected) : expected.test(text));
  return waitFor(`text ${expected} in ${locator}`, async () => {
    const text = await textOf(locator);
    return matches(text) ? text || true : false;
  }, options);
}

/** Waits until the locator's first match is visible. */
export function waitVisible(locator, options) {
  return waitFor(`${locator} to be visible`, () => locator.first().isVisible(), options);
}
