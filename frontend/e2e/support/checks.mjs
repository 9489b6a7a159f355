import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { waitFor } from './waitFor.mjs';

const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? join(process.cwd(), '..', 'target', 'e2e-screenshots');

/**
 * axe-core on the page once its transitions have finished: fails on any violation of impact serious or critical, listing each rule, its
 * help text and the elements concerned. Moderate and minor ones are returned, for the log.
 */
export async function assertAccessible(page, screen) {
  // Colours are measured as they are now: a button still fading from disabled to enabled (MUI's transitions) fails
  // color-contrast, as one CI run saw. Let running CSS transitions and animations finish first.
  await page.evaluate(() => Promise.all(document.getAnimations()
    .filter((animation) => animation.effect?.getTiming().iterations !== Infinity)
    .map((animation) => animation.finished.catch(() => undefined))));
  const { violations } = await new AxeBuilder({ page }).analyze();
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (blocking.length > 0) {
    const lines = blocking.map((v) =>
      `${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n      ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n      ')}`);
    throw new Error(`axe-core found ${blocking.length} serious or critical violation(s) on ${screen}:\n  ${lines.join('\n  ')}`);
  }
  return violations.map((v) => `${v.impact} ${v.id} (${v.nodes.length})`);
}

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
