/**
 * Trying a LoRA in a real browser on a real Brandgen with fal.ai configured against a local fake of its API: "Try it"
 * opens a dialog, one description is drawn twice with the same seeds, and both halves fill in side by side, the one
 * with the LoRA sent to fal.ai as a signed link and the other without any.
 *
 * Set BRANDGEN_BRANDS_SCREENSHOTS=/some/folder to keep screenshots of the dialog.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEFAULT_BRAND_ID } from '../../server/src/domain/brand.ts';
import { sendJson, startFakeHttpServer, type FakeHttpServer } from '../../server/test/fakes/fake-http-server.ts';
import { FLUX_TENSORS, safetensorsFile } from '../../server/test/support/safetensors-files.ts';
import type { TestBrandgen } from '../../server/test/support/test-brandgen.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { browserSkipReason, startBrowserApp, type BrowserApp } from './support/browser-app.ts';
import { screenshot } from './support/screenshots.ts';
import { freePort } from '../../server/test/support/server-process.ts';

type FalBody = { prompt: string; seed: number; loras?: { path: string; scale: number }[] };

describe('trying a LoRA with and without it', { skip: browserSkipReason() }, () => {
  let fal: FakeHttpServer;
  let app: TestBrandgen;
  let browserApp: BrowserApp | undefined;
  let page: Page;
  let pageErrors: string[] = [];

  before(async () => {
    fal = await startFakeHttpServer((request, response, fake) =>
      sendJson(response, 200, {
        images: [{ url: fake.imageUrl(`${request.body.seed}.png`), content_type: 'image/png' }],
        seed: request.body.seed,
      }),
    );
    const port = await freePort();
    browserApp = await startBrowserApp({
      PORT: String(port),
      BRANDGEN_PUBLIC_URL: `http://127.0.0.1:${port}`,
      FAL_KEY: 'fal-browser-test-key',
      FAL_BASE_URL: fal.origin,
    });
    ({ app, page, pageErrors } = browserApp);
    const uploaded = await fetch(`${app.baseUrl}/api/brands/${DEFAULT_BRAND_ID}/loras/upload?file_name=acme-flux.safetensors`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(safetensorsFile(FLUX_TENSORS)),
    });
    assert.equal(uploaded.status, 201);
  });

  after(async () => {
    await browserApp?.close();
    await fal?.close();
  });

  it('draws one description twice with the same seeds and shows both halves side by side', async () => {
    await page.goto(`${app.baseUrl}/brands`);
    await page.getByRole('button', { name: 'Try it: acme-flux, with and without it' }).click();
    const dialog = page.getByRole('dialog', { name: 'Try acme-flux' });
    await dialog.getByLabel('Description').fill('a paper kite over a beach');
    await dialog.getByRole('button', { name: 'Make both' }).click();
    const withHalf = dialog.getByRole('figure', { name: 'With acme-flux' });
    const withoutHalf = dialog.getByRole('figure', { name: 'Without a LoRA' });
    await withHalf.getByRole('img').nth(3).waitFor();
    await withoutHalf.getByRole('img').nth(3).waitFor();
    const note = await dialog.getByText(/^Model fal-flux-dev, seeds \d+ to \d+\.$/).innerText();
    const firstSeed = Number(/seeds (\d+)/.exec(note)![1]);
    const seeds = [firstSeed, firstSeed + 1, firstSeed + 2, firstSeed + 3];
    assert.deepEqual(
      await withHalf.getByRole('img').evaluateAll((images) => images.map((image) => image.getAttribute('alt'))),
      seeds.map((seed, n) => `With acme-flux, image ${n + 1} (seed ${seed})`),
    );

    const calls = fal.apiRequests().map((call) => call.body as FalBody);
    const withCalls = calls.filter((call) => (call.loras ?? []).length > 0);
    const withoutCalls = calls.filter((call) => (call.loras ?? []).length === 0);
    assert.deepEqual(withCalls.map((call) => call.seed).sort(), seeds);
    assert.deepEqual(withoutCalls.map((call) => call.seed).sort(), seeds);
    assert.ok(withCalls.every((call) => call.loras![0]!.path.includes('/api/loras/') && call.prompt.includes('a paper kite over a beach')));

    await screenshot(page, 'lora-trial', false);
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual(pageErrors, []);
  });
});
