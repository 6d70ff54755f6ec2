/** A batch of three prompts in a real browser: overall and per-prompt progress, then all images as one ZIP. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { readZip } from '../../server/test/support/read-zip.ts';
import { postJson, waitForJob, type TestBrandgen } from '../../server/test/support/test-brandgen.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { browserSkipReason, startBrowserApp, type BrowserApp } from './support/browser-app.ts';

describe('Batch page in a browser', { skip: browserSkipReason() }, () => {
  let app: TestBrandgen;
  let browserApp: BrowserApp | undefined;
  let page: Page;
  let pageErrors: string[] = [];

  before(async () => {
    browserApp = await startBrowserApp({ BRANDGEN_DEMO_LATENCY_MS: '300' }, { retentionSweepIntervalMs: 0 });
    ({ app, page, pageErrors } = browserApp);
  });

  after(async () => {
    await browserApp?.close();
  });

  it('runs a batch of three prompts and downloads all twelve images as one ZIP', async () => {
    await page.goto(`${app.baseUrl}/batch`);
    await page.getByLabel('Prompts, one per line').fill('a red kite\na green kite\na blue kite');
    await page.getByRole('button', { name: 'Start batch' }).click();
    await page.getByRole('heading', { name: 'Batch of 3' }).waitFor();
    assert.match(page.url(), /\/batch\?batch=/);
    await page
      .getByRole('status')
      .filter({ hasText: /^Working: / })
      .waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: 'Done: 3 of 3 prompts finished, 12 of 12 images ready.' })
      .waitFor({ timeout: 30_000 });
    assert.deepEqual(await page.locator('.batch-job-status').allInnerTexts(), ['Done', 'Done', 'Done']);
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    // The ZIP holds images filed in the library, which follows each job's completion by a moment.
    const batchId = new URL(page.url()).searchParams.get('batch');
    const batch = (await (await fetch(`${app.baseUrl}/api/batches/${batchId}`)).json()) as { jobs: Array<{ job_id: string }> };
    for (const job of batch.jobs) await waitForJob(app.baseUrl, job.job_id);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download all as ZIP' }).click()]);
    const entries = await readZip(await readFile(await download.path()));
    assert.equal(entries.size, 12);
  });

  it('fills a template from CSV rows and names the row that lacks a value', async () => {
    const template = (await (await postJson(app.baseUrl, '/api/templates', { name: 'Kite', prompt: 'a {colour} kite' })).json()) as {
      id: string;
    };
    await page.goto(`${app.baseUrl}/batch`);
    await page.getByLabel('A template and CSV rows').check();
    await page.getByLabel('Template', { exact: true }).selectOption(template.id);
    await page.getByRole('textbox', { name: 'CSV rows' }).fill('colour\nred\n""\n');
    await page.getByRole('button', { name: 'Start batch' }).click();
    await page.getByText('Row 2, colour: Give a value for {colour}.').waitFor();
    await page.getByRole('textbox', { name: 'CSV rows' }).fill('colour\nred\nyellow\n');
    await page.getByRole('button', { name: 'Start batch' }).click();
    await page.getByRole('heading', { name: 'Batch of 2' }).waitFor();
    assert.deepEqual(await page.locator('.batch-job-prompt').allInnerTexts(), ['a red kite', 'a yellow kite']);
    await page
      .getByRole('status')
      .filter({ hasText: /^Done: 2 of 2/ })
      .waitFor({ timeout: 30_000 });
    assert.deepEqual(pageErrors, []);
  });
});
