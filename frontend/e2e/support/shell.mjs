import { randomUUID } from 'node:crypto';
import { restartService } from './control.mjs';
import { textOf, waitFor } from './waitFor.mjs';

/** An accessible name, exactly, allowing the " *" MUI appends to a required field's label. */
export function named(name) {
  return new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`);
}

/** The title bar's chip that says whether live updates flow: Live, Reconnecting… or Connecting…. */
export function liveChip(page) {
  return page.getByRole('banner').getByText(/^(Live|Reconnecting…|Connecting…)$/);
}

export function waitLive(page, timeout = 30_000) {
  return waitFor('the Live chip to say "Live"', async () => (await textOf(liveChip(page))) === 'Live', { timeout });
}

/** Follows a link of the side navigation ("Sections"): the console's own routing, no page load. */
export async function navigate(page, section) {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section, exact: true }).click();
}

/** The page's one h1 (name exact, or a RegExp). */
export function pageHeading(page, name) {
  return page.getByRole('heading', { level: 1, name, exact: typeof name === 'string' });
}

/**
 * Marks the current document and counts page loads from now on, so a test can prove later that the page never
 * reloaded (the console must recover and update by itself).
 */
export async function markDocument(page) {
  const mark = randomUUID();
  await page.evaluate((value) => {
    window.__e2eDocument = value;
  }, mark);
  let loads = 0;
  page.on('load', () => {
    loads += 1;
  });
  return {
    async assertSameDocument(where) {
      const now = await page.evaluate(() => window.__e2eDocument ?? null);
      if (now !== mark || loads > 0) {
        throw new Error(`the page reloaded ${where} (document mark ${now === mark ? 'kept' : 'lost'}, ${loads} loads)`);
      }
    },
  };
}

/**
 * Restarts the service (SIGKILL, then the same port) through CONTROL_URL and waits until the Live chip has left
 * "Live" and come back to it, with the service-down network errors excused meanwhile. Returns how long the service
 * was down and how long the page took to be live again after it was up.
 */
export async function restartAndRecover(page, watcher) {
  await waitLive(page);
  return watcher.whileServiceIsDown(async () => {
    const restart = restartService();
    // Awaited below; without this a failure before then would be an unhandled rejection.
    restart.catch(() => {});
    await waitFor('the Live chip to notice the service is gone',
      async () => (await textOf(liveChip(page))) !== 'Live', { timeout: 15_000, interval: 50 });
    const { downMs } = await restart;
    const upAt = Date.now();
    // graphql-ws retries at most every 5 s (app/apollo.ts), so the page must be live again well within 30 s.
    await waitLive(page, 30_000);
    return { downMs, liveAgainMs: Date.now() - upAt };
  });
}
