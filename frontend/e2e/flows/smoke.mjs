import { assertAccessible, screenshot } from '../support/checks.mjs';
import { liveChip, markDocument, navigate, pageHeading, restartAndRecover, waitLive } from '../support/shell.mjs';
import { waitFor, waitVisible } from '../support/waitFor.mjs';

// Each section of the side navigation and the start of its page's h1 ("Audit" is "Audit trail" once the screen is
// built; the placeholders say only the section's name).
const SECTIONS = ['Packages', 'Fleet', 'Deploy', 'Rollouts', 'Audit'];

/**
 * E2E_SCOPE=smoke: what the console shell does on its own, with no screen built yet. It renders at / (which goes to
 * /packages), shows Live, navigates to every section without a page load, passes axe-core on each, and after the
 * service restarts its Live chip comes back by itself, with no console error but the service-down ones.
 */
export async function smoke({ page, step, watcher, consoleUrl }) {
  let sameDocument;
  await step('the shell renders at / and goes live', async () => {
    await page.goto(consoleUrl);
    await waitVisible(pageHeading(page, 'Packages'));
    if (!new URL(page.url()).pathname.startsWith('/packages')) {
      throw new Error(`/ should lead to /packages, got ${page.url()}`);
    }
    await waitLive(page);
  });
  await step('keyboard: Tab reaches every section link, Enter follows one', async () => {
    // A fresh page: sequential focus starts at the top, before the title bar and the navigation.
    const reached = [];
    for (let i = 0; i < 12 && !SECTIONS.every((s) => reached.includes(s)); i += 1) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement?.textContent?.trim() ?? ''));
    }
    if (!SECTIONS.every((section) => reached.includes(section))) {
      throw new Error(`Tab did not reach every section link; focus went through: ${JSON.stringify(reached)}`);
    }
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Fleet', exact: true }).focus();
    await page.keyboard.press('Enter');
    await waitVisible(pageHeading(page, /^Fleet/));
  });
  await step('the harness itself: a console error is caught', async () => {
    // Proves the capture works in this very browser: an error logged by the page must be reported (and is then
    // forgotten, so it does not fail the run).
    await page.evaluate(() => console.error('e2e self-check'));
    const caught = await waitFor('the self-check error to be recorded', () => {
      try {
        watcher.assertNoErrors('self-check');
        return false;
      } catch (error) {
        // Exactly this one: another error here would be a real one, and must not be swallowed as the self-check.
        if (error.message.startsWith('1 browser error(s)') && error.message.includes('e2e self-check')) {
          return true;
        }
        throw error;
      }
    });
    if (!caught) {
      throw new Error('a console error went unnoticed');
    }
  });
  await step('marks the document', async () => {
    sameDocument = await markDocument(page);
  });
  for (const section of SECTIONS) {
    await step(`navigates to ${section}, axe, screenshot`, async () => {
      await navigate(page, section);
      await waitVisible(pageHeading(page, new RegExp(`^${section}`)));
      await assertAccessible(page, section);
      await screenshot(page, `shell-${section.toLowerCase()}`);
    });
  }
  await step('the Live chip recovers after a service restart, without a reload', async () => {
    const { downMs, liveAgainMs } = await restartAndRecover(page, watcher);
    console.log(`service down ${downMs} ms; page live again ${liveAgainMs} ms after`);
    await sameDocument.assertSameDocument('across the restart');
    if ((await liveChip(page).textContent()) !== 'Live') {
      throw new Error('not live after the restart');
    }
  });
}
