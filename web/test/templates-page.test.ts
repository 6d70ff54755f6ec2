/** Templates in a real browser: create one with placeholders, apply it, and see the Generate form filled. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { type TestBrandgen } from '../../server/test/support/test-brandgen.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { browserSkipReason, startBrowserApp, type BrowserApp } from './support/browser-app.ts';

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

    await page.getByLabel('Name').fill('Product shot');
    await page.getByLabel('Prompt').fill('a {product} on a {surface}');
    await page.getByLabel('Model').selectOption('demo');
    await page.getByLabel('Asset type').selectOption('icon');
    await page.getByLabel('Quality preset').selectOption('draft');
    await page.getByLabel('LoRA weights').fill('brand-style=0.8');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await page.getByRole('button', { name: 'Save template' }).click();
    const card = page.locator('.template-card').filter({ hasText: 'Product shot' });
    await card.waitFor();
    assert.match(await card.innerText(), /Model: demo · Asset type: icon · Preset: draft · LoRA: brand-style 0\.8/);

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
    assert.match(await page.locator('.recalled-settings').innerText(), /model demo, asset type icon/);
    assert.deepEqual(pageErrors, []);
  });

  it('deletes a template after confirmation', async () => {
    await page.goto(`${app.baseUrl}/templates`);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('.template-card').filter({ hasText: 'Product shot' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No templates yet').waitFor();
    const list = (await (await fetch(`${app.baseUrl}/api/templates`)).json()) as { templates: unknown[] };
    assert.equal(list.templates.length, 0);
  });
});
