/**
 * The History page in a real browser against an in-process Brandgen (demo model) whose clock the test moves, so the
 * retention sweep can be seen to remove a non-favorite while a favorite stays. Needs a built web/dist and Chromium.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { readZip } from '../../server/test/support/read-zip.ts';
import { settableClock } from '../../server/test/support/settable-clock.ts';
import { postJson, waitForJob, type TestBrandgen } from '../../server/test/support/test-brandgen.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { browserSkipReason, startBrowserApp, type BrowserApp } from './support/browser-app.ts';

describe('History page in a browser', { skip: browserSkipReason() }, () => {
  // Starts at the real time, since the browser computes "Expires in N days" from its own clock.
  const clock = settableClock();
  let app: TestBrandgen;
  let browserApp: BrowserApp | undefined;
  let page: Page;
  let pageErrors: string[] = [];

  before(async () => {
    browserApp = await startBrowserApp({}, { clock, retentionSweepIntervalMs: 0 });
    ({ app, page, pageErrors } = browserApp);
    for (const prompt of ['a red bicycle by the sea', 'a blue sailing boat', 'an owl mascot in gold']) {
      const response = await postJson(app.baseUrl, '/api/generate', { prompt, seed: 100 });
      const { job_id } = (await response.json()) as { job_id: string };
      assert.equal((await waitForJob(app.baseUrl, job_id, 30_000)).status, 'complete');
    }
  });

  after(async () => {
    await browserApp?.close();
  });

  it('shows every image as a thumbnail, newest first, and finds them by prompt words', async () => {
    await page.goto(`${app.baseUrl}/history`);
    await page.getByRole('heading', { level: 1, name: 'History' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.history-tile').length === 12);
    assert.match(
      (await page.locator('.history-tile').first().getAttribute('aria-label')) ?? '',
      /^an owl mascot in gold\. Expires in 29 days/,
    );
    await page.getByLabel('Search prompts').fill('bicy');
    await page.waitForFunction(() => document.querySelectorAll('.history-tile').length === 4);
    for (const tile of await page.locator('.history-tile').all()) {
      assert.match((await tile.getAttribute('aria-label')) ?? '', /^a red bicycle by the sea\./);
    }
    await page.getByRole('status').filter({ hasText: '4 images matching “bicy”' }).waitFor();
    await page.getByLabel('Search prompts').fill('submarine');
    await page.getByText('Nothing matches').waitFor();
    await page.getByLabel('Search prompts').fill('');
    await page.waitForFunction(() => document.querySelectorAll('.history-tile').length === 12);
  });

  it('lists the keyboard shortcuts on ?, but not while typing', async () => {
    await page.getByLabel('Search prompts').focus();
    await page.keyboard.press('?');
    assert.equal(await page.getByRole('dialog').count(), 0, 'typing ? in a field types it');
    assert.equal(await page.getByLabel('Search prompts').inputValue(), '?');
    // Typed as fast as keys go, every character stays while the address follows.
    await page.keyboard.type('quick brown fox');
    assert.equal(await page.getByLabel('Search prompts').inputValue(), '?quick brown fox');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === '?quick brown fox');
    await page.getByLabel('Search prompts').fill('');
    await page.waitForFunction(() => !new URLSearchParams(location.search).has('q'));
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    for (const meaning of [
      'Jump to the prompt',
      'Generate',
      'Move through the four new images or the History grid',
      'Star or unstar the image',
    ]) {
      await dialog.getByText(meaning, { exact: true }).waitFor();
    }
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.querySelectorAll('.history-tile').length === 12);
  });

  it('moves through the grid with arrow keys and stars the focused image with f', async () => {
    await page.locator('.history-tile').first().focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-index'));
    assert.equal(focused, '2');
    await page.keyboard.press('ArrowDown');
    const below = Number(await page.evaluate(() => document.activeElement?.getAttribute('data-index')));
    assert.ok(below > 2, `ArrowDown moves a row down (to ${below})`);
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-index')), '2');
    await page.keyboard.press('f');
    await page.locator('.history-tile[data-index="2"] .history-tile-star').waitFor();
    const id = await page.locator('.history-tile[data-index="2"]').getAttribute('data-image-id');
    const image = (await (await fetch(`${app.baseUrl}/api/images/${id}`)).json()) as { favorite: boolean };
    assert.equal(image.favorite, true);

    await page.getByRole('button', { name: '★ Favorites' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.history-tile').length === 1);
    await page.getByRole('heading', { level: 1, name: 'Favorites' }).waitFor();
    await page.getByRole('button', { name: 'All images' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.history-tile').length === 12);
  });

  it('opens a detail view with the full image, its parameters and its expiry; no serious accessibility violations', async () => {
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await page.locator('.history-tile[data-index="0"]').click();
    const dialog = page.getByRole('dialog', { name: 'an owl mascot in gold' });
    await dialog.waitFor();
    await dialog.getByText('Expires in 29 days').waitFor();
    const full = dialog.getByRole('img', { name: 'an owl mascot in gold' });
    await page.waitForFunction(() => (document.querySelector('.image-viewer-image') as HTMLImageElement | null)?.naturalWidth === 1024);
    const openedId = await page.locator('.history-tile[data-index="0"]').getAttribute('data-image-id');
    const opened = (await (await fetch(`${app.baseUrl}/api/images/${openedId}`)).json()) as { url: string };
    assert.equal(await full.getAttribute('src'), opened.url);
    assert.match((await dialog.getByRole('link', { name: 'Download PNG' }).getAttribute('href')) ?? '', /^\/api\/jobs\/.+\/images\/[0-3]$/);
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    if (process.env.BRANDGEN_HISTORY_SCREENSHOT) await page.screenshot({ path: process.env.BRANDGEN_HISTORY_SCREENSHOT });
    await page.keyboard.press('f');
    await dialog.getByText('Kept as a favorite').waitFor();
    await page.keyboard.press('f');
    await dialog.getByText('Expires in 29 days').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('"Use these settings" fills the Generate form, and the new set uses the recalled seed', async () => {
    await page.locator('.history-tile[data-index="0"]').click();
    await page.getByRole('link', { name: 'Use these settings' }).click();
    await page.waitForURL(/\/\?prompt=/);
    assert.equal(await page.getByLabel('Describe the image you need').inputValue(), 'an owl mascot in gold');
    const note = page.locator('.recalled-settings');
    const seed = Number(/seed (\d+)/.exec(await note.innerText())?.[1]);
    assert.ok(seed >= 100 && seed <= 103, `the note names the image's seed (${seed})`);
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Done: 4 images ready' }).waitFor({ timeout: 20_000 });
    const jobs = (await (await fetch(`${app.baseUrl}/api/jobs?limit=1`)).json()) as {
      jobs: Array<{ id: string; seed: number; prompt: string; model: string }>;
    };
    assert.deepEqual([jobs.jobs[0]!.prompt, jobs.jobs[0]!.seed, jobs.jobs[0]!.model], ['an owl mascot in gold', seed, 'demo']);
    // The images are filed in the library just after the set shows as done; later tests count them there.
    await waitForJob(app.baseUrl, jobs.jobs[0]!.id);
  });

  it('selects three images and downloads them as one ZIP', async () => {
    await page.goto(`${app.baseUrl}/history`);
    await page.waitForFunction(() => document.querySelectorAll('.history-tile').length === 16);
    await page.getByRole('button', { name: 'Select', exact: true }).click();
    const chosen: string[] = [];
    for (const index of [1, 4, 6]) {
      const tile = page.locator(`.history-tile[data-index="${index}"]`);
      await tile.click();
      assert.equal(await tile.getAttribute('aria-pressed'), 'true');
      chosen.push((await tile.getAttribute('data-image-id'))!);
    }
    await page.locator('.history-tile[data-index="4"]').click();
    await page.locator('.history-tile[data-index="4"]').click();
    assert.equal(await page.getByRole('dialog').count(), 0, 'selecting does not open details');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download 3 as ZIP' }).click()]);
    assert.match(download.suggestedFilename(), /^brandgen-3-images-.*\.zip$/);
    const entries = await readZip(await readFile(await download.path()));
    assert.equal(entries.size, 3);
    // In the order chosen: image 4 was unselected and selected again, so it comes last.
    const order = [chosen[0], chosen[2], chosen[1]].map((id) => id!.slice(-8));
    assert.deepEqual(
      [...entries.keys()].map((name) => name.slice(-12, -4)),
      order,
    );
    for (const bytes of entries.values()) assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
    await page.getByRole('button', { name: 'Done selecting' }).click();
  });

  it('makes variations of an image without leaving History; the progress shows in the viewer and the tree links parent and children', async () => {
    await page.goto(`${app.baseUrl}/history?q=boat`);
    await page.waitForFunction(() => document.querySelectorAll('.history-tile').length === 4);
    await page.locator('.history-tile[data-index="0"]').click();
    const dialog = page.getByRole('dialog', { name: 'a blue sailing boat' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Make variations' }).click();
    await dialog
      .getByRole('status')
      .filter({ hasText: 'Variations: 4 of 4 ready. They are in the refinement tree below.' })
      .waitFor({ timeout: 20_000 });
    assert.equal(new URL(page.url()).pathname, '/history', 'the person stays in History');
    const variationJobId = ((await (await fetch(`${app.baseUrl}/api/jobs?limit=1`)).json()) as { jobs: Array<{ id: string }> }).jobs[0]!.id;
    assert.equal((await waitForJob(app.baseUrl, variationJobId)).status, 'complete');
    const tree = dialog.getByRole('navigation', { name: 'Refinement tree' });
    await tree.getByRole('heading', { name: 'Variations made from it (4)' }).waitFor();
    // Behind the viewer the grid has the four new images too.
    await page.waitForFunction(() => document.querySelectorAll('.history-tile').length === 8);
    await tree
      .getByRole('button', { name: /^Open variation, seed \d+$/ })
      .first()
      .click();
    const child = page.getByRole('navigation', { name: 'Refinement tree' });
    await child.getByRole('heading', { name: 'Made from' }).waitFor();
    await child.getByRole('button', { name: /^Open the image it was made from/ }).click();
    await page.getByRole('navigation', { name: 'Refinement tree' }).getByRole('heading', { name: 'Variations made from it (4)' }).waitFor();
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await page.keyboard.press('Escape');
  });

  it('after the retention sweep a month later, the favorite stays and the others are gone', async () => {
    clock.advanceDays(31);
    const result = await app.brandgen.retention.run();
    assert.equal(result.deleted, 19, 'every image but the one favorite');
    await page.goto(`${app.baseUrl}/history`);
    await page.waitForFunction(() => document.querySelectorAll('.history-tile').length === 1);
    const tile = page.locator('.history-tile').first();
    assert.match((await tile.getAttribute('aria-label')) ?? '', /Favorite\. Kept as a favorite/);
    await page.waitForFunction(() => (document.querySelector('.history-tile img') as HTMLImageElement | null)?.naturalWidth === 256);
    assert.deepEqual(pageErrors, []);
  });
});
