/**
 * "Review against the brief" in the image viewer, in a real browser against an in-process Brandgen whose language model
 * is a local fake of the OpenAI chat completions API. Set BRANDGEN_VIEWER_SCREENSHOTS=/some/folder to save screenshots
 * of the review (running and answered) at 1440×900 and 1024×768.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startFakeOpenAiChat } from '../../server/test/support/fake-openai-chat.ts';
import { postJson, waitForJob, type TestBrandgen } from '../../server/test/support/test-brandgen.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { browserSkipReason, startBrowserApp, type BrowserApp } from './support/browser-app.ts';

const PROMPT = 'a lighthouse on a cliff at dawn';

/** The shipped kit's rules (server/brand/brand.json), dos first, with the verdicts the fake model gives. */
const answered = [
  ['do', 'Use the brand palette: deep navy, mid blue, amber, cream and coral', 'pass', 'Navy and amber fill most of the image.'],
  ['do', 'Flat vector look with clean geometric shapes', 'pass', 'Shapes are flat with hard edges.'],
  ['do', 'Leave generous empty space around the subject', 'fail', 'The subject fills almost the whole frame.'],
  ['dont', 'No text, lettering or watermarks', 'pass', 'There is no text anywhere.'],
  ['dont', 'No photorealistic rendering', 'unsure', 'The texture could be read as a photo at this size.'],
  ['dont', 'No cluttered or busy backgrounds', 'pass', 'The background is one plain colour.'],
] as const;

const answer = JSON.stringify({ rules: answered.map(([kind, rule, verdict, reason]) => ({ rule, kind, verdict, reason })) });

async function screenshot(page: Page, name: string) {
  const folder = process.env.BRANDGEN_VIEWER_SCREENSHOTS;
  if (!folder) return;
  await page.waitForFunction(() => [...document.querySelectorAll('dialog img')].every((image) => (image as HTMLImageElement).complete));
  await page.screenshot({ path: path.join(folder, name), animations: 'disabled' });
}

describe('Review against the brief in the image viewer', { skip: browserSkipReason() }, () => {
  let browserApp: BrowserApp | undefined;
  let fake: Awaited<ReturnType<typeof startFakeOpenAiChat>>;
  let app: TestBrandgen;
  let page: Page;
  let pageErrors: string[] = [];

  before(async () => {
    fake = await startFakeOpenAiChat();
    browserApp = await startBrowserApp({
      BRANDGEN_LLM_PROVIDER: 'openai',
      BRANDGEN_LLM_MODEL: 'gpt-4o-mini',
      BRANDGEN_LLM_API_KEY: 'sk-browser-test',
      BRANDGEN_LLM_BASE_URL: fake.baseUrl,
    });
    ({ app, page, pageErrors } = browserApp);
    const { job_id } = (await (await postJson(app.baseUrl, '/api/generate', { prompt: PROMPT })).json()) as { job_id: string };
    assert.equal((await waitForJob(app.baseUrl, job_id, 30_000)).status, 'complete');
  });
  after(async () => {
    await browserApp?.close();
    await fake?.close();
  });

  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ] as const) {
    it(`at ${width}×${height}: shows progress while the model looks, then each rule's verdict with its reason, labelled as its opinion`, async () => {
      await page.setViewportSize({ width, height });
      await page.goto(`${app.baseUrl}/history`);
      await page.locator('.history-tile[data-index="0"]').click();
      const dialog = page.getByRole('dialog', { name: PROMPT });
      await dialog.waitFor();
      const section = dialog.getByRole('region', { name: 'Review against the brief' });
      let release = () => {};
      fake.answerWith({ content: answer, after: new Promise<void>((resolve) => (release = resolve)) });
      const asked = fake.requests.length;
      const button = section.getByRole('button', { name: /^(Review against the brief|Review again)$/ });
      await button.scrollIntoViewIfNeeded();
      await button.click();
      await section.getByRole('button', { name: 'Reviewing…' }).waitFor();
      await section.getByRole('status').getByText('The model is looking at the image').waitFor();
      await screenshot(page, `brand-review-running-${width}x${height}.png`);
      release();

      const rules = section.getByRole('list', { name: 'Rules, with the model’s verdict' });
      await rules.waitFor();
      assert.equal(fake.requests.length, asked + 1, 'one call to the model');
      await section.getByText('The model’s opinion').waitFor();
      await section.getByText("It passes 4 of 6 rules (1 unsure). This is the model's opinion, not a check.").waitFor();
      const items = await rules.getByRole('listitem').allInnerTexts();
      assert.deepEqual(
        items.map((text) => text.replace(/\s+/g, ' ').trim()),
        answered.map(([kind, rule, verdict, reason]) => {
          const word = { pass: '✓ Pass', fail: '✗ Fail', unsure: '? Unsure' }[verdict];
          return `${word} ${kind === 'do' ? 'Do' : 'Don’t'}: ${rule} ${reason}`;
        }),
      );
      await section.getByRole('button', { name: 'Review again' }).waitFor();
      await section.scrollIntoViewIfNeeded();
      await screenshot(page, `brand-review-${width}x${height}.png`);
      assert.deepEqual(await seriousAccessibilityViolations(page), []);

      // Shown again from the stored review, without asking the model. The reload waits until closing the viewer has
      // taken the image out of the address, or the page would come back with the viewer open.
      await page.keyboard.press('Escape');
      await page.waitForURL((url) => !url.searchParams.has('image'));
      await page.reload();
      await page.locator('.history-tile[data-index="0"]').click();
      await page.getByRole('dialog', { name: PROMPT }).getByRole('list', { name: 'Rules, with the model’s verdict' }).waitFor();
      assert.equal(fake.requests.length, asked + 1, 'the stored review, not a new call');
      await page.keyboard.press('Escape');
      assert.deepEqual(pageErrors, []);
    });
  }

  it('a rate limit from the model shows in plain words, and the button stays for another try', async () => {
    await page.goto(`${app.baseUrl}/history`);
    await page.locator('.history-tile[data-index="0"]').click();
    const section = page.getByRole('dialog', { name: PROMPT }).getByRole('region', { name: 'Review against the brief' });
    fake.answerWith({ status: 429, message: 'Rate limit reached for gpt-4o-mini.', headers: { 'retry-after': '20' } });
    await section.getByRole('button', { name: 'Review again' }).click();
    const alert = section.getByRole('alert');
    await alert.waitFor();
    assert.match(
      await alert.innerText(),
      /over its rate limit \(Rate limit reached for gpt-4o-mini\.\)\. Try the review again in 20 seconds\./,
    );
    assert.ok(await section.getByRole('button', { name: 'Review again' }).isEnabled());
    await page.keyboard.press('Escape');
  });
});
