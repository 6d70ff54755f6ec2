/**
 * The plugin UI (ui.html from the server's ZIP) in Chromium, in a sandboxed iframe inside a page that plays Figma's
 * part, against a real Brandgen: in `oidc` mode with the test identity provider (device sign-in, generate, insert,
 * a revoked token) and in `none` mode. Needs the built plugin (npm run build -w figma-plugin) and /usr/bin/chromium.
 *
 * Set BRANDGEN_SCREENSHOT_DIR=/some/folder to save the UI at Figma's panel size.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { MEMBERS_GROUP, startOidcSetup, type OidcSetup } from '../../server/test/support/oidc-brandgen.ts';
import { readZip } from '../../server/test/support/read-zip.ts';
import { TEST_CLIENT_ID, TEST_TENANT_ID } from '../../server/test/support/test-identity-provider.ts';
import { startTestBrandgen, type TestBrandgen } from '../../server/test/support/test-brandgen.ts';
import { browserSkipReason, launchChromium } from '../../web/test/support/browser.ts';
import { openHostPage, recordedMessages, selectNodes, startHostServer } from './support/figma-host-page.ts';

const pluginDistribution = path.resolve(import.meta.dirname, '../dist');
/** The web app serves the /device page the plugin sends the designer to. */
const webDistribution = path.resolve(import.meta.dirname, '../../web/dist');
const screenshots = process.env.BRANDGEN_SCREENSHOT_DIR;

function skipReason(): string | undefined {
  if (process.env.CI) return undefined;
  if (browserSkipReason()) return browserSkipReason();
  if (!existsSync(path.join(pluginDistribution, 'manifest.json'))) return 'figma-plugin/dist is not built (npm run build -w figma-plugin)';
  if (!existsSync(path.join(webDistribution, 'index.html'))) return 'web/dist is not built (npm run build -w web)';
  return undefined;
}

/** What the plugin needs of a server: the built plugin to serve, and "null" (the plugin's sandbox) as a CORS origin. */
const serverEnvironment = {
  BRANDGEN_FIGMA_PLUGIN_DIR: pluginDistribution,
  BRANDGEN_WEB_DIR: webDistribution,
  BRANDGEN_CORS_ORIGINS: 'null',
  BRANDGEN_DEMO_LATENCY_MS: '300',
  BRANDGEN_DEVICE_POLL_SECONDS: '1',
};

async function uiFromServer(baseUrl: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${baseUrl}/api/figma-plugin.zip`, { headers });
  assert.equal(response.status, 200);
  const files = await readZip(Buffer.from(await response.arrayBuffer()));
  const manifest = JSON.parse(files.get('brandgen-figma-plugin/manifest.json')!.toString()) as {
    networkAccess: { allowedDomains: string[] };
  };
  assert.deepEqual(manifest.networkAccess.allowedDomains, [baseUrl]);
  return files.get('brandgen-figma-plugin/ui.html')!.toString();
}

async function generateFour(page: Page, plugin: FrameLocator, prompt: string): Promise<void> {
  await plugin.getByLabel('Describe the image').fill(prompt);
  await plugin.getByRole('button', { name: 'Generate' }).click();
  await plugin.getByRole('progressbar', { name: 'Progress' }).waitFor({ timeout: 20_000 });
  await plugin.getByRole('list', { name: 'Generated images' }).getByRole('img').nth(3).waitFor({ timeout: 30_000 });
  const images = plugin.getByRole('list', { name: 'Generated images' }).getByRole('img');
  assert.equal(await images.count(), 4);
  for (let index = 0; index < 4; index++)
    await assert.doesNotReject(images.nth(index).evaluate((image: HTMLImageElement) => image.decode()));
}

async function lastInsert(page: Page) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const insert = (await recordedMessages(page)).filter((message) => message.type === 'insert').at(-1);
    if (insert) return insert;
    await page.waitForTimeout(100);
  }
  throw new Error('The plugin sent no insert message to the main thread');
}

describe('the Figma plugin UI in Chromium', { skip: skipReason() }, () => {
  let browser: Browser;
  let host: Awaited<ReturnType<typeof startHostServer>>;

  before(async () => {
    host = await startHostServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await host?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
    return context.newPage();
  }

  describe('oidc mode', () => {
    let setup: OidcSetup;
    let approver: string;
    let webApp: Page;

    before(async () => {
      setup = await startOidcSetup(serverEnvironment);
      setup.provider.users.set('ada', { oid: 'user-a', tid: TEST_TENANT_ID, name: 'Ada', groups: [MEMBERS_GROUP] });
      approver = await setup.provider.signAccessToken({
        oid: 'user-a',
        tid: TEST_TENANT_ID,
        aud: TEST_CLIENT_ID,
        groups: [MEMBERS_GROUP],
        name: 'Ada',
      });
    });
    after(async () => {
      await webApp?.context().close();
      await setup?.close();
    });

    /** As the designer does in the browser Figma opened: the web app's /device page, signed in, Continue, Allow. */
    async function approveOnDevicePage(address: string): Promise<void> {
      if (!webApp) {
        webApp = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await webApp.context().route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
        await webApp.goto(`${setup.app.baseUrl}/`);
        await webApp.waitForURL(/\/interaction\//, { timeout: 20_000 });
        await webApp.locator('input[name="login"]').fill('ada');
        await webApp.locator('input[name="password"]').fill('any password');
        await webApp.getByRole('button', { name: 'Sign-in' }).click();
        await webApp.waitForURL(`${setup.app.baseUrl}/`, { timeout: 20_000 });
      }
      await webApp.goto(address);
      await webApp.getByRole('button', { name: 'Continue' }).click();
      await webApp.getByRole('heading', { name: 'Allow Brandgen for Figma to use Brandgen as you?' }).waitFor();
      await webApp.getByRole('button', { name: 'Allow' }).click();
      await webApp.getByRole('heading', { name: 'Device signed in' }).waitFor();
    }

    const api = (pathname: string, init: RequestInit = {}) =>
      fetch(`${setup.app.baseUrl}${pathname}`, {
        ...init,
        headers: {
          authorization: `Bearer ${approver}`,
          ...(init.body !== undefined && { 'content-type': 'application/json' }),
          ...init.headers,
        },
      });

    it('signs in with a device code, generates four images with progress, inserts all four as PNGs with their data; a revoked token returns to sign-in; signing out revokes the token', async () => {
      const page = await newPage();
      const base = setup.app.baseUrl;
      await openHostPage(page, host.url, await uiFromServer(base, { authorization: `Bearer ${approver}` }));
      const plugin = page.frameLocator('iframe');

      await plugin.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 20_000 });
      await plugin.getByRole('button', { name: 'Sign in to Brandgen' }).click();
      const userCode = (await plugin.getByTestId('user-code').textContent({ timeout: 20_000 }))!.trim();
      assert.match(userCode, /^[B-Z]{4}-[B-Z]{4}$/);
      const opened = (await recordedMessages(page)).filter((message) => message.type === 'open-external').map((message) => message.url);
      assert.deepEqual(opened, [`${base}/device?user_code=${userCode}`], 'Figma is asked to open the approval page');
      if (screenshots) await page.screenshot({ path: path.join(screenshots, 'figma-plugin-sign-in.png') });

      await approveOnDevicePage(opened[0]!);
      await plugin.getByLabel('Describe the image').waitFor({ timeout: 20_000 });
      const stored = await page.evaluate(
        (server) => (window as unknown as { storage: Record<string, string> }).storage[`token:${server}`],
        base,
      );
      assert.ok(stored, 'the token is kept in clientStorage through the main thread');

      const prompt = 'A paper boat on a calm lake, flat illustration';
      await generateFour(page, plugin, prompt);
      if (screenshots) await page.screenshot({ path: path.join(screenshots, 'figma-plugin.png') });
      await plugin.getByRole('button', { name: 'Place all 4 as a grid' }).click();
      const insert = await lastInsert(page);
      assert.equal(insert.layout, 'grid');
      assert.equal(insert.target, 'viewport');
      assert.equal(insert.images?.length, 4);
      const jobIds = new Set<unknown>();
      for (const image of insert.images ?? []) {
        assert.deepEqual([image.isPng, image.pngWidth, image.pngHeight, image.width, image.height], [true, 1024, 1024, 1024, 1024]);
        assert.equal(image.name, prompt);
        assert.equal(image.data.prompt, prompt);
        assert.match(String(image.data.image_id), /\S/);
        jobIds.add(image.data.job_id);
      }
      assert.equal(jobIds.size, 1, 'the four images come from one job');
      const history = (await (await api(`/api/images?job_id=${[...jobIds][0]}`)).json()) as { images: Array<{ id: string }> };
      assert.deepEqual(
        new Set(history.images.map((image) => image.id)),
        new Set(insert.images?.map((image) => image.data.image_id)),
        'the job is in the Brandgen history',
      );
      await plugin.getByText('Placed 4 images on the canvas.').waitFor();

      // Revoke the plugin's token as the user would on the API tokens page; the next call brings sign-in back.
      const tokens = (await (await api('/api/tokens')).json()) as { tokens: Array<{ id: string }> };
      for (const token of tokens.tokens) assert.equal((await api(`/api/tokens/${token.id}`, { method: 'DELETE' })).status, 204);
      await plugin.getByRole('checkbox', { name: 'Favorites' }).check();
      await plugin.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 20_000 });
      await plugin.getByRole('alert').filter({ hasText: 'expired or was revoked' }).waitFor();

      // Signing in again and then out revokes the new token on the server, not only in Figma.
      await plugin.getByRole('button', { name: 'Sign in to Brandgen' }).click();
      const again = (await plugin.getByTestId('user-code').textContent({ timeout: 20_000 }))!.trim();
      await approveOnDevicePage(`${base}/device?user_code=${again}`);
      await plugin.getByLabel('Describe the image').waitFor({ timeout: 20_000 });
      assert.equal(((await (await api('/api/tokens')).json()) as { tokens: unknown[] }).tokens.length, 1);
      await plugin.getByRole('button', { name: 'Sign out' }).click();
      await plugin.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 20_000 });
      const deadline = Date.now() + 10_000;
      while (((await (await api('/api/tokens')).json()) as { tokens: unknown[] }).tokens.length > 0) {
        assert.ok(Date.now() < deadline, 'signing out revokes the token on the server');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await page.context().close();
    });
  });

  describe('none mode', () => {
    let app: TestBrandgen;
    before(async () => {
      app = await startTestBrandgen(serverEnvironment);
    });
    after(async () => {
      await app?.close();
    });

    it('needs no sign-in: generate and place one image, then variations and an edit of the placed image', async () => {
      const page = await newPage();
      await openHostPage(page, host.url, await uiFromServer(app.baseUrl));
      const plugin = page.frameLocator('iframe');
      await plugin.getByLabel('Describe the image').waitFor({ timeout: 20_000 });
      await generateFour(page, plugin, 'A red kite over green hills');
      await plugin.getByRole('list', { name: 'Generated images' }).getByRole('button', { name: 'Place' }).first().click();
      const insert = await lastInsert(page);
      assert.equal(insert.layout, 'single');
      assert.equal(insert.images?.length, 1);
      assert.deepEqual([insert.images?.[0]?.pngWidth, insert.images?.[0]?.pngHeight], [1024, 1024]);
      assert.equal(
        (await recordedMessages(page)).some((message) => message.type === 'save-token'),
        false,
      );

      const placed = insert.images![0]!.data;
      await selectNodes(page, [{ node_id: '1:1', name: 'A red kite over green hills', fillable: true, brandgen: placed }]);
      const selected = plugin.getByRole('region', { name: 'Selected image' });
      await selected.getByRole('button', { name: 'Variations' }).click();
      await selected.getByRole('list', { name: 'Generated images' }).getByRole('img').nth(3).waitFor({ timeout: 30_000 });
      const variations = (await (await fetch(`${app.baseUrl}/api/images?parent_id=${placed.image_id}`)).json()) as { images: unknown[] };
      assert.equal(variations.images.length, 4, 'the variations are in the history, made from the placed image');

      await selected.getByRole('button', { name: 'Edit', exact: true }).click();
      await plugin.getByText('Type what to change first.').waitFor();
      await selected.getByLabel('Edit with an instruction').fill('make the sky orange');
      await selected.getByRole('button', { name: 'Edit', exact: true }).click();
      await selected.getByRole('progressbar', { name: 'Progress' }).waitFor({ timeout: 20_000 });
      await selected.getByRole('list', { name: 'Generated images' }).getByRole('img').first().waitFor({ timeout: 30_000 });
      const shown = await selected.getByRole('list', { name: 'Generated images' }).getByRole('img').count();
      const children = (await (await fetch(`${app.baseUrl}/api/images?parent_id=${placed.image_id}`)).json()) as {
        images: Array<{ id: string }>;
      };
      assert.ok(shown >= 1, 'the edit shows its image');
      assert.equal(children.images.length, 4 + shown, 'the edit is in the history, made from the placed image');
      await page.context().close();
    });

    it('says how long to wait when Brandgen answers 429', async () => {
      const limited = await startTestBrandgen({ ...serverEnvironment, BRANDGEN_RATE_LIMIT_PER_MINUTE: '1' });
      try {
        const page = await newPage();
        await openHostPage(page, host.url, await uiFromServer(limited.baseUrl));
        const plugin = page.frameLocator('iframe');
        await plugin.getByLabel('Describe the image').waitFor({ timeout: 20_000 });
        await generateFour(page, plugin, 'A lighthouse at dawn');
        await plugin.getByLabel('Describe the image').fill('A second lighthouse');
        await plugin.getByRole('button', { name: 'Generate' }).click();
        await plugin
          .getByRole('alert')
          .filter({
            hasText: /^Too many requests for now: You have started many generations in a short time\. Please wait \d+ s and try again\.$/,
          })
          .waitFor({ timeout: 20_000 });
        await page.context().close();
      } finally {
        await limited.close();
      }
    });

    it('names the fix when Figma blocks the server (not in allowedDomains)', async () => {
      const page = await newPage();
      await openHostPage(page, host.url, await uiFromServer(app.baseUrl), "connect-src 'none'");
      const plugin = page.frameLocator('iframe');
      await plugin
        .getByRole('alert')
        .filter({ hasText: `Figma blocked the connection to ${app.baseUrl}` })
        .waitFor({ timeout: 20_000 });
      await plugin.getByRole('alert').filter({ hasText: 'allowedDomains' }).waitFor();
      await page.context().close();
    });
  });
});
