/**
 * Training on the Brands page in a real browser on a real Brandgen: ten pictures chosen, a set saved, the demo trainer
 * run with its cost shown and its progress followed live, then the before-and-after comparison with the new LoRA; and
 * a Replicate training (against a local fake of its API) started with a learning rate of one's own.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { TestBrandgen } from '../../server/test/support/test-brandgen.ts';
import { trainingPicture } from '../../server/test/support/training-images.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { screenshot } from './support/screenshots.ts';
import { fakeServers, type FakeHttpServer } from '../../server/test/fakes/fake-http-server.ts';
import { TRAININGS_PATH, replicateTrainingHandler, succeeded } from '../../server/test/fakes/fake-replicate-training.ts';
import { until } from '../../server/test/support/until.ts';
import { browserSkipReason, startBrowserApp, type BrowserApp } from './support/browser-app.ts';

describe('training a brand LoRA in a browser', { skip: browserSkipReason() }, () => {
  let app: TestBrandgen;
  let browserApp: BrowserApp | undefined;
  let page: Page;
  let pageErrors: string[] = [];
  let replicate: FakeHttpServer;
  const fakes = fakeServers();

  before(async () => {
    let handler: ReturnType<typeof replicateTrainingHandler> | undefined;
    replicate = await fakes.start((request, response, server) =>
      (handler ??= replicateTrainingHandler({ polls: [{ training: succeeded(server) }] }))(request, response, server),
    );
    browserApp = await startBrowserApp({}, { demoTrainingStepMs: 80, trainingPollIntervalMs: 20 });
    ({ app, page, pageErrors } = browserApp);
  });

  after(async () => {
    await browserApp?.close();
    await fakes.closeAll();
  });

  it('saves a set of ten pictures, trains it with the demo trainer, shows progress and compares the versions', async () => {
    await page.goto(`${app.baseUrl}/brands`);
    const training = page.getByRole('region', { name: 'Training' });
    await training.getByText('The demo trainer works offline and is not AI').waitFor();
    const files = await Promise.all(
      Array.from({ length: 10 }, async (_, index) => ({
        name: `look-${index}.png`,
        mimeType: 'image/png',
        buffer: Buffer.from(await trainingPicture(index, 560)),
      })),
    );
    await training.getByLabel('Choose pictures').setInputFiles(files.slice(0, 4));
    await training.getByText('4 pictures chosen: add 6 more to train.').waitFor();
    await training.getByLabel('Choose pictures').setInputFiles(files.slice(4));
    await training.getByText('10 pictures chosen.').waitFor();
    await training.getByLabel('Caption for look-0.png').fill('a bold poster');
    await training.getByLabel('Trigger word').fill('brdgn');
    await screenshot(page, 'training-new-set');
    await training.getByRole('button', { name: 'Save the set' }).click();

    const card = training.getByRole('listitem', { name: 'brdgn style' });
    await card.waitFor();
    assert.match(await card.innerText(), /10 pictures · style · trigger word “brdgn”/);
    assert.match(await card.innerText(), /Demo \(offline, not AI\): 20 steps, estimated cost free\./);
    assert.equal(await card.getByLabel('Learning rate').count(), 0, 'the demo trainer takes no learning rate');
    const steps = card.getByLabel('Steps');
    await steps.fill('500');
    await card.getByText('Give a whole number of steps from 1 to 100.').waitFor();
    assert.equal(await card.getByRole('button', { name: 'Train with Demo (offline, not AI)' }).isDisabled(), true);
    await steps.fill('30');
    await card.getByText('Demo (offline, not AI): 30 steps, estimated cost free.').waitFor();
    await card.getByRole('button', { name: 'Train with Demo (offline, not AI)' }).click();

    const progress = training.getByRole('progressbar', { name: 'Training progress' });
    await progress.waitFor();
    await training
      .getByLabel('Trainer log')
      .getByText(/read look-\d\.png/)
      .first()
      .waitFor();
    await screenshot(page, 'training-progress');
    await training.getByText(/The LoRA is in the brand library and attached as version 2\./).waitFor({ timeout: 30_000 });

    const comparison = training.getByRole('region', { name: 'Before and after' });
    const shots = [
      { label: 'Product illustration, seed 2026', prompt: '“brdgn a travel mug on a plain table”, seed 2026' },
      { label: 'Icon, seed 2027', prompt: '“brdgn a paper plane”, seed 2027' },
      { label: 'Marketing / hero image, seed 2028', prompt: '“brdgn a sunlit workspace with a laptop and a potted plant”, seed 2028' },
      { label: 'Logo concept, seed 2029', prompt: '“brdgn a simple mark for Brandgen Studio”, seed 2029' },
    ];
    for (const shot of shots) {
      const row = comparison.getByRole('listitem', { name: shot.label });
      await row.getByText(shot.prompt).waitFor({ timeout: 30_000 });
      await row.getByRole('img', { name: `${shot.label}, version 1` }).waitFor({ timeout: 30_000 });
      await row.getByRole('img', { name: `${shot.label}, version 2 with the new LoRA` }).waitFor({ timeout: 30_000 });
    }
    assert.equal(await comparison.getByRole('img').count(), 8);
    const firstRow = comparison.getByRole('listitem', { name: shots[0]!.label }).getByRole('img');
    const before = await fetch(`${app.baseUrl}${await firstRow.nth(0).getAttribute('src')}`).then((response) => response.arrayBuffer());
    const after = await fetch(`${app.baseUrl}${await firstRow.nth(1).getAttribute('src')}`).then((response) => response.arrayBuffer());
    assert.notDeepEqual(new Uint8Array(before), new Uint8Array(after), 'the new LoRA changes the picture');
    const listed = (await (await fetch(`${app.baseUrl}/api/jobs?limit=20`)).json()) as {
      jobs: { prompt: string; seed: number | null; asset_type: string; brand_version: number; slots: unknown[] }[];
    };
    // One image per prompt and version is all the comparison shows, so it is all it asks (and pays) for.
    assert.deepEqual(
      listed.jobs.map((job) => job.slots.length),
      Array.from({ length: 8 }, () => 1),
    );
    const drawn = (version: number) =>
      listed.jobs
        .filter((job) => job.brand_version === version)
        .map((job) => `${job.asset_type} ${job.seed} ${job.prompt}`)
        .sort();
    assert.equal(drawn(1).length, 4, 'four prompts with the version before the training');
    assert.deepEqual(drawn(2), drawn(1), 'the same four prompts and seeds with the new version');
    assert.deepEqual(drawn(1), [
      'hero_image 2028 brdgn a sunlit workspace with a laptop and a potted plant',
      'icon 2027 brdgn a paper plane',
      'logo_concept 2029 brdgn a simple mark for Brandgen Studio',
      'product_illustration 2026 brdgn a travel mug on a plain table',
    ]);
    await screenshot(page, 'training-comparison');

    const library = page.getByRole('region', { name: 'LoRA library' });
    const trained = library.getByRole('row', { name: /brdgn style \(Demo \(offline, not AI\), 30 steps\)/ });
    await trained.waitFor();
    assert.match(await trained.innerText(), /Trained here\s*With the demo trainer, 30 steps, free; \d+ KB/);
    assert.deepEqual(await seriousAccessibilityViolations(page), []);

    // With a Replicate token saved on the Settings page, its trainer is offered, with a learning rate of one's own.
    // (Saved only now: with a provider configured, the demo model that draws the demo comparison leaves the catalog.)
    const saved = await fetch(`${app.baseUrl}/api/admin/providers/replicate`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: 'r8_browser_token_0123456789', base_url: `${replicate.origin}/v1` }),
    });
    assert.equal(saved.status, 200, await saved.text());
    await page.reload();
    const again = page.getByRole('region', { name: 'Training' }).getByRole('listitem', { name: 'brdgn style' });
    await again.getByLabel('Trainer').selectOption({ label: 'Replicate FLUX LoRA trainer (ostris)' });
    const rate = again.getByLabel('Learning rate');
    assert.equal(await rate.getAttribute('placeholder'), '0.0004');
    await again.getByText('Default 0.0004; lower is slower and safer.').waitFor();
    await again.getByText('Replicate FLUX LoRA trainer (ostris): 1000 steps, estimated cost about $1.85.').waitFor();
    const trainOnReplicate = again.getByRole('button', { name: 'Train with Replicate FLUX LoRA trainer (ostris)' });
    await rate.fill('2');
    await again.getByText('Give a learning rate above 0 and at most 1, such as 0.0004.').waitFor();
    assert.equal(await rate.getAttribute('aria-invalid'), 'true');
    assert.equal(await trainOnReplicate.isDisabled(), true);
    await rate.fill('0.0002');
    assert.equal(await trainOnReplicate.isDisabled(), false);
    await again.scrollIntoViewIfNeeded();
    await screenshot(page, 'training-learning-rate');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await trainOnReplicate.click();
    await until('the training started on Replicate', () => replicate.requests.some((request) => request.path === TRAININGS_PATH));
    const started = replicate.requests.find((request) => request.path === TRAININGS_PATH)!;
    assert.deepEqual([started.body.input.learning_rate, started.body.input.steps], [0.0002, 1000]);
    await page
      .getByRole('region', { name: 'Training' })
      .getByText(/The LoRA is in the brand library and attached as version 3\./)
      .waitFor({ timeout: 30_000 });
    assert.deepEqual(pageErrors, []);
  });
});
