// Signing in to the console through a real OIDC provider (Keycloak, started by KeycloakIT), with the
// authorization code flow and PKCE, as two users of the test realm: the viewer sees "New package"
// disabled, the publisher enabled. Run by KeycloakIT: CONSOLE_URL is a replica in OIDC mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const consoleUrl = process.env.CONSOLE_URL;
assert.ok(consoleUrl, 'CONSOLE_URL must name the service');

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run'];

async function signIn(browser, username) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

  await page.goto(consoleUrl);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Keycloak's login form.
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(`${username}-password`);
  await page.locator('#kc-login').click();
  await page.waitForURL((url) => url.origin === new URL(consoleUrl).origin && !url.search.includes('code='),
    { timeout: 30_000 });
  return { context, page, problems };
}

// A failed step says what the page showed: its text, its console errors, and a screenshot under
// target/it-logs/ (a timeout alone does not tell a slow page from an error message).
async function explained(failure, page, username, problems) {
  const shot = new URL(`../../target/it-logs/oidc-sign-in-${username}.png`, import.meta.url);
  await page.screenshot({ path: shot.pathname, fullPage: true }).catch(() => {});
  const text = await page.locator('body').innerText().catch((e) => `(no text: ${e.message})`);
  return new Error(`${failure.message}\n--- ${username}'s page at ${page.url()} (screenshot ${shot.pathname}):\n`
    + `${text.slice(0, 2000)}\n--- browser console errors: ${JSON.stringify(problems)}`, { cause: failure });
}

test('sign-in with code and PKCE; the controls follow the roles in the token', async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    for (const [username, mayPublish] of [['viewer', false], ['publisher', true]]) {
      const { context, page, problems } = await signIn(browser, username);
      try {
        const who = page.getByLabel('Signed in as');
        await who.filter({ hasText: username }).waitFor({ timeout: 20_000 });
        assert.match(await who.textContent(), new RegExp(`${username}.*·.*${username}`), 'name and role shown');

        // The packages list loaded with the token: its count shows only with the answer (an unauthorised request
        // would show an error instead). Not the grid: while loading it shows even for no package, then gives way
        // to "No packages yet." (KeycloakIT's database is empty here), so waiting for it raced the answer.
        await page.getByText(/^\d+ packages?$/).waitFor({ timeout: 20_000 });
        // A link styled as a button: aria-disabled when the roles do not grant PUBLISH.
        const newPackage = page.getByRole('link', { name: 'New package' });
        await newPackage.waitFor();
        assert.equal(await newPackage.getAttribute('aria-disabled') === 'true', !mayPublish,
          `"New package" for ${username}`);

        // The subscription socket carried the token too: the Live chip turns green.
        await page.getByText('Live', { exact: true }).waitFor({ timeout: 20_000 });

        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 20_000 });
        assert.deepEqual(problems, [], `no browser console errors for ${username}`);
      } catch (failure) {
        throw await explained(failure, page, username, problems);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
});
