/**
 * The Brands page in a real browser on a real Brandgen: create a brand, change a colour by its hex code and see the
 * swatch and the preview follow, save a new version whose prompt a real job then uses word for word, compare it with
 * the first version, restore that one, and see problems named beside their fields — by the page and by the server.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { MEMBERS_GROUP, startOidcSetup, type OidcSetup } from '../../server/test/support/oidc-brandgen.ts';
import { postJson, waitForJob, type TestBrandgen } from '../../server/test/support/test-brandgen.ts';
import { TEST_TENANT_ID } from '../../server/test/support/test-identity-provider.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { screenshot } from './support/screenshots.ts';
import { browserSkipReason, startBrowserApp, type BrowserApp } from './support/browser-app.ts';
import { launchChromium } from './support/browser.ts';

const backgroundOf = (locator: Locator) => locator.evaluate((element) => getComputedStyle(element).backgroundColor);

describe('Brands page in a browser', { skip: browserSkipReason() }, () => {
  let app: TestBrandgen;
  let browserApp: BrowserApp | undefined;
  let page: Page;
  let pageErrors: string[] = [];

  before(async () => {
    browserApp = await startBrowserApp();
    ({ app, page, pageErrors } = browserApp);
  });

  after(async () => {
    await browserApp?.close();
  });

  it('creates a brand, edits its palette by hex code with a live preview, saves a version a job then uses, compares and restores', async () => {
    await page.goto(app.baseUrl);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Brands' }).click();
    const studioCard = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Brandgen Studio' }) });
    await studioCard.getByText('Default').waitFor();
    assert.match(await studioCard.innerText(), /No LoRAs/, 'the shipped kit has no LoRA');

    await page.getByRole('button', { name: 'New brand' }).click();
    const newBrand = page.getByRole('form', { name: 'New brand' });
    await newBrand.getByLabel('Name').fill('Acme Coffee');
    await newBrand.getByLabel('Start from').selectOption({ label: 'A copy of Brandgen Studio' });
    await newBrand.getByRole('button', { name: 'Create brand' }).click();
    await page.getByRole('heading', { name: /^Acme Coffee version 1$/ }).waitFor();
    const acmeCard = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Acme Coffee' }) });
    assert.equal(await acmeCard.getByRole('button', { name: 'Editing Acme Coffee' }).getAttribute('aria-current'), 'true');

    // A half-typed code is named wrong beside its field once the field is left, and the swatch says so too.
    const hex = page.getByRole('textbox', { name: 'Colour 1', exact: true });
    await hex.fill('#12');
    await hex.press('Tab');
    const colourError = page.getByText('Colour 1 must be a colour like #1F3A5F: a # and six hex digits.');
    await colourError.waitFor();
    assert.equal(await hex.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('.brands-picker').first().getAttribute('data-invalid'), 'true');
    // Saving is not even asked of the server: the focus goes to the field to fix.
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-field') === 'palette.0');

    await hex.fill('#112233');
    await colourError.waitFor({ state: 'detached' });
    assert.equal(await backgroundOf(page.locator('.brands-picker').first()), 'rgb(17, 34, 51)');
    const previewSwatches = page.getByRole('list', { name: 'Palette being edited' }).getByRole('listitem');
    assert.equal(await backgroundOf(previewSwatches.first()), 'rgb(17, 34, 51)');
    assert.equal(await page.getByLabel('Pick colour 1').inputValue(), '#112233');

    await page.getByLabel('LoRA trigger word').fill('acme style');
    await page.getByLabel('Sample description').fill('a  paper cup\nof espresso');
    const preview = page.getByTestId('preview-prompt');
    const expectedPrompt =
      'acme style, product illustration of a paper cup of espresso, centred on a plain background, flat vector illustration, ' +
      'clean geometric shapes, soft grain, brand colour palette, generous negative space';
    await page.waitForFunction((text) => document.querySelector('[data-testid="preview-prompt"]')?.textContent === text, expectedPrompt);
    await page.getByLabel('Asset type', { exact: true }).selectOption('icon');
    assert.match((await preview.textContent()) ?? '', /^acme style, simple app icon of a paper cup of espresso, bold silhouette/);
    await page.getByLabel('Asset type', { exact: true }).selectOption('product_illustration');
    await screenshot(page, 'brands-editing');

    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await page.getByRole('heading', { name: /^Acme Coffee version 2$/ }).waitFor();
    await page.getByText('Version 2 is saved.').waitFor();
    assert.equal(await preview.textContent(), expectedPrompt, 'the sample description outlives the save');
    await acmeCard.getByText('version 2').waitFor();
    assert.equal(await backgroundOf(acmeCard.getByRole('listitem').first()), 'rgb(17, 34, 51)');

    // A job made with the brand now uses version 2, and its prompt is the preview's, word for word.
    const brandId = new URL(page.url()).searchParams.get('brand');
    assert.ok(brandId);
    const created = await postJson(app.baseUrl, '/api/generate', { prompt: 'a paper cup of espresso', brand_id: brandId });
    assert.equal(created.status, 202);
    const job = await waitForJob(app.baseUrl, ((await created.json()) as { job_id: string }).job_id);
    assert.deepEqual([job.brand_version, job.final_prompt], [2, expectedPrompt]);

    const history = page.getByRole('region', { name: 'Version history' });
    await history.getByRole('row', { name: /^2 .*Local user Edited Current$/ }).waitFor();
    await history.getByRole('button', { name: 'Compare version 1' }).click();
    const diff = history.getByRole('table', { name: 'Version 1 compared with the current kit' });
    assert.match(await diff.getByRole('row', { name: /^Colour 1/ }).innerText(), /Colour 1\s+#1F3A5F\s+#112233/);
    assert.match(await diff.getByRole('row', { name: /^LoRA trigger word/ }).innerText(), /brndgn style\s+acme style/);
    assert.equal(await diff.getByRole('row').count(), 3, 'a heading row and the two changed fields, nothing else');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await screenshot(page, 'brands-history');

    // Restoring is asked twice; the keyboard alone confirms it.
    await history.getByRole('button', { name: 'Restore version 1' }).click();
    await history.getByText('Restore version 1? Its kit becomes version 3').waitFor();
    assert.equal(
      await history.getByRole('button', { name: 'Restore as version 3' }).evaluate((element) => element === document.activeElement),
      true,
    );
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Acme Coffee version 3$/ }).waitFor();
    assert.equal(await hex.inputValue(), '#1F3A5F');
    await history.getByRole('row', { name: /^3 .*Local user Restored version 1 Current$/ }).waitFor();
    assert.deepEqual(pageErrors, []);
  });

  it('names the server’s refusals beside their fields, and reaches every control by keyboard', async () => {
    // The server alone knows that the name is taken: its 400 `fields` come back beside the Name field.
    const name = page.getByRole('textbox', { name: 'Name', exact: true });
    await name.fill('Brandgen Studio');
    await name.press('Enter');
    const taken = page.getByText('A brand called "Brandgen Studio" already exists; choose another name.');
    await taken.waitFor();
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    assert.match((await name.getAttribute('aria-describedby')) ?? '', /-error/);

    // A template without {description} is caught by the page, in its asset type, which opens to show it.
    await name.fill('Acme Coffee');
    const icon = page.locator('details', { has: page.locator('summary', { hasText: /^Icon/ }) });
    await icon.locator('summary').focus();
    await page.keyboard.press('Enter');
    const template = icon.getByLabel('Prompt template');
    await template.fill('an app icon');
    await page.keyboard.press('Tab');
    await icon.getByText('The template must contain {description}, where the description goes.').waitFor();
    await template.fill('an app icon of {description}');

    // Tabbing from the first colour's picker goes through its hex code to its Remove button.
    await page.getByLabel('Pick colour 1').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-field')), 'palette.0');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Remove colour 1');
    await screenshot(page, 'brands-errors');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);

    await page.getByRole('button', { name: 'Save as version 4' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Acme Coffee version 4$/ }).waitFor();
    assert.deepEqual(pageErrors, []);
  });

  it('asks before another brand replaces unsaved changes, refuses in plain words to delete a brand this month’s jobs use, deletes one no job used', async () => {
    // Changes not saved yet are not lost to a click on another brand without asking.
    await page.getByLabel('Style suffix').fill('warm roast tones');
    await page.getByRole('button', { name: 'Edit Brandgen Studio' }).click();
    await page.getByText('“Acme Coffee” has changes that are not saved. Open “Brandgen Studio” and lose them?').waitFor();
    await page.keyboard.press('Enter');
    assert.equal(await page.getByLabel('Style suffix').inputValue(), 'warm roast tones', 'Keep editing has the focus');
    await page.getByRole('button', { name: 'Edit Brandgen Studio' }).click();
    await page.getByRole('button', { name: 'Discard changes and open “Brandgen Studio”' }).click();
    await page.getByRole('heading', { name: /^Brandgen Studio version 1$/ }).waitFor();
    await page.getByRole('button', { name: 'Edit Acme Coffee' }).click();
    await page.getByRole('heading', { name: /^Acme Coffee version 4$/ }).waitFor();
    assert.notEqual(await page.getByLabel('Style suffix').inputValue(), 'warm roast tones');

    await page.getByRole('button', { name: 'Delete brand…' }).click();
    await page.getByRole('button', { name: 'Delete brand', exact: true }).click();
    await page.getByText('"Acme Coffee" is still used by 1 job made this month.').waitFor();

    await page.getByRole('button', { name: 'New brand' }).click();
    const newBrand = page.getByRole('form', { name: 'New brand' });
    await newBrand.getByLabel('Name').fill('Short-lived');
    await newBrand.getByLabel('Start from').selectOption({ label: 'A blank kit (black and white, plain templates)' });
    await newBrand.getByRole('button', { name: 'Create brand' }).click();
    await page.getByRole('heading', { name: /^Short-lived version 1$/ }).waitFor();
    assert.equal(await page.getByTestId('preview-prompt').textContent(), 'a ceramic coffee mug on a desk');
    await page.getByRole('button', { name: 'Delete brand…' }).click();
    await page.getByRole('button', { name: 'Keep it' }).click();
    await page.waitForFunction(() => document.activeElement?.textContent === 'Delete brand…');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Delete brand', exact: true }).click();
    await page.getByText('“Short-lived” is deleted.').waitFor();
    await page.getByRole('heading', { name: 'Short-lived' }).waitFor({ state: 'detached' });
    const list = (await (await fetch(`${app.baseUrl}/api/brands?include_archived=true`)).json()) as { brands: { name: string }[] };
    assert.deepEqual(list.brands.map((brand) => brand.name).sort(), ['Acme Coffee', 'Brandgen Studio']);
    assert.deepEqual(pageErrors, []);
  });

  it('imports a brand file as a new brand, and says in words why a file is refused', async () => {
    const acme = ((await (await fetch(`${app.baseUrl}/api/brands`)).json()) as { brands: { id: string; name: string }[] }).brands.find(
      (brand) => brand.name === 'Acme Coffee',
    );
    const exported = (await (await fetch(`${app.baseUrl}/api/brands/${acme!.id}/export`)).json()) as Record<string, unknown>;
    // Playwright turns on the browser's file-chooser interception when a listener is first added, which takes a round
    // trip; added here, it is on long before Space is pressed, so the picker cannot open unseen.
    const noticeChooser = () => undefined;
    page.on('filechooser', noticeChooser);
    const opener = page.getByRole('button', { name: 'Import brand file' });
    await opener.click();
    assert.equal(await opener.getAttribute('aria-expanded'), 'true');
    const fileInput = page.getByLabel('Choose a brand file');
    // By keyboard: the focus goes from the button to the drop area's chooser, and Space opens the file picker.
    await opener.focus();
    await page.keyboard.press('Tab');
    assert.equal(await fileInput.evaluate((input) => input === document.activeElement), true);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 15_000 }), page.keyboard.press('Space')]);
    page.off('filechooser', noticeChooser);
    await chooser.setFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('not json at all') });
    await page.getByText('notes.json is not a brand file: it is not JSON.').waitFor();
    const badKit = Buffer.from(JSON.stringify({ ...exported, name: 'Acme Tea', palette: ['red', '#112233'] }));
    await fileInput.setInputFiles({ name: 'tea.brand.json', mimeType: 'application/json', buffer: badKit });
    const refusal = page.getByText(/The palette \(entry 1\) must be a colour like #1F3A5F/);
    await page.getByText('The file was not imported. The palette (entry 1) must be a colour like #1F3A5F.').waitFor();
    assert.equal(await refusal.count(), 1, 'the refusal is said once');
    assert.equal(await page.getByText('notes.json is not a brand file').count(), 0, 'the earlier problem is gone');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await screenshot(page, 'brands-import', false);

    // Dropped rather than chosen: the same file, fixed.
    const goodKit = JSON.stringify({ ...exported, name: 'Acme Tea' });
    await page.locator('.brands-import .file-drop').evaluate((area, text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'tea.brand.json', { type: 'application/json' }));
      area.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, goodKit);
    await page.getByText('“Acme Tea” is imported as a new brand.').waitFor();
    assert.equal(await opener.getAttribute('aria-expanded'), 'false', 'the drop area closes once the brand is in');
    await page.getByRole('heading', { name: /^Acme Tea version 1$/ }).waitFor();
    await page.getByRole('region', { name: 'Version history' }).getByText('Imported from a brand file').waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Style suffix' }).inputValue(), exported.style_suffix);
    assert.deepEqual(pageErrors, []);
  });
});

describe('Brands page for someone who is not an administrator', { skip: browserSkipReason() }, () => {
  let setup: OidcSetup | undefined;
  let browser: Browser | undefined;

  before(async () => {
    setup = await startOidcSetup({ BRANDGEN_WEB_DIR: path.resolve(import.meta.dirname, '../dist') });
    setup.provider.users.set('mia', { oid: 'mia-oid', tid: TEST_TENANT_ID, name: 'Mia Member', groups: [MEMBERS_GROUP] });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await setup?.close();
  });

  it('shows every brand, its kit, preview and history, with nothing to change them by', async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    // Nothing leaves this machine (the provider's page links a web font).
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
    const page = await context.newPage();
    await page.goto(`${setup!.app.baseUrl}/brands`);
    // The provider's own sign-in form: any password, the login names the account.
    await page.waitForURL(/\/interaction\//, { timeout: 20_000 });
    await page.locator('input[name="login"]').fill('mia');
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('heading', { name: /^Brandgen Studio version 1$/ }).waitFor({ timeout: 20_000 });

    await page.getByText('Only administrators can change brands.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Viewing Brandgen Studio' }).getAttribute('aria-current'), 'true');
    assert.equal(await page.getByRole('textbox', { name: 'Colour 1', exact: true }).getAttribute('readonly'), '');
    assert.equal(await page.getByLabel('Pick colour 1').isDisabled(), true);
    for (const name of ['New brand', /^Save as version/, 'Add a colour', 'Remove colour 1', 'Delete brand…']) {
      assert.equal(await page.getByRole('button', { name }).count(), 0, `no ${String(name)} button`);
    }
    // The preview still answers the sample typed in, which changes nothing.
    await page.getByLabel('Sample description').fill('a tote bag');
    await page
      .getByTestId('preview-prompt')
      .getByText(/^brndgn style, product illustration of a tote bag,/)
      .waitFor();
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await screenshot(page, 'brands-read-only');
    await context.close();
  });
});
