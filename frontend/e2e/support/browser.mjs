import { chromium } from 'playwright-core';

// Debian's Chromium (`apt-get install chromium`; ./bin/test installs it), headless, with the flags the issue names:
// no sandbox (CI runs as root in a container), no GPU, and none of Chromium's own background traffic (component
// updates, safe-browsing lists, first-run pages) that would make runs slower and less repeatable.
const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** The viewport every screenshot is taken at. */
export const VIEWPORT = { width: 1440, height: 900 };

export async function launchBrowser() {
  return chromium.launch({ executablePath: EXECUTABLE, args: ARGS, headless: true });
}

/** A fresh context and page at 1440×900, English, UTC, so screenshots do not depend on the machine. */
export async function openPage(browser) {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    locale: 'en-US',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
  });
  // Actions (click, fill) wait for their element this long before failing.
  context.setDefaultTimeout(15_000);
  // MUI's CSS transitions ignore reducedMotion; without them a colour is never measured mid-fade (axe-core).
  await context.addInitScript(() => addEventListener('DOMContentLoaded', () => {
    const style = document.createElement('style');
    style.textContent = '*, *::before, *::after { transition: none !important; }';
    document.head.append(style);
  }));
  return context.newPage();
}
