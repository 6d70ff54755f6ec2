/**
 * The built web app (web/dist) under Brandgen's security headers in Chromium: no page of the app, nor the API docs,
 * trips the content security policy, nothing can frame it, and the bundle goes out pre-compressed.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { rawRequest } from '../../server/test/support/raw-request.ts';
import { browserSkipReason, startBrowserApp, type BrowserApp } from './support/browser-app.ts';

const webDistribution = path.resolve(import.meta.dirname, '../dist');

describe('the web app under its content security policy', { skip: browserSkipReason() }, () => {
  let browserApp: BrowserApp;
  const violations: string[] = [];

  before(async () => {
    browserApp = await startBrowserApp({ BRANDGEN_DEMO_LATENCY_MS: '50' });
    const { page } = browserApp;
    // Both the console report and the DOM event, so a violation is seen however Chromium reports it.
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        (window as unknown as { reportViolation(text: string): void }).reportViolation(
          `${event.violatedDirective} blocked ${event.blockedURI}`,
        );
      });
    });
  });

  after(async () => {
    await browserApp?.close();
  });

  it('generates images and visits every page without a violation', async () => {
    const { page, app } = browserApp;
    const response = await page.goto(app.baseUrl);
    assert.match(response?.headers()['content-security-policy'] ?? '', /frame-ancestors 'none'/, 'the policy is in force');
    await page.getByLabel('Describe the image you need').fill('a teal kite over dunes');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Done: 4 images ready' }).waitFor({ timeout: 20_000 });
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('article[data-job-id] img')].filter((image) => (image as HTMLImageElement).naturalWidth > 0).length >
        0,
    );

    await page.goto(`${app.baseUrl}/history`);
    // Thumbnails: the image itself, after a data: URL placeholder drawn from its thumbhash.
    await page.waitForFunction(() => [...document.querySelectorAll('img')].some((image) => image.naturalWidth > 0), undefined, {
      timeout: 20_000,
    });
    for (const route of ['/templates', '/batch', '/projects', '/settings', '/tokens', '/device?user_code=ABCD-EFGH']) {
      await page.goto(`${app.baseUrl}${route}`);
      await page.locator('main').first().waitFor();
      await page.waitForLoadState('networkidle');
    }
    assert.deepEqual(violations, []);
    assert.deepEqual(browserApp.pageErrors, []);
  });

  it('the API docs (Swagger UI) work under the policy, which lets in inline styles on their pages only', async () => {
    const { page, app } = browserApp;
    await page.goto(`${app.baseUrl}/api/docs/`);
    await page.getByText('Brandgen API').first().waitFor({ timeout: 20_000 });
    await page.waitForLoadState('networkidle');
    assert.deepEqual(violations, []);
  });

  it('no other page can frame Brandgen, the device approval page least of all', async () => {
    const { page, app } = browserApp;
    violations.length = 0;
    // A page of another site, served to the browser by the test.
    await page.route('http://other-site.test/', (route) =>
      route.fulfill({ contentType: 'text/html', body: `<iframe src="${app.baseUrl}/device?user_code=ABCD-EFGH"></iframe>` }),
    );
    await page.goto('http://other-site.test/');
    await page.waitForTimeout(1000);
    const framed = page.frames().find((frame) => frame !== page.mainFrame());
    assert.ok(framed, 'the frame exists');
    assert.match(framed.url(), /^chrome-error:/, 'the browser refused to show Brandgen in the frame');
  });

  it('sends the built bundle pre-compressed, with brotli or gzip as the browser accepts', async () => {
    const { app } = browserApp;
    const html = await (await fetch(app.baseUrl)).text();
    const script = /<script type="module" crossorigin src="([^"]+)"/.exec(html)?.[1];
    assert.ok(script, 'index.html names its script');
    // The entry and the chunks it preloads: the first visit's JavaScript.
    const scripts = [script, ...[...html.matchAll(/<link rel="modulepreload" crossorigin href="([^"]+)"/g)].map((match) => match[1]!)];
    assert.ok(scripts.length > 1, 'the entry preloads its framework chunk');
    for (const [encoding, decode] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      let sent = 0;
      let built = 0;
      for (const file of scripts) {
        const original = await readFile(path.join(webDistribution, file));
        const response = await rawRequest(`${app.baseUrl}${file}`, { headers: { 'accept-encoding': encoding } });
        assert.equal(response.headers['content-encoding'], encoding, file);
        assert.deepEqual(decode(response.body), original, file);
        sent += response.body.length;
        built += original.length;
      }
      assert.ok(sent < built * 0.4, `${encoding}: ${sent} of ${built} bytes`);
    }
  });

  it('serves a real robots.txt, and a missing file as a 404 rather than the app under its name', async () => {
    const { app } = browserApp;
    const robots = await fetch(`${app.baseUrl}/robots.txt`);
    assert.equal(robots.status, 200);
    assert.match(robots.headers.get('content-type') ?? '', /^text\/plain/);
    assert.match(await robots.text(), /^User-agent: \*$/m);
    for (const missing of ['/assets/index-gone.js', '/sitemap.xml']) {
      const response = await fetch(`${app.baseUrl}${missing}`);
      assert.equal(response.status, 404, missing);
      assert.doesNotMatch(await response.text(), /<!doctype html>/i, missing);
    }
    assert.match(await (await fetch(`${app.baseUrl}/projects/0190a3c4-0000-7000-8000-000000000000`)).text(), /<!doctype html>/i);
  });
});
