/**
 * The Batch page in a real browser: batches as contact sheets that fill in over the batch's event stream (no polling)
 * and whose thumbnails open the shared viewer, a CSV file chosen or dropped, and CSV problems said once in plain words.
 * Set BRANDGEN_BATCH_SCREENSHOTS=/some/folder to save the page at 1440×900 and 1024×768.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Page, Response } from 'playwright-core';
import { readZip } from '../../server/test/support/read-zip.ts';
import { postJson, waitForJob, type TestBrandgen } from '../../server/test/support/test-brandgen.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { browserSkipReason, startBrowserApp, type BrowserApp } from './support/browser-app.ts';
import { screenshotBothSizes } from './support/screenshots.ts';

async function makeTemplate(app: TestBrandgen, prompt: string): Promise<string> {
  const response = await postJson(app.baseUrl, '/api/templates', { name: `Template ${prompt}`, prompt });
  return ((await response.json()) as { id: string }).id;
}

/** Opens the form's template source and picks the template. */
async function chooseTemplate(page: Page, templateId: string): Promise<void> {
  await page.getByRole('radio', { name: 'A template and CSV rows' }).click();
  await page.getByLabel('Template', { exact: true }).selectOption(templateId);
}

/** Drops a file on the page's file drop as a person dragging it from their desktop would. */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
  const transfer = await page.evaluateHandle(
    ([fileName, content]) => {
      const data = new DataTransfer();
      data.items.add(new File([content!], fileName!, { type: 'text/csv' }));
      return data;
    },
    [name, text],
  );
  await page.locator('.file-drop').dispatchEvent('dragover', { dataTransfer: transfer });
  await page.locator('.file-drop').dispatchEvent('drop', { dataTransfer: transfer });
}

describe('Batch page in a browser', { skip: browserSkipReason() }, () => {
  let app: TestBrandgen;
  let browserApp: BrowserApp | undefined;
  let page: Page;
  let pageErrors: string[] = [];

  before(async () => {
    browserApp = await startBrowserApp({ BRANDGEN_DEMO_LATENCY_MS: '300' }, { retentionSweepIntervalMs: 0 });
    ({ app, page, pageErrors } = browserApp);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  after(async () => {
    await browserApp?.close();
  });

  it('runs a batch of three prompts as a contact sheet, with progress in place, and downloads all twelve images as one ZIP', async () => {
    await page.goto(`${app.baseUrl}/batch`);
    await page.getByText('No batches yet.').waitFor();
    const batchRequests: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/batches')) batchRequests.push(`${request.method()} ${url.pathname}`);
    });
    // A thumbnail is there only once its job is filed, a moment after it ends: none is asked for before.
    const missingThumbnails: string[] = [];
    const onResponse = (response: Response) => {
      if (response.url().includes('/thumbnail') && !response.ok()) missingThumbnails.push(`${response.status()} ${response.url()}`);
    };
    page.on('response', onResponse);
    // Whether the contact sheet ever showed a ready image while its batch still ran: it fills in, not all at the end.
    await page.evaluate(() => {
      const record = window as unknown as { filledWhileRunning?: boolean };
      new MutationObserver(() => {
        if (document.querySelector('.batch-sheet[data-status="running"] .batch-thumb img')) record.filledWhileRunning = true;
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    // The source is one radio group: the arrow keys move the choice, as with native radios.
    await page.getByRole('radio', { name: 'A list of prompts' }).focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getByRole('radio', { name: 'A template and CSV rows' }).getAttribute('aria-checked'), 'true');
    await page.getByRole('button', { name: 'Choose a CSV file' }).or(page.getByText('Choose a CSV file')).first().waitFor();
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'A list of prompts');
    await page.getByLabel('Prompts, one per line').fill('a red kite\na green kite\na blue kite');
    await page.getByRole('button', { name: 'Start batch' }).click();
    const sheet = page.locator('.batch-sheet').first();
    await sheet.getByRole('heading', { name: 'Batch of 3' }).waitFor();
    await sheet.getByRole('progressbar', { name: 'Images ready in this batch' }).waitFor();
    if (process.env.BRANDGEN_BATCH_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.BRANDGEN_BATCH_SCREENSHOTS}/batch-running.png`, fullPage: true });
    await sheet
      .getByRole('status')
      .filter({ hasText: 'Done: 3 of 3 prompts finished, 12 of 12 images ready.' })
      .waitFor({ timeout: 30_000 });
    assert.deepEqual(await sheet.locator('.batch-job-prompt').allInnerTexts(), ['a red kite', 'a green kite', 'a blue kite']);
    assert.deepEqual(await sheet.locator('.batch-job-status').allInnerTexts(), ['Done', 'Done', 'Done']);
    assert.equal(await sheet.getByRole('button', { name: /Open in the viewer$/ }).count(), 12);
    assert.equal(await page.evaluate(() => (window as unknown as { filledWhileRunning?: boolean }).filledWhileRunning), true);
    // Progress came over the batch's one event stream: the batch itself was asked for when the sheet appeared and once
    // when every job had ended, never on a timer.
    const batchId = await sheet.getAttribute('data-batch-id');
    assert.equal(batchRequests.filter((request) => request === `GET /api/batches/${batchId}/events`).length, 1, batchRequests.join('\n'));
    assert.ok(batchRequests.filter((request) => request === `GET /api/batches/${batchId}`).length <= 2, batchRequests.join('\n'));
    assert.ok(batchRequests.filter((request) => request === 'GET /api/batches').length <= 3, batchRequests.join('\n'));
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('.batch-thumb img')].every(
        (image) => image.src.endsWith('/thumbnail') && image.complete && image.naturalWidth > 0,
      ),
    );
    page.off('response', onResponse);
    assert.deepEqual(missingThumbnails, []);
    assert.deepEqual(await seriousAccessibilityViolations(page), []);

    const batch = (await (await fetch(`${app.baseUrl}/api/batches`)).json()) as { batches: Array<{ jobs: Array<{ job_id: string }> }> };
    for (const job of batch.batches[0]!.jobs) await waitForJob(app.baseUrl, job.job_id);
    const [download] = await Promise.all([page.waitForEvent('download'), sheet.getByRole('link', { name: 'Download all as ZIP' }).click()]);
    const entries = await readZip(await readFile(await download.path()));
    assert.equal(entries.size, 12);
  });

  it('opens every thumbnail in the shared viewer; the arrow keys move across the whole batch; Esc returns to the thumbnail', async () => {
    const sheet = page.locator('.batch-sheet').first();
    await sheet.getByRole('button', { name: 'Image 4 of “a red kite”. Open in the viewer' }).click();
    const dialog = page.getByRole('dialog', { name: 'a red kite' });
    await dialog.getByText('4 of 12').waitFor();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('dialog', { name: 'a green kite' }).getByText('5 of 12').waitFor();
    await page.keyboard.press('ArrowLeft');
    await dialog.getByText('4 of 12').waitFor();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.getByRole('dialog').getByText('6 of 12').waitFor();
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.waitForFunction(() => {
      const active = document.activeElement as HTMLElement | null;
      return (
        active?.dataset.slotN === '1' && active.closest('.batch-row')?.querySelector('.batch-job-prompt')?.textContent === 'a green kite'
      );
    });
  });

  it('fills a template from a chosen CSV file', async () => {
    const templateId = await makeTemplate(app, 'a {product} on a {surface}');
    await page.goto(`${app.baseUrl}/batch`);
    await chooseTemplate(page, templateId);
    assert.equal(await page.locator('input[type=file]:not(.visually-hidden)').count(), 0, 'no browser "Choose File" shows');
    await page.locator('.file-drop input[type=file]').setInputFiles({
      name: 'mockups.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('product,surface\nmug,oak table\nposter,brick wall\n'),
    });
    await page.getByRole('status').filter({ hasText: 'Read mockups.csv: 2 rows after the first.' }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'CSV rows' }).inputValue(), 'product,surface\nmug,oak table\nposter,brick wall\n');
    await page.getByRole('button', { name: 'Start batch' }).click();
    const sheet = page.locator('.batch-sheet').first();
    await sheet.getByRole('heading', { name: 'Batch of 2' }).waitFor();
    assert.deepEqual(await sheet.locator('.batch-job-prompt').allInnerTexts(), ['a mug on a oak table', 'a poster on a brick wall']);
    await sheet
      .getByRole('status')
      .filter({ hasText: /^Done: 2 of 2/ })
      .waitFor({ timeout: 30_000 });
    await screenshotBothSizes(page, 'batch-page', process.env.BRANDGEN_BATCH_SCREENSHOTS);
    await page.getByRole('heading', { name: 'Your batches' }).evaluate((heading) => heading.scrollIntoView());
    await screenshotBothSizes(page, 'batch-sheets', process.env.BRANDGEN_BATCH_SCREENSHOTS);
  });

  it('fills a template from a dropped CSV file', async () => {
    const templateId = await makeTemplate(app, 'a {colour} kite');
    await page.goto(`${app.baseUrl}/batch`);
    await chooseTemplate(page, templateId);
    await dropFile(page, 'kites.csv', 'colour\nred\nyellow\nteal\n');
    await page.getByRole('status').filter({ hasText: 'Read kites.csv: 3 rows after the first.' }).waitFor();
    await page.getByRole('button', { name: 'Start batch' }).click();
    const sheet = page.locator('.batch-sheet').first();
    await sheet.getByRole('heading', { name: 'Batch of 3' }).waitFor();
    assert.deepEqual(await sheet.locator('.batch-job-prompt').allInnerTexts(), ['a red kite', 'a yellow kite', 'a teal kite']);
  });

  it('says what is wrong with a bad CSV once, in plain words, and starts nothing', async () => {
    const templateId = await makeTemplate(app, 'a {product} on a {surface} at dusk');
    await page.goto(`${app.baseUrl}/batch`);
    await page.locator('.batch-sheet').first().waitFor();
    const batchesBefore = await page.locator('.batch-sheet').count();
    await chooseTemplate(page, templateId);
    await page.getByRole('textbox', { name: 'CSV rows' }).fill('product,surface\nmug,oak table\nposter,brick wall\nlamp\n');
    await page.getByRole('button', { name: 'Start batch' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Row 3' });
    await alert.waitFor();
    assert.equal(await alert.innerText(), 'Row 3 has 1 value; the template needs 2: product, surface.');
    assert.equal(await page.getByText('Row 3 has 1 value', { exact: false }).count(), 1, 'said once');
    assert.equal(await page.getByRole('textbox', { name: 'CSV rows' }).getAttribute('aria-invalid'), 'true');
    await screenshotBothSizes(page, 'batch-csv-error', process.env.BRANDGEN_BATCH_SCREENSHOTS);

    await page.getByRole('textbox', { name: 'CSV rows' }).fill('product,surface\nmug,"oak\n');
    await page.getByRole('button', { name: 'Start batch' }).click();
    await page.getByRole('alert').filter({ hasText: 'A quotation mark on line 2 is never closed.' }).waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), /Quote Not Closed|could not be read:/i, "the parser's own words stay out");
    assert.equal(await page.locator('.batch-sheet').count(), batchesBefore);
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    assert.deepEqual(pageErrors, []);
  });

  it('lists ten batches at first and the older ones on asking', async () => {
    const before = ((await (await fetch(`${app.baseUrl}/api/batches?limit=20`)).json()) as { batches: unknown[] }).batches.length;
    for (let index = 0; index < 11 - before; index += 1) {
      assert.equal((await postJson(app.baseUrl, '/api/batches', { prompts: [`kite number ${index}`] })).status, 201);
    }
    await page.goto(`${app.baseUrl}/batch`);
    await page.locator('.batch-sheet').first().waitFor();
    assert.equal(await page.locator('.batch-sheet').count(), 10);
    await page.getByRole('button', { name: 'Show older batches' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.batch-sheet').length === 11);
    assert.equal(await page.getByRole('button', { name: 'Show older batches' }).count(), 0, 'nothing older is left');
  });
});
