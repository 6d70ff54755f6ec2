/**
 * A saved training set edited on the Brands page in a real browser on a real Brandgen: captions changed, a picture
 * removed, pictures added (with their near-duplicate and under-512-px flags), a refused trigger word that keeps
 * nothing, the result read again after a reload, and the set deleted after a confirmation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import type { TestBrandgen } from '../../server/test/support/test-brandgen.ts';
import { callApi, trainingForm, trainingPicture } from '../../server/test/support/training-images.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { screenshot } from './support/screenshots.ts';
import { browserSkipReason, startBrowserApp, type BrowserApp } from './support/browser-app.ts';

interface SavedSet {
  id: string;
  trigger_word: string;
  kind: string;
  images: { file_name: string; caption: string; small: boolean; near_duplicate_of: string | null }[];
}

async function savedSet(app: TestBrandgen, brandId: string, setId: string): Promise<SavedSet> {
  return (await callApi(app, 'GET', `/api/brands/${brandId}/training-sets/${setId}`)).body as SavedSet;
}

async function openEditor(page: Page): Promise<{ card: Locator; editor: Locator }> {
  const card = page.getByRole('region', { name: 'Training' }).getByRole('listitem', { name: 'brdgn style' });
  await card.getByRole('button', { name: 'Edit the set' }).click();
  return { card, editor: card.getByRole('form', { name: 'Edit brdgn style' }) };
}

describe('editing a saved training set in a browser', { skip: browserSkipReason() }, () => {
  let app: TestBrandgen;
  let browserApp: BrowserApp | undefined;
  let page: Page;
  let pageErrors: string[] = [];
  let brandId = '';
  let setId = '';

  before(async () => {
    browserApp = await startBrowserApp();
    ({ app, page, pageErrors } = browserApp);
    const brands = (await callApi(app, 'GET', '/api/brands')).body as { brands: { id: string }[] };
    brandId = brands.brands[0]!.id;
    const pictures = await Promise.all(
      Array.from({ length: 10 }, async (_, index) => ({ name: `look-${index}.png`, bytes: await trainingPicture(index, 560) })),
    );
    const created = await callApi(
      app,
      'POST',
      `/api/brands/${brandId}/training-sets`,
      trainingForm(pictures, { trigger_word: 'brdgn', kind: 'style' }),
    );
    assert.equal(created.status, 201);
    setId = (created.body as { id: string }).id;
  });

  after(async () => {
    await browserApp?.close();
  });

  it('changes captions, removes and adds pictures, and keeps them after a reload', async () => {
    await page.goto(`${app.baseUrl}/brands`);
    const { card, editor } = await openEditor(page);
    assert.equal(await editor.getByLabel('Caption for look-3.png').inputValue(), 'brdgn', 'captions start as the trigger word');

    await editor.getByRole('button', { name: 'Remove look-9.png' }).click();
    await editor.getByRole('img', { name: 'look-9.png' }).waitFor({ state: 'detached' });
    await editor.getByLabel('Add pictures').setInputFiles([
      { name: 'look-0-again.png', mimeType: 'image/png', buffer: Buffer.from(await trainingPicture(0, 700)) },
      { name: 'tiny.png', mimeType: 'image/png', buffer: Buffer.from(await trainingPicture(20, 300)) },
    ]);
    await editor.getByText('Added 2 pictures.').waitFor();
    await editor.getByText('Nearly repeats look-0.png.').waitFor();
    await editor.getByText('Under 512 px on the short side.').waitFor();

    await editor.getByLabel('Caption for look-3.png').fill('brdgn, a bold poster');
    await editor.getByLabel('Caption for tiny.png').fill('brdgn, a small badge');
    await editor.getByLabel('Kind').selectOption('subject');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await screenshot(page, 'training-set-editor');
    await editor.getByRole('button', { name: 'Save the changes' }).click();
    await editor.getByText('Saved.').waitFor();

    await page.reload();
    await card.waitFor();
    assert.match(await card.innerText(), /11 pictures · subject · trigger word “brdgn” · 1 near-duplicate, 1 under 512 px/);
    await card.getByRole('button', { name: 'Edit the set' }).click();
    assert.equal(await editor.getByLabel('Caption for look-3.png').inputValue(), 'brdgn, a bold poster');
    assert.equal(await editor.getByLabel('Caption for tiny.png').inputValue(), 'brdgn, a small badge');
    assert.equal(await editor.getByLabel('Caption for look-0-again.png').inputValue(), 'brdgn');
    assert.equal(await editor.getByRole('img', { name: 'look-9.png' }).count(), 0);

    const stored = await savedSet(app, brandId, setId);
    assert.equal(stored.kind, 'subject');
    assert.deepEqual(
      stored.images.map((image) => image.file_name),
      [
        'look-0.png',
        'look-1.png',
        'look-2.png',
        'look-3.png',
        'look-4.png',
        'look-5.png',
        'look-6.png',
        'look-7.png',
        'look-8.png',
        'look-0-again.png',
        'tiny.png',
      ],
    );
    assert.deepEqual(pageErrors, []);
  });

  it('renames the trigger word in the prefilled captions, and a refused one keeps nothing', async () => {
    await page.goto(`${app.baseUrl}/brands`);
    const { editor } = await openEditor(page);
    await editor.getByLabel('Caption for look-5.png').fill('brdgn, mascot waving');
    await editor.getByLabel('Trigger word').fill('acme!');
    assert.equal(await editor.getByLabel('Caption for look-1.png').inputValue(), 'acme!', 'a prefilled caption follows the word');
    await editor.getByRole('button', { name: 'Save the changes' }).click();
    await editor.getByText(/Nothing was saved\. The trigger word is one to forty letters/).waitFor();
    assert.equal(await editor.getByLabel('Trigger word').getAttribute('aria-invalid'), 'true');
    const refused = await savedSet(app, brandId, setId);
    assert.equal(refused.trigger_word, 'brdgn');
    assert.equal(refused.images.find((image) => image.file_name === 'look-5.png')?.caption, 'brdgn');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);

    await editor.getByLabel('Trigger word').fill('acme');
    await editor.getByRole('button', { name: 'Save the changes' }).click();
    await editor.getByText('Saved.').waitFor();
    const renamed = await savedSet(app, brandId, setId);
    assert.equal(renamed.trigger_word, 'acme');
    const captions = Object.fromEntries(renamed.images.map((image) => [image.file_name, image.caption]));
    assert.equal(captions['look-1.png'], 'acme');
    assert.equal(captions['look-3.png'], 'brdgn, a bold poster');
    assert.equal(captions['look-5.png'], 'brdgn, mascot waving');
  });

  it('deletes the set only after asking', async () => {
    await page.goto(`${app.baseUrl}/brands`);
    const { card, editor } = await openEditor(page);
    await editor.getByRole('button', { name: 'Delete the set' }).click();
    await editor
      .getByText(/Delete “brdgn style” and its 11 pictures\? This cannot be undone; the LoRAs trained from it stay in the library\./)
      .waitFor();
    await editor.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await callApi(app, 'GET', `/api/brands/${brandId}/training-sets/${setId}`)).status, 200);
    await editor.getByRole('button', { name: 'Delete the set' }).click();
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await editor.getByRole('button', { name: 'Delete it' }).click();
    await card.waitFor({ state: 'detached' });
    assert.equal((await callApi(app, 'GET', `/api/brands/${brandId}/training-sets/${setId}`)).status, 404);
    assert.deepEqual(pageErrors, []);
  });
});
