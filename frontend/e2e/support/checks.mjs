import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { waitFor } from './waitFor.mjs';

const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? join(process.cwd(), '..', 'target', 'e2e-screenshots');

/**
 * axe-core on the page once its DOM has settled: fails on any violation of impact serious or critical, listing each
 * rule, its help text and the elements concerned. Moderate and minor ones are returned, for the log.
 *
 * axe reads the DOM over many milliseconds; a React render in the middle (a query answering, a route's data arriving)
 * gives it an element half replaced, which CI runs saw as a colour measured mid-fade and as a rule reported on
 * `:root`. So it runs once no loading skeleton is left and nothing changed in the DOM for a moment, and a blocking
 * finding is confirmed by a second analysis after the DOM settled again: a real violation is in both.
 */
export async function assertAccessible(page, screen) {
  await waitFor(`${screen}: no loading skeletons`, async () => (await page.locator('.MuiSkeleton-root').count()) === 0);
  await domSettled(page);
  let { violations } = await new AxeBuilder({ page }).analyze();
  const first = new Set(blockingIn(violations).map((v) => v.id));
  if (first.size > 0) {
    await domSettled(page);
    ({ violations } = await new AxeBuilder({ page }).analyze());
  }
  const blocking = blockingIn(violations).filter((v) => first.has(v.id));
  if (blocking.length > 0) {
    const lines = blocking.map((v) =>
      `${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n      ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n      ')}`);
    throw new Error(`axe-core found ${blocking.length} serious or critical violation(s) on ${screen}:\n  ${lines.join('\n  ')}`);
  }
  return violations.map((v) => `${v.impact} ${v.id} (${v.nodes.length})`);
}

function blockingIn(violations) {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Resolves once nothing in the page's DOM (nodes, attributes, text) has changed for QUIET_MS, or after SETTLE_MAX_MS
 * on a page that never stops changing (a live clock): then axe runs on what is there, as before.
 */
async function domSettled(page) {
  await page.evaluate(({ quietMs, maxMs }) => new Promise((resolve) => {
    let quiet;
    const observer = new MutationObserver(() => {
      clearTimeout(quiet);
      quiet = setTimeout(done, quietMs);
    });
    const limit = setTimeout(done, maxMs);
    function done() {
      observer.disconnect();
      clearTimeout(quiet);
      clearTimeout(limit);
      resolve();
    }
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    quiet = setTimeout(done, quietMs);
  }), { quietMs: QUIET_MS, maxMs: SETTLE_MAX_MS });
}

const QUIET_MS = 300;
const SETTLE_MAX_MS = 3_000;

/**
 * A screenshot of the viewport (1440×900) as `<name>.png` in SCREENSHOT_DIR, once the screen has stopped loading
 * (no MUI Skeleton left), animations stopped and the caret hidden, so reruns give the same picture.
 */
export async function screenshot(page, name) {
  await waitFor(`${name}: no loading skeletons`, async () => (await page.locator('.MuiSkeleton-root').count()) === 0);
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  return path;
}

/** For a failed step: a screenshot under target/ (never docs/) and the start of the page's text. */
export async function describeFailure(page, step) {
  const dir = process.env.E2E_FAILURE_DIR ?? join(process.cwd(), '..', 'target', 'e2e-failures');
  const safe = step.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  try {
    await mkdir(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `${safe}.png`) });
    const text = (await page.locator('body').innerText({ timeout: 2000 })).slice(0, 3000);
    return `url ${page.url()}; screenshot ${join(dir, `${safe}.png`)}; page text:\n${text}`;
  } catch (error) {
    return `(could not describe the page: ${error})`;
  }
}
