/**
 * The inspiration image on a project page, in a real browser: a refused file explained in plain words, an upload with
 * its preview, and removal. Set BRANDGEN_INSPIRATION_SCREENSHOT=/path/to/file.png to save a screenshot with the preview.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { postJson, type TestBrandgen } from '../../server/test/support/test-brandgen.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { browserSkipReason, startBrowserApp, type BrowserApp } from './support/browser-app.ts';

describe('Project inspiration image in a browser', { skip: browserSkipReason() }, () => {
  let browserApp: BrowserApp | undefined;
  let app: TestBrandgen;
  let page: Page;
  let pageErrors: string[] = [];

  before(async () => {
    browserApp = await startBrowserApp();
    ({ app, page, pageErrors } = browserApp);
  });
  after(async () => browserApp?.close());

  it('refuses a renamed text file in plain words, shows an uploaded image and removes it', async () => {
    const created = await postJson(app.baseUrl, '/api/projects', { name: 'Tidewater launch', brief: { brand_name: 'Tidewater' } });
    const { id } = (await created.json()) as { id: string };
    await page.goto(`${app.baseUrl}/projects/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Tidewater launch' }).waitFor();

    const input = page.getByLabel('Choose an inspiration image', { exact: true });
    await input.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('just some text, not a picture') });
    await page.getByRole('alert').filter({ hasText: 'This file is not a PNG, JPEG or WebP image.' }).waitFor();

    const photo = await sharp({ create: { width: 640, height: 400, channels: 3, background: '#2a6f97' } })
      .composite([{ input: { create: { width: 320, height: 400, channels: 3, background: '#e9c46a' } }, left: 320, top: 0 }])
      .jpeg()
      .toBuffer();
    await input.setInputFiles({ name: 'mood.jpg', mimeType: 'image/jpeg', buffer: photo });
    const preview = page.getByRole('img', { name: 'Inspiration image for Tidewater launch' });
    await preview.waitFor();
    await page.waitForFunction(() => (document.querySelector('.inspiration-preview') as HTMLImageElement | null)?.naturalWidth === 640);
    assert.equal(await page.locator('.inspiration [role="alert"]').textContent(), '', 'the earlier error is gone');
    const stored = ((await (await fetch(`${app.baseUrl}/api/projects/${id}`)).json()) as any).inspiration;
    assert.deepEqual(
      { width: stored.width, height: stored.height, media_type: stored.media_type },
      { width: 640, height: 400, media_type: 'image/webp' },
    );
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    if (process.env.BRANDGEN_INSPIRATION_SCREENSHOT) await page.screenshot({ path: process.env.BRANDGEN_INSPIRATION_SCREENSHOT });

    // Survives a reload: the page shows what the server stored.
    await page.reload();
    await preview.waitFor();
    await page.getByRole('button', { name: 'Remove inspiration image' }).click();
    await preview.waitFor({ state: 'detached' });
    assert.equal(((await (await fetch(`${app.baseUrl}/api/projects/${id}`)).json()) as any).inspiration, null);
    await page.getByLabel('Choose an inspiration image', { exact: true }).waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
