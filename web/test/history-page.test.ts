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

  it('gives screens with two device pixels to the CSS pixel the 512 px thumbnails, and others the 256 px ones', async () => {
    const shownOn = async (view: Page) => {
      await view.goto(`${app.baseUrl}/history`);
      const first = view.locator('.history-tile img').first();
      await first.evaluate((image: HTMLImageElement) => image.decode());
      // The file's own width: an image chosen by a 2x descriptor reports half its pixels as naturalWidth.
      return first.evaluate(async (image: HTMLImageElement) => {
        const bitmap = await createImageBitmap(await (await fetch(image.currentSrc)).blob());
        return { source: image.currentSrc, width: bitmap.width };
      });
    };
    const retina = await browserApp!.browser.newPage({ deviceScaleFactor: 2, viewport: { width: 1280, height: 900 } });
    try {
      const large = await shownOn(retina);
      assert.match(large.source, /\/thumbnail\?size=512$/);
      assert.equal(large.width, 512);
    } finally {
      await retina.close();
    }
    const small = await shownOn(page);
    assert.match(small.source, /\/thumbnail$/);
    assert.equal(small.width, 256);
  });

  it('paints each tile in its image’s average colour at once, a blurred preview where the thumbnail is slow, no broken image where it is missing', async () => {
    // A page of its own: the shared one has every thumbnail cached by now.
    const slow = await browserApp!.browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Held until the preview has been seen, not for a set time: the opening preload asks for the thumbnails before the
    // page's code renders a tile, so on a loaded machine a thumbnail held two seconds could arrive before the tile's
    // 400 ms look (a clean-clone CI run timed out waiting for the preview).
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    try {
      await slow.route('**/api/images/*/thumbnail*', async (route) => {
        await held;
        await route.continue();
      });
      await slow.goto(`${app.baseUrl}/history`);
      const tile = slow.locator('.history-tile').first();
      await tile.waitFor();
      assert.match(await tile.evaluate((element) => element.style.backgroundColor), /^rgb\(\d+, \d+, \d+\)$/);
      await slow.waitForFunction(() => {
        const first = document.querySelector<HTMLElement>('.history-tile')!;
        return first.style.backgroundImage.startsWith('url("data:image/png') && !first.querySelector('img')!.complete;
      });
      // A thumbnail that cannot be had (its file lost, say) leaves the colour and preview, not a broken-image icon.
      // The held thumbnails' handlers are still waiting, and the reload ends their requests: their late `continue`
      // must not fail the file as an unhandled rejection (it did once in CI).
      await slow.unrouteAll({ behavior: 'ignoreErrors' });
      await slow.route('**/api/images/*/thumbnail*', (route) => route.fulfill({ status: 404, body: '' }));
      await slow.reload();
      await slow.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>('.history-tile img')].every((image) => image.hidden),
      );
      assert.match(await tile.evaluate((element) => element.style.backgroundColor), /^rgb\(/);
    } finally {
      release();
      await slow.close();
    }
  });

  it('starts downloading the first thumbnails as soon as the list arrives, before the page’s code, each of them once', async () => {
    for (const deviceScaleFactor of [1, 2]) {
      const view = await browserApp!.browser.newPage({ deviceScaleFactor, viewport: { width: 1280, height: 900 } });
      try {
        const requested: string[] = [];
        let pageCodeSent = false;
        let beforePageCode = 0;
        view.on('request', (request) => {
          if (!/\/api\/images\/[^/]+\/thumbnail(\?size=512)?$/.test(request.url())) return;
          requested.push(request.url());
          if (!pageCodeSent) beforePageCode += 1;
        });
        // Held back, History's own code cannot render a single tile: thumbnails asked for meanwhile were preloaded.
        await view.route(/\/assets\/history-page-[^/]+\.js$/, async (route) => {
          await new Promise((resolve) => setTimeout(resolve, 800));
          pageCodeSent = true;
          await route.continue();
        });
        await view.goto(`${app.baseUrl}/history`);
        await view.waitForFunction(() => {
          const images = [...document.querySelectorAll<HTMLImageElement>('.history-tile img')];
          return images.length === 12 && images.every((image) => image.complete && image.naturalWidth > 0);
        });
        assert.ok(beforePageCode > 0, `${deviceScaleFactor}x: thumbnails are asked for while the page's code loads`);
        assert.equal(new Set(requested).size, requested.length, `${deviceScaleFactor}x: each thumbnail is fetched once`);
        const shown = await view
          .locator('.history-tile img')
          .evaluateAll((images) => images.map((image) => (image as HTMLImageElement).currentSrc));
        assert.deepEqual([...requested].sort(), [...shown].sort(), `${deviceScaleFactor}x: the preloaded files are the ones shown`);
      } finally {
        await view.close();
      }
    }
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
    await page
      .locator('.history-cell')
      .filter({ has: page.locator('.history-tile[data-index="2"]') })
      .getByRole('button', { name: 'Remove from favorites' })
      .waitFor();
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

  it('"Use these settings" fills the Generate form, and the new set uses the recalled seed and brand kit version', async () => {
    // The brand changes after the image was made: the recalled settings still compose with the kit it was made with.
    const brands = (await (await fetch(`${app.baseUrl}/api/brands`)).json()) as { brands: Array<{ id: string; kit: any }> };
    const brand = brands.brands[0]!;
    const edited = await fetch(`${app.baseUrl}/api/brands/${brand.id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...brand.kit, style_suffix: `${brand.kit.style_suffix}, edited later` }),
    });
    assert.equal(edited.status, 200);
    await page.locator('.history-tile[data-index="0"]').click();
    await page.getByRole('link', { name: 'Use these settings' }).click();
    await page.waitForURL(/\/\?prompt=/);
    assert.equal(await page.getByLabel('Describe the image you need').inputValue(), 'an owl mascot in gold');
    const note = page.locator('.recalled-settings');
    const seed = Number(/seed (\d+)/.exec(await note.innerText())?.[1]);
    assert.ok(seed >= 100 && seed <= 103, `the note names the image's seed (${seed})`);
    assert.match(await note.innerText(), /brand kit version 1/);
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Done: 4 images ready' }).waitFor({ timeout: 20_000 });
    const jobs = (await (await fetch(`${app.baseUrl}/api/jobs?limit=1`)).json()) as {
      jobs: Array<{
        id: string;
        seed: number;
        prompt: string;
        model: string;
        brand_id: string;
        brand_version: number;
        final_prompt: string;
      }>;
    };
    assert.deepEqual([jobs.jobs[0]!.prompt, jobs.jobs[0]!.seed, jobs.jobs[0]!.model], ['an owl mascot in gold', seed, 'demo']);
    assert.deepEqual([jobs.jobs[0]!.brand_id, jobs.jobs[0]!.brand_version], [brand.id, 1]);
    assert.doesNotMatch(jobs.jobs[0]!.final_prompt, /edited later/);
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

describe('History filters, days and acting on many images in a browser', { skip: browserSkipReason() }, () => {
  const DAY_MS = 24 * 60 * 60 * 1000;
  const now = new Date();
  const clock = settableClock(now);
  let app: TestBrandgen;
  let browserApp: BrowserApp | undefined;
  let page: Page;
  let pageErrors: string[] = [];
  let projectId: string;
  let brandId: string;
  /** A day as the date fields and the address write it, in the time zone the browser shares with this process. */
  const day = (offsetDays: number) => {
    const date = new Date(now.getTime() + offsetDays * DAY_MS);
    return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  };
  const generate = async (body: Record<string, unknown>, route = '/api/generate') => {
    const response = await postJson(app.baseUrl, route, body);
    assert.equal(response.status, 202, await response.clone().text());
    const { job_id } = (await response.json()) as { job_id: string };
    assert.equal((await waitForJob(app.baseUrl, job_id, 30_000)).status, 'complete');
  };
  const tiles = (count: number) => page.waitForFunction((wanted) => document.querySelectorAll('.history-tile').length === wanted, count);
  const prompts = () =>
    page.locator('.history-tile').evaluateAll((all) => all.map((tile) => tile.getAttribute('aria-label')!.split('.')[0]));
  const listed = async (query = '') =>
    ((await (await fetch(`${app.baseUrl}/api/images?limit=200${query}`)).json()) as { images: Array<{ id: string; favorite: boolean }> })
      .images;

  before(async () => {
    browserApp = await startBrowserApp({}, { clock, retentionSweepIntervalMs: 0 });
    ({ app, page, pageErrors } = browserApp);
    // Tall enough that every row of the 20 images is drawn, virtual list or not.
    await page.setViewportSize({ width: 1280, height: 1700 });
    clock.set(new Date(now.getTime() - 3 * DAY_MS));
    await generate({ prompt: 'a lighthouse poster', asset_type: 'hero_image' });
    clock.set(new Date(now.getTime() - DAY_MS));
    await generate({ prompt: 'a coffee cup icon', asset_type: 'icon' });
    clock.set(now);
    const project = await postJson(app.baseUrl, '/api/projects', { name: 'Autumn menu', brief: { brand_name: 'Harbour Tea' } });
    projectId = ((await project.json()) as { id: string }).id;
    await generate({ prompt: 'a pumpkin latte' }, `/api/projects/${projectId}/generate`);
    const brand = await postJson(app.baseUrl, '/api/brands', {
      name: 'Harbour Tea',
      palette: ['#0B3954', '#087E8B', '#BFD7EA', '#FF5A5F'],
    });
    assert.equal(brand.status, 201, await brand.clone().text());
    brandId = ((await brand.json()) as { id: string }).id;
    await generate({ prompt: 'a teapot on a pier', brand_id: brandId });
    await generate({ prompt: 'a red bicycle by the sea' });
  });

  after(async () => {
    await browserApp?.close();
  });

  it('puts the images under a heading per day; the arrow keys keep their column across headings, the viewer goes through every day', async () => {
    await page.goto(`${app.baseUrl}/history`);
    await tiles(20);
    const sequence = await page
      .locator('.history-day, .history-tile')
      .evaluateAll((all) => all.map((element) => (element.matches('.history-day') ? `# ${element.textContent}` : 'tile')));
    const headings = sequence.filter((entry) => entry.startsWith('# '));
    assert.deepEqual(headings.slice(0, 2), ['# Today', '# Yesterday']);
    const older = new Date(now.getTime() - 3 * DAY_MS);
    assert.match(headings[2]!, new RegExp(`\\b${older.getDate()}\\b`), `the third heading names the day (${headings[2]})`);
    assert.equal(headings.length, 3);
    // How many tiles follow each heading.
    const runs: number[] = [];
    for (const entry of sequence) {
      if (entry.startsWith('# ')) runs.push(0);
      else runs[runs.length - 1]! += 1;
    }
    assert.deepEqual(runs, [12, 4, 4], 'twelve images today, four yesterday, four three days ago');
    assert.deepEqual((await prompts()).slice(12, 16), Array(4).fill('a coffee cup icon'));

    // Up from the second image of yesterday lands in the same column of today's last row; down, in the older day.
    const columns = await page.locator('.history-row').first().locator('.history-tile').count();
    const focusedIndex = () => page.evaluate(() => Number(document.activeElement?.getAttribute('data-index')));
    await page.locator('.history-tile[data-index="13"]').focus();
    await page.keyboard.press('ArrowUp');
    assert.equal(await focusedIndex(), Math.min(Math.floor(11 / columns) * columns + 1, 11));
    await page.locator('.history-tile[data-index="13"]').focus();
    await page.keyboard.press('ArrowDown');
    assert.equal(await focusedIndex(), 17);
    await page.locator('.history-tile[data-index="11"]').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await focusedIndex(), 12);

    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    const viewer = page.getByRole('dialog');
    await viewer.getByText('12 of 20').waitFor();
    await page.keyboard.press('ArrowRight');
    await viewer.getByText('13 of 20').waitFor();
    await page.getByRole('dialog', { name: 'a coffee cup icon' }).waitFor();
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
  });

  it('filters by asset type, project, brand, model and days from labelled fields, each kept in the address', async () => {
    await page.goto(`${app.baseUrl}/history`);
    await tiles(20);
    const summary = page.locator('.history-summary');
    const address = () => Object.fromEntries(new URL(page.url()).searchParams);

    await page.getByLabel('Asset type', { exact: true }).selectOption('icon');
    await tiles(4);
    assert.deepEqual(await prompts(), Array(4).fill('a coffee cup icon'));
    assert.deepEqual(address(), { asset_type: 'icon' });
    await summary.filter({ hasText: '4 images of type Icon' }).waitFor();
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await tiles(20);
    assert.deepEqual(address(), {});
    assert.equal(await page.getByRole('button', { name: 'Clear filters' }).count(), 0, 'nothing left to clear');

    await page.getByLabel('Project', { exact: true }).selectOption({ label: 'Autumn menu' });
    await tiles(4);
    assert.deepEqual(await prompts(), Array(4).fill('a pumpkin latte'));
    assert.deepEqual(address(), { project_id: projectId });
    await summary.filter({ hasText: '4 images in project Autumn menu' }).waitFor();
    await page.getByLabel('Brand', { exact: true }).selectOption({ label: 'Harbour Tea' });
    await page.getByText('Nothing matches').waitFor();
    await page.getByLabel('Project', { exact: true }).selectOption({ label: 'Any project' });
    await tiles(4);
    assert.deepEqual(await prompts(), Array(4).fill('a teapot on a pier'));
    assert.deepEqual(address(), { brand_id: brandId });
    await summary.filter({ hasText: '4 images for brand Harbour Tea' }).waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await tiles(20);

    await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Demo (offline, not AI)' });
    await summary.filter({ hasText: '20 images made with Demo (offline, not AI)' }).waitFor();
    assert.deepEqual(address(), { model: 'demo' });
    await page.getByLabel('From', { exact: true }).fill(day(-2));
    await tiles(16);
    await page.getByLabel('To', { exact: true }).fill(day(-1));
    await tiles(4);
    assert.deepEqual(await prompts(), Array(4).fill('a coffee cup icon'));
    assert.deepEqual(address(), { model: 'demo', from: day(-2), to: day(-1) });
    await summary.filter({ hasText: /^4 images made with Demo \(offline, not AI\), made from .+ to .+$/ }).waitFor();
    await page.getByLabel('From', { exact: true }).fill(day(-1));
    await summary.filter({ hasText: /^4 images made with Demo \(offline, not AI\), made on .+$/ }).waitFor();
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
  });

  it('shows the filters of a pasted link as applied, in the fields and the summary', async () => {
    await page.goto(`${app.baseUrl}/history?project_id=${projectId}&model=demo&from=${day(0)}&favorite=false`);
    await tiles(4);
    assert.deepEqual(await prompts(), Array(4).fill('a pumpkin latte'));
    assert.equal(await page.getByLabel('Project', { exact: true }).inputValue(), projectId);
    assert.equal(await page.getByLabel('Model', { exact: true }).inputValue(), 'demo');
    assert.equal(await page.getByLabel('From', { exact: true }).inputValue(), day(0));
    assert.equal(await page.getByLabel('To', { exact: true }).inputValue(), '');
    assert.equal(await page.getByLabel('Asset type', { exact: true }).inputValue(), '');
    await page
      .locator('.history-summary')
      .filter({ hasText: /^4 images made with Demo \(offline, not AI\), in project Autumn menu, made since .+$/ })
      .waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await tiles(20);
  });

  it('stars an image with the star on its tile, which stays in view while it is a favorite', async () => {
    const cell = page.locator('.history-cell').nth(5);
    await page.getByRole('heading', { level: 1 }).hover();
    // Only the tiles where a toolbar can show carry one (the active one, the hovered one, favorites).
    assert.equal(await cell.locator('.tile-toolbar').count(), 0, 'not starred, not hovered, not active: no toolbar');
    await cell.hover();
    await page.waitForFunction(
      () => getComputedStyle(document.querySelectorAll('.history-cell')[5]!.querySelector('.tile-star')!).opacity === '1',
    );
    await cell.getByRole('button', { name: 'Add to favorites' }).click();
    await cell.getByRole('button', { name: 'Remove from favorites' }).waitFor();
    const id = await cell.locator('.history-tile').getAttribute('data-image-id');
    assert.equal((await listed('&favorite=true')).map((image) => image.id).join(), id);
    // Away from the tile, with focus elsewhere, the favorite's star stays while the rest of the toolbar goes.
    await page.getByRole('heading', { level: 1 }).click();
    await page.waitForFunction(
      () => getComputedStyle(document.querySelectorAll('.history-cell')[5]!.querySelector('.tile-star')!).opacity === '1',
    );
    await page.waitForFunction(
      () => getComputedStyle(document.querySelectorAll('.history-cell')[5]!.querySelector('.tile-tool')!).opacity === '0',
    );
    await cell.getByRole('button', { name: 'Remove from favorites' }).click();
    await cell.getByRole('button', { name: 'Add to favorites' }).waitFor();
    assert.deepEqual(await listed('&favorite=true'), []);
  });

  it('selects a range with shift-click and all loaded at once, and deletes the selected after a confirmation that counts them', async () => {
    await page.goto(`${app.baseUrl}/history`);
    await tiles(20);
    await page.getByRole('button', { name: 'Select', exact: true }).click();
    const tile = (index: number) => page.locator(`.history-tile[data-index="${index}"]`);
    const pressed = () =>
      page
        .locator('.history-tile[aria-pressed="true"]')
        .evaluateAll((all) => all.map((element) => Number(element.getAttribute('data-index'))));
    await tile(2).click();
    await tile(5).click({ modifiers: ['Shift'] });
    assert.deepEqual(await pressed(), [2, 3, 4, 5]);
    await page.locator('.history-summary').filter({ hasText: '4 selected' }).waitFor();
    await page.getByRole('button', { name: 'Select all 20' }).click();
    assert.equal((await pressed()).length, 20);
    await page.getByRole('button', { name: 'Clear selection' }).click();
    assert.deepEqual(await pressed(), []);

    // Shift-click upwards, from the last image clicked.
    await tile(14).click();
    await tile(12).click({ modifiers: ['Shift'] });
    assert.deepEqual(await pressed(), [12, 13, 14]);
    const doomed = await Promise.all([12, 13, 14].map(async (index) => (await tile(index).getAttribute('data-image-id'))!));
    await page.getByRole('button', { name: 'Delete 3…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete 3 images?' });
    await dialog.getByText('All 3 images and their files go for good. This cannot be undone.').waitFor();
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await dialog.getByRole('button', { name: 'Keep them' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await listed()).length, 20, 'kept');

    await page.getByRole('button', { name: 'Delete 3…' }).click();
    await dialog.getByRole('button', { name: 'Delete 3 images' }).click();
    await dialog.waitFor({ state: 'detached' });
    await tiles(17);
    await page.getByRole('status').filter({ hasText: 'Deleted 3 images.' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent === 'Select all 17');
    const remaining = await page.locator('.history-tile').evaluateAll((all) => all.map((element) => element.getAttribute('data-image-id')));
    const stored = (await listed()).map((image) => image.id);
    assert.equal(stored.length, 17);
    for (const id of doomed) {
      assert.ok(!remaining.includes(id), `${id} is gone from the grid`);
      assert.ok(!stored.includes(id), `${id} is gone from GET /api/images`);
    }
    assert.deepEqual(await pressed(), [], 'nothing is left selected');
    await page.getByRole('button', { name: 'Done selecting' }).click();
    assert.deepEqual(pageErrors, []);
  });
});
