import test from 'node:test';
import { launchBrowser, openPage } from './support/browser.mjs';
import { describeFailure } from './support/checks.mjs';
import { watchConsole } from './support/consoleErrors.mjs';
import { hasControl } from './support/control.mjs';
import { journey } from './flows/journey.mjs';
import { smoke } from './flows/smoke.mjs';

// The console end to end (issue 18), against a running service: ConsoleE2EIT starts one with a simulated fleet and
// passes CONSOLE_URL, CONTROL_URL (restart the service, list the fleet), SCREENSHOT_DIR and E2E_SCOPE (full or
// smoke). See README.md here.
const CONSOLE_URL = process.env.CONSOLE_URL ?? 'http://localhost:8080';
const SCOPE = process.env.E2E_SCOPE ?? 'full';

const flows = {
  smoke: { name: 'the shell renders, navigates, passes axe and goes live again after a restart', run: smoke },
  full: {
    name: 'a Simple package goes from upload to a finished rollout on the fleet, through a pause and a restart',
    run: journey,
  },
};

const flow = flows[SCOPE];
if (!flow) {
  throw new Error(`E2E_SCOPE must be one of ${Object.keys(flows).join(', ')}, got ${SCOPE}`);
}

test(flow.name, { timeout: 6 * 60_000 }, async (t) => {
  if (!hasControl()) {
    throw new Error('CONTROL_URL is not set: run this through ConsoleE2EIT (see e2e/README.md)');
  }
  const browser = await launchBrowser();
  try {
    const page = await openPage(browser);
    const watcher = watchConsole(page, CONSOLE_URL);
    const step = async (name, action) => {
      const started = Date.now();
      try {
        await action();
        watcher.assertNoErrors(`during "${name}"`);
      } catch (error) {
        const where = await describeFailure(page, name);
        throw new Error(`step "${name}" failed: ${error.message}\n${where}`, { cause: error });
      }
      t.diagnostic(`${name}: ${Date.now() - started} ms`);
      console.log(`ok step "${name}" (${Date.now() - started} ms)`);
    };
    await flow.run({ page, step, watcher, consoleUrl: CONSOLE_URL });
    watcher.assertNoErrors('at the end');
    if (watcher.excused.length > 0) {
      t.diagnostic(`excused while the service was down (${watcher.excused.length}): ${[...new Set(watcher.excused)].join(' | ')}`);
    }
    if (watcher.warnings.length > 0) {
      t.diagnostic(`console warnings (not failures): ${[...new Set(watcher.warnings)].join(' | ')}`);
    }
  } finally {
    await browser.close();
  }
});
