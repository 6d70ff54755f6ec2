/**
 * The brand-fit badge and filter of the History page in a real browser, against an in-process Brandgen with two demo
 * models: one painting in the brand palette, one in its complement. Needs a built web/dist and Chromium.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { licences } from '../../server/src/domain/licences.ts';
import { createDemoImageModel } from '../../server/src/providers/demo/demo-image-model.ts';
import { fixedCatalogEntry } from '../../server/src/providers/image-model-catalog.ts';
import { postJson, waitForJob, type TestBrandgen } from '../../server/test/support/test-brandgen.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { browserSkipReason, startBrowserApp, type BrowserApp } from './support/browser-app.ts';

/** The shipped palette with each hue turned half-way round. */
const COMPLEMENTARY = ['#4F3400', '#A06A2A', '#68BDFF', '#E1EBFC', '#00A2D2'];

describe('brand fit in History, in a browser', { skip: browserSkipReason() }, () => {
  let app: TestBrandgen;
  let browserApp: BrowserApp | undefined;
  let page: Page;
  let pageErrors: string[] = [];
  const scores = new Map<string, { fit: number; reason: string; prompt: string }>();

  before(async () => {
    browserApp = await startBrowserApp(
      {},
      {
        models: (brand) => [
          fixedCatalogEntry({
            id: 'demo',
            label: 'Demo',
            provider: 'brandgen-demo',
            description: 'paints in the brand palette',
            isDemo: true,
            licence: licences.demo,
            model: createDemoImageModel({ palette: brand.palette, brandName: brand.name, latencyMs: 0 }),
          }),
          fixedCatalogEntry({
            id: 'off-brand',
            label: 'Off brand',
            provider: 'brandgen-demo',
            description: 'paints in the complementary palette',
            isDemo: true,
            licence: licences.demo,
            model: createDemoImageModel({ palette: COMPLEMENTARY, brandName: 'Other', latencyMs: 0 }),
          }),
        ],
      },
    );
    ({ app, page, pageErrors } = browserApp);
    for (const [prompt, model] of [
      ['a lighthouse in brand colours', 'demo'],
      ['a lighthouse in other colours', 'off-brand'],
    ]) {
      const response = await postJson(app.baseUrl, '/api/generate', { prompt, model, seed: 40 });
      const { job_id } = (await response.json()) as { job_id: string };
      assert.equal((await waitForJob(app.baseUrl, job_id, 30_000)).status, 'complete');
    }
    const listed = (await (await fetch(`${app.baseUrl}/api/images?limit=200`)).json()) as {
      images: Array<{ id: string; prompt: string; brand_fit: number; brand_fit_reason: string }>;
    };
    for (const image of listed.images) scores.set(image.id, { fit: image.brand_fit, reason: image.brand_fit_reason, prompt: image.prompt });
  });

  after(async () => {
    await browserApp?.close();
  });

  it("shows an image's brand fit as a badge with its reason in words", async () => {
    await page.goto(`${app.baseUrl}/history`);
    await page.waitForFunction(() => document.querySelectorAll('.history-tile').length === 8);
    for (const index of [0, 4]) {
      await page.locator(`.history-tile[data-index="${index}"]`).click();
      const id = (await page.locator(`.history-tile[data-index="${index}"]`).getAttribute('data-image-id'))!;
      const expected = scores.get(id)!;
      const dialog = page.getByRole('dialog', { name: expected.prompt });
      await dialog.waitFor();
      assert.equal(await dialog.locator('.brand-fit-badge').innerText(), `Brand fit ${expected.fit}`);
      await dialog.getByText(expected.reason, { exact: true }).waitFor();
      assert.match(expected.reason, /^uses \d of 5 brand colours; \d{1,3}% of the image off-palette$/);
      if (index === 0) assert.deepEqual(await seriousAccessibilityViolations(page), []);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    }
  });

  it('the minimum brand fit filter keeps only images at least that on brand, and remembers it in the address', async () => {
    const atLeast50 = [...scores.values()].filter((score) => score.fit >= 50);
    assert.equal(atLeast50.length, 4, 'the brand-palette images score 50 or more, the others less');
    await page.getByRole('button', { name: 'Brand fit 50 or more' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.history-tile').length === 4);
    for (const tile of await page.locator('.history-tile').all()) {
      assert.match((await tile.getAttribute('aria-label')) ?? '', /^a lighthouse in brand colours\./);
    }
    await page.getByRole('status').filter({ hasText: '4 images with brand fit 50 or more' }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('min_brand_fit'), '50');
    assert.equal(await page.getByRole('button', { name: 'Brand fit 50 or more' }).getAttribute('aria-pressed'), 'true');

    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll('.history-tile').length === 4);
    await page.getByRole('button', { name: 'Any fit' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.history-tile').length === 8);
    assert.equal(new URL(page.url()).searchParams.has('min_brand_fit'), false);
    assert.deepEqual(pageErrors, []);
  });

  it('best fit first puts the on-brand images, made first, ahead of the newer off-brand ones', async () => {
    const firstPrompt = () => page.locator('.history-tile[data-index="0"]').getAttribute('aria-label');
    assert.match((await firstPrompt()) ?? '', /^a lighthouse in other colours\./, 'newest first by default');
    await page.getByRole('button', { name: 'Best fit first' }).click();
    await page.waitForFunction(() =>
      /^a lighthouse in brand colours\./.test(document.querySelector('.history-tile[data-index="0"]')?.getAttribute('aria-label') ?? ''),
    );
    assert.equal(new URL(page.url()).searchParams.get('sort'), 'brand_fit');
    const ids = await page.locator('.history-tile').evaluateAll((tiles) => tiles.map((tile) => tile.getAttribute('data-image-id')!));
    const fits = ids.map((id) => scores.get(id)!.fit);
    assert.deepEqual(
      fits,
      [...fits].sort((a, b) => b - a),
    );
    await page.getByRole('button', { name: 'Best fit first' }).click();
    await page.waitForFunction(() => !new URLSearchParams(location.search).has('sort'));
    assert.deepEqual(pageErrors, []);
  });
});
