/**
 * Sign-in in a real browser: Brandgen in `oidc` mode against a real OpenID Connect provider (oidc-provider) on this
 * machine, with the built web app (web/dist) and Chromium at /usr/bin/chromium.
 *
 * Set BRANDGEN_SCREENSHOT_DIR=/some/folder to also save screenshots of the API tokens and device pages.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { MEMBERS_GROUP, startOidcSetup, type OidcSetup } from '../../server/test/support/oidc-brandgen.ts';
import { TEST_TENANT_ID } from '../../server/test/support/test-identity-provider.ts';
import { runCli } from '../../server/test/support/run-cli.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';

const CHROMIUM_PATH = '/usr/bin/chromium';
const webDistribution = path.resolve(import.meta.dirname, '../dist');
const screenshots = process.env.BRANDGEN_SCREENSHOT_DIR;

function skipReason(): string | undefined {
  if (process.env.CI) return undefined;
  if (!existsSync(CHROMIUM_PATH)) return `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install -y chromium)`;
  if (!existsSync(path.join(webDistribution, 'index.html'))) return 'web/dist is not built (npm run build -w web)';
  return undefined;
}

/** The provider's own sign-in form (oidc-provider's development interaction): any password, the login names the account. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.waitForURL(/\/interaction\//, { timeout: 20_000 });
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

describe('sign-in in Chromium', { skip: skipReason() }, () => {
  let setup: OidcSetup;
  let browser: Browser;

  before(async () => {
    setup = await startOidcSetup({ BRANDGEN_WEB_DIR: webDistribution, BRANDGEN_DEMO_LATENCY_MS: '50' });
    setup.provider.users.set('mia', { oid: 'mia-oid', tid: TEST_TENANT_ID, name: 'Mia Member', groups: [MEMBERS_GROUP] });
    setup.provider.users.set('olaf', { oid: 'olaf-oid', tid: TEST_TENANT_ID, name: 'Olaf Outsider', groups: ['another-group'] });
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
  });

  after(async () => {
    await browser?.close();
    await setup?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Nothing leaves this machine (the provider's page links a web font).
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
    return context.newPage();
  }

  it('visit, get sent to sign in, come back where you were going, generate, stay signed in on refresh, sign out', async () => {
    const page = await newPage();
    const base = setup.app.baseUrl;
    await page.goto(`${base}/tokens`);
    await signInAtProvider(page, 'mia');
    await page.waitForURL(`${base}/tokens`, { timeout: 20_000 });
    await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
    await page.getByText('Mia Member').waitFor();

    const cookies = await page.context().cookies(base);
    const session = cookies.find((cookie) => cookie.name === 'brandgen_session');
    assert.ok(session, 'a session cookie is set');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');

    // A cookie-authenticated change without the CSRF header is refused.
    const forged = await page.evaluate(async () => {
      const response = await fetch('/api/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name":"x"}',
      });
      return { status: response.status, body: await response.json() };
    });
    assert.equal(forged.status, 403);
    assert.equal(forged.body.error.code, 'csrf_failed');

    // Creating a token through the page works (the app sends the CSRF header) and shows the token once.
    await page.getByLabel('Name').fill('Figma on my laptop');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('new-token').innerText()).trim();
    assert.match(token, /^bgt_/);
    await page.getByRole('cell', { name: 'Figma on my laptop', exact: true }).waitFor();
    if (screenshots) await page.screenshot({ path: path.join(screenshots, 'api-tokens.png'), fullPage: true });
    const tokenPageViolations = await seriousAccessibilityViolations(page);
    assert.deepEqual(tokenPageViolations, [], JSON.stringify(tokenPageViolations, null, 2));

    await page.getByRole('link', { name: 'Generate' }).click();
    await page.getByLabel('Describe the image you need').fill('a red bicycle');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Done: 4 images ready' }).waitFor({ timeout: 30_000 });

    await page.reload();
    assert.equal(new URL(page.url()).pathname, '/', 'a refresh keeps the person signed in, on the same page');
    await page.getByText('Mia Member').waitFor();
    await page.getByRole('heading', { level: 3, name: 'a red bicycle' }).waitFor();

    // Device sign-in: the plugin asks for a code, the person approves it on /device, the plugin gets a token.
    const device = (await (
      await fetch(`${base}/api/auth/device/code`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"client_name":"Figma plugin"}',
      })
    ).json()) as any;
    await page.goto(device.verification_uri_complete);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Allow Figma plugin to use Brandgen as you?' }).waitFor();
    if (screenshots) await page.screenshot({ path: path.join(screenshots, 'device.png'), fullPage: true });
    const devicePageViolations = await seriousAccessibilityViolations(page);
    assert.deepEqual(devicePageViolations, [], JSON.stringify(devicePageViolations, null, 2));
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.getByRole('heading', { name: 'Device signed in' }).waitFor();
    const granted = (await (
      await fetch(`${base}/api/auth/device/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
          device_code: device.device_code,
        }).toString(),
      })
    ).json()) as any;
    assert.match(granted.access_token, /^bgt_/);
    const jobs = (await (await fetch(`${base}/api/jobs`, { headers: { authorization: `Bearer ${granted.access_token}` } })).json()) as any;
    assert.equal(jobs.jobs[0].prompt, 'a red bicycle', 'the device acts as the person who approved it');

    await page.goto(`${base}/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/auth/signed-out`);
    await page.getByRole('heading', { name: 'Signed out' }).waitFor();
    const afterSignOut = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
    assert.equal(afterSignOut, 401);
    const rows = await setup.app.brandgen.database.selectFrom('sessions').selectAll().execute();
    assert.equal(rows.length, 0, 'the session is gone from the database');
  });

  it('brandgen login: the code the command line shows is approved on the /device page, then it generates', async () => {
    const page = await newPage();
    const base = setup.app.baseUrl;
    await page.goto(`${base}/`);
    await signInAtProvider(page, 'mia');
    await page.waitForURL(`${base}/`, { timeout: 20_000 });
    const home = await mkdtemp(path.join(os.tmpdir(), 'brandgen-cli-web-'));
    const environment = { BRANDGEN_SERVER: base, XDG_CONFIG_HOME: path.join(home, 'config') };
    try {
      const approvals: Promise<void>[] = [];
      const login = await runCli(['login', '--json', '--progress'], {
        environment,
        cwd: home,
        onLine: (line) => {
          const record = JSON.parse(line) as { type: string; verification_uri_complete?: string };
          if (record.type !== 'device_code') return;
          // As the person would: open the address the command printed, continue, allow.
          approvals.push(
            (async () => {
              await page.goto(record.verification_uri_complete!);
              await page.getByRole('button', { name: 'Continue' }).click();
              await page.getByRole('heading', { name: /^Allow Brandgen command line on .* to use Brandgen as you\?$/ }).waitFor();
              await page.getByRole('button', { name: 'Allow' }).click();
              await page.getByRole('heading', { name: 'Device signed in' }).waitFor();
            })(),
          );
        },
      });
      await Promise.all(approvals);
      assert.equal(approvals.length, 1, 'the command line showed one code');
      assert.equal(login.code, 0, login.stderr);
      const generate = await runCli(['generate', 'a kite over the dunes', '--out', 'kites'], { environment, cwd: home });
      assert.equal(generate.code, 0, generate.stderr);
      assert.equal((await readdir(path.join(home, 'kites'))).filter((name) => name.endsWith('.png')).length, 4);
      const jobs = (await (await page.request.get(`${base}/api/jobs`)).json()) as { jobs: Array<{ prompt: string }> };
      assert.equal(jobs.jobs[0]?.prompt, 'a kite over the dunes', 'the command line acts as the person who approved it');
    } finally {
      await page.context().close();
      await rm(home, { recursive: true, force: true });
    }
  });

  it('a person outside the group sees a plain access-denied page', async () => {
    const page = await newPage();
    await page.goto(`${setup.app.baseUrl}/`);
    const callback = page.waitForResponse((response) => new URL(response.url()).pathname === '/auth/callback', { timeout: 20_000 });
    await signInAtProvider(page, 'olaf');
    assert.equal((await callback).status(), 403);
    await page.getByRole('heading', { name: 'Access denied' }).waitFor({ timeout: 20_000 });
    await page.getByText('Ask your administrator to add you to its group.').waitFor();
    assert.equal(
      (await page.context().cookies()).some((cookie) => cookie.name === 'brandgen_session'),
      false,
    );
    assert.equal(await page.evaluate(async () => (await fetch('/api/jobs')).status), 401);
  });
});
