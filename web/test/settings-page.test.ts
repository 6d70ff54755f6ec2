/**
 * The Settings page in a real browser: an administrator pastes a fal.ai key (pointed at a local fake), sees it only
 * masked, and the Generate page drops the demo banner and offers fal's models at once.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { sendJson, startFakeHttpServer, type FakeHttpServer } from '../../server/test/fakes/fake-http-server.ts';
import { readZip } from '../../server/test/support/read-zip.ts';
import { startServerProcess, stopServerProcess, type ServerProcess } from '../../server/test/support/server-process.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { browserSkipReason, launchChromium } from './support/browser.ts';

const KEY = 'fal-ui-secret-key-5678wxyz';

describe('Settings page in a browser', { skip: browserSkipReason() }, () => {
  let fal: FakeHttpServer;
  let server: ServerProcess | undefined;
  let dataDirectory: string | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async () => {
    fal = await startFakeHttpServer((request, response, fake) =>
      sendJson(response, 200, { images: [{ url: fake.imageUrl('x.png') }], seed: request.body.seed }),
    );
    dataDirectory = await mkdtemp(path.join(tmpdir(), 'brandgen-settings-test-'));
    server = await startServerProcess({ BRANDGEN_DATA_DIR: dataDirectory }, 30_000, path.resolve(import.meta.dirname, '..'));
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await stopServerProcess(server);
    await fal?.close();
    if (dataDirectory) await rm(dataDirectory, { recursive: true, force: true });
  });

  it("saves a key, shows it masked only, and makes the provider's models available", async () => {
    await page.goto(server!.baseUrl);
    await page.getByText('These are not AI images').waitFor();
    await page.getByRole('link', { name: 'Settings' }).click();
    const card = page.getByRole('region', { name: 'fal.ai' });
    await card.getByText('Not configured').waitFor();
    const keyInput = card.getByLabel('API key');
    assert.equal(await keyInput.getAttribute('type'), 'password');
    await keyInput.fill(KEY);
    await card.getByLabel(/Base URL/).fill(fal.origin);
    await card.getByRole('button', { name: 'Save key' }).click();
    await card.getByText('Key ••••wxyz from settings').waitFor();
    await card.getByText('Saved. fal.ai models are available now.').waitFor();
    assert.equal(await keyInput.inputValue(), '', 'the field is cleared after saving');
    assert.equal((await page.content()).includes(KEY), false, 'the key is nowhere in the page');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    if (process.env.BRANDGEN_SETTINGS_SCREENSHOT) await page.screenshot({ path: process.env.BRANDGEN_SETTINGS_SCREENSHOT });

    await page.getByRole('link', { name: 'Generate' }).click();
    const model = page.getByLabel('Model');
    await model.waitFor();
    assert.equal(await model.inputValue(), 'fal-hidream-i1');
    assert.equal(await page.getByText('These are not AI images').count(), 0);
  });

  it('offers the Figma plugin as a ZIP whose manifest names this server', async () => {
    await page.goto(`${server!.baseUrl}/settings`);
    const section = page.getByRole('region', { name: 'Figma plugin' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('link', { name: 'Download the Figma plugin' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'brandgen-figma-plugin.zip');
    const files = await readZip(await readFile((await download.path())!));
    const manifest = JSON.parse(files.get('brandgen-figma-plugin/manifest.json')!.toString()) as {
      networkAccess: { allowedDomains: string[] };
    };
    assert.deepEqual(manifest.networkAccess.allowedDomains, [server!.baseUrl]);
    assert.ok(files.get('brandgen-figma-plugin/ui.html')!.toString().includes(`{"server":"${server!.baseUrl}"}`));
  });
});
