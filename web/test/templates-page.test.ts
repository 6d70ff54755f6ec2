/**
 * Templates in a real browser: create one with placeholders from the catalog's choices (the app's own selects), apply
 * it, and see the Generate form filled and the note say exactly what was applied. Set BRANDGEN_TEMPLATES_SCREENSHOTS=
 * /some/folder to save screenshots at 1440×900 and 1024×768.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { type TestBrandgen } from '../../server/test/support/test-brandgen.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { browserSkipReason, startBrowserApp, type BrowserApp } from './support/browser-app.ts';

async function screenshots(page: Page, name: string) {
  const folder = process.env.BRANDGEN_TEMPLATES_SCREENSHOTS;
  if (!folder) return;
  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(folder, `${name}-${width}x${height}.png`), fullPage: true, animations: 'disabled' });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The label the catalog gives a choice. */
const labelOf = (choices: Array<{ id: string; label: string }>, id: string) => choices.find((choice) => choice.id === id)!.label;

describe('Templates page in a browser', { skip: browserSkipReason() }, () => {
  let app: TestBrandgen;
  let browserApp: BrowserApp | undefined;
  let page: Page;
  let pageErrors: string[] = [];

  before(async () => {
    browserApp = await startBrowserApp({}, { retentionSweepIntervalMs: 0 });
    ({ app, page, pageErrors } = browserApp);
  });

  after(async () => {
    await browserApp?.close();
  });

  it('creates a template, shows field errors, edits it and applies it to the Generate form', async () => {
    await page.goto(`${app.baseUrl}/templates`);
    await page.getByText('No templates yet').waitFor();
    await page.getByRole('button', { name: 'New template' }).click();
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByText('Give the template a name.').waitFor();

    const catalog = (await (await fetch(`${app.baseUrl}/api/models`)).json()) as any;
    const form = page.locator('form.template-form');
    for (const [label, choices] of [
      ['Model', catalog.models],
      ['Asset type', catalog.asset_types],
      ['Quality preset', catalog.presets],
    ] as const) {
      const select = form.getByLabel(label);
      assert.equal(await select.getAttribute('class'), 'select', `${label} is the app's own select`);
      const offered = await select.locator('option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
      assert.deepEqual(offered, ['', ...choices.map((choice: { id: string }) => choice.id)], `${label} offers the catalog's choices only`);
    }
    await page.getByLabel('Name').fill('Product shot');
    await page.getByLabel('Prompt').fill('a {product} on a {surface}');
    await page.getByLabel('Model').selectOption('demo');
    await page.getByLabel('Asset type').selectOption('icon');
    await page.getByLabel('Quality preset').selectOption('draft');
    await page.getByLabel('LoRA weights').fill('brand-style=0.8');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await screenshots(page, 'templates-form');
    await page.getByRole('button', { name: 'Save template' }).click();
    const card = page.locator('.template-card').filter({ hasText: 'Product shot' });
    await card.waitFor();
    const [model, assetType, preset] = [
      labelOf(catalog.models, 'demo'),
      labelOf(catalog.asset_types, 'icon'),
      labelOf(catalog.presets, 'draft'),
    ];
    assert.ok(
      (await card.innerText()).includes(`Model: ${model} · Asset type: ${assetType} · Preset: ${preset} · LoRA: brand-style 0.8`),
      await card.innerText(),
    );

    await card.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Prompt').fill('a {product} on a {surface}, soft light');
    await page.getByRole('button', { name: 'Save template' }).click();
    await card.getByText('a {product} on a {surface}, soft light').waitFor();

    await card.getByRole('button', { name: 'Use' }).click();
    await card.getByRole('textbox', { name: 'product' }).fill('ceramic mug');
    await card.getByRole('button', { name: 'Fill the Generate form' }).click();
    await card.getByText('Give a value for {surface}.').waitFor();
    await card.getByRole('textbox', { name: 'surface' }).fill('walnut desk');
    await card.getByRole('button', { name: 'Fill the Generate form' }).click();
    await page.waitForURL(/\/\?prompt=/);
    assert.equal(await page.getByLabel('Describe the image you need').inputValue(), 'a ceramic mug on a walnut desk, soft light');
    const note = (await page.locator('.recalled-settings').innerText()).split('\n')[0];
    assert.equal(note, `Using the settings of the template “Product shot”: model ${model}, asset type ${assetType}, preset ${preset}.`);
    // The form shows what the note says.
    assert.equal(await page.locator('select[id$="-model"]').inputValue(), 'demo');
    assert.equal(await page.locator('select[id$="-asset"]').inputValue(), 'icon');
    assert.equal(await page.getByRole('radio', { name: preset }).isChecked(), true);
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await screenshots(page, 'templates-applied');
    assert.deepEqual(pageErrors, []);
  });

  it('says when a recalled choice is not offered here, instead of claiming it', async () => {
    await page.goto(`${app.baseUrl}/?prompt=a%20kite&model=fancy&asset_type=logo&template=Old`);
    const note = page.locator('.recalled-settings');
    await note.waitFor();
    assert.match(await note.innerText(), /Using the prompt of the template “Old” with the default settings\./);
    assert.match(await note.innerText(), /Not offered here, so the default is used instead: model “fancy”, asset type “logo”\./);
  });

  it('deletes a template after confirmation', async () => {
    await page.goto(`${app.baseUrl}/templates`);
    const card = page.locator('.template-card').filter({ hasText: 'Product shot' });
    await card.getByRole('button', { name: 'Delete Product shot' }).click();
    await card.getByRole('button', { name: 'Delete template' }).click();
    await page.getByText('No templates yet').waitFor();
    const list = (await (await fetch(`${app.baseUrl}/api/templates`)).json()) as { templates: unknown[] };
    assert.equal(list.templates.length, 0);
  });
});
