/**
 * The lineage of an edit, in a real browser against an in-process Brandgen (demo model): variations of an edited image
 * start from it with the prompt of the picture it edits, and "Use these settings" gives that prompt with the
 * instruction beside it. Set BRANDGEN_LINEAGE_SCREENSHOTS=/some/folder to save screenshots at 1440×900 and 1024×768.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { postJson, waitForJob, type TestBrandgen } from '../../server/test/support/test-brandgen.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { browserSkipReason, startBrowserApp, type BrowserApp } from './support/browser-app.ts';
import { screenshotBothSizes } from './support/screenshots.ts';

const PROMPT = 'a lighthouse on a cliff at dawn';
const INSTRUCTION = 'make the background blue';

const screenshots = (page: Page, name: string) => screenshotBothSizes(page, name, process.env.BRANDGEN_LINEAGE_SCREENSHOTS);

async function finished(app: TestBrandgen, response: Response): Promise<string> {
  const { job_id } = (await response.json()) as { job_id: string };
  assert.equal((await waitForJob(app.baseUrl, job_id, 30_000)).status, 'complete');
  return job_id;
}

describe('Edit lineage in a browser', { skip: browserSkipReason() }, () => {
  let browserApp: BrowserApp | undefined;
  let app: TestBrandgen;
  let page: Page;
  let pageErrors: string[] = [];
  let edited: { id: string; prompt: string };

  before(async () => {
    browserApp = await startBrowserApp({ BRANDGEN_DEMO_LATENCY_MS: '100' });
    ({ app, page, pageErrors } = browserApp);
    const source = await finished(app, await postJson(app.baseUrl, '/api/generate', { prompt: PROMPT }));
    const [image] = ((await (await fetch(`${app.baseUrl}/api/images?job_id=${source}`)).json()) as any).images;
    const edit = await finished(app, await postJson(app.baseUrl, `/api/images/${image.id}/edit`, { instruction: INSTRUCTION }));
    [edited] = ((await (await fetch(`${app.baseUrl}/api/images?job_id=${edit}`)).json()) as any).images;
    await page.setViewportSize({ width: 1440, height: 900 });
  });
  after(async () => browserApp?.close());

  it('makes variations of an edit from the edited image, with the prompt of the picture it edits', async () => {
    assert.equal(edited.prompt, PROMPT);
    await page.goto(`${app.baseUrl}/history?image=${edited.id}`);
    const dialog = page.getByRole('dialog', { name: PROMPT });
    await dialog.getByText(`Edited: ${INSTRUCTION}`).first().waitFor();
    await dialog.getByText('Variations of an edit start from this image').waitFor();
    assert.equal(await dialog.getByRole('radio', { name: 'New seeds' }).count(), 0, 'no variations from the prompt alone');
    await dialog.getByRole('button', { name: 'Make variations' }).click();
    await dialog
      .getByRole('status')
      .filter({ hasText: /^Variations: 4 of 4 ready/ })
      .waitFor({ timeout: 30_000 });
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await screenshots(page, 'lineage-viewer');

    const children = ((await (await fetch(`${app.baseUrl}/api/images?parent_id=${edited.id}`)).json()) as any).images;
    assert.equal(children.length, 4);
    const job = (await (await fetch(`${app.baseUrl}/api/jobs/${children[0].job_id}`)).json()) as any;
    assert.equal(job.prompt, PROMPT, 'not the instruction');
    assert.deepEqual(job.refinement, { kind: 'variation', parent_image_id: edited.id, strength: 0.5 }, 'drawn from the edited image');
    assert.ok(children.every((child: any) => child.prompt === PROMPT));
  });

  it('"Use these settings" of an edit gives the source prompt and shows the instruction beside it', async () => {
    const dialog = page.getByRole('dialog', { name: PROMPT });
    await dialog.getByRole('link', { name: 'Use these settings' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    const prompt = page.getByLabel('Describe the image you need');
    await page.waitForFunction(
      (expected) => (document.querySelector('textarea') as HTMLTextAreaElement | null)?.value === expected,
      PROMPT,
    );
    assert.equal(await prompt.inputValue(), PROMPT);
    const note = page.locator('.recalled-settings');
    await note.waitFor();
    assert.match(
      (await note.textContent()) ?? '',
      new RegExp(`edit of a picture made from this prompt, with the instruction.*${INSTRUCTION}`),
    );
    assert.doesNotMatch(
      (await note.textContent()) ?? '',
      /same prompt and seed give the same pictures/,
      'an edit is not repeated by its prompt',
    );
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await screenshots(page, 'lineage-recalled');
    assert.deepEqual(pageErrors, []);
  });
});
