/** Brief → prompts → generate → variations → the refinement tree, in a real browser (template expansion, demo model). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { waitForJob, type TestBrandgen } from '../../server/test/support/test-brandgen.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { browserSkipReason, startBrowserApp, type BrowserApp } from './support/browser-app.ts';

describe('Brand project in a browser', { skip: browserSkipReason() }, () => {
  let browserApp: BrowserApp | undefined;
  let app: TestBrandgen;
  let page: Page;
  let pageErrors: string[] = [];

  before(async () => {
    browserApp = await startBrowserApp({ BRANDGEN_DEMO_LATENCY_MS: '200' });
    ({ app, page, pageErrors } = browserApp);
  });
  after(async () => browserApp?.close());

  it('turns a brief into prompts, generates one, makes variations and shows the tree', async () => {
    await page.goto(`${app.baseUrl}/projects`);
    await page.getByLabel('Project name').fill('Tidewater launch');
    await page.getByLabel('Brand name').fill('Tidewater');
    await page.getByLabel('Industry').fill('coffee roaster');
    await page.getByLabel('Tone').fill('calm, confident');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tidewater launch' }).waitFor();
    const projectUrl = page.url();

    await page.getByLabel('How many').selectOption('3');
    await page.getByRole('button', { name: 'Expand brief' }).click();
    await page.getByRole('status').filter({ hasText: 'not by AI' }).waitFor();
    const first = page.getByLabel('Prompt 1', { exact: true });
    assert.match(await first.inputValue(), /Tidewater/);
    assert.equal(await page.getByLabel('Prompt 3', { exact: true }).count(), 1);
    await first.fill('a calm wave logo for Tidewater');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await page.getByRole('button', { name: 'Generate prompt 1' }).click();
    await page.getByRole('heading', { name: 'Generations (4)' }).waitFor({ timeout: 20_000 });

    await page.locator('.project-images button').first().click();
    await page.getByRole('dialog', { name: 'a calm wave logo for Tidewater' }).waitFor();
    await page.getByRole('button', { name: 'Make variations' }).click();
    await page.waitForURL(`${app.baseUrl}/`);
    await page.waitForFunction(() => document.querySelector('article[data-job-id]')?.querySelectorAll('.slot-ready').length === 4, undefined, {
      timeout: 20_000,
    });
    // Images are filed in the library (with thumbnails) just after they show; the job completes once all are filed.
    const variationJobId = await page.locator('article[data-job-id]').first().getAttribute('data-job-id');
    assert.equal((await waitForJob(app.baseUrl, variationJobId!)).status, 'complete');

    await page.goto(projectUrl);
    await page.getByRole('heading', { name: 'Generations (8)' }).waitFor();
    await page.locator('.project-images button[aria-label*="Variation."]').first().click();
    const tree = page.getByRole('navigation', { name: 'Refinement tree' });
    await tree.getByRole('heading', { name: 'Made from' }).waitFor();
    await tree.getByRole('button', { name: /^Open the image it was made from/ }).click();
    await page.getByRole('navigation', { name: 'Refinement tree' }).getByRole('heading', { name: 'Variations made from it (4)' }).waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
