/**
 * The one image viewer, opened from History and from the Generate feed, by mouse and by keyboard, in a real browser
 * against an in-process Brandgen (demo model). Set BRANDGEN_VIEWER_SCREENSHOTS=/some/folder to save screenshots of
 * the viewer at 1440×900 and 1024×768 (with edit progress) and of a tile's toolbar.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { postJson, waitForJob, type TestBrandgen } from '../../server/test/support/test-brandgen.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { browserSkipReason, startBrowserApp, type BrowserApp } from './support/browser-app.ts';

const PROMPTS = ['a lighthouse on a cliff at dawn', 'a paper crane on a desk'];

interface Image {
  id: string;
  url: string;
  favorite: boolean;
}

async function screenshot(page: Page, name: string) {
  const folder = process.env.BRANDGEN_VIEWER_SCREENSHOTS;
  if (!folder) return;
  await page.waitForFunction(() => [...document.querySelectorAll('dialog img')].every((image) => (image as HTMLImageElement).complete));
  await page.screenshot({ path: path.join(folder, name), animations: 'disabled' });
}

/** The element with focus: its tile's image id or slot number, and whether it is inside the open dialog. */
function focused(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return {
      imageId: element?.dataset['imageId'] ?? null,
      slotN: element?.dataset['slotN'] ?? null,
      inDialog: element?.closest('dialog[open]') !== null && element?.closest('dialog[open]') !== undefined,
    };
  });
}

/** Focus returns to the element (just after the viewer closes, once the browser has restored its own). */
async function focusOn(page: Page, selector: string) {
  await page.waitForFunction((wanted) => document.activeElement?.matches(wanted) === true, selector);
}

/** The element's box lies wholly inside the viewport. */
async function assertInViewport(page: Page, selector: string) {
  const box = await page.locator(selector).boundingBox();
  const viewport = page.viewportSize()!;
  assert.ok(box, `${selector} is laid out`);
  assert.ok(box.x >= 0 && box.y >= 0, `${selector} starts inside the window (${box.x}, ${box.y})`);
  assert.ok(box.x + box.width <= viewport.width && box.y + box.height <= viewport.height, `${selector} ends inside the window`);
}

describe('Image viewer in a browser', { skip: browserSkipReason() }, () => {
  let browserApp: BrowserApp | undefined;
  let app: TestBrandgen;
  let page: Page;
  let pageErrors: string[] = [];
  const tileId = (index: number) => page.locator(`.history-tile[data-index="${index}"]`).getAttribute('data-image-id');
  const fetchImage = async (id: string) => (await (await fetch(`${app.baseUrl}/api/images/${id}`)).json()) as Image;

  before(async () => {
    browserApp = await startBrowserApp({ BRANDGEN_DEMO_LATENCY_MS: '200' });
    ({ app, page, pageErrors } = browserApp);
    for (const prompt of PROMPTS) {
      const { job_id } = (await (await postJson(app.baseUrl, '/api/generate', { prompt })).json()) as { job_id: string };
      assert.equal((await waitForJob(app.baseUrl, job_id, 30_000)).status, 'complete');
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  });
  after(async () => browserApp?.close());

  it('opens from a History tile by click; the arrow keys move through the list; Esc closes and focus returns to the tile shown', async () => {
    await page.goto(`${app.baseUrl}/history`);
    await page.waitForFunction(() => document.querySelectorAll('.history-tile').length === 8);
    await page.locator('.history-tile[data-index="1"]').click();
    const dialog = page.getByRole('dialog', { name: PROMPTS[1] });
    await dialog.waitFor();
    await dialog.getByText('2 of 8').waitFor();
    // The address follows the open image (a render may separate the two, so wait for it rather than read it once).
    const opened = await tileId(1);
    await page.waitForURL((url) => url.searchParams.get('image') === opened);
    await assertInViewport(page, '.image-viewer');
    await assertInViewport(page, '.image-viewer-close');

    await page.keyboard.press('ArrowRight');
    await dialog.getByText('3 of 8').waitFor();
    const third = (await tileId(2))!;
    assert.equal(await page.locator('.image-viewer-image').getAttribute('src'), (await fetchImage(third)).url);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await dialog.getByText('1 of 8').waitFor();
    await page.keyboard.press('ArrowLeft');
    await dialog.getByText('1 of 8').waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Previous image' }).count(), 0, 'the first image has no previous');
    await dialog.getByRole('button', { name: 'Next image' }).click();
    await dialog.getByText('2 of 8').waitFor();
    await screenshot(page, 'viewer-1440x900.png');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);

    await page.keyboard.press('ArrowRight');
    await dialog.getByText('3 of 8').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.waitForURL((url) => url.searchParams.get('image') === null);
    await focusOn(page, `.history-tile[data-image-id="${await tileId(2)}"]`);
  });

  it('opens from a tile with Enter; Tab stays inside the viewer; the corner × closes it', async () => {
    await page.keyboard.press('ArrowRight');
    assert.equal((await focused(page)).imageId, await tileId(3));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.getByText('4 of 8').waitFor();
    for (let step = 0; step < 30; step += 1) {
      await page.keyboard.press(step % 3 === 2 ? 'Shift+Tab' : 'Tab');
      assert.ok((await focused(page)).inDialog, `focus stays in the viewer after ${step + 1} presses`);
    }
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await focusOn(page, `.history-tile[data-image-id="${await tileId(3)}"]`);
  });

  it('stars and unstars from the viewer, and from the toolbar a tile shows on hover', async () => {
    const id = (await tileId(0))!;
    await page.locator('.history-tile[data-index="0"]').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '☆ Add to favorites' }).click();
    await dialog.getByRole('button', { name: '★ Favorite', pressed: true }).waitFor();
    assert.equal((await fetchImage(id)).favorite, true);
    await dialog.getByText('Kept as a favorite').waitFor();
    await dialog.getByRole('button', { name: '★ Favorite' }).click();
    await dialog.getByRole('button', { name: '☆ Add to favorites', pressed: false }).waitFor();
    assert.equal((await fetchImage(id)).favorite, false);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    const cell = page.locator('.history-cell').nth(3);
    const toolbar = cell.getByRole('group', { name: `Actions for ${PROMPTS[1]}` });
    await cell.hover();
    await page.waitForFunction(
      () => getComputedStyle(document.querySelectorAll('.history-cell')[3]!.querySelector('.tile-toolbar > .tile-tool')!).opacity === '1',
    );
    await screenshot(page, 'history-tile-toolbar.png');
    await toolbar.getByRole('button', { name: 'Add to favorites' }).click();
    await toolbar.getByRole('button', { name: 'Remove from favorites' }).waitFor();
    assert.equal((await fetchImage((await tileId(3))!)).favorite, true);
    assert.match(
      (await toolbar.getByRole('link', { name: 'Download PNG' }).getAttribute('href')) ?? '',
      /^\/api\/jobs\/.+\/images\/[0-3]$/,
    );
    await toolbar.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('dialog').getByText('4 of 8').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('edits by instruction with the progress in place, the × staying in the window at 1024×768', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.locator('.history-tile[data-index="5"]').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('6 of 8').waitFor();
    await dialog.getByRole('textbox', { name: 'What to change' }).fill('make the sky pink');
    await page.keyboard.press('Enter');
    const progress = dialog.getByRole('status').filter({ hasText: /^Edits: / });
    await progress.waitFor();
    await assertInViewport(page, '.image-viewer');
    await assertInViewport(page, '.image-viewer-close');
    await screenshot(page, 'viewer-1024x768-edit-progress.png');
    await progress.filter({ hasText: 'Edits: 4 of 4 ready. They are in the refinement tree below.' }).waitFor({ timeout: 20_000 });
    await dialog.getByRole('navigation', { name: 'Refinement tree' }).getByRole('heading', { name: 'Edits made from it (4)' }).waitFor();
    await assertInViewport(page, '.image-viewer');
    await assertInViewport(page, '.image-viewer-close');
    await screenshot(page, 'viewer-1024x768-edit-done.png');
    assert.equal(new URL(page.url()).pathname, '/history');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('copies a link that opens the same image in the viewer', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseUrl });
    await page.goto(`${app.baseUrl}/history?q=crane`);
    await page.waitForFunction(() => document.querySelectorAll('.history-tile').length === 4);
    const id = (await tileId(2))!;
    await page.locator('.history-tile[data-index="2"]').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Copy link' }).click();
    await page.getByRole('dialog').getByRole('status').filter({ hasText: 'Link copied' }).waitFor();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(link, `${app.baseUrl}/history?image=${id}`);
    await page.goto(link);
    await page.getByRole('dialog', { name: PROMPTS[1] }).waitFor();
    assert.equal(await page.locator('.image-viewer-image').getAttribute('src'), (await fetchImage(id)).url);
    await page.keyboard.press('Escape');
  });

  it('opens from the Generate feed by click and by Enter, moving through the set with the arrow keys', async () => {
    await page.goto(`${app.baseUrl}/`);
    const card = page
      .locator('article[data-job-id]')
      .filter({ has: page.getByRole('heading', { level: 3, name: PROMPTS[0], exact: true }) })
      // The edit made above keeps this prompt too; its card says so.
      .filter({ hasNotText: 'Edit: “' });
    await card.locator('.slot-ready').nth(3).waitFor();
    const slot = (n: number) => `[data-job-id="${jobId}"] [data-slot-n="${n}"]`;
    const jobId = await card.getAttribute('data-job-id');
    await card.locator('.slot-ready img').first().click();
    const dialog = page.getByRole('dialog', { name: PROMPTS[0] });
    await dialog.getByText('1 of 4').waitFor();
    await page.keyboard.press('ArrowRight');
    await dialog.getByText('2 of 4').waitFor();
    await screenshot(page, 'generate-viewer-1440x900.png');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await focusOn(page, slot(1));

    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.equal((await focused(page)).slotN, '3');
    await page.keyboard.press('Enter');
    await dialog.getByText('4 of 4').waitFor();
    await page.keyboard.press('ArrowLeft');
    await dialog.getByText('3 of 4').waitFor();
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await focusOn(page, slot(2));

    // A set's tile shows the same toolbar on hover: star (once the set's stars are known) and more.
    const first = card.locator('.slot-ready').first();
    await first.hover();
    const star = first.getByRole('group', { name: `Actions for ${PROMPTS[0]}` }).getByRole('button', { name: 'Add to favorites' });
    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.querySelector('.tile-tool:not(:disabled)') !== null,
      slot(0),
    );
    await screenshot(page, 'generate-tile-toolbar-1440x900.png');
    await star.click();
    await first.getByRole('button', { name: 'Remove from favorites' }).waitFor();
    const listed = (await (await fetch(`${app.baseUrl}/api/images?job_id=${jobId}`)).json()) as { images: Array<Image & { n: number }> };
    assert.equal(listed.images.find((image) => image.n === 0)?.favorite, true);
    await first.getByRole('button', { name: 'More actions' }).click();
    await dialog.getByText('1 of 4').waitFor();
    await dialog.getByRole('button', { name: '★ Favorite', pressed: true }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual(pageErrors, []);
  });
  it('deletes an image after asking, shows its neighbour, and "Keep it" keeps it', async () => {
    await page.goto(`${app.baseUrl}/history?q=crane`);
    await page.waitForFunction(() => document.querySelectorAll('.history-tile').length === 4);
    const doomed = (await tileId(1))!;
    const neighbour = (await tileId(2))!;
    await page.locator('.history-tile[data-index="1"]').click();
    const dialog = page.getByRole('dialog', { name: PROMPTS[1] });
    await dialog.getByText('2 of 4').waitFor();

    await dialog.getByRole('button', { name: 'Delete…' }).click();
    await dialog.getByText('Delete this image for good?').waitFor();
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    assert.equal((await fetch(`${app.baseUrl}/api/images/${doomed}`)).status, 200, 'kept');

    await dialog.getByRole('button', { name: 'Delete…' }).click();
    // The confirming button takes focus, so Enter confirms as the person reads the question.
    await screenshot(page, 'viewer-delete-1440x900.png');
    await page.keyboard.press('Enter');
    await dialog.getByText('2 of 3').waitFor();
    assert.equal(await page.locator('.image-viewer-image').getAttribute('src'), (await fetchImage(neighbour)).url);
    assert.equal((await fetch(`${app.baseUrl}/api/images/${doomed}`)).status, 404, 'deleted on the server');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.querySelectorAll('.history-tile').length === 3);
    assert.deepEqual(pageErrors, []);
  });
});
