/**
 * Choosing a real model in a real browser: the server runs with fal.ai configured against a local fake that
 * follows fal's API, so the demo banner is gone, the restricted FLUX.1 [dev] licence must be confirmed once, and
 * the job's four images come from the fake with the brand LoRA of the chosen asset type.
 *
 * Set BRANDGEN_MODEL_SCREENSHOT=/path/to/file.png to save screenshots of the options and the licence dialog.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { sendJson, startFakeHttpServer, type FakeHttpServer } from '../../server/test/fakes/fake-http-server.ts';
import { startServerProcess, stopServerProcess, type ServerProcess } from '../../server/test/support/server-process.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { browserSkipReason, launchChromium } from './support/browser.ts';

const webDirectory = path.resolve(import.meta.dirname, '..');

describe('choosing a model with a restricted licence', { skip: browserSkipReason() }, () => {
  let fal: FakeHttpServer;
  let server: ServerProcess | undefined;
  let dataDirectory: string | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    fal = await startFakeHttpServer((request, response, fake) =>
      sendJson(response, 200, {
        images: [{ url: fake.imageUrl(`${request.body.seed}.png`), content_type: 'image/png' }],
        seed: request.body.seed,
      }),
    );
    dataDirectory = await mkdtemp(path.join(tmpdir(), 'brandgen-model-test-'));
    server = await startServerProcess(
      { BRANDGEN_DATA_DIR: dataDirectory, FAL_KEY: 'fal-browser-test-key', FAL_BASE_URL: fal.origin },
      30_000,
      webDirectory,
    );
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await stopServerProcess(server);
    await fal?.close();
    if (dataDirectory) await rm(dataDirectory, { recursive: true, force: true });
  });

  it('shows real models with licence badges and no demo banner', async () => {
    await page.goto(server!.baseUrl);
    const model = page.getByLabel('Model');
    await model.waitFor();
    assert.equal(await page.getByText('These are not AI images').count(), 0);
    assert.equal(await model.inputValue(), 'fal-hidream-i1');
    assert.equal(await page.locator('.licence-line').innerText(), 'Licence MIT');
    await model.selectOption('fal-flux-dev');
    await page.locator('.licence-badge[data-restricted]').waitFor();
    assert.match(await page.locator('.licence-line').innerText(), /Restricted licence FLUX\.1 \[dev\] Non-Commercial License/);
    assert.deepEqual(await page.getByLabel('Asset type').locator('option').allInnerTexts(), [
      'Product illustration (1024 × 1024)',
      'Icon (1024 × 1024)',
      'Marketing / hero image (1344 × 768)',
      'Logo concept (1024 × 1024)',
    ]);
    // The seed stays out of the way until Advanced is opened.
    assert.equal(await page.getByLabel('Seed').isVisible(), false);
  });

  it('asks to confirm the licence warning, then generates with the asset type, sending no LoRA the shipped kit lacks', async () => {
    await page.getByLabel('Asset type').selectOption('icon');
    await page.getByRole('radio', { name: 'Draft' }).check();
    await page.getByText('Advanced').click();
    await page.getByLabel('Seed').fill('500');
    await page.getByLabel('Describe the image you need').fill('a paper plane');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();

    const dialog = page.getByRole('dialog', { name: 'Check the licence of FLUX.1 [dev] with LoRA (fal.ai)' });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /non-commercial use only/);
    assert.equal(fal.apiRequests().length, 0, 'nothing is generated before the warning is confirmed');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    if (process.env.BRANDGEN_MODEL_SCREENSHOT)
      await page.screenshot({ path: process.env.BRANDGEN_MODEL_SCREENSHOT.replace(/\.png$/u, '-dialog.png') });
    await dialog.getByRole('button', { name: 'I understand, use this model' }).click();

    await page.getByRole('status').filter({ hasText: 'Done: 4 images ready' }).waitFor({ timeout: 30_000 });
    const calls = fal.apiRequests();
    assert.equal(calls.length, 4);
    for (const call of calls) {
      assert.equal(call.path, '/fal-ai/flux-lora');
      assert.equal(call.body.num_inference_steps, 14);
      // The shipped kit names no LoRA file; a brand's own come from its LoRA library (server/test/loras.test.ts).
      assert.equal(call.body.loras, undefined);
    }
    assert.deepEqual(calls.map((call) => call.body.seed).sort(), [500, 501, 502, 503]);
    if (process.env.BRANDGEN_MODEL_SCREENSHOT) await page.screenshot({ path: process.env.BRANDGEN_MODEL_SCREENSHOT });

    // Confirmed once in this browser: the next set starts without asking again.
    await page.getByLabel('Describe the image you need').fill('a paper boat');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await page.getByRole('heading', { level: 3, name: 'a paper boat' }).waitFor();
    assert.equal(await dialog.isVisible(), false);
    assert.deepEqual(pageErrors, []);
  });
});
