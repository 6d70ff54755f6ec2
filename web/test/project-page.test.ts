/**
 * Brief → prompts → generate → edit → the refinement tree, in a real browser (template expansion, demo model).
 * Set BRANDGEN_EDIT_SCREENSHOT=/path/to/file.png to save a screenshot of the edited image with its tree.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { postJson, waitForJob, type TestBrandgen } from '../../server/test/support/test-brandgen.ts';
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

  it('turns a brief into prompts, generates one, edits an image by instruction, shows the tree, and redraws with a strength', async () => {
    await page.goto(`${app.baseUrl}/projects`);
    await page.getByRole('button', { name: 'New project' }).click();
    await page.getByRole('dialog', { name: 'New project' }).waitFor();
    await page.getByLabel('Project name').fill('Tidewater launch');
    await page.getByLabel('Brand name').fill('Tidewater');
    await page.getByLabel('Industry').fill('coffee roaster');
    await page.getByLabel('Tone').fill('calm, confident');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tidewater launch' }).waitFor();

    await page.getByRole('radiogroup', { name: 'How many prompts' }).getByRole('radio', { name: '3', exact: true }).click();
    await page.getByRole('button', { name: 'Expand brief' }).click();
    await page.getByRole('status').filter({ hasText: 'not by AI' }).waitFor();
    const first = page.getByLabel('Prompt 1', { exact: true });
    assert.match(await first.inputValue(), /Tidewater/);
    assert.equal(await page.getByLabel('Prompt 3', { exact: true }).count(), 1);
    await first.fill('a calm wave logo for Tidewater');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await page.getByRole('button', { name: 'Generate prompt 1' }).click();
    await page.getByRole('heading', { name: 'Generations (4)' }).waitFor({ timeout: 20_000 });
    await page.locator('.project-progress').waitFor({ state: 'hidden' });

    await page.locator('.project-images button').first().click();
    const dialog = page.getByRole('dialog', { name: 'a calm wave logo for Tidewater' });
    await dialog.waitFor();
    // The demo model edits, so the form is there; with one editing model there is no model choice.
    const instruction = dialog.getByRole('textbox', { name: 'What to change' });
    await instruction.click();
    await page.keyboard.type('make the background blue');
    assert.equal(await dialog.getByLabel('Edit with', { exact: true }).count(), 0);
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await page.keyboard.press('Enter');
    // Progress streams in place, in a live region, until the four edits are ready.
    const progress = dialog.getByRole('status').filter({ hasText: /^Edits: / });
    await progress.waitFor();
    await progress.filter({ hasText: 'Edits: 4 of 4 ready. They are in the refinement tree below.' }).waitFor({ timeout: 20_000 });
    const editJobId = (await (await fetch(`${app.baseUrl}/api/jobs?limit=1`)).json()).jobs[0].id as string;
    const editJob = await waitForJob(app.baseUrl, editJobId);
    assert.equal(editJob.status, 'complete');
    assert.equal(editJob.final_prompt, 'make the background blue', 'the instruction goes to the model');
    assert.equal(editJob.prompt, editJob.refinement.source_prompt, 'the edit keeps the prompt of the image it edits');

    // The tree shows the edits with their instruction; the project now holds eight images.
    const tree = dialog.getByRole('navigation', { name: 'Refinement tree' });
    await tree.getByRole('heading', { name: 'Edits made from it (4)' }).waitFor();
    await tree.getByText('Edited: make the background blue').waitFor();
    await page.getByRole('heading', { name: 'Generations (8)' }).waitFor();
    assert.equal(await page.locator('.project-images button[aria-label*="Edited: make the background blue."]').count(), 4);

    await tree
      .getByRole('button', { name: /^Open edit “make the background blue”, seed \d+$/ })
      .first()
      .click();
    const child = page.getByRole('dialog', { name: editJob.prompt });
    await child.waitFor();
    await child.getByText('Edited: make the background blue').first().waitFor();
    const childTree = child.getByRole('navigation', { name: 'Refinement tree' });
    await childTree.getByRole('heading', { name: 'Made from' }).waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('dialog img')].every((image) => (image as HTMLImageElement).complete));
    if (process.env.BRANDGEN_EDIT_SCREENSHOT) await page.screenshot({ path: process.env.BRANDGEN_EDIT_SCREENSHOT });
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await childTree.getByRole('button', { name: /^Open the image it was made from/ }).click();
    await page.getByRole('navigation', { name: 'Refinement tree' }).getByRole('heading', { name: 'Edits made from it (4)' }).waitFor();

    // Image-to-image variations: the demo model redraws from the image with the strength chosen on the slider.
    await page.getByRole('radio', { name: 'From this image' }).click();
    assert.equal(await page.getByRole('radio', { name: 'From this image' }).getAttribute('aria-checked'), 'true');
    const strength = page.getByRole('slider', { name: 'Strength' });
    await strength.focus();
    await page.keyboard.press('ArrowRight');
    await page.locator('dialog output').filter({ hasText: '0.55' }).waitFor();
    if (process.env.BRANDGEN_EDIT_SCREENSHOT)
      await page.screenshot({ path: process.env.BRANDGEN_EDIT_SCREENSHOT.replace(/\.png$/u, '-strength.png') });
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await page.getByRole('button', { name: 'Make variations' }).click();
    // Their progress shows in place: the person stays on the project.
    await page.getByRole('dialog').getByRole('status').filter({ hasText: 'Variations: 4 of 4 ready' }).waitFor({ timeout: 20_000 });
    assert.match(page.url(), /\/projects\/[^/]+$/);
    const variationJobId = (await (await fetch(`${app.baseUrl}/api/jobs?limit=1`)).json()).jobs[0].id as string;
    const variationJob = await waitForJob(app.baseUrl, variationJobId!);
    assert.equal(variationJob.status, 'complete');
    assert.equal(variationJob.refinement.kind, 'variation');
    assert.equal(variationJob.refinement.strength, 0.55);
    assert.deepEqual(pageErrors, []);
  });

  it('edits the brief, keeps the prompts after a reload, and shows Generate all in place over the stream without polling', async () => {
    const created = await postJson(app.baseUrl, '/api/projects', {
      name: 'Harbour roast',
      brief: { brand_name: 'Harbour', industry: 'coffee' },
    });
    const project = (await created.json()) as { id: string };
    const imageRequests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/images') imageRequests.push(request.url());
    });

    await page.goto(`${app.baseUrl}/projects`);
    const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Harbour roast' }) });
    await card.getByText(/^0 images · changed /).waitFor();
    await screenshots(page, 'projects-list');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await page.getByRole('button', { name: 'New project' }).click();
    const newDialog = page.getByRole('dialog', { name: 'New project' });
    await newDialog.waitFor();
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await page.keyboard.press('Escape');
    await newDialog.waitFor({ state: 'detached' });

    await card.getByRole('link', { name: 'Harbour roast' }).click();
    await page.getByRole('heading', { level: 1, name: 'Harbour roast' }).waitFor();
    await page.getByRole('button', { name: 'Edit brief' }).click();
    const editDialog = page.getByRole('dialog', { name: 'Edit brief' });
    assert.equal(await editDialog.getByLabel('Industry').inputValue(), 'coffee');
    await editDialog.getByLabel('Industry').fill('Specialty coffee roaster brand');
    await editDialog.getByLabel("Don'ts").fill('no people, clip art');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await editDialog.getByRole('button', { name: 'Save brief' }).click();
    await editDialog.waitFor({ state: 'detached' });
    await page.getByText('Harbour · Specialty coffee roaster brand').waitFor();
    const stored = (await (await fetch(`${app.baseUrl}/api/projects/${project.id}`)).json()) as any;
    assert.equal(stored.brief.industry, 'Specialty coffee roaster brand');
    assert.deepEqual(stored.brief.donts, ['no people', 'clip art']);

    await page.getByRole('radiogroup', { name: 'How many prompts' }).getByRole('radio', { name: '3', exact: true }).click();
    await page.getByRole('button', { name: 'Expand brief' }).click();
    const first = page.getByLabel('Prompt 1', { exact: true });
    await first.waitFor();
    const written = await first.inputValue();
    assert.match(written, /^a minimal logo mark for Harbour, a specialty coffee roaster, no people, without clip art$/);
    await page.reload();
    assert.equal(await page.getByLabel('Prompt 1', { exact: true }).inputValue(), written, 'the prompts are kept with the project');
    assert.equal(await page.getByLabel('Prompt 3', { exact: true }).count(), 1);

    const beforeGenerating = imageRequests.length;
    await page.getByRole('button', { name: 'Generate all 3' }).click();
    const progress = page.getByRole('region', { name: 'Generating' });
    await progress.getByRole('progressbar').first().waitFor();
    await screenshots(page, 'project-generating');
    await page.getByRole('heading', { name: 'Generations (12)' }).waitFor({ timeout: 30_000 });
    await progress.waitFor({ state: 'hidden' });
    const images = (await (await fetch(`${app.baseUrl}/api/images?project_id=${project.id}`)).json()) as any;
    assert.equal(images.images.length, 12);
    assert.deepEqual([...new Set(images.images.map((image: any) => image.prompt))].length, 3, 'one set of four per stored prompt');
    // The list is fetched again as images land (at most once per image and once per finished job), never on a timer.
    assert.ok(imageRequests.length - beforeGenerating <= 15, `${imageRequests.length - beforeGenerating} requests of /api/images`);
    const settled = imageRequests.length;
    await page.waitForTimeout(4_000);
    assert.equal(imageRequests.length, settled, 'nothing asks for /api/images while the project is idle');

    await screenshots(page, 'project-page');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await page.locator('.project-images button').first().click();
    const viewer = page.getByRole('dialog', { name: images.images[0].prompt });
    await viewer.waitFor();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('dialog', { name: images.images[1].prompt }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.deepEqual(pageErrors, []);
  });
});

/** With BRANDGEN_PROJECT_SCREENSHOTS=/some/folder, the page at the two sizes the issue names, to look at. */
async function screenshots(page: Page, name: string): Promise<void> {
  const folder = process.env.BRANDGEN_PROJECT_SCREENSHOTS;
  if (!folder) return;
  const size = page.viewportSize();
  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${folder}/${name}-${width}x${height}.png`, fullPage: false });
  }
  if (size) await page.setViewportSize(size);
}
