/**
 * One design language on every page, in a real browser: each page's title is its navigation label, and no page shows a
 * browser-default select, progress bar, file button, radio, validation bubble or link colour; every title starts where the
 * logo does.
 * Set BRANDGEN_PAGES_SCREENSHOTS=/some/folder to save each page at 1440×900 and 1024×768.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { TestBrandgen } from '../../server/test/support/test-brandgen.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { browserSkipReason, startBrowserApp, type BrowserApp } from './support/browser-app.ts';
import { screenshotBothSizes } from './support/screenshots.ts';

const PAGES = [
  { path: '/', title: 'Generate', name: 'generate' },
  { path: '/history', title: 'History', name: 'history' },
  { path: '/templates', title: 'Templates', name: 'templates' },
  { path: '/batch', title: 'Batch', name: 'batch' },
  { path: '/projects', title: 'Projects', name: 'projects' },
  { path: '/brands', title: 'Brands', name: 'brands' },
  { path: '/tokens', title: 'API tokens', name: 'tokens' },
  { path: '/webhooks', title: 'Webhooks', name: 'webhooks' },
  { path: '/settings', title: 'Settings', name: 'settings' },
  { path: '/device', title: 'Sign in a device', name: 'device' },
  { path: '/no-such-page', title: 'Page not found', name: 'not-found' },
];

/** What on the page would look like the browser's own controls rather than the app's. */
function browserDefaults(page: Page) {
  return page.evaluate(() => ({
    selects: [...document.querySelectorAll('select:not(.select)')].map((element) => element.id || element.outerHTML.slice(0, 80)),
    progress: document.querySelectorAll('progress').length,
    // A file input is only ever the hidden half of the app's own file button.
    fileInputs: [...document.querySelectorAll('input[type=file]')].filter((input) => !input.matches('.visually-hidden')).length,
    validatingForms: [...document.querySelectorAll('form')].filter((form) => !form.noValidate).map((form) => form.className),
    required: document.querySelectorAll('[required]').length,
    // Choices are the app's segmented control or its own chips, never the browser's round radio buttons.
    radios: [...document.querySelectorAll<HTMLInputElement>('input[type=radio]')].filter(
      (input) => getComputedStyle(input).appearance !== 'none',
    ).length,
    // The browser's own link blue and visited purple.
    links: [...document.querySelectorAll('a[href]')]
      .filter((link) => ['rgb(0, 0, 238)', 'rgb(85, 26, 139)'].includes(getComputedStyle(link).color))
      .map((link) => link.textContent),
  }));
}

const screenshots = (page: Page, name: string) => screenshotBothSizes(page, name, process.env.BRANDGEN_PAGES_SCREENSHOTS);

describe('The app’s own components on every page', { skip: browserSkipReason() }, () => {
  let browserApp: BrowserApp | undefined;
  let app: TestBrandgen;
  let page: Page;

  before(async () => {
    browserApp = await startBrowserApp();
    ({ app, page } = browserApp);
    await page.setViewportSize({ width: 1440, height: 900 });
  });
  after(async () => browserApp?.close());

  for (const { path: route, title, name } of PAGES) {
    it(`${route}: titled “${title}”, with no browser-default controls`, async () => {
      await page.goto(`${app.baseUrl}${route}`);
      const heading = page.getByRole('heading', { level: 1 });
      await heading.waitFor();
      assert.match(await heading.innerText(), new RegExp(`^${title}`), 'the title begins with the navigation label');
      // One content width: the page's content starts where the header's logo does (History's gallery is wider by design).
      if (route !== '/history') {
        const [logo, contentLeft] = await Promise.all([
          page.locator('.brand-mark').boundingBox(),
          page.locator('main').evaluate((main) => main.getBoundingClientRect().left + parseFloat(getComputedStyle(main).paddingLeft)),
        ]);
        assert.ok(logo && Math.abs(logo.x - contentLeft) <= 1, `content at x=${contentLeft}, logo at x=${logo?.x}`);
      }
      // The forms that appear once the page has loaded its data.
      await page.waitForLoadState('networkidle');
      if (route === '/templates') await page.getByRole('button', { name: 'New template' }).click();
      const clean = { selects: [], progress: 0, fileInputs: 0, validatingForms: [], required: 0, radios: 0, links: [] };
      assert.deepEqual(await browserDefaults(page), clean);
      if (route === '/batch') {
        // The template source holds the CSV file drop and the template select.
        await page.getByRole('radio', { name: 'A template and CSV rows' }).click();
        await page.getByRole('button', { name: 'Choose a CSV file' }).or(page.getByText('Choose a CSV file')).first().waitFor();
        assert.deepEqual(await browserDefaults(page), clean);
        const label = await page.getByText('CSV rows', { exact: true }).boundingBox();
        const box = await page.getByRole('textbox', { name: 'CSV rows' }).boundingBox();
        assert.ok(label && box && label.y + label.height <= box.y, 'the CSV label sits above its box');
      }
      assert.deepEqual(await seriousAccessibilityViolations(page), []);
      await screenshots(page, name);
    });
  }

  it('the 404 page offers the way back as the app’s own button', async () => {
    await page.goto(`${app.baseUrl}/no-such-page`);
    await page.getByRole('link', { name: 'Go to Generate' }).click();
    await page.waitForURL((url) => url.pathname === '/');
  });
});
